"""Order service: products with stock (O1) and orders that say per line whether they ship
now or when (O2)."""
