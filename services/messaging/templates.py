"""Message templates (M1): stored ones per name, language and channel, with partials
that others include, falling back to the built-in English texts below. Rendered in
Jinja2's sandbox: a template edited by an administrator reads the values it is given
and nothing else; in an HTML part every value is escaped."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypedDict

from jinja2 import DictLoader, StrictUndefined, TemplateNotFound
from jinja2 import Template as Compiled
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from crm_common.errors import InvalidInput
from services.messaging.models import MessageTemplate, TemplateSet

DEFAULT_LANGUAGE = "en"

BUILT_IN = {
    "case_confirmation": {
        "channel": "email",
        "subject": "We have received your inquiry – case {{ case.number }}",
        "body": (
            "Hello {{ customer.name }},\n\n"
            'thank you for contacting us. Your inquiry "{{ case.subject }}" is registered as '
            "case {{ case.number }}. Please quote this number if you contact us again about it.\n\n"
            "Kind regards\nCustomer service\n"
        ),
    },
    "case_reply": {
        "channel": "email",
        "subject": "{{ reply.subject }}",
        "body": (
            "{{ reply.body }}\n\n-- \nCase {{ reply.number }}. Answer this message to add to the case.\n"
        ),
    },
    "case_reply_sms": {
        "channel": "sms",
        "subject": "{{ reply.subject }}",
        "body": "{{ reply.body }} (case {{ reply.number }})",
    },
    "sla_warning": {
        "channel": "email",
        "subject": (
            "{% if sla.breached %}SLA breached{% else %}SLA due soon{% endif %}: case {{ sla.number }}"
        ),
        "body": (
            "Case {{ sla.number }} \"{{ sla.subject }}\": the {{ sla.target | replace('_', ' ') }} "
            "{% if sla.breached %}was due{% else %}is due{% endif %} at {{ sla.due }} (UTC).\n"
            "Priority {{ sla.priority }}, queue {{ sla.queue or '-' }}, agent {{ sla.assignee or '-' }}.\n"
            "{% if sla.actions %}Done: {{ sla.actions | join('; ') }}.\n{% endif %}"
        ),
    },
    "sla_warning_sms": {
        "channel": "sms",
        "subject": "SLA case {{ sla.number }}",
        "body": (
            "Case {{ sla.number }}: {{ sla.target | replace('_', ' ') }} "
            "{% if sla.breached %}breached{% else %}due {{ sla.due }}{% endif %}"
        ),
    },
    "portal_login_link": {
        "channel": "email",
        "subject": "Your login link",
        "body": (
            "Hello {{ customer.name }},\n\n"
            "here is your link to our customer pages. It works once, within {{ minutes }} minutes:\n\n"
            "{{ link }}\n\n"
            "If you did not ask for it, you can ignore this message.\n\n"
            "Kind regards\nCustomer service\n"
        ),
    },
    "reminder": {
        "channel": "email",
        "subject": "Reminder: {{ reminder.text }}",
        "body": (
            "{{ reminder.text }}\n\n(reminder {{ reminder.reminder_id }}, set for {{ reminder.remind_at }})\n"
        ),
    },
    "quote_document": {
        "channel": "letter",
        "subject": "Quote {{ quote.id }}",
        "body": (
            "Dear {{ customer.name }},\n\n"
            "we are pleased to offer you the following, valid until {{ quote.valid_until }}.\n"
            "{% for variant in quote.variants %}\n"
            "{{ variant.label }}\n"
            "{% for line in variant.lines %}"
            "  {{ line.quantity }} × {{ line.name or line.sku }}"
            "  {{ line.line_total }} {{ quote.currency }}\n"
            "{% endfor %}"
            "  Total {{ variant.total }} {{ quote.currency }} (VAT {{ variant.vat_total }})\n"
            "{% endfor %}"
            "{% if quote.note %}\n{{ quote.note }}\n{% endif %}"
            "\nKind regards\nCustomer service\n"
        ),
    },
    "order_confirmation": {
        "channel": "email",
        "subject": "Your order {{ order.order_id }}",
        "body": (
            "Hello {{ customer.name }},\n\n"
            "thank you for your order {{ order.order_id }}, {{ order.total }} {{ order.currency }}.\n"
            "{% if order.status == 'awaiting_payment' %}"
            "We send it as soon as your payment has arrived.\n"
            "{% elif order.status == 'awaiting_approval' %}"
            "We will confirm it shortly.\n"
            "{% else %}"
            "We will tell you when it is on its way.\n"
            "{% endif %}"
            "\nKind regards\nCustomer service\n"
        ),
    },
    "delivery_notice": {
        "channel": "email",
        "subject": "Your order {{ delivery.order_id }} is on its way",
        "body": (
            "Hello {{ customer.name }},\n\n"
            "your order {{ delivery.order_id }} has been handed to "
            "{{ delivery.carrier or 'the carrier' }}."
            "{% if delivery.tracking_number %} Tracking number: {{ delivery.tracking_number }}.{% endif %}\n"
            "\nKind regards\nCustomer service\n"
        ),
    },
    "delivery_delayed": {
        "channel": "email",
        "subject": "Your order {{ delay.order_id }} is delayed",
        "body": (
            "Hello {{ customer.name }},\n\n"
            "we are sorry: part of your order {{ delay.order_id }} ({{ delay.skus | join(', ') }}) "
            "{% if delay.expected_on %}is now expected on {{ delay.expected_on }}"
            "{% else %}has no delivery date yet{% endif %}. "
            "Call us if you would rather have an alternative.\n"
            "\nKind regards\nCustomer service\n"
        ),
    },
    "return_received": {
        "channel": "email",
        "subject": "We have received your return for order {{ returned.order_id }}",
        "body": (
            "Hello {{ customer.name }},\n\n"
            "we have received what you sent back from order {{ returned.order_id }}, "
            "worth {{ returned.amount }}."
            "{% if returned.refund %} We will pay you back {{ returned.refund.amount }} "
            "{{ returned.refund.currency }}.{% endif %}\n"
            "\nKind regards\nCustomer service\n"
        ),
    },
    "refund_paid": {
        "channel": "email",
        "subject": "We have paid you {{ refund.amount }} {{ refund.currency }}",
        "body": (
            "Hello {{ customer.name }},\n\n"
            "we have paid you {{ refund.amount }} {{ refund.currency }} ({{ refund.reason }}).\n"
            "\nKind regards\nCustomer service\n"
        ),
    },
    "membership_ended": {
        "channel": "email",
        "subject": "You have left {{ membership.plan.name }}",
        "body": (
            "Hello {{ customer.name }},\n\n"
            "this confirms that your membership of {{ membership.plan.name }} ended on "
            "{{ membership.ended_on }}. You are welcome back any time.\n"
            "\nKind regards\nCustomer service\n"
        ),
    },
}


@dataclass(frozen=True)
class Template:
    name: str
    language: str
    channel: str
    purpose: str
    topic: str | None
    subject: str
    text: str
    html: str | None = None


def _built_in(name: str) -> Template:
    found = BUILT_IN[name]
    return Template(
        name, DEFAULT_LANGUAGE, found["channel"], "service", None, found["subject"], found["body"]
    )


class Rendered(TypedDict):
    """A template filled in: what a message or a document is made of."""

    channel: str
    subject: str
    body: str
    html_body: str | None


@dataclass(frozen=True)
class Book:
    """The stored templates as one process holds them, for one version of the set."""

    version: int
    templates: dict[tuple[str, str, str], Template]  # (name, language, channel) → Template
    partials: dict[str, dict[str, str]]  # language → {name: text}


_books: weakref.WeakKeyDictionary[Engine, Book] = weakref.WeakKeyDictionary()
_VERSION = select(TemplateSet.version).where(TemplateSet.id == 1)


def book(session: Session) -> Book:
    """The set as of this session: its version is read once per session (choosing and
    filling a template, or a campaign's page of them, ask again and again)."""
    if "template_book" in session.info:
        known: Book = session.info["template_book"]
        return known
    engine = session.get_bind().engine
    version = session.connection().execute(_VERSION).scalar() or 0
    held = _books.get(engine)
    if held is None or held.version != version:
        templates: dict[tuple[str, str, str], Template] = {}
        partials: dict[str, dict[str, str]] = {}
        for row in session.scalars(select(MessageTemplate)):
            if row.channel == "partial":
                partials.setdefault(row.language, {})[row.name] = row.text
            else:
                templates[(row.name, row.language, row.channel)] = Template(
                    row.name,
                    row.language,
                    row.channel,
                    row.purpose,
                    row.topic,
                    row.subject,
                    row.text,
                    row.html,
                )
        held = Book(version, templates, partials)
        _books[engine] = held
    session.info["template_book"] = held
    return held


def changed(session: Session) -> None:
    """Call in the transaction that changes a template: every process re-reads the set."""
    session.info.pop("template_book", None)
    if session.get(TemplateSet, 1) is None:
        session.add(TemplateSet(id=1, version=1))
        session.flush()
    session.execute(update(TemplateSet).where(TemplateSet.id == 1).values(version=TemplateSet.version + 1))


def exists(session: Session, name: str, channel: str) -> bool:
    """A template of that name for the channel, in some language, or built in."""
    if name in BUILT_IN and BUILT_IN[name]["channel"] == channel:
        return True
    return any(key[0] == name and key[2] == channel for key in book(session).templates)


def choose(session: Session, name: str, language: str | None, channel: str | None = None) -> Template:
    """The template to use: stored in the customer's language, else in the default
    language, else the built-in one. Without `channel`, e-mail first."""
    stored = book(session).templates
    for lang in dict.fromkeys((language or DEFAULT_LANGUAGE, DEFAULT_LANGUAGE)):
        for ch in (channel,) if channel else ("email", "sms", "letter"):
            if (name, lang, ch) in stored:
                return stored[(name, lang, ch)]
    if name in BUILT_IN and (channel is None or BUILT_IN[name]["channel"] == channel):
        return _built_in(name)
    raise InvalidInput(
        f"no template {name!r}" + (f" for {channel}" if channel else ""), {"template": "no such template"}
    )


@lru_cache(maxsize=64)
def _environments(
    version: int, engine_id: int, partials: tuple[tuple[str, str], ...]
) -> tuple[SandboxedEnvironment, SandboxedEnvironment]:
    """A text and an HTML environment (the HTML one escapes every value) that know the
    partials of one language; cached per version of the set."""
    loader = DictLoader(dict(partials))
    options = {"undefined": StrictUndefined, "trim_blocks": True, "loader": loader}
    return SandboxedEnvironment(autoescape=False, **options), SandboxedEnvironment(autoescape=True, **options)


@lru_cache(maxsize=1024)
def _compiled(env: SandboxedEnvironment, source: str) -> Compiled:
    return env.from_string(source)


def render(session: Session, template: Template, values: dict[str, Any]) -> Rendered:
    """channel, subject, body and html_body with `values` filled in. Raises InvalidInput
    when the template uses a value it was not given or reaches for what it may not."""
    held = book(session)
    partials = {**held.partials.get(DEFAULT_LANGUAGE, {}), **held.partials.get(template.language, {})}
    text_env, html_env = _environments(
        held.version, id(session.get_bind().engine), tuple(sorted(partials.items()))
    )
    try:
        return {
            "channel": template.channel,
            "subject": _compiled(text_env, template.subject).render(values).strip(),
            "body": _compiled(text_env, template.text).render(values),
            "html_body": _compiled(html_env, template.html).render(values) if template.html else None,
        }
    except (UndefinedError, TemplateNotFound) as err:
        raise InvalidInput(f"template {template.name!r}: {err}", {"template": str(err)}) from None
    except SecurityError:
        raise InvalidInput(
            f"template {template.name!r} reaches for what it may not", {"template": "not allowed"}
        ) from None
