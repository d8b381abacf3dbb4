"""The order service's schemas (the public contract)."""

from crm_common.contracts.order import OrderCreate, OrderOut, ProductCreate, ProductOut, WebOrderIn

product_create = ProductCreate()
product_out = ProductOut()
order_create = OrderCreate()
order_out = OrderOut()
web_order_in = WebOrderIn()
