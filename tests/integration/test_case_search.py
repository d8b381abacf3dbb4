"""Full-text search (K6, K7) on SQLite's FTS5 and PostgreSQL's tsvector: FAQ answers by
meaning-bearing words in any inflection, narrowed by category and language, and the
solved cases most like a new one."""

import pytest
from sqlalchemy.orm import sessionmaker

from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.case.knowledge import FaqIn
from crm_common.storage import UnitOfWork, create_db_engine
from services.case import cases, knowledge
from services.case.models import Case

FAQ = [
    {
        "question": "Varför är fakturan högre än vanligt?",
        "answer": "Fakturor efter prisändringen visar den nya taxan.",
        "language": "sv",
        "industry": "energi",
        "problem": "faktura",
    },
    {
        "question": "Hur byter jag leveransadress?",
        "answer": "Ändra adressen under Mina sidor innan paketet skickats.",
        "language": "sv",
        "problem": "leverans",
    },
    {
        "question": "Why is my invoice higher than usual?",
        "answer": "Invoices after the price change show the new rate.",
        "language": "en",
        "industry": "energy",
        "problem": "invoice",
    },
    {"question": "Gammalt svar om fakturor", "answer": "Ersatt.", "language": "sv", "published": False},
]


@pytest.fixture
def uow(db_url, migrated):
    engine = create_db_engine(migrated("case", db_url))
    yield UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None)
    engine.dispose()


def test_faq_search_finds_other_inflections_and_respects_the_filters(uow):
    with uow.transaction() as session:
        for entry in FAQ:
            knowledge.publish(session, load(FaqIn(), entry), "ann", utcnow())
    with uow.read() as session:
        found = knowledge.find(session, "min faktura", {"language": "sv"}, True, 10)
        assert [e.question for e, _ in found] == ["Varför är fakturan högre än vanligt?"]
        english = knowledge.find(session, "invoice", {"language": "en"}, True, 10)
        assert [e.language for e, _ in english] == ["en"]
        assert knowledge.find(session, "faktura", {"language": "sv", "industry": "bank"}, True, 10) == []
        # unpublished answers are for staff only
        staff = knowledge.find(session, "fakturor", {"language": "sv"}, False, 10)
        assert "Gammalt svar om fakturor" in [e.question for e, _ in staff]
        # query text is words only: quotes, operators and SQL do nothing
        for hostile in ('"fakt* OR', "'); DROP TABLE faq_entries; --", "NEAR(a b)", "!!! ***"):
            knowledge.find(session, hostile, {}, True, 10)
        assert len(knowledge.find(session, "", {}, True, 10)) == 3


def test_similar_cases_are_solved_ones_that_share_the_words_with_their_answer(uow):
    profile = {"customer_id": 1, "language": "sv"}
    with uow.transaction() as session:

        def open_(subject, description):
            body = load(CaseCreate(), {"customer_id": 1, "subject": subject, "description": description})
            return cases.open_case(session, body, "ann", profile, utcnow())

        leak = open_("Diskmaskinen läcker vatten", "Vatten på golvet efter varje disk")
        cases.reply(session, leak, "Byt packningen i luckan, art. 4411.", "ann", utcnow())
        cases.set_status(session, leak, "solved", "ann", utcnow())
        open_("Läckande diskmaskin igen", "Fortfarande vatten under maskinen")  # still open: not a solution
        other = open_("Fel på fakturan", "Beloppet stämmer inte")
        cases.set_status(session, other, "solved", "ann", utcnow())
        new = open_("Vatten läcker från diskmaskinen", "Det blir en pöl på golvet")
        new_id = new.id
    with uow.read() as session:
        found = knowledge.similar(session, session.get(Case, new_id))
        assert [(c.subject, answer) for c, _, answer in found["cases"]] == [
            ("Diskmaskinen läcker vatten", "Byt packningen i luckan, art. 4411.")
        ]
