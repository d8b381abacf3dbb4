"""Train the predictions (C13) and score every customer, in this process, on the customer
service's own database (for a register too large for one RPC call):

    python -m services.customer.train_predictions [--horizon-days 90]

Prints how well the model did on the held-back period.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    from sqlalchemy.orm import sessionmaker

    from crm_common.clock import utcnow
    from crm_common.config import load_settings
    from crm_common.storage import UnitOfWork, create_db_engine
    from services.customer import predictions

    parser = argparse.ArgumentParser(prog="python -m services.customer.train_predictions")
    parser.add_argument("--horizon-days", type=int, default=90)
    args = parser.parse_args(argv)
    engine = create_db_engine(load_settings().database_url("customer"))
    uow = UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None)
    with uow.transaction() as session:
        model = predictions.train(session, utcnow(), args.horizon_days)
        report = {
            k: getattr(model, k)
            for k in (
                "customers",
                "churn_auc",
                "churn_base_rate",
                "next_group_hit_rate",
                "next_group_baseline",
            )
        }
    engine.dispose()
    print(f"scored {report['customers']} customers; held-back period ({args.horizon_days} days):")
    print(
        f"  leaving: ROC AUC {_shown(report['churn_auc'])}"
        f" (share who left {_shown(report['churn_base_rate'])})"
    )
    print(
        f"  next product group: right {_shown(report['next_group_hit_rate'])}"
        f" (always the commonest: {_shown(report['next_group_baseline'])})"
    )
    return 0


def _shown(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
