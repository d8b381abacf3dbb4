"""Rebuild every customer's blocking keys, e.g. after the key rules changed:

python -m services.customer.reindex
"""

from __future__ import annotations

import sys

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crm_common.config import load_settings
from crm_common.storage import create_db_engine
from services.customer import blocking, profiles
from services.customer.models import Customer

BATCH = 1000


def reindex(session: Session, progress=lambda done: None) -> int:
    done, last = 0, 0
    while True:
        batch = list(
            session.scalars(
                select(Customer)
                .where(Customer.id > last)
                .order_by(Customer.id)
                .limit(BATCH)
                .options(
                    selectinload(Customer.phones),
                    selectinload(Customer.emails),
                    selectinload(Customer.addresses),
                )
            )
        )
        if not batch:
            return done
        for customer in batch:
            blocking.store(session, customer.id, profiles.from_customer(customer))
        session.commit()
        done, last = done + len(batch), batch[-1].id
        progress(done)


def main() -> None:
    engine = create_db_engine(load_settings().database_url("customer"))
    with Session(engine) as session:
        total = reindex(session, lambda n: print(f"\r{n} customers", end="", file=sys.stderr))
    print(f"\nreindexed {total} customers")


if __name__ == "__main__":
    main()
