"""Customers that are one: the duplicate pairs of a scan joined into groups (C2).

If A is a duplicate of B and of C, then B and C are one customer too, even when the two
copies share nothing but a name (one kept the phone, the other the e-mail) and were never
found alike by themselves. Such a pair is added to the report with the customers that
link it (`via`). Groups are what an agent merges.

Joining is greedy, most alike pair first, and refuses to put two customers in one group
when something that tells people apart disagrees between them (verdicts.told_apart: an id
or birthday, or another given name with nothing personal alike): one wrong pair must not
chain two real people together.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from services.customer.models import Customer, DuplicateGroupMember, DuplicatePair, DuplicateScan
from services.customer.profiles import Profile
from services.customer.scoring import Frequencies, compare, probability
from services.customer.verdicts import agreeing, told_apart

Pair = tuple[float, int, int]  # (score, first id, second id), first id the lower
Compared = dict[tuple[int, int], tuple[float, dict[str, Any]]]  # (a, b) → (score, reasons)


class _Groups:
    """Union–find over customer ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        ma, mb = self.members.pop(ra, [ra]), self.members.pop(rb, [rb])
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        self.parent[rb] = ra
        self.members[ra] = ma + mb

    def group_of(self, x: int) -> list[int]:
        """Every customer in x's group: x alone until it is joined to another."""
        return self.members.get(self.find(x), [x])


def join(
    pairs: list[Pair],
    profiles: dict[int, Profile],
    freq: Frequencies,
) -> tuple[list[list[int]], Compared]:
    """Groups of customers, most alike pair first; a pair whose groups hold two customers
    that are told apart is left out. Returns the groups and every pair compared on the way
    (low id first → (score, reasons))."""
    groups = _Groups()
    seen: Compared = {}
    for _, a, b in sorted(pairs, reverse=True):
        if groups.find(a) == groups.find(b):
            continue
        fits = True
        for x in groups.group_of(a):
            for y in groups.group_of(b):
                key = (min(x, y), max(x, y))
                if (x, y) == (a, b):
                    continue  # the pair itself was judged by the scan
                if key not in seen:
                    weight, reasons = compare(profiles[key[0]], profiles[key[1]], freq)
                    seen[key] = (probability(weight), reasons)
                if told_apart(seen[key][1]):
                    fits = False
                    break
            if not fits:
                break
        if fits:
            groups.join(a, b)
    return [sorted(m) for m in groups.members.values()], seen


def path(edges: dict[int, set[int]], start: int, goal: int) -> list[int]:
    """The customers between start and goal along duplicate pairs (shortest way)."""
    came = {start: start}
    todo = deque([start])
    while todo:
        x = todo.popleft()
        if x == goal:
            break
        for y in edges.get(x, ()):
            if y not in came:
                came[y] = x
                todo.append(y)
    way: list[int] = []
    x = came.get(goal, start)
    while x != start:
        way.append(x)
        x = came[x]
    return way[::-1]


BATCH = 500  # components of three or more read together


def store(
    session: Session,
    scan: DuplicateScan,
    load_profiles: Callable[[set[int]], dict[int, Profile]],
    frequencies: Callable[[dict[int, Profile]], Frequencies],
) -> None:
    """Group the scan's duplicate pairs, add the pairs the groups imply, and record each
    group's members. `load_profiles(ids)` and `frequencies(profiles)` come from the scan."""
    rows = session.execute(
        select(DuplicatePair.score, DuplicatePair.first_id, DuplicatePair.second_id).where(
            DuplicatePair.scan_id == scan.id, DuplicatePair.verdict == "duplicate"
        )
    ).all()
    pairs: list[Pair] = [(score, first, second) for score, first, second in rows]
    by_component: dict[int, list[Pair]] = {}
    finder = _Groups()
    for _, a, b in pairs:
        finder.join(a, b)
    for pair in pairs:
        by_component.setdefault(finder.find(pair[1]), []).append(pair)
    groups: list[list[int]] = []
    bigger: list[tuple[list[int], list[Pair]]] = []
    for component_pairs in by_component.values():
        members = finder.group_of(component_pairs[0][1])
        if len(members) == 2:
            groups.append(sorted(members))
        else:
            bigger.append((members, component_pairs))
    for start in range(0, len(bigger), BATCH):  # profiles and frequencies read per batch
        batch = bigger[start : start + BATCH]
        profiles = load_profiles({m for members, _ in batch for m in members})
        freq = frequencies(profiles)
        implied: list[dict[str, Any]] = []
        for _, component_pairs in batch:
            component_pairs = [p for p in component_pairs if p[1] in profiles and p[2] in profiles]
            found, seen = join(component_pairs, profiles, freq)
            groups.extend(found)
            implied.extend(_implied(found, component_pairs, seen))
        _write_implied(session, scan, implied)
    if groups:
        session.execute(
            insert(DuplicateGroupMember),
            [{"scan_id": scan.id, "customer_id": c, "group_id": g[0]} for g in groups for c in g],
        )
    scan.groups = len(groups)


def _implied(groups: list[list[int]], component_pairs: list[Pair], seen: Compared) -> list[dict[str, Any]]:
    """The pairs inside the groups that the scan did not call duplicates by themselves."""
    direct = {(a, b) for _, a, b in component_pairs}
    edges: dict[int, set[int]] = {}
    for a, b in direct:
        edges.setdefault(a, set()).add(b)
        edges.setdefault(b, set()).add(a)
    out: list[dict[str, Any]] = []
    for members in groups:
        inside = set(members)
        within = {x: edges.get(x, set()) & inside for x in members}
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (a, b) not in direct:
                    score, reasons = seen[(a, b)]
                    out.append(
                        {
                            "first_id": a,
                            "second_id": b,
                            "score": round(score, 4),
                            "verdict": "duplicate",
                            "reasons": reasons,
                            "via": path(within, a, b),
                        }
                    )
    return out


def _write_implied(session: Session, scan: DuplicateScan, pairs: list[dict[str, Any]]) -> None:
    """A pair the scan kept for review becomes a duplicate; one it did not keep is added."""
    if not pairs:
        return
    kept = {
        (first, second): pair_id
        for pair_id, first, second in session.execute(
            select(DuplicatePair.id, DuplicatePair.first_id, DuplicatePair.second_id).where(
                DuplicatePair.scan_id == scan.id, DuplicatePair.first_id.in_({p["first_id"] for p in pairs})
            )
        )
    }
    changed = [p for p in pairs if (p["first_id"], p["second_id"]) in kept]
    if changed:
        session.execute(
            update(DuplicatePair),
            [
                {"id": kept[(p["first_id"], p["second_id"])], "verdict": "duplicate", "via": p["via"]}
                for p in changed
            ],
        )
    new = [{"scan_id": scan.id, **p} for p in pairs if (p["first_id"], p["second_id"]) not in kept]
    if new:
        session.execute(insert(DuplicatePair), new)
        scan.pairs += len(new)


def listing(session: Session, scan: DuplicateScan, limit: int) -> list[dict[str, Any]]:
    """The scan's groups, biggest first: [{"id", "size", "members": [{"id", "name"}],
    "ties": [{"first_id", "second_id", "score", "agreeing": [field], "via": [id]}]}] — the
    ties say why the members are one."""
    chosen = _biggest_groups(session, scan, limit)
    members, group_of = _members(session, scan, [g for g, _ in chosen])
    ties = _ties(session, scan, group_of)
    return [{"id": g, "size": n, "members": members[g], "ties": ties[g]} for g, n in chosen]


def _biggest_groups(session: Session, scan: DuplicateScan, limit: int) -> list[tuple[int, int]]:
    """Up to `limit` of the scan's groups, biggest first: (group id, size)."""
    size = func.count().label("size")
    chosen = session.execute(
        select(DuplicateGroupMember.group_id, size)
        .where(DuplicateGroupMember.scan_id == scan.id)
        .group_by(DuplicateGroupMember.group_id)
        .order_by(size.desc(), DuplicateGroupMember.group_id)
        .limit(limit)
    ).all()
    return [(g, n) for g, n in chosen]


def _members(
    session: Session, scan: DuplicateScan, groups: list[int]
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, int]]:
    """The groups' members ({"id", "name"}, by id) and each member's group."""
    members: dict[int, list[dict[str, Any]]] = {g: [] for g in groups}
    rows = session.execute(
        select(DuplicateGroupMember.group_id, Customer.id, Customer.name)
        .join(Customer, Customer.id == DuplicateGroupMember.customer_id)
        .where(DuplicateGroupMember.scan_id == scan.id, DuplicateGroupMember.group_id.in_(members))
        .order_by(Customer.id)
    )
    group_of: dict[int, int] = {}
    for group_id, customer_id, name in rows:
        members[group_id].append({"id": customer_id, "name": name})
        group_of[customer_id] = group_id
    return members, group_of


def _ties(session: Session, scan: DuplicateScan, group_of: dict[int, int]) -> dict[int, list[dict[str, Any]]]:
    """The duplicate pairs within each group (`group_of`: each member's group)."""
    ties: dict[int, list[dict[str, Any]]] = {g: [] for g in group_of.values()}
    pairs = session.execute(
        select(
            DuplicatePair.first_id,
            DuplicatePair.second_id,
            DuplicatePair.score,
            DuplicatePair.reasons,
            DuplicatePair.via,
        )
        .where(
            DuplicatePair.scan_id == scan.id,
            DuplicatePair.verdict == "duplicate",
            DuplicatePair.first_id.in_(group_of),
        )
        .order_by(DuplicatePair.first_id, DuplicatePair.second_id)
    )
    for first, second, score, reasons, via in pairs:
        group = group_of.get(first)
        if group is not None and group_of.get(second) == group:
            ties[group].append(
                {
                    "first_id": first,
                    "second_id": second,
                    "score": score,
                    "agreeing": agreeing(reasons),
                    "via": via or [],
                }
            )
    return ties
