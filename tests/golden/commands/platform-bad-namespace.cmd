platform apply --namespace Platform_1
