"""Who may do what, by role (see gateway/auth.py for how roles rank)."""

ADMIN = ("admin",)
SUPERVISOR = ("supervisor",)
PBX = ("pbx",)
