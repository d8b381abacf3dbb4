"""Full-text search over the FAQ and the cases (K6, K7), in the database's own engine:
SQLite's FTS5 or PostgreSQL's tsvector with a GIN index.

The index tables (`fts_faq`, `fts_cases`) are written by this module in the same
transaction as the row they index, not by triggers: on SQLite a migration that rebuilds
a table would silently drop its triggers. On PostgreSQL each document is stemmed in its
own language; on SQLite the same Snowball stemmers (the `snowballstemmer` package) stem
the words before they are indexed and searched, and every query word matches as a
prefix, so `fakturor` finds `faktura` on both. Stop words (`stop-words` package) never
make two texts alike. User text reaches the query only as words of letters and digits,
passed as a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

import snowballstemmer
from sqlalchemy import DDL, MetaData, event, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.ddl import ExecutableDDLElement
from stop_words import StopWordError, get_stop_words

# the customer's language → PostgreSQL's text search configuration
PG_CONFIGS = {
    "sv": "swedish",
    "en": "english",
    "fi": "finnish",
    "no": "norwegian",
    "nb": "norwegian",
    "da": "danish",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "nl": "dutch",
    "it": "italian",
    "pt": "portuguese",
}
MAX_TERMS = 30
_WORD = re.compile(r"\w{2,}", re.UNICODE)


SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')"
)
POSTGRES_TABLE = (
    "CREATE TABLE IF NOT EXISTS {table} (id integer PRIMARY KEY REFERENCES {parent} (id) ON DELETE CASCADE,"
    " document tsvector NOT NULL);"
    " CREATE INDEX IF NOT EXISTS {table}_document ON {table} USING gin (document)"
)
TABLES = {"fts_faq": "faq_entries", "fts_cases": "cases"}


class _Stemmer(Protocol):
    """What this module uses of a `snowballstemmer` stemmer (the package has no types)."""

    def stemWord(self, word: str) -> str: ...


def created_with(metadata: MetaData) -> None:
    """Make `metadata.create_all` (the unit tests' schema) build the index tables too;
    the migrations build them for real databases."""
    for table, parent in TABLES.items():
        event.listen(metadata, "after_create", _ddl(SQLITE_TABLE.format(table=table), "sqlite"))
        event.listen(
            metadata, "after_create", _ddl(POSTGRES_TABLE.format(table=table, parent=parent), "postgresql")
        )


def _ddl(statement: str, dialect: str) -> ExecutableDDLElement:
    ddl = DDL(statement)  # type: ignore[no-untyped-call]  # SQLAlchemy leaves DDL.__init__ unannotated
    return ddl.execute_if(dialect=dialect)


def config_for(language: str | None) -> str:
    return PG_CONFIGS.get((language or "").lower(), "simple")


@lru_cache(maxsize=32)
def _stop_words(language: str | None) -> frozenset[str]:
    names = [PG_CONFIGS[language]] if language in PG_CONFIGS else ["swedish", "english"]
    found: set[str] = set()
    for name in names:
        try:
            found.update(get_stop_words(name))
        except StopWordError:
            pass
    return frozenset(found)


@lru_cache(maxsize=32)
def _stemmer(language: str | None) -> _Stemmer | None:
    name = PG_CONFIGS.get(language or "")
    if name not in snowballstemmer.algorithms():
        return None
    stemmer: _Stemmer = snowballstemmer.stemmer(name)
    return stemmer


def terms(query: str, language: str | None = None) -> list[str]:
    """The words of a query that carry meaning, once each, in order: nothing else of the
    text goes on."""
    stop = _stop_words(language)
    words = [w for w in _WORD.findall(query.lower()) if w not in stop and (not w.isdigit() or len(w) > 3)]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def _stemmed(words: list[str], language: str | None) -> list[str]:
    stems = _stems(language)
    return [stems(w) for w in words]


@lru_cache(maxsize=32)
def _stems(language: str | None) -> Callable[[str], str]:
    """word → stem for one language, remembered: the same words come again and again."""
    stemmer = _stemmer(language)
    if stemmer is None:
        return str
    return lru_cache(maxsize=50_000)(stemmer.stemWord)


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def index(
    session: Session, table: str, row_id: int, language: str | None, *parts: str | None, new: bool = False
) -> None:
    """(Re)index one document: `table` is fts_faq or fts_cases; `new` when it has never
    been indexed (nothing to remove first)."""
    assert table in TABLES
    body = "\n".join(p for p in parts if p)
    if not new:
        unindex(session, table, row_id)
    if _postgres(session):
        session.execute(
            text(
                f"INSERT INTO {table} (id, document)"
                " VALUES (:id, to_tsvector(CAST(:config AS regconfig), :body))"
            ),
            {"id": row_id, "config": config_for(language), "body": body},
        )
    else:
        words = _stemmed(_WORD.findall(body.lower()), language)
        session.execute(
            text(f"INSERT INTO {table} (rowid, body) VALUES (:id, :body)"),
            {"id": row_id, "body": " ".join(words)},
        )


def unindex(session: Session, table: str, row_id: int) -> None:
    assert table in TABLES
    key = "id" if _postgres(session) else "rowid"
    session.execute(text(f"DELETE FROM {table} WHERE {key} = :id"), {"id": row_id})


def ranked(
    session: Session, table: str, query: str, language: str | None, limit: int, every: bool = False
) -> list[tuple[int, float]]:
    """Ids of the documents that share words with `query`, best first, with a score
    (higher is better): with `every`, documents with all its words (a search box); else
    any word counts, rarer words and more of them counting more (likeness)."""
    assert table in TABLES
    words = terms(query, language)
    if not words:
        return []
    if _postgres(session):
        expression = (" & " if every else " | ").join(f"{w}:*" for w in words)
        rows = session.execute(
            text(
                f"SELECT id, ts_rank_cd(document, q) AS score FROM {table},"
                " to_tsquery(CAST(:config AS regconfig), :expression) AS q"
                " WHERE document @@ q ORDER BY score DESC, id DESC LIMIT :limit"
            ),
            {"config": config_for(language), "expression": expression, "limit": limit},
        )
        return [(row_id, float(score)) for row_id, score in rows]
    expression = (" AND " if every else " OR ").join(f'"{w}"*' for w in _stemmed(words, language))
    rows = session.execute(
        text(
            f"SELECT rowid, bm25({table}) AS score FROM {table} WHERE {table} MATCH :expression"
            " ORDER BY score, rowid DESC LIMIT :limit"
        ),
        {"expression": expression, "limit": limit},
    )
    return [(row_id, -float(score)) for row_id, score in rows]  # bm25: lower is better
