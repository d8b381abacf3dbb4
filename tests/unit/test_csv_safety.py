"""CSV injection: no cell of an export is a formula to a spreadsheet, whoever typed it;
numbers stay numbers. Every CSV file comes from the gateway (the desk downloads the
server's), so the rule is in one place."""

import csv
import io
import json
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from crm_common.csv_safety import safe_cell, safe_rows
from gateway.tables import table

GUARDED = [
    '=HYPERLINK("http://evil.example","Click")',
    "+46 70 123 45 67",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "=",
    "-",
    "-1e3",
    "- 12",
    "-12.50 SEK",
]
KEPT = ["Åsa Lindqvist", "", "1+1", "12.50", "-120.00", "-7", "0", "a=b", " =1", "2026-12"]


@pytest.mark.parametrize("text", GUARDED)
def test_a_cell_that_begins_like_a_formula_gets_a_quote_in_front(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", KEPT)
def test_other_text_and_plain_numbers_in_text_are_left_alone(text):
    assert safe_cell(text) == text


def test_numbers_typed_as_numbers_are_left_alone():
    for value in (-5, -0.5, Decimal("-12.50"), 0, None, True):
        assert safe_cell(value) is value


def test_every_cell_of_every_row():
    rows = [{"name": "=1+1", "amount": Decimal("-3.00"), "n": -2}, {"name": "ok", "amount": "-3.00", "n": 1}]
    assert safe_rows(rows) == [
        {"name": "'=1+1", "amount": Decimal("-3.00"), "n": -2},
        {"name": "ok", "amount": "-3.00", "n": 1},
    ]


def test_the_gateways_csv_answer_is_guarded_and_its_json_is_not():
    rows = [{"name": '=HYPERLINK("x")', "revenue": "-10.00", "orders": -1}]
    answer = table(MultiDict({"format": "csv"}), rows, ["name", "revenue", "orders"], "t")
    (row,) = csv.DictReader(io.StringIO(answer.get_data(as_text=True)))
    assert row == {"name": '\'=HYPERLINK("x")', "revenue": "-10.00", "orders": "-1"}
    assert json.loads(table(MultiDict(), rows, ["name"], "t").get_data()) == rows
