"""Message templates, rendered in Jinja2's sandbox: a template edited by an
administrator can read the values it is given and nothing else (M1)."""

from __future__ import annotations

from crm_common.templating import compiled

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
    "reminder": {
        "channel": "email",
        "subject": "Reminder: {{ reminder.text }}",
        "body": (
            "{{ reminder.text }}\n\n(reminder {{ reminder.reminder_id }}, set for {{ reminder.remind_at }})\n"
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


def render(name: str, values: dict) -> dict:
    """The template's channel, subject and body with `values` filled in."""
    template = BUILT_IN[name]
    return {
        "channel": template["channel"],
        "subject": compiled(template["subject"]).render(values),
        "body": compiled(template["body"]).render(values),
    }
