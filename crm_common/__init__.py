"""The small library every service shares: settings, storage, outbox, idempotent
handlers, error types, migrations and phone-number normalisation.

Nothing here knows about a particular service; services never import each other.
"""
