"""Demo data for `make run`: logins, customers, products — only on the first start (when
no login exists yet). Customers and products go in through the services' RPC, the same way
as every other write.

    python -m gateway.seed [--amqp-uri URI]
"""

from __future__ import annotations

import argparse
import sys

from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import func, select

from crm_common.config import load_settings
from crm_common.storage import create_db_engine
from gateway import users
from gateway.models import User

DEMO_USERS = [
    ("admin", "admin-demo-pass", "admin", None),
    ("supervisor", "supervisor-demo-pass", "supervisor", None),
    ("agent", "agent-demo-pass", "agent", "201"),
]

# The portal login of the demo customer Åsa Lindqvist (her e-mail and a password).
DEMO_PORTAL_LOGIN = ("asa.lindqvist@example.se", "portal-demo-pass")

DEMO_NEWSLETTERS = [
    ("garden_news", "Garden news", "What to sow this month", "Hello {{ customer.name }},\n\n{{ text }}\n"),
    (
        "offers_of_the_week",
        "Offers of the week",
        "This week's offers",
        "Hello {{ customer.name }},\n\n{{ text }}\n",
    ),
]

DEMO_CUSTOMERS = [
    {
        "kind": "organisation",
        "name": "Nordisk Trädgård AB",
        "country": "SE",
        "org_number": "556036-0793",
        "industry": "Retail",
        "tier": "key",
        "credit_limit": "50000",
        "currency": "SEK",
        "phones": [{"number": "08-123 45 67", "label": "switchboard"}],
        "emails": [{"address": "info@nordisktradgard.example"}],
        "addresses": [{"street": "Sveavägen 12", "postal_code": "111 57", "city": "Stockholm"}],
    },
    {
        "kind": "person",
        "given_name": "Åsa",
        "family_name": "Lindqvist",
        "country": "SE",
        "national_id": "811228-9874",
        "job_title": "Purchasing manager",
        "language": "sv",
        "phones": [{"number": "070-123 45 67", "label": "mobile"}],
        "emails": [{"address": "asa.lindqvist@example.se"}],
        "addresses": [{"street": "Storgatan 3", "postal_code": "411 38", "city": "Göteborg"}],
    },
    {
        "kind": "person",
        "given_name": "Ola",
        "family_name": "Nordmann",
        "country": "NO",
        "phones": [{"number": "+47 22 33 44 55"}],
        "emails": [{"address": "ola@example.no"}],
        "addresses": [{"street": "Karl Johans gate 1", "postal_code": "0154", "city": "Oslo"}],
    },
]

DEMO_PRODUCTS = [
    {
        "sku": "SPADE-01",
        "name": "Garden spade",
        "price": "349.00",
        "stock_on_hand": 40,
        "product_group": "tools",
    },
    {
        "sku": "GLOVES-M",
        "name": "Garden gloves, medium",
        "price": "99.00",
        "stock_on_hand": 120,
        "product_group": "clothing",
    },
    {
        "sku": "BOOK-ROSES",
        "name": "The rose garden (book)",
        "price": "199.00",
        "vat_rate": "6.00",
        "stock_on_hand": 15,
        "product_group": "books",
    },
    {
        "sku": "HOSE-25",
        "name": "Garden hose 25 m",
        "price": "499.00",
        "stock_on_hand": 3,
        "restock_date": "2026-12-15",
    },
    {
        "sku": "SHEARS-02",
        "name": "Pruning shears",
        "price": "229.00",
        "stock_on_hand": 0,
        "restock_date": "2027-01-10",
        "product_group": "tools",
    },
    {
        "sku": "SHEARS-03",
        "name": "Pruning shears, professional",
        "price": "329.00",
        "stock_on_hand": 12,
        "product_group": "tools",
    },
]
DEMO_ALTERNATIVES = {"SHEARS-02": ["SHEARS-03"]}
DEMO_DELIVERY_METHODS = [
    {"code": "pickup", "name": "Pick up at a service point", "price": "0.00"},
    {"code": "post", "name": "Parcel by post", "price": "49.00"},
    {"code": "home", "name": "Home delivery", "price": "99.00"},
]


OFFICE_HOURS = {d: [["08:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
DEMO_AGENTS = {
    "agent": {
        "name": "Agent",
        "capacity": 10,
        "skills": {"billing": 3, "delivery": 2},
        "languages": ["sv", "en"],
        "regions": ["SE"],
        "queues": ["billing", "logistics", "general"],
    },
    "supervisor": {
        "name": "Supervisor",
        "capacity": 5,
        "skills": {"billing": 4, "delivery": 4},
        "languages": ["sv", "en"],
        "regions": ["SE", "NO"],
        "queues": ["supervisors", "general"],
    },
}
DEMO_RULES = [
    {
        "name": "Invoices",
        "weight": 50,
        "conditions": {"keywords": ["faktura", "invoice", "betalning", "kredit"]},
        "queue": "billing",
        "skills": {"billing": 2},
    },
    {
        "name": "Deliveries",
        "weight": 40,
        "conditions": {"keywords": ["leverans", "delivery", "paket", "spårning"]},
        "queue": "logistics",
        "skills": {"delivery": 1},
    },
    {"name": "Everything else", "weight": 1, "conditions": {}, "queue": "general"},
]
DEMO_POLICIES = [
    {
        "name": "Key accounts",
        "tiers": ["key"],
        "rank": 10,
        "first_response_minutes": 60,
        "next_response_minutes": 120,
        "resolution_minutes": 8 * 60,
        "escalations": [
            {"target": "first_response", "minutes_before": 15, "actions": ["notify_email"]},
            {
                "target": "first_response",
                "minutes_before": 0,
                "actions": ["raise_priority", "reassign"],
                "queue": "supervisors",
            },
        ],
    },
    {
        "name": "Standard",
        "rank": 100,
        "first_response_minutes": 4 * 60,
        "resolution_minutes": 3 * 9 * 60,
        "escalations": [{"target": "resolution", "minutes_before": 60, "actions": ["notify_email"]}],
    },
]
DEMO_CALL_TYPES = ["Invoice question", "Product inquiry", "Delivery", "Complaint", "Order"]
DEMO_TEMPLATES = [
    {
        "name": "Standard",
        "language": "sv",
        "body": "Hej {{ customer.name }},\n\n{{ text }}\n\nVänliga hälsningar\n"
        "{{ agent }}, kundtjänst\nÄrende {{ case.number }}",
    },
    {
        "name": "Standard",
        "language": "en",
        "body": "Hello {{ customer.name }},\n\n{{ text }}\n\nKind regards\n"
        "{{ agent }}, customer service\nCase {{ case.number }}",
    },
]
DEMO_FAQ = [
    {
        "question": "Hur byter jag leveransadress?",
        "answer": "Ring oss eller ändra adressen under Mina sidor innan paketet har skickats.",
        "language": "sv",
        "problem": "leverans",
    },
    {
        "question": "Varför har jag fått en påminnelse på fakturan?",
        "answer": "Betalningen hade inte kommit in på "
        "förfallodagen. Har du betalat nyligen kan du bortse från påminnelsen.",
        "language": "sv",
        "problem": "faktura",
    },
    {
        "question": "How do I return a product?",
        "answer": "Call us or write from the portal; we send a return label.",
        "language": "en",
        "problem": "return",
    },
]


def seed_cases(rpc) -> None:
    """Agents, routing, service levels, call types, reply templates and the FAQ (K4–K9)."""
    for username, profile in DEMO_AGENTS.items():
        rpc.case.save_agent(username, {**profile, "email": f"{username}@crm.example"})
        rpc.case.set_presence(username, {"presence": "available"})
    for rule in DEMO_RULES:
        rpc.case.create_rule(rule)
    office = rpc.case.create_calendar(
        {"name": "Office (SE)", "timezone": "Europe/Stockholm", "country": "SE", "hours": OFFICE_HOURS}
    )
    for policy in DEMO_POLICIES:
        rpc.case.create_sla_policy({**policy, "calendar_id": office["id"]})
    for name in DEMO_CALL_TYPES:
        rpc.case.create_call_type({"name": name})
    for template in DEMO_TEMPLATES:
        rpc.case.create_reply_template(template)
    for entry in DEMO_FAQ:
        rpc.case.publish_faq(entry, "seed")


def seed(amqp_uri: str) -> bool:
    """Seed once; True when it seeded, False when data was there already. Only in
    development: the demo logins' passwords are in this file and the README."""
    settings = load_settings()
    if settings.environment != "development":
        raise SystemExit(
            f"The demo seed runs only with CRM_ENV=development (it is {settings.environment}); "
            "make the first admin with `make admin` (python -m gateway.admin_cli)."
        )
    engine = create_db_engine(settings.database_url("gateway"))
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        if session.scalar(select(func.count()).select_from(User)):
            return False
        with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30) as rpc:
            person = seed_customers(rpc)
            seed_newsletters(rpc)
            seed_orders(rpc)
            seed_cases(rpc)
        seed_logins(session, person["id"])
        session.commit()
    engine.dispose()
    return True


def seed_customers(rpc) -> dict:
    """The demo customers, the first two an organisation and its contact person, with a
    note and log entries; the person (their portal login is made with the others)."""
    made = [rpc.customer.create_customer(c) for c in DEMO_CUSTOMERS]
    org, person = made[0], made[1]
    rpc.customer.link_person(
        org["id"],
        {
            "person_id": person["id"],
            "job_title": "Purchasing manager",
            "is_contact": True,
            "receives_newsletter": True,
        },
    )
    rpc.customer.add_note(person["id"], "agent", {"text": "Prefers e-mail over phone."})
    rpc.customer.add_log_entry(
        org["id"],
        "supervisor",
        {
            "text": "Two invoices overdue: ask about them before taking a new order",
            "importance": "red",
        },
    )
    rpc.customer.add_log_entry(
        org["id"], "agent", {"text": "Interested in the spring catalogue", "importance": "yellow"}
    )
    rpc.customer.add_log_entry(
        person["id"], "agent", {"text": "Call back about the rose book", "remind_at_login": True}
    )
    return person


def seed_newsletters(rpc) -> None:
    """The newsletters' templates (marketing, one topic each)."""
    for name, topic, subject, text in DEMO_NEWSLETTERS:
        rpc.messaging.save_template(
            name,
            "en",
            "email",
            {"purpose": "marketing", "topic": topic, "subject": subject, "text": text},
        )


def seed_orders(rpc) -> None:
    """Products and their alternatives, delivery methods and the product of the week."""
    for p in DEMO_PRODUCTS:
        rpc.order.create_product(p)
    for sku, alternatives in DEMO_ALTERNATIVES.items():
        rpc.order.update_product(sku, {"alternatives": alternatives})
    for method in DEMO_DELIVERY_METHODS:
        rpc.order.create_delivery_method(method)
    rpc.order.set_week_product({"sku": "GLOVES-M"})


def seed_logins(session, person_id: int) -> None:
    """The demo users, and the portal login of the demo person."""
    for username, password, role, extension in DEMO_USERS:
        users.create_user(session, username, password, role, extension=extension)
    users.create_user(session, *DEMO_PORTAL_LOGIN, "customer", customer_id=person_id)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gateway.seed")
    parser.add_argument("--amqp-uri", default=load_settings().amqp_uri)
    args = parser.parse_args(argv)
    if seed(args.amqp_uri):
        print("Demo data seeded. Logins (username / password):")
        for username, password, role, _ in DEMO_USERS:
            print(f"  {username:<11} {password:<22} ({role})")
        print(f"  Portal (/portal): {DEMO_PORTAL_LOGIN[0]} / {DEMO_PORTAL_LOGIN[1]}")
    else:
        print("Data exists; demo seed skipped.")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
