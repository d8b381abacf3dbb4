"""crm_common.contracts.load and dump: what every entrypoint does with a request and an answer."""

from decimal import Decimal

import pytest
from marshmallow import Schema, fields

from crm_common.contracts import dump, instance, load
from crm_common.errors import InvalidInput


class LineIn(Schema):
    quantity = fields.Int(required=True)
    price = fields.Decimal(required=True)
    note = fields.Str(load_default="")


class LineOut(Schema):
    quantity = fields.Int()
    price = fields.Decimal(as_string=True)


def test_a_schema_named_by_its_class_loads_like_an_instance():
    data = {"quantity": 2, "price": "9.50"}
    assert load(LineIn, data) == load(LineIn(), data) == {"quantity": 2, "price": Decimal("9.50"), "note": ""}


def test_a_bad_field_is_named_whichever_way_the_schema_is_given():
    with pytest.raises(InvalidInput) as err:
        load(LineIn, {"quantity": 2.5, "price": "1"})
    assert "quantity" in err.value.fields


def test_dump_answers_one_or_many_and_shares_one_instance():
    line = {"quantity": 3, "price": Decimal("1.25")}
    assert dump(LineOut, line) == {"quantity": 3, "price": "1.25"}
    assert dump(LineOut, [line, line], many=True) == [{"quantity": 3, "price": "1.25"}] * 2
    assert instance(LineOut) is instance(LineOut)
