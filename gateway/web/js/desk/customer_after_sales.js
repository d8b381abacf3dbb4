// After the sale, in the 360° view: where the parcels are (with the carrier's tracking
// page), what came back and why, refunds and payouts, invoices and credit notes; and on a
// tab of their own the customer's devices under warranty and memberships. Everything
// comes with the view itself (GET /api/customers/{id}/overview): opening a tab asks
// nothing more. A view handed over by a screen pop has no after-sales parts (they would
// slow the pop), so the tab then reads the whole view once.
import { html, useState, useEffect, Table, ErrorBox, day, when, money } from "../lib.js";
import { api } from "./session.js";

const PARTS = ["deliveries", "returns", "refunds", "invoices", "devices", "memberships"];

// The view came from a screen pop: read the whole view once.
function useWholeView(view, reload) {
  const missing = PARTS.some((p) => view[p] === undefined);
  useEffect(() => { if (missing) reload(); }, [missing]);
  return !missing;
}

function Part({ title, part, children }) {
  if (part === "unavailable") return html`<h3>${title}</h3><p class="error" data-unavailable>This part is not available right now.</p>`;
  return html`<h3>${title}</h3>${children}
    ${part.more && html`<p class="muted small" data-more>The newest ${part.items.length} are shown.</p>`}`;
}

// Only a link the server built from its table of carriers, and only to https.
function Tracking({ delivery }) {
  const url = delivery.tracking_url;
  const number = delivery.tracking_number || "–";
  if (!url || !url.startsWith("https://")) return html`<span>${number}</span>`;
  return html`<a href=${url} target="_blank" rel="noopener noreferrer" data-tracking>${number} ↗</a>`;
}

const DELIVERY_COLUMNS = [
  { label: "Sent", value: (d) => when(d.created_at) }, { label: "Order", key: "order_id" },
  { label: "Carrier", value: (d) => d.carrier || "–" }, { label: "Tracking", value: (d) => html`<${Tracking} delivery=${d} />` },
  { label: "Invoice", value: (d) => d.invoice_id || "–" },
];

const RETURN_COLUMNS = [
  { label: "Returned", value: (r) => day(r.created_at) }, { label: "Order", key: "order_id" },
  { label: "What and why", value: (r) => html`${r.lines.map((l) => html`<div data-reason>${l.quantity} × ${l.sku}: ${l.reason}</div>`)}` },
  { label: "Amount", num: true, value: (r) => money(r.amount, r.refund ? r.refund.currency : "") },
  { label: "Credit note", value: (r) => (r.credit_note_id ? `no. ${r.credit_note_id}` : "–") },
  { label: "Refund", value: (r) => (r.refund ? `${money(r.refund.amount, r.refund.currency)}, ${r.refund.status}` : "none") },
];

// Older deliveries or returns than the view holds: a page at a time, on request.
function Older({ customerId, kind, columns }) {
  const [rows, setRows] = useState(null);
  const [next, setNext] = useState(null);
  const [error, setError] = useState(null);
  const load = async (cursor) => {
    try {
      const page = await api("GET", `/api/customers/${customerId}/${kind}?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      setRows((old) => (cursor ? [...(old || []), ...page.items] : page.items));
      setNext(page.next_cursor);
      setError(null);
    } catch (err) { setError(err); }
  };
  if (!rows) return html`<button class="plain shrink" data-all=${kind} onClick=${() => load(null)}>Show all</button><${ErrorBox} error=${error} />`;
  return html`<${Table} name=${`all-${kind}`} rows=${rows} columns=${columns} />
    ${next && html`<button class="plain shrink" onClick=${() => load(next)}>More</button>`}<${ErrorBox} error=${error} />`;
}

export function AfterSales({ view, reload }) {
  if (!useWholeView(view, reload)) return html`<p class="loading">Loading…</p>`;
  const c = view.customer;
  const orders = Array.isArray(view.orders) ? view.orders : [];
  const waiting = orders.flatMap((o) => o.lines.filter((l) => !l.shipped).map((l) => ({ ...l, order: o.id, status: o.status })));
  return html`<div data-after-sales>
    <${Part} title="Deliveries" part=${view.deliveries}>
      <${Table} name="deliveries" rows=${view.deliveries.items} columns=${DELIVERY_COLUMNS} empty="Nothing sent yet." />
      ${view.deliveries.more && html`<${Older} customerId=${c.id} kind="deliveries" columns=${DELIVERY_COLUMNS} />`}
    </${Part}>
    ${waiting.length > 0 && html`<h3>Not sent yet</h3><${Table} name="waiting" rows=${waiting} columns=${[
      { label: "Order", key: "order" }, { label: "Product", key: "name" }, { label: "Qty", key: "quantity", num: true },
      { label: "When", value: (l) => (l.expected_on ? `expected ${l.expected_on}` : l.ships_now ? "ready to send" : "waiting") }]} />`}
    <${Part} title="Returns" part=${view.returns}>
      <${Table} name="returns" rows=${view.returns.items} columns=${RETURN_COLUMNS} empty="Nothing came back." />
      ${view.returns.more && html`<${Older} customerId=${c.id} kind="returns" columns=${RETURN_COLUMNS} />`}
    </${Part}>
    <${Part} title="Refunds and payouts" part=${view.refunds}>
      <${Table} name="refunds" rows=${view.refunds.items} columns=${[
        { label: "Refund", key: "id" }, { label: "Date", value: (r) => day(r.created_at) },
        { label: "Amount", num: true, value: (r) => money(r.amount, r.currency) }, { label: "Reason", key: "reason" },
        { label: "Status", value: (r) => (r.status === "paid" ? `paid ${day(r.paid_at)}` : r.status) }]} empty="No payouts." />
    </${Part}>
    <${Part} title="Invoices and credit notes" part=${view.invoices}>
      <${Table} name="invoices" rows=${view.invoices.items} columns=${[
        { label: "No.", key: "id" }, { label: "Kind", value: (i) => (i.kind === "credit_note" ? "credit note" : "invoice") },
        { label: "Order", key: "order_id" }, { label: "Issued", value: (i) => day(i.issued_on) }, { label: "Due", value: (i) => day(i.due_on) },
        { label: "Amount", num: true, value: (i) => money(i.amount, i.currency) },
        { label: "Open", num: true, value: (i) => money(i.open_amount, i.currency) }]} empty="No invoices." />
    </${Part}>
  </div>`;
}

function jobs(device) {
  if (device.service_jobs.length === 0) return "none";
  return html`${device.service_jobs.map((j) => html`<div data-job>${day(j.opened_on)} ${j.description} (${j.status}${j.under_warranty ? ", under warranty" : `, ${money(j.charged, "")}`})</div>`)}`;
}

export function DevicesAndMemberships({ view, reload }) {
  if (!useWholeView(view, reload)) return html`<p class="loading">Loading…</p>`;
  return html`<div data-devices-memberships>
    <${Part} title="Devices" part=${view.devices}>
      <${Table} name="devices" rows=${view.devices.items} columns=${[
        { label: "Product", key: "name" }, { label: "Serial", key: "serial" }, { label: "Sold", value: (d) => day(d.sold_on) },
        { label: "Warranty until", value: (d) => day(d.warranty_until) },
        { label: "Warranty", value: (d) => html`<span class=${d.under_warranty ? "ok" : "muted"} data-warranty>${d.under_warranty ? "valid" : "expired"}</span>` },
        { label: "Service jobs", value: jobs }]} empty="No registered devices." />
    </${Part}>
    <${Part} title="Memberships" part=${view.memberships}>
      <${Table} name="memberships" rows=${view.memberships.items} columns=${[
        { label: "Plan", value: (m) => m.plan.name }, { label: "Kind", value: (m) => m.plan.kind }, { label: "Status", key: "status" },
        { label: "Since", value: (m) => day(m.started_on) },
        { label: "Renews", value: (m) => (m.renews_on ? day(m.renews_on) : m.ended_on ? `ended ${day(m.ended_on)}` : "–") },
        { label: "Price", num: true, value: (m) => `${money(m.plan.price, m.plan.currency)} / ${m.plan.period_months} mo.` }]} empty="No memberships." />
    </${Part}>
  </div>`;
}
