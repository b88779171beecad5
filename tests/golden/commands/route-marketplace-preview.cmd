route explain examples/marketplace/marketplace.ds --host payment-gateway-fraud-v2.market.localtest.me --path /webhooks/card
