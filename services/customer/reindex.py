"""Write every customer's blocking keys and stored profile again, e.g. after the key
rules or `profile_store.FORM` changed; a merged-away customer's are dropped:

python -m services.customer.reindex

It works in slices of plain rows (no ORM objects), each committed on its own, so a
stopped run is simply started again. On PostgreSQL the service can keep running: each
slice locks its customers' rows. SQLite's driver takes no lock for a read, so a change
made while a slice is built could be keyed from what was read before it: stop the
service first there.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.config import load_settings
from crm_common.storage import create_db_engine
from services.customer import blocking, profile_store
from services.customer.models import Customer

SLICE = 2000


def reindex(session: Session, progress: Callable[[int], None] = lambda done: None, size: int = SLICE) -> int:
    """The number of customers whose keys were written (the merged-away are not counted)."""
    done, last = 0, 0
    while True:
        # the slice's rows locked first (PostgreSQL): a change the service makes to one of
        # them meanwhile waits, then writes its keys after ours, not under them
        ids = list(
            session.scalars(
                select(Customer.id)
                .where(Customer.id > last)
                .order_by(Customer.id)
                .limit(size)
                .with_for_update()
            )
        )
        if not ids:
            return done
        built = profile_store.build_many(session, ids)
        blocking.store_many(session, built, forgotten=[cid for cid in ids if cid not in built])
        session.commit()
        done, last = done + len(built), ids[-1]
        progress(done)


def main() -> None:
    engine = create_db_engine(load_settings().database_url("customer"))
    on_screen = sys.stderr.isatty()  # a log gets a line per 100,000, not one long line

    def progress(done: int) -> None:
        if on_screen:
            print(f"\r{done} customers", end="", file=sys.stderr)
        elif done % 100_000 < SLICE:
            print(f"{done} customers", file=sys.stderr)

    with Session(engine) as session:
        total = reindex(session, progress)
    if on_screen:
        print(file=sys.stderr)  # end the progress line
    print(f"reindexed {total} customers")


if __name__ == "__main__":
    main()
