"""Telephony service: PBX call events, caller id, active calls and call history (T1-T3)."""
