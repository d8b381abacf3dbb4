"""The gateway's routes, one module per area; GatewayService inherits them all."""
