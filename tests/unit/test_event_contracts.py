"""Events are contracts too: every event type the code records has a schema
(crm_common/contracts/events/), `record` refuses data that breaks it, and the README's
list of events is the one the schemas print."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from crm_common.contracts.events import EVENTS, EventContractError, check
from crm_common.contracts.events.markdown import END, START, readme_part, table

ROOT = Path(__file__).resolve().parents[2]

# The record calls whose event type is not written where they are: the file, and the event
# types it records (each found as a string in that file or the one named).
NOT_LITERAL = {
    "crm_common/audit.py": ("crm_common/audit.py", {"act_recorded"}),
    "services/telephony/service.py": (
        "services/telephony/calls.py",
        {"call_ringing", "call_answered", "call_transferred", "call_ended"},
    ),
    "services/case/cases.py": (
        "services/case/cases.py",
        {"case_solved", "case_closed", "case_status_changed"},
    ),
}


def recorded_event_types() -> dict[str, set[str]]:
    """Event type → the files recording it, read from the sources: the third argument of
    each `record(...)` call, and `act_recorded` for each `record_act(...)`."""
    found: dict[str, set[str]] = {}
    for folder in ("crm_common", "services", "gateway"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" in name:
                continue
            for node in ast.walk(ast.parse(path.read_text(), name)):
                if not isinstance(node, ast.Call):
                    continue
                called = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if called == "record_act":
                    found.setdefault("act_recorded", set()).add(name)
                elif called == "record" and len(node.args) >= 3 and not _audit_trail(node):
                    event_type = node.args[2]
                    if isinstance(event_type, ast.Constant) and isinstance(event_type.value, str):
                        found.setdefault(event_type.value, set()).add(name)
                    else:
                        assert name in NOT_LITERAL, (
                            f"{name}:{node.lineno} records an event type not written there"
                        )
                        source, types = NOT_LITERAL[name]
                        text = (ROOT / source).read_text()
                        for each in types:
                            assert each in text or each.removeprefix("case_") in text, (source, each)
                            found.setdefault(each, set()).add(name)
    return found


def _audit_trail(node: ast.Call) -> bool:
    """The gateway's own trail (`audit.record(session, actor, action, …)`) is no outbox."""
    return isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "audit"


def test_every_event_the_code_records_has_a_schema_and_every_schema_an_event():
    recorded = recorded_event_types()
    assert len(recorded) > 30
    assert sorted(set(recorded) - set(EVENTS)) == []
    assert sorted(set(EVENTS) - set(recorded)) == []


def test_every_schema_says_who_publishes_it_and_what_each_field_is():
    for event in EVENTS.values():
        assert event.publisher and event.description, event.event_type
        for name, field in event.schema.fields.items():
            assert field.metadata.get("description") or _from_rpc_answer(event, name), (
                event.event_type,
                name,
            )


def _from_rpc_answer(event, name: str) -> bool:
    """A field an event takes over from an RPC answer's schema (CallOut, ReturnOut …),
    described there."""
    return any(name in getattr(base, "_declared_fields", {}) for base in type(event.schema).__mro__[1:])


def test_record_refuses_an_unknown_event_and_data_that_breaks_its_schema():
    check("customer_merged", {"survivor_id": 1, "merged_id": 2})
    with pytest.raises(EventContractError, match="no schema"):
        check("customer_vanished", {"customer_id": 1})
    with pytest.raises(EventContractError, match="merged_id"):
        check("customer_merged", {"survivor_id": 1})
    with pytest.raises(EventContractError, match="Unknown field"):
        check("customer_merged", {"survivor_id": 1, "merged_id": 2, "extra": 3})
    with pytest.raises(EventContractError, match="survivor_id"):
        check("customer_merged", {"survivor_id": None, "merged_id": 2})


def test_the_readme_lists_the_events_the_schemas_print():
    readme = (ROOT / "README.md").read_text()
    assert START in readme and END in readme
    held = readme[readme.index(START) : readme.index(END) + len(END)]
    assert held == readme_part(), (
        "README.md's events differ: python -m crm_common.contracts.events --markdown"
    )


def test_the_generator_prints_the_table():
    out = subprocess.run(
        [sys.executable, "-m", "crm_common.contracts.events", "--markdown"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == table()
