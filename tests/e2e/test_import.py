"""Import through HTTP (a job with progress) and through the CLI with its progress bar."""

import json
import random
import subprocess
import sys

from tests.e2e.customer_helpers import unique_name
from tests.stack import ROOT


def csv_text():
    """Four rows: a customer, a broken phone, another customer, and the first one again."""
    names = [unique_name() for _ in range(3)]
    a, b = random.randint(1000000, 9999999), random.randint(1000000, 9999999)
    n = random.randint(1, 999)  # a house of its own: same name and address would be a look-alike
    rows = [
        f"Åsa;{names[0]};070-{a};Storgatan {n};411 38;Göteborg",
        f"Bo;{names[1]};inte ett nummer;Kungsgatan {n};111 43;Stockholm",
        f"Cia;{names[2]};08-{b};Sveavägen {n};111 57;Stockholm",
        f"Asa;{names[0]};+4670{a};Storg. {n};41138;Göteborg",
    ]
    return "Förnamn;Efternamn;Telefon;Adress;Postnr;Ort\n" + "\n".join(rows) + "\n"


MAPPING = {
    "given_name": "Förnamn",
    "family_name": "Efternamn",
    "phone": "Telefon",
    "street": "Adress",
    "postal_code": "Postnr",
    "city": "Ort",
}


def finished(stack, eventually, job_id):
    return eventually(
        lambda: (j := stack.request("GET", f"/api/imports/{job_id}").json())["status"] == "done" and j
    )


def test_an_import_job_reports_progress_and_every_row_worth_a_look(stack, eventually):
    r = stack.request(
        "POST",
        "/api/customers/import",
        role="supervisor",
        json={"csv": csv_text(), "mapping": MAPPING, "mode": "review"},
    )
    assert r.status_code == 202 and r.json()["total"] == 4
    job = finished(stack, eventually, r.json()["id"])
    assert (job["created"], job["queued"], job["failed"]) == (2, 1, 1)
    assert [(e["line"], e["outcome"]) for e in job["report"]] == [(3, "failed"), (5, "queued")]
    queued = job["report"][1]["review_id"]
    assert queued in [i["id"] for i in stack.request("GET", "/api/review").json()]


def test_a_file_can_be_uploaded_as_a_form(stack, eventually):
    files = {"file": ("kunder.csv", csv_text().encode("cp1252"), "text/csv")}
    r = stack.request(
        "POST",
        "/api/customers/import",
        role="supervisor",
        files=files,
        data={"mapping": json.dumps(MAPPING), "mode": "skip"},
    )
    assert r.status_code == 202 and r.json()["filename"] == "kunder.csv"
    job = finished(stack, eventually, r.json()["id"])
    assert (job["created"], job["skipped"], job["failed"]) == (2, 1, 1)


def test_an_agent_may_not_import_and_a_bad_mapping_is_400(stack):
    body = {"csv": csv_text(), "mapping": MAPPING}
    assert stack.request("POST", "/api/customers/import", json=body).status_code == 403
    r = stack.request(
        "POST",
        "/api/customers/import",
        role="supervisor",
        json={**body, "mapping": {"given_name": "Firstname"}},
    )
    assert r.status_code == 400 and "mapping.given_name" in r.json()["fields"]


def test_the_cli_imports_with_a_progress_bar(stack, tmp_path):
    path = tmp_path / "kunder.csv"
    path.write_text(csv_text())
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(MAPPING))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.customer.import_cli",
            str(path),
            "--mapping",
            str(mapping),
            "--mode",
            "link",
        ],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "3 created, 0 to review, 0 skipped, 1 failed of 4 rows" in result.stdout
    assert "line 3: failed" in result.stdout and "line 5: linked" in result.stdout
    assert "4/4" in result.stderr  # the progress bar reached the end


# bytes that are neither UTF-8 nor Windows-1252 (which leaves 0x81, 0x8d, 0x8f, 0x90, 0x9d
# undefined): a spreadsheet's own binary file, say
NOT_TEXT = b"PK\x03\x04\x81\x8d\x8f\x90\x9d"


def test_a_file_that_is_not_text_is_refused_by_name(stack, tmp_path):
    files = {"file": ("kunder.xlsx", NOT_TEXT, "application/octet-stream")}
    r = stack.request(
        "POST", "/api/customers/import", role="supervisor", files=files, data={"mapping": json.dumps(MAPPING)}
    )
    assert (r.status_code, r.json()["fields"]) == (400, {"file": "not UTF-8 or Windows-1252 text"})
    path = tmp_path / "kunder.xlsx"
    path.write_bytes(NOT_TEXT)
    result = subprocess.run(
        [sys.executable, "-m", "services.customer.import_cli", str(path), "--map", "given_name=Namn"],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "file: not UTF-8 or Windows-1252 text" in result.stderr and "Traceback" not in result.stderr
