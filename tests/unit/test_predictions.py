"""Predictions (C13), learnt from a register with a known pattern: customers who buy
often keep buying, those whose buying thinned out stop; each buys mostly in one product
group. The model must find that on the held-back period, score everyone, and the scores
must be usable in a selection."""

import random
from datetime import datetime, timedelta, timezone

import pytest

from services.customer import predictions, selection_model, selections
from services.customer.models import Base, Customer, Prediction

NOW = datetime(2026, 11, 24, tzinfo=timezone.utc)
GROUPS = ("tools", "seeds", "books")


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def history(session, customers=240, seed=3):
    """Two years of orders. A loyal customer orders every ~3 weeks until now; a leaving one
    orders as often at first and stops at a random moment in the last ~9 months."""
    rng = random.Random(seed)
    order = 0
    for cid in range(1, customers + 1):
        session.add(
            Customer(
                id=cid,
                kind="person",
                name=f"Kund {cid}",
                country="SE",
                tier="standard",
                categories=[],
                newsletter=False,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        favourite = GROUPS[cid % 3]
        stops = NOW - timedelta(days=rng.randint(30, 270)) if rng.random() < 0.5 else NOW
        day = NOW - timedelta(days=730)
        while day < stops:
            order += 1
            group = favourite if rng.random() < 0.8 else rng.choice(GROUPS)
            selection_model.add_purchases(
                session,
                {
                    "order_id": order,
                    "customer_id": cid,
                    "placed_at": day.isoformat(),
                    "lines": [{"sku": f"{group}-{rng.randint(1, 5)}", "product_group": group}],
                },
            )
            day += timedelta(days=rng.randint(10, 32))
    session.flush()


def test_the_model_learns_who_leaves_and_what_comes_next_and_says_how_well(uow):
    with uow.transaction() as session:
        history(session)
        model = predictions.train(session, NOW, 90)
        assert model.churn_auc is not None and model.churn_auc > 0.8, model.churn_auc
        assert model.next_group_hit_rate > model.next_group_baseline + 0.2  # better than the commonest group
        assert model.customers == 240
        scored = {p.customer_id: p for p in session.query(Prediction)}
        assert len(scored) == 240 and all(0 <= p.churn_risk <= 1 for p in scored.values())
        # the favourite group (80 % of their purchases) is what most are expected to buy next
        assert sum(p.next_group == GROUPS[cid % 3] for cid, p in scored.items()) > 0.6 * 240
        risky = selections.validate({"churn_risk": {"at_least": 0.7}})
        tools = selections.validate({"likely_next": {"product_group": "tools"}})
        at_risk = sum(p.churn_risk >= 0.7 for p in scored.values())
        assert 0 < at_risk < 240 and selections.size(session, risky, "SE", NOW) == at_risk
        expected_tools = sum(p.next_group == "tools" for p in scored.values())
        assert expected_tools > 0 and selections.size(session, tools, "SE", NOW) == expected_tools


def test_too_little_history_trains_nothing_it_cannot_judge(uow):
    with uow.transaction() as session:
        history(session, customers=5)
        model = predictions.train(session, NOW, 90)
        assert model.churn_auc is None and session.query(Prediction).count() == 0
