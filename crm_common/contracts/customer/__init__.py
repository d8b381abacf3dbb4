"""Shapes of the customer register, one module per sub-domain; import each schema from its
module (a schema has one name and one home, so nothing is re-exported here):

- `customers`: the record, a person or an organisation (KINDS), with phones and e-mails
- `addresses`: addresses (ADDRESS_KINDS), the address check and its warnings, address blocks
- `own_details`: what a customer changes of their own in the portal
- `relations`: employments, and who owns a phone number
- `log`: notes and the customer log (IMPORTANCE)
- `matching`: look-alikes and their reasons
- `registration`: what a create and an update answer; registrations from outside (SOURCES)
- `review`: the review queue's items and decisions (DECISIONS)
- `imports`: CSV imports (IMPORT_MODES, IMPORT_TARGETS)
- `duplicates`: the duplicate scan, its pairs and groups, and merges
- `selections`: smart selections and a campaign's page of contacts
- `predictions`: churn risk and the next product group

The tiers are in `crm_common.contracts.tiers`.
"""
