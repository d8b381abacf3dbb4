"""Who may do what, by role (see gateway/auth.py for how roles rank)."""

from gateway.auth import STAFF

ADMIN = ("admin",)
SUPERVISOR = ("supervisor",)
PBX = ("pbx",)
SHOP = ("shop", *STAFF)  # a web shop, and staff acting for it
INBOUND = ("inbound", "admin")  # a mail or SMS provider's webhook (and an admin testing it)
