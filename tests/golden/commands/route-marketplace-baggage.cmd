route explain examples/marketplace/marketplace.ds --host api.market.localtest.me --path /checkout/cart -H 'baggage: userId=7, x-devstack-label=one-page;ttl=60'
