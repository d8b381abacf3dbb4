"""The customer tiers: the register gives a customer one, and routing rules and service-level
policies are written for some of them."""

TIERS = ("key", "major", "standard", "small")
