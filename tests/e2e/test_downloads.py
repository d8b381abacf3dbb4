"""Files the gateway hands out under a name someone else chose: whatever the name, the
file can be had and the header is one line of Latin-1 (gateway/downloads.py)."""

import uuid
from email.message import EmailMessage
from urllib.parse import unquote

from tests.e2e.case_helpers import post_mail


def test_an_attachment_named_in_any_script_downloads_under_its_name(stack):
    t = uuid.uuid4().hex[:8]
    mail = EmailMessage()
    mail["From"] = f"Sender {t} <sender.{t}@example.se>"
    mail["To"] = "support@crm.example"
    mail["Subject"] = f"Invoice {t}"
    mail["Message-ID"] = f"<dl.{t}@example.se>"
    mail.set_content("See the attached files")
    names = [f"räkning €{t} 😀.pdf", f'quoted "{t}";\\x.pdf', f"plain-{t}.pdf"]
    for name in names:
        mail.add_attachment(name.encode(), maintype="application", subtype="pdf", filename=name)
    r = post_mail(stack, bytes(mail))
    assert r.status_code in (200, 201), r.text
    case_id = r.json()["case"]["id"]
    files = [
        a for e in stack.request("GET", f"/api/cases/{case_id}/journal").json() for a in e["attachments"]
    ]
    assert [f["filename"] for f in files] == names

    got = {}
    for f in files:
        r = stack.request("GET", f"/api/cases/{case_id}/attachments/{f['id']}")
        assert r.status_code == 200
        assert r.content == f["filename"].encode()
        got[f["filename"]] = r.headers["Content-Disposition"]
    euro = got[names[0]]
    assert euro.startswith(f"attachment; filename=\"rakning {t} .pdf\"; filename*=UTF-8''")
    assert unquote(euro.split("''", 1)[1]) == names[0]
    assert got[names[1]] == f'attachment; filename="quoted {t};x.pdf"'
    assert got[names[2]] == f'attachment; filename="plain-{t}.pdf"'
