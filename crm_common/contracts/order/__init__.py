"""The order service's contracts, one module per sub-domain; a schema is imported from
its own module (there are no re-exports here):

- products: the catalogue, product of the week, suggestions, delivery methods
- stock: goods arriving
- orders: order entry, preview, the order as answered, approval
- web_orders: an order from a web shop
- offers: discounts to a customer or everyone
- deliveries: shipping an order
- invoices: invoices, credit notes and payments
- returns: returned goods and refunds
- credit: a customer's credit situation
- exchange_rates: currencies' rates
- quotes: quotes with variants, and accepting one
- servicing: devices, warranty and service jobs
- memberships: club and subscription plans, joining and leaving
- statistics: sales and recurring revenue by month
- vocabulary: what they share (payment methods, sku, currency, money fields)
"""
