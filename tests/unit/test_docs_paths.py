"""The README and docs/ name files to read; each named file exists, so a move or a split
that forgets the docs fails here rather than sending a newcomer nowhere."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TOP = ("services", "gateway", "crm_common", "tests", "docs", "deploy", "bench", ".ci")
# a path in backquotes, from one of the project's top folders; placeholders are skipped
NAMED = re.compile(r"`((?:" + "|".join(re.escape(t) for t in TOP) + r")/[A-Za-z0-9_./-]+)`")


def named_paths() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for doc in DOCS:
        for path in NAMED.findall(doc.read_text()):
            found.setdefault(path.rstrip("/."), []).append(doc.name)
    return found


def test_every_file_the_docs_name_exists():
    named = named_paths()
    assert len(named) > 20, "the check read nothing"
    assert {path: docs for path, docs in named.items() if not (ROOT / path).exists()} == {}
