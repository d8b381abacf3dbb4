"""The order service's schemas (the public contract)."""

from decimal import Decimal

from crm_common.contracts import order as c

product_create = c.ProductCreate()
product_update = c.ProductUpdate()
product_out = c.ProductOut()
stock_received = c.StockReceived()
week_product_in = c.WeekProductIn()
delivery_method_in = c.DeliveryMethodIn()
delivery_method_out = c.DeliveryMethodOut()
order_create = c.OrderCreate()
order_preview_in = c.OrderPreviewIn()
order_out = c.OrderOut()
order_preview_out = c.OrderPreviewOut()
alternative_out = c.AlternativeOut()
suggestion_out = c.SuggestionOut()
web_order_in = c.WebOrderIn()
approval_in = c.ApprovalIn()
offer_create = c.OfferCreate()
offer_out = c.OfferOut()
payment_in = c.PaymentIn()
payment_out = c.PaymentOut()
delivery_in = c.DeliveryIn()
delivery_out = c.DeliveryOut()
invoice_out = c.InvoiceOut()
return_in = c.ReturnIn()
return_out = c.ReturnOut()
refund_out = c.RefundOut()
credit_out = c.CreditOut()
plan_in = c.PlanIn()
plan_out = c.PlanOut()
join_in = c.JoinIn()
leave_in = c.LeaveIn()
membership_out = c.MembershipOut()
exchange_rate_in = c.ExchangeRateIn()
exchange_rate_out = c.ExchangeRateOut()
quote_in = c.QuoteIn()
quote_out = c.QuoteOut()
accept_in = c.AcceptIn()
device_in = c.DeviceIn()
device_out = c.DeviceOut()
service_job_in = c.ServiceJobIn()
service_job_done = c.ServiceJobDone()
service_job_out = c.ServiceJobOut()


def device(found, jobs, today) -> dict:
    return device_out.dump(
        {
            **{
                k: getattr(found, k)
                for k in ("id", "serial", "sku", "name", "customer_id", "order_id", "sold_on")
            },
            "warranty_until": found.warranty_until,
            "under_warranty": today <= found.warranty_until,
            "service_jobs": jobs,
            "service_cost": sum((j.labour_cost + j.parts_cost for j in jobs), Decimal("0.00")),
            "charged_total": sum((j.charged for j in jobs), Decimal("0.00")),
        }
    )


product_sales_out = c.ProductSalesOut()
seller_sales_out = c.SellerSalesOut()
recurring_revenue_out = c.RecurringRevenueOut()


def membership(row) -> dict:
    found, plan = row
    return {**membership_out.dump(found), "plan": plan_out.dump(plan)}


def suggestion(product, together=None) -> dict:
    return {
        "sku": product.sku,
        "name": product.name,
        "price": str(product.price),
        "available": product.stock_on_hand - product.reserved,
        "orders_together": together,
    }


def suggestions(found: dict) -> dict:
    week = found["product_of_the_week"]
    return {
        "bought_together": [suggestion(p, n) for p, n in found["bought_together"]],
        "product_of_the_week": suggestion(week) if week is not None else None,
    }


def order_with_alternatives(order, alternatives: dict) -> dict:
    out = order_out.dump(order)
    out["alternatives"] = {sku: alternative_out.dump(found, many=True) for sku, found in alternatives.items()}
    return out
