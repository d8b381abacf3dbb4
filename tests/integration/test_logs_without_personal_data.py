"""No personal data in the logs: a failing statement's error carries none of its values on
either database, and the log line written for it (through the filter every process's
handler runs, deploy/nameko.yaml) carries none of what the database adds either."""

import logging

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from crm_common.errors import Conflict
from crm_common.log_privacy import NoPersonalData
from crm_common.storage import create_db_engine

EMAIL = "maja.berg.private@example.se"
NAME = "Maja Privatsson"
PHONE = "+46701234567"


@pytest.fixture
def logged():
    """(logger, lines): a logger whose handler runs the filter, and what it wrote."""
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Keep()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(NoPersonalData())
    logger = logging.getLogger("tests.privacy")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger, lines
    logger.removeHandler(handler)


def test_a_failing_statement_names_no_value_in_its_error_or_log_line(db_url, logged):
    logger, lines = logged
    engine = create_db_engine(db_url)
    meta = sa.MetaData()
    people = sa.Table(
        "people",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(100), unique=True),
        sa.Column("phone", sa.String(20)),
    )
    meta.create_all(engine)
    try:
        with engine.begin() as conn:
            conn.execute(people.insert(), {"name": NAME, "email": EMAIL, "phone": PHONE})
        with pytest.raises(IntegrityError) as err, engine.begin() as conn:
            conn.execute(people.insert(), {"name": NAME, "email": EMAIL, "phone": PHONE})
        statement_text = str(err.value)
        assert "INSERT INTO people" in statement_text  # the statement is there to debug by
        assert NAME not in statement_text and PHONE not in statement_text
        try:
            raise err.value
        except IntegrityError:
            logger.exception("could not store customer %s", 42)
        written = "\n".join(lines)
        assert "could not store customer 42" in written and "IntegrityError" in written
        for value in (NAME, EMAIL, PHONE):
            assert value not in written  # PostgreSQL's "Key (email)=(…)" too
    finally:
        meta.drop_all(engine)
        engine.dispose()


def test_a_refusal_is_logged_as_its_type_and_fields_not_its_message(logged):
    logger, lines = logged
    refusal = Conflict(f"user {EMAIL} exists", {"username": "already taken"})
    try:
        raise refusal
    except Conflict as exc:
        logger.warning("(expected) error handling worker %s: %s", "<worker>", exc, exc_info=True)
    assert lines == ["WARNING tests.privacy: (expected) error handling worker <worker>: Conflict(username)"]


def test_an_access_log_line_keeps_the_path_and_loses_the_query_string(logged):
    logger, lines = logged
    logger.info(
        '127.0.0.1 - - [07/Dec/2026 16:00:00] "GET /api/customers/search?q=Maja+Privatsson&limit=5 HTTP/1.1"'
        " 200 512 0.004"
    )
    logger.info("a link: http://127.0.0.1:8000/api/customers/by-phone?number=0701234567")
    logger.info("ids 811228-9874 and 19811228-9874, at 2026-12-07 16:00:00.123456, call 4711")
    assert lines == [
        'INFO tests.privacy: 127.0.0.1 - - [07/Dec/2026 16:00:00] "GET /api/customers/search HTTP/1.1"'
        " 200 512 0.004",
        "INFO tests.privacy: a link: http://127.0.0.1:8000/api/customers/by-phone",
        "INFO tests.privacy: ids [hidden] and [hidden], at 2026-12-07 16:00:00.123456, call 4711",
    ]
