"""The README's table of events, printed from the schemas (`python -m
crm_common.contracts.events --markdown`); tests/unit/test_event_contracts.py checks the
README holds what this prints."""

from __future__ import annotations

from marshmallow import fields

from crm_common.contracts.events import EVENTS, Event

START, END = "<!-- events:start -->", "<!-- events:end -->"


def type_of(field: fields.Field[object]) -> str:
    """A field's type in a word or two, as a reader of the README needs it."""
    if isinstance(field, fields.List):
        return f"list of {type_of(field.inner)}"
    if isinstance(field, fields.Nested):
        return "{" + ", ".join(field.schema.fields) + "}"
    names = {
        fields.Integer: "int",
        fields.Boolean: "bool",
        fields.AwareDateTime: "date-time",
        fields.DateTime: "date-time",
        fields.Date: "date",
        fields.Decimal: "decimal string",
        fields.Float: "number",
        fields.Dict: "object",
        fields.String: "string",
    }
    for kind, name in names.items():
        if isinstance(field, kind):
            return name
    return "any"


def describe(name: str, field: fields.Field[object]) -> str:
    text = f"`{name}` {type_of(field)}"
    if field.allow_none:
        text += " or null"
    if not field.required:
        text += " (may be absent)"
    return text


def row(event: Event) -> str:
    described = "; ".join(
        describe(field.data_key or name, field) for name, field in event.schema.fields.items()
    )
    return f"| `{event.event_type}` | {event.publisher} | {event.description} | {described} |"


def table() -> str:
    """The Markdown table of every event: event, publisher, what happened, fields."""
    lines = [
        "| Event | Published by | What happened | Fields of `data` |",
        "| --- | --- | --- | --- |",
        *(row(event) for event in EVENTS.values()),
    ]
    return "\n".join(lines) + "\n"


def readme_part() -> str:
    """What the README holds between its markers."""
    return f"{START}\n{table()}{END}"
