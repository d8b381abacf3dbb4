"""CSV import (C11): mapping, encodings, matching on the way in, broken rows, resuming."""

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import func, select

from crm_common.errors import InvalidInput
from services.customer import importing
from services.customer.models import Base, Customer, ImportJob
from services.customer.service import CustomerService

CSV = """Förnamn;Efternamn;Telefon;E-post;Gatuadress;Postnr;Ort
Åsa;Lindqvist;070-123 45 67;asa@example.se;Storgatan 1;411 38;Göteborg
Bo;Ek;not a phone;bo@example.se;Kungsgatan 2;111 43;Stockholm
Cia;Berg;08-555 66 77;cia@example.se;Sveavägen 3;111 57;Stockholm
Asa;Lindqvist;+46 70 123 45 67;;Storg. 1;41138;Göteborg
"""
MAPPING = {
    "given_name": "Förnamn",
    "family_name": "Efternamn",
    "phone": "Telefon",
    "email": "E-post",
    "street": "Gatuadress",
    "postal_code": "Postnr",
    "city": "Ort",
}


@pytest.fixture
def svc(uow_factory):
    return worker_factory(CustomerService, db=uow_factory(Base))


def run(svc, mode="review", text=CSV, mapping=MAPPING):
    job = svc.start_import({"csv": text, "mapping": mapping, "mode": mode}, "ann")
    svc.on_import_started({"event_id": "e", "data": {"import_id": job["id"]}})
    return svc.get_import(job["id"])


def outcomes(job):
    return [(e["line"], e["outcome"]) for e in job["report"]]


def test_rows_are_matched_on_the_way_in_and_a_broken_row_is_reported(svc):
    job = run(svc)
    assert (job["status"], job["total"], job["done"]) == ("done", 4, 4)
    assert (job["created"], job["queued"], job["failed"]) == (2, 1, 1)
    assert outcomes(job) == [(3, "failed"), (5, "queued")]
    assert "phones.0.number" in job["report"][0]["fields"]
    assert len(svc.list_review()) == 1 and svc.list_review()[0]["source"] == "import"


def test_link_mode_creates_look_alikes_and_names_them(svc):
    job = run(svc, mode="link")
    assert (job["created"], job["queued"]) == (3, 0)
    linked = job["report"][1]
    assert linked["outcome"] == "linked" and linked["look_alikes"] == [1]


def test_skip_mode_leaves_look_alikes_out(svc):
    job = run(svc, mode="skip")
    assert (job["created"], job["skipped"], outcomes(job)) == (2, 1, [(3, "failed"), (5, "skipped")])


def test_windows_1252_and_comma_separated_files_are_read(svc):
    raw = "Namn,Telefon\nÅke Öberg,070-1112233\n".encode("cp1252")
    job = svc.start_import(
        {"csv": importing.decode_upload(raw), "mapping": {"name": "Namn", "phone": "Telefon"}}, "a"
    )
    svc.on_import_started({"event_id": "e", "data": {"import_id": job["id"]}})
    assert svc.search_customers("Öberg")[0]["name"] == "Åke Öberg"


def test_constants_in_the_mapping(svc):
    run(
        svc,
        text="Firma;Orgnr\nAcme AB;556036-0793\n",
        mapping={"kind": "=organisation", "name": "Firma", "org_number": "Orgnr"},
    )
    assert svc.search_customers("Acme")[0]["org_number"] == "5560360793"


def test_a_mapping_naming_a_missing_column_is_refused(svc):
    with pytest.raises(InvalidInput) as err:
        svc.start_import({"csv": CSV, "mapping": {"given_name": "Fornamn"}}, "ann")
    assert "mapping.given_name" in err.value.fields


def test_an_interrupted_import_resumes_without_importing_a_row_twice(svc):
    job = svc.start_import({"csv": CSV, "mapping": MAPPING, "mode": "link"}, "ann")
    with svc.db.transaction() as session:  # the first batch, then the process dies
        importing.process_batch(session, session.get(ImportJob, job["id"]), "SE", size=2)
    assert svc.get_import(job["id"])["done"] == 2
    svc.on_import_started({"event_id": "e", "data": {"import_id": job["id"]}})  # redelivered
    done = svc.get_import(job["id"])
    with svc.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == done["created"] == 3


def test_a_finished_import_keeps_no_copy_of_the_file(svc):
    """The file holds every row's personal data; once the rows are in, it goes, so an
    erased person's row is not left behind in it."""
    job = run(svc)
    assert job["status"] == "done" and job["report"]  # the report stays
    with svc.db.read() as session:
        assert session.get(ImportJob, job["id"]).content == ""
    svc.on_import_started({"event_id": "e", "data": {"import_id": job["id"]}})  # redelivered
    again = svc.get_import(job["id"])
    assert (again["done"], again["created"], again["report"]) == (job["done"], job["created"], job["report"])
