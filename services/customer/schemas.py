"""The customer service's schemas: the public contract, plus how a row is dumped."""

from crm_common.contracts.customer import (
    ContactOut,
    CriteriaIn,
    CustomerCreate,
    CustomerOut,
    CustomerSummary,
    CustomerTerms,
    CustomerUpdate,
    EmploymentIn,
    EmploymentOut,
    LogEntryIn,
    LogEntryOut,
    MergeOut,
    NoteIn,
    NoteOut,
    OwnDetailsIn,
    PredictionModelOut,
    PredictionOut,
    SelectionIn,
    SelectionOut,
)
from crm_common.contracts.register_quality import (
    AddressBlockIn,
    AddressBlockOut,
    AddressCheckIn,
    DecisionIn,
    DuplicateScanOut,
    ImportIn,
    ImportOut,
    RegistrationIn,
    ReviewItemOut,
)

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
