"""The case service's schemas (the public contract)."""

from crm_common.contracts.case import CaseCreate, CaseOut

case_create = CaseCreate()
case_out = CaseOut()
