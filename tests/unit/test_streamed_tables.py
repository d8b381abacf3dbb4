"""A list downloaded whole as CSV: every page of it, one after the other, in one file,
with each cell guarded against formulas like every other export."""

import csv
import io

from gateway.tables import streamed_table

COLUMNS = ["id", "name"]


def pages_of(rows, asked):
    def fetch(after_id, limit):
        asked.append((after_id, limit))
        return [r for r in rows if r["id"] > after_id][:limit]

    return fetch


def read(response):
    return list(csv.reader(io.StringIO("".join(response.response))))


def test_every_page_goes_into_the_file_and_the_pages_are_asked_for_by_the_last_id():
    rows = [{"id": n, "name": f"Kund {n}", "tier": "key"} for n in range(1, 8)]
    asked = []
    response = streamed_table(pages_of(rows, asked), COLUMNS, "selection-1", page=3)
    assert asked == [(0, 3)]  # the first page before the answer starts, the rest as it is read
    assert read(response) == [COLUMNS] + [[str(n), f"Kund {n}"] for n in range(1, 8)]
    assert asked == [(0, 3), (3, 3), (6, 3)]
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="selection-1.csv"'
    assert response.exported == {"what": "selection-1", "rows": None, "format": "text/csv"}


def test_a_page_exactly_full_asks_once_more_and_an_empty_list_is_the_header_alone():
    rows = [{"id": n, "name": '=HYPERLINK("http://evil.example")'} for n in (1, 2)]
    asked = []
    found = read(streamed_table(pages_of(rows, asked), COLUMNS, "x", page=2))
    assert [r[1] for r in found[1:]] == ['\'=HYPERLINK("http://evil.example")'] * 2
    assert asked == [(0, 2), (2, 2)]
    assert read(streamed_table(pages_of([], []), COLUMNS, "x")) == [COLUMNS]
