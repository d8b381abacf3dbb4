"""Rebuild the selections' read model from scratch (C10), from the order service's and
messaging's history, while the services run:

    python -m services.customer.rebuild_selections

Needed after restoring a backup, or to start the read model on an existing system. It
is emptied, then filled a page at a time, so a selection run meanwhile sees part of it;
events that arrive meanwhile are kept once either way (the rows are keyed by source).
"""

from __future__ import annotations

import sys

PAGE = 1000


def pages(call, key: str):
    after = 0
    while True:
        page = call(after, PAGE)
        if not page:
            return
        yield page
        after = page[-1][key]


def main(argv=None) -> int:
    import eventlet

    eventlet.monkey_patch()
    from nameko.standalone.rpc import ClusterRpcProxy
    from sqlalchemy.orm import sessionmaker

    from crm_common.config import load_settings
    from crm_common.storage import UnitOfWork, create_db_engine
    from services.customer import selection_model

    settings = load_settings()
    engine = create_db_engine(settings.database_url("customer"))
    uow = UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None)
    orders = sent = 0
    with ClusterRpcProxy({"AMQP_URI": settings.amqp_uri}, timeout=120) as rpc:
        with uow.transaction() as session:
            selection_model.clear(session)
        # a page is fetched with no transaction open, then written in one of its own:
        # the service's own event handlers never wait on this command's RPC calls
        for page in pages(rpc.order.purchase_history, "order_id"):
            with uow.transaction() as session:
                for order in page:
                    selection_model.add_purchases(session, order)
                orders += len(page)
        for page in pages(rpc.messaging.sent_history, "message_id"):
            with uow.transaction() as session:
                for message in page:
                    selection_model.add_mailing(session, message)
                sent += len(page)
    engine.dispose()
    print(f"rebuilt the selections' read model: {orders} orders, {sent} messages sent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
