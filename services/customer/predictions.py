"""Predictions (C13): who is about to stop buying, and what each customer is likeliest
to buy next — learnt from the selections' read model with scikit-learn, not hand-set.

With a horizon H (90 days): features are taken at T1 = now − 2H and the model learns
from what happened in [T1, T1 + H); it is then judged on the held-back period — features
at T2 = now − H, outcomes in [T2, now) — and the scores (ROC AUC for leaving, the hit
rate of the likeliest product group against always guessing the commonest) are kept with
the model. Finally it learns from the most recent period and scores every customer who
has bought something, as of now.

Frame per customer at a moment: days since the last purchase, orders in the last 90
and 365 days, distinct products, days since the last contact, mailings in the last 90
days, the tier, and the share of each of the most bought product groups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sqlalchemy import Row, delete, func, select
from sqlalchemy.orm import Session

from services.customer.models import Customer, Mailing, Prediction, PredictionModel, Purchase

TIER_ORDER = ("small", "standard", "major", "key")
TOP_GROUPS = 12
MIN_CUSTOMERS = 20


Buyers = dict[int, str | None]  # who bought in a period → the product group they bought first


@dataclass
class Frame:
    ids: list[int]
    x: np.ndarray


def _groups(session: Session) -> list[str]:
    rows = session.execute(
        select(Purchase.product_group, func.count())
        .where(Purchase.product_group.is_not(None))
        .group_by(Purchase.product_group)
        .order_by(func.count().desc())
        .limit(TOP_GROUPS)
    ).all()
    return [g for g, _ in rows if g is not None]  # None: left out by the query already


def features(session: Session, at: datetime, groups: list[str]) -> Frame:
    """One row per customer who had bought something before `at`."""
    bought = _purchases(session, at)
    if not bought:
        return Frame([], np.zeros((0, 0)))
    ids = [row[0] for row in bought]
    mailed = _mailings(session, at)
    people = _contact_and_tier(session, ids)
    rows = [_row(at, purchases, people.get(purchases[0], (None, "standard")), mailed) for purchases in bought]
    return Frame(ids, np.hstack([np.array(rows, dtype=float), _group_shares(session, at, ids, groups)]))


def _purchases(session: Session, at: datetime) -> Sequence[Row[int, datetime, int, int, int]]:
    """Per customer who bought before `at`, by id: the last purchase, orders in the last
    90 and 365 days, distinct products."""
    return session.execute(
        select(
            Purchase.customer_id,
            func.max(Purchase.ordered_at),
            func.count(func.distinct(Purchase.order_id)).filter(
                Purchase.ordered_at >= at - timedelta(days=90)
            ),
            func.count(func.distinct(Purchase.order_id)).filter(
                Purchase.ordered_at >= at - timedelta(days=365)
            ),
            func.count(func.distinct(Purchase.sku)),
        )
        .where(Purchase.ordered_at < at)
        .group_by(Purchase.customer_id)
        .order_by(Purchase.customer_id)
    ).all()


def _group_shares(session: Session, at: datetime, ids: list[int], groups: list[str]) -> np.ndarray:
    """Each customer's share of purchases in each of `groups`, a row per id."""
    index = {cid: i for i, cid in enumerate(ids)}
    shares = np.zeros((len(ids), len(groups)))
    for cid, group, n in session.execute(
        select(Purchase.customer_id, Purchase.product_group, func.count())
        .where(Purchase.ordered_at < at, Purchase.product_group.in_(groups))
        .group_by(Purchase.customer_id, Purchase.product_group)
    ):
        if group is not None:  # left out by the query already
            shares[index[cid], groups.index(group)] = n
    out: np.ndarray = shares / np.maximum(shares.sum(axis=1, keepdims=True), 1)
    return out


def _mailings(session: Session, at: datetime) -> dict[int, int]:
    """Mailings each customer received in the 90 days before `at`."""
    return dict(
        session.execute(
            select(Mailing.customer_id, func.count())
            .where(Mailing.sent_at < at, Mailing.sent_at >= at - timedelta(days=90))
            .group_by(Mailing.customer_id)
        ).all()
    )


def _contact_and_tier(session: Session, ids: list[int]) -> dict[int, tuple[datetime | None, str]]:
    return {
        cid: (contact, tier)
        for cid, contact, tier in session.execute(
            select(Customer.id, Customer.last_contact_at, Customer.tier).where(Customer.id.in_(ids))
        )
    }


def _row(
    at: datetime,
    purchases: Row[int, datetime, int, int, int],
    person: tuple[datetime | None, str],
    mailed: dict[int, int],
) -> list[int]:
    """A customer's features but the group shares, in the order the module's docstring names them."""
    cid, last, in_90, in_365, distinct = purchases
    contact, tier = person
    contact_days = (at - contact).days if contact is not None and contact < at else 3650
    return [
        (at - last).days,
        in_90,
        in_365,
        distinct,
        min(contact_days, 3650),
        mailed.get(cid, 0),
        TIER_ORDER.index(tier) if tier in TIER_ORDER else 1,
    ]


def buyers(session: Session, start: datetime, end: datetime) -> Buyers:
    """Who bought in [start, end), with the product group of their first purchase there."""
    first: Buyers = {}
    for cid, group in session.execute(
        select(Purchase.customer_id, Purchase.product_group)
        .where(Purchase.ordered_at >= start, Purchase.ordered_at < end)
        .order_by(Purchase.customer_id, Purchase.ordered_at, Purchase.id)
    ):
        first.setdefault(cid, group)
    return first


def _churn_model() -> Pipeline:
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced"))


def _group_model() -> Pipeline:
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def train(session: Session, now: datetime, horizon_days: int = 90) -> PredictionModel:
    """Learn, judge on the held-back period, then score everyone as of now."""
    h = timedelta(days=horizon_days)
    t1, t2 = now - 2 * h, now - h
    groups = _groups(session)
    train_f, test_f, now_f = (
        features(session, t1, groups),
        features(session, t2, groups),
        features(session, now, groups),
    )
    later_1, later_2 = buyers(session, t1, t2), buyers(session, t2, now)
    report = PredictionModel(trained_at=now, horizon_days=horizon_days, customers=len(now_f.ids))

    report.churn_auc, report.churn_base_rate = _judge_churn(train_f, later_1, test_f, later_2)
    hit, baseline = _judge_groups(train_f, later_1, test_f, later_2)
    report.next_group_hit_rate, report.next_group_baseline = hit, baseline
    session.add(report)
    session.flush()
    # the model that scores: learnt from the most recent whole period
    session.execute(delete(Prediction))
    if now_f.ids and _both_classes(test_f, later_2):
        _score_everyone(session, report, test_f, later_2, now_f, now)
    return report


def _judge_churn(
    train_f: Frame, later_1: Buyers, test_f: Frame, later_2: Buyers
) -> tuple[float | None, float | None]:
    """(the churn model's AUC on the held-back period, or None when a period lacks one of
    the classes; the share who left then)."""
    churn_auc = None
    y_test = np.array([cid not in later_2 for cid in test_f.ids])
    if _both_classes(train_f, later_1) and len(set(y_test)) == 2:
        y_train = np.array([cid not in later_1 for cid in train_f.ids])
        judged = _churn_model().fit(train_f.x, y_train)
        churn_auc = float(roc_auc_score(y_test, judged.predict_proba(test_f.x)[:, 1]))
    return churn_auc, float(y_test.mean()) if len(y_test) else None


def _score_everyone(
    session: Session,
    report: PredictionModel,
    test_f: Frame,
    later_2: Buyers,
    now_f: Frame,
    now: datetime,
) -> None:
    """A Prediction per customer as of now, from models learnt on the latest period."""
    churn = _churn_model().fit(test_f.x, np.array([cid not in later_2 for cid in test_f.ids]))
    risks = churn.predict_proba(now_f.x)[:, 1]
    next_groups = _fit_groups(test_f, later_2)
    guesses = next_groups.predict_proba(now_f.x) if next_groups is not None else None
    for i, cid in enumerate(now_f.ids):
        group, probability = None, None
        if guesses is not None and next_groups is not None:  # guesses come from next_groups
            best = int(np.argmax(guesses[i]))
            group, probability = str(next_groups.classes_[best]), float(guesses[i][best])
        session.add(
            Prediction(
                customer_id=cid,
                model_id=report.id,
                churn_risk=float(risks[i]),
                next_group=group,
                next_group_probability=probability,
                scored_at=now,
            )
        )
    session.flush()


def _both_classes(frame: Frame, later: Buyers) -> bool:
    if len(frame.ids) < MIN_CUSTOMERS:
        return False
    left = sum(cid not in later for cid in frame.ids)
    return 0 < left < len(frame.ids)


def _labelled(frame: Frame, later: Buyers) -> tuple[np.ndarray, np.ndarray]:
    keep = [i for i, cid in enumerate(frame.ids) if later.get(cid)]
    return frame.x[keep], np.array([later[frame.ids[i]] for i in keep])


def _fit_groups(frame: Frame, later: Buyers) -> Pipeline | None:
    x, y = _labelled(frame, later)
    if len(y) < MIN_CUSTOMERS or len(set(y)) < 2:
        return None
    return _group_model().fit(x, y)


def _judge_groups(
    train_f: Frame, later_1: Buyers, test_f: Frame, later_2: Buyers
) -> tuple[float | None, float | None]:
    model = _fit_groups(train_f, later_1)
    x, y = _labelled(test_f, later_2)
    if model is None or not len(y):
        return None, None
    hit = float(np.mean(model.predict(x) == y))
    commonest = Counter(_labelled(train_f, later_1)[1]).most_common(1)[0][0]
    return hit, float(np.mean(y == commonest))


def latest_model(session: Session) -> PredictionModel | None:
    return session.scalar(select(PredictionModel).order_by(PredictionModel.id.desc()).limit(1))


def of(session: Session, customer_id: int) -> Prediction | None:
    return session.get(Prediction, customer_id)
