"""Messaging service: everything that goes out to customers (M1, M2, M3)."""
