"""The messaging service's schemas (the public contract)."""

from crm_common.contracts.messaging import MessageOut

message_out = MessageOut()
