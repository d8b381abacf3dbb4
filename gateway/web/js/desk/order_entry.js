// Order entry: what is in stock now, what it costs, alternatives, and how the order is
// delivered and paid, before it is placed.
import { html, useState, useEffect, useLoad, useForm, ErrorBox, Table, money } from "../lib.js";
import { api } from "./session.js";

// The payment methods the order service takes (crm_common/contracts/order/vocabulary.py).
const PAYMENT = [["invoice", "Invoice"], ["card", "Card"], ["prepayment", "Prepayment"], ["cash_on_delivery", "Cash on delivery"]];
const paidBy = (code) => (PAYMENT.find(([c]) => c === code) || [code, code])[1];
const oneLine = (a) => `${a.street}, ${a.postal_code} ${a.city}${a.country ? `, ${a.country}` : ""}`;

export function OrderEntryPage({ customerId }) {
  // Stock is read again when the form opens, with every change of the basket and after
  // each order: what the agent sees is what can ship now.
  const [products, error, restock] = useLoad(() => api("GET", "/api/products"), []);
  const [customer] = useLoad(() => api("GET", `/api/customers/${customerId}`), [customerId]);
  const [methods] = useLoad(() => api("GET", "/api/delivery-methods"), []);
  const [credit, , recount] = useLoad(() => api("GET", `/api/customers/${customerId}/credit`).catch(() => null), [customerId]);
  const [terms, setTerm] = useForm({ delivery_method: "", address: "0", payment_method: "invoice", street: "", postal_code: "", city: "", country: "" });
  const [lines, setLines] = useState([]);
  const [sku, setSku] = useState("");
  const [quantity, setQuantity] = useState(1);
  const [preview, setPreview] = useState(null);
  const [placed, setPlaced] = useState(null);
  const [suggestions, setSuggestions] = useState(null);
  const [problem, setProblem] = useState(null);
  const addresses = (customer && customer.addresses) || [];
  const priced = (ls) => ({
    customer_id: Number(customerId), lines: ls.map((l) => ({ sku: l.sku, quantity: Number(l.quantity) })),
    delivery_method: terms.delivery_method || null, payment_method: terms.payment_method,
  });
  const deliverTo = () => {
    if (terms.address === "other") return { street: terms.street, postal_code: terms.postal_code, city: terms.city, country: terms.country || null };
    const a = addresses[Number(terms.address)];
    return a ? { street: a.street, postal_code: a.postal_code, city: a.city, country: a.country || null } : null;
  };
  useEffect(() => {
    if (lines.length === 0) { setPreview(null); return undefined; }
    let live = true;
    restock();
    Promise.all([
      api("POST", "/api/orders/preview", priced(lines)),
      api("GET", `/api/products/suggestions?skus=${encodeURIComponent(lines.map((l) => l.sku).join(","))}`),
    ]).then(([p, offer]) => { if (live) { setPreview(p); setSuggestions(offer); setProblem(null); } },
      (err) => { if (live) { setProblem(err); setPreview(null); } });
    return () => { live = false; };
  }, [lines, terms.delivery_method, terms.payment_method]);
  const ask = (ls) => { setLines(ls); setPlaced(null); };
  const add = (e) => {
    e.preventDefault();
    if (!sku) return;
    const old = lines.find((l) => l.sku === sku);
    ask([...lines.filter((l) => l.sku !== sku), { sku, quantity: Number(quantity) + (old ? Number(old.quantity) : 0) }]);
  };
  const place = async () => {
    try {
      setPlaced(await api("POST", "/api/orders", { ...priced(lines), delivery_address: deliverTo() }));
      setProblem(null); setLines([]); restock(); recount();
    } catch (err) { setProblem(err); }
  };
  if (error) return html`<${ErrorBox} error=${error} />`;
  const stock = new Map((products || []).map((p) => [p.sku, p]));
  return html`<section data-view="order-entry">
    <h1>New order${customer ? ` for ${customer.name}` : ""}</h1>
    <form class="card row" onSubmit=${add}>
      <label>Product<select name="sku" value=${sku} onChange=${(e) => setSku(e.target.value)}>
        <option value="">— choose —</option>
        ${(products || []).map((p) => html`<option value=${p.sku}>${p.name} (${p.available} in stock, ${money(p.price, p.currency)})</option>`)}</select></label>
      <label class="shrink">Quantity<input name="quantity" type="number" min="1" value=${quantity} onInput=${(e) => setQuantity(e.target.value)} /></label>
      <button type="submit">Add</button>
    </form>
    <${Terms} terms=${terms} setTerm=${setTerm} methods=${methods} addresses=${addresses} credit=${credit} />
    <${ErrorBox} error=${problem} />
    ${preview && html`<div class="card" data-preview>
      <${Table} name="order-lines" rows=${preview.lines} columns=${[
        { label: "Product", key: "name" }, { label: "Qty", key: "quantity", num: true },
        { label: "In stock", num: true, value: (l) => (stock.has(l.sku) ? stock.get(l.sku).available : "") },
        { label: "Ships", value: (l) => (l.ships_now ? html`<span class="badge answered">ships now</span>` : html`<span class="badge ringing">${l.expected_on ? `from ${l.expected_on}` : "not in stock"}</span>`) },
        { label: "Price", num: true, value: (l) => money(l.line_total, preview.currency) },
        { label: "", value: (l) => html`<button class="plain" onClick=${() => ask(lines.filter((x) => x.sku !== l.sku))}>Remove</button>` }]} />
      ${lines.filter((l) => stock.has(l.sku) && l.quantity > stock.get(l.sku).available).map((l) => {
        const p = stock.get(l.sku);
        return html`<p class="warn" data-over-stock>Only ${Math.max(p.available, 0)} of ${p.name} in stock: ${l.quantity - Math.max(p.available, 0)} will wait${p.restock_date ? ` for the restock on ${p.restock_date}` : ""}.</p>`;
      })}
      ${Object.entries(preview.alternatives || {}).filter(([, alts]) => alts.length).map(([wanted, alts]) => html`<div class="warn" data-alternatives>
        Instead of ${wanted}: ${alts.map((a) => html`<button class="plain shrink" onClick=${() => ask([...lines.filter((l) => l.sku !== wanted), { sku: a.sku, quantity: lines.find((l) => l.sku === wanted).quantity }])}>${a.name} (${a.available} in stock)</button> `)}</div>`)}
      ${(preview.notices || []).map((n) => html`<p class="warn">${typeof n === "string" ? n : n.message || JSON.stringify(n)}</p>`)}
      ${suggestions && html`<${Suggestions} offer=${suggestions} lines=${lines} add=${(s) => ask([...lines, { sku: s, quantity: 1 }])} />`}
      <p><strong>Total ${money(preview.total, preview.currency)}</strong> <span class="muted small">(VAT ${money(preview.vat_total, preview.currency)}, delivery ${money(preview.delivery_fee, preview.currency)}, paid by ${paidBy(preview.payment_method).toLowerCase()})</span></p>
      <button onClick=${place}>Place order</button>
    </div>`}
    ${placed && html`<p class="ok" data-placed>Order ${placed.id} is ${placed.status.replace(/_/g, " ")}: ${(methods || []).find((m) => m.code === placed.delivery_method)?.name || "no delivery method"} to ${placed.delivery_address || "the postal address"}, paid by ${paidBy(placed.payment_method).toLowerCase()}. <a href=${`#/customer/${customerId}`}>Back to the customer</a></p>`}
  </section>`;
}

// How the order reaches the customer and how it is paid: delivery method with its price,
// one of the customer's addresses or another for this order, and the payment method.
function Terms({ terms, setTerm, methods, addresses, credit }) {
  return html`<div class="card" data-terms>
    <div class="row">
      <label>Delivery<select name="delivery_method" value=${terms.delivery_method} onChange=${setTerm("delivery_method")}>
        <option value="">— none (collected) —</option>
        ${(methods || []).map((m) => html`<option value=${m.code}>${m.name} (${money(m.price, "")})</option>`)}</select></label>
      <label>Deliver to<select name="address" value=${terms.address} onChange=${setTerm("address")}>
        ${addresses.map((a, i) => html`<option value=${String(i)}>${oneLine(a)} (${a.kind})</option>`)}
        ${addresses.length === 0 && html`<option value="0">the postal address</option>`}
        <option value="other">Another address, for this order</option></select></label>
      <label>Payment<select name="payment_method" value=${terms.payment_method} onChange=${setTerm("payment_method")}>
        ${PAYMENT.map(([code, label]) => html`<option value=${code}>${code === "invoice" && credit ? `${label} (credit left ${money(credit.available, credit.currency)})` : label}</option>`)}</select></label>
    </div>
    ${terms.address === "other" && html`<div class="row" data-other-address>
      <label>Street<input name="street" value=${terms.street} onInput=${setTerm("street")} /></label>
      <label class="shrink">Postal code<input name="postal_code" value=${terms.postal_code} onInput=${setTerm("postal_code")} /></label>
      <label>Town<input name="city" value=${terms.city} onInput=${setTerm("city")} /></label>
      <label class="shrink">Country<input name="country" maxlength="2" placeholder="SE" value=${terms.country} onInput=${setTerm("country")} /></label>
    </div>`}
  </div>`;
}

// What to offer next: bought together with what is in the basket, and the product of the week.
function Suggestions({ offer, lines, add }) {
  const inBasket = new Set(lines.map((l) => l.sku));
  const week = offer.product_of_the_week;
  const items = [...offer.bought_together, ...(week ? [{ ...week, week: true }] : [])].filter((p) => !inBasket.has(p.sku));
  if (items.length === 0) return null;
  return html`<div class="ok" data-suggestions><strong>Offer too:</strong>
    ${items.map((p) => html` <button class="plain shrink" onClick=${() => add(p.sku)}>${p.name}${p.week ? " (product of the week)" : p.orders_together ? ` (bought together ${p.orders_together}×)` : ""}, ${money(p.price, "")}</button>`)}
  </div>`;
}
