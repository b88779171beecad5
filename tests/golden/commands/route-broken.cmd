route explain examples/broken/typo.ds --host web.localtest.me
