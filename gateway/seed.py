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


def seed(amqp_uri: str) -> bool:
    """Seed once; True when it seeded, False when data was there already."""
    settings = load_settings()
    engine = create_db_engine(settings.database_url("gateway"))
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        if session.scalar(select(func.count()).select_from(User)):
            return False
        with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30) as rpc:
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
            for p in DEMO_PRODUCTS:
                rpc.order.create_product(p)
            for sku, alternatives in DEMO_ALTERNATIVES.items():
                rpc.order.update_product(sku, {"alternatives": alternatives})
            for method in DEMO_DELIVERY_METHODS:
                rpc.order.create_delivery_method(method)
            rpc.order.set_week_product({"sku": "GLOVES-M"})
        for username, password, role, extension in DEMO_USERS:
            users.create_user(session, username, password, role, extension=extension)
        session.commit()
    engine.dispose()
    return True


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gateway.seed")
    parser.add_argument("--amqp-uri", default=load_settings().amqp_uri)
    args = parser.parse_args(argv)
    if seed(args.amqp_uri):
        print("Demo data seeded. Logins (username / password):")
        for username, password, role, _ in DEMO_USERS:
            print(f"  {username:<11} {password:<22} ({role})")
    else:
        print("Data exists; demo seed skipped.")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
