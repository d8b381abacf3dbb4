"""The telephony service's schemas (the public contract)."""

from crm_common.contracts.telephony import CallEventIn, CallOut

call_event_in = CallEventIn()
call_out = CallOut()
