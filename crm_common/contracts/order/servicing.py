"""Service and complaints: devices sold with a serial number, their warranty and service
jobs (O8)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.order.vocabulary import SKU, money, out_money


class DeviceIn(Schema):
    serial = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    sku = fields.Str(required=True, validate=SKU)
    customer_id = fields.Int(required=True, validate=validate.Range(1, None))
    order_id = fields.Int(allow_none=True, validate=validate.Range(1, None))
    sold_on = fields.Date(required=True)
    warranty_months = fields.Int(load_default=24, validate=validate.Range(0, 240))
    warranty_until = fields.Date(allow_none=True, metadata={"description": "instead of warranty_months"})


class ServiceJobIn(Schema):
    description = fields.Str(required=True, validate=validate.Length(min=1, max=2000))
    labour_cost = money(load_default="0.00")
    parts_cost = money(load_default="0.00")
    customer_caused = fields.Bool(
        load_default=False, metadata={"description": "damage the warranty does not cover"}
    )
    case_id = fields.Int(allow_none=True, validate=validate.Range(1, None))
    call_id = fields.Int(allow_none=True, validate=validate.Range(1, None))


class ServiceJobDone(Schema):
    labour_cost = money(allow_none=True)
    parts_cost = money(allow_none=True)


class ServiceJobOut(Schema):
    id = fields.Int()
    device_id = fields.Int()
    customer_id = fields.Int()
    description = fields.Str()
    status = fields.Str(metadata={"description": "open or done"})
    labour_cost = out_money()
    parts_cost = out_money()
    under_warranty = fields.Bool()
    charged = out_money(metadata={"description": "what the customer pays"})
    case_id = fields.Int(allow_none=True)
    call_id = fields.Int(allow_none=True)
    opened_on = fields.Date()
    done_on = fields.Date(allow_none=True)


class DeviceOut(Schema):
    id = fields.Int()
    serial = fields.Str()
    sku = fields.Str()
    name = fields.Str()
    customer_id = fields.Int()
    order_id = fields.Int(allow_none=True)
    sold_on = fields.Date()
    warranty_until = fields.Date()
    under_warranty = fields.Bool(metadata={"description": "today"})
    service_jobs = fields.List(fields.Nested(ServiceJobOut))
    service_cost = out_money(metadata={"description": "labour and parts of every job"})
    charged_total = out_money(metadata={"description": "what the customer paid for them"})
