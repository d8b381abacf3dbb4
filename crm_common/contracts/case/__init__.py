"""Shapes of cases, their journal, routing and service levels (SPEC K1–K13), one module
per sub-domain; import each schema from its module (nothing is re-exported here):

- `cases`: opening a case, a case, its status, an agent's changes (CaseCreate, CaseOut,
  StatusIn, CaseChangeIn)
- `journal`: journal entries, attachments, notes
- `intake`: SMS, chat and web-form messages, and linking an unknown sender to a customer
- `replies`: an agent's reply, reply templates and their rendering
- `routing`: agents, presence, assignments, handing a case over, routing rules and weights
- `wallboard`: queues waiting, cases near or past their SLA, agents' presence and load
- `sla`: business-hour calendars and service-level policies with escalation steps
- `knowledge`: FAQ answers (also as customers see them) and similar cases
- `calls`: call types, registered calls and their counts
- `reports`: the monthly case report
- `agenda`: agenda items and the personal list (mileage, expenses)
- `papers`: the registers of letters and documents
- `portal`: what a signed-in customer writes and sees of their own cases
- `vocabulary`: the channels, priorities, statuses and field helpers several modules share
"""
