module slipway.invalid/demo

go 1.22
