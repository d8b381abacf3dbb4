"""The customer service's schemas: the public contract, plus how a row is dumped."""

from crm_common.contracts.customer.addresses import AddressBlockIn, AddressBlockOut, AddressCheckIn
from crm_common.contracts.customer.customers import (
    CustomerCreate,
    CustomerOut,
    CustomerSummary,
    CustomerTerms,
    CustomerUpdate,
)
from crm_common.contracts.customer.duplicates import DuplicateScanOut, MergeOut
from crm_common.contracts.customer.imports import ImportIn, ImportOut
from crm_common.contracts.customer.log import LogEntryIn, LogEntryOut, NoteIn, NoteOut
from crm_common.contracts.customer.own_details import OwnDetailsIn
from crm_common.contracts.customer.predictions import PredictionModelOut, PredictionOut
from crm_common.contracts.customer.registration import RegistrationIn
from crm_common.contracts.customer.relations import EmploymentIn, EmploymentOut
from crm_common.contracts.customer.review import DecisionIn, ReviewItemOut
from crm_common.contracts.customer.selections import ContactOut, CriteriaIn, SelectionIn, SelectionOut

customer_create = CustomerCreate()
customer_update = CustomerUpdate()
own_details_in = OwnDetailsIn()
customer_out = CustomerOut()
summary_out = CustomerSummary()
customer_terms = CustomerTerms()
employment_in = EmploymentIn()
employment_out = EmploymentOut()
note_in = NoteIn()
log_entry_in = LogEntryIn()
log_entry_out = LogEntryOut()
note_out = NoteOut()
block_in = AddressBlockIn()
block_out = AddressBlockOut()


addresses_in = AddressCheckIn()
merge_out = MergeOut()
registration_in = RegistrationIn()
decision_in = DecisionIn()
review_out = ReviewItemOut()
import_in = ImportIn()
import_out = ImportOut()
scan_out = DuplicateScanOut()
selection_in = SelectionIn()
criteria_in = CriteriaIn()
selection_out = SelectionOut()
contact_out = ContactOut()
prediction_out = PredictionOut()
prediction_model_out = PredictionModelOut()
