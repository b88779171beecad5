route explain examples/crud/crud.ds --host WEB.crud.localtest.me:80 -H 'X-Devstack-Label: edit-history'
