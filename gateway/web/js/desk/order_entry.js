// Order entry: what is in stock, what it costs, and alternatives before the order is placed.
import { html, useState, useLoad, ErrorBox, Table, money, go } from "../lib.js";
import { api } from "./session.js";

export function OrderEntryPage({ customerId }) {
  const [products, error] = useLoad(() => api("GET", "/api/products"), []);
  const [customer] = useLoad(() => api("GET", `/api/customers/${customerId}`), [customerId]);
  const [lines, setLines] = useState([]);
  const [sku, setSku] = useState("");
  const [quantity, setQuantity] = useState(1);
  const [preview, setPreview] = useState(null);
  const [placed, setPlaced] = useState(null);
  const [suggestions, setSuggestions] = useState(null);
  const [problem, setProblem] = useState(null);
  const body = (ls) => ({ customer_id: Number(customerId), lines: ls.map((l) => ({ sku: l.sku, quantity: Number(l.quantity) })) });
  const ask = async (ls) => {
    setLines(ls);
    setPlaced(null);
    if (ls.length === 0) { setPreview(null); return; }
    try {
      const [priced, offer] = await Promise.all([
        api("POST", "/api/orders/preview", body(ls)),
        api("GET", `/api/products/suggestions?skus=${encodeURIComponent(ls.map((l) => l.sku).join(","))}`),
      ]);
      setPreview(priced);
      setSuggestions(offer);
      setProblem(null);
    } catch (err) { setProblem(err); setPreview(null); }
  };
  const add = (e) => {
    e.preventDefault();
    if (!sku) return;
    const rest = lines.filter((l) => l.sku !== sku);
    const old = lines.find((l) => l.sku === sku);
    ask([...rest, { sku, quantity: Number(quantity) + (old ? Number(old.quantity) : 0) }]);
  };
  const place = async () => {
    try { setPlaced(await api("POST", "/api/orders", body(lines))); setProblem(null); setLines([]); setPreview(null); }
    catch (err) { setProblem(err); }
  };
  if (error) return html`<${ErrorBox} error=${error} />`;
  return html`<section data-view="order-entry">
    <h1>New order${customer ? ` for ${customer.name}` : ""}</h1>
    <form class="card row" onSubmit=${add}>
      <label>Product<select name="sku" value=${sku} onChange=${(e) => setSku(e.target.value)}>
        <option value="">— choose —</option>
        ${(products || []).map((p) => html`<option value=${p.sku}>${p.name} (${p.available} in stock, ${money(p.price, p.currency)})</option>`)}</select></label>
      <label class="shrink">Quantity<input name="quantity" type="number" min="1" value=${quantity} onInput=${(e) => setQuantity(e.target.value)} /></label>
      <button type="submit">Add</button>
    </form>
    <${ErrorBox} error=${problem} />
    ${preview && html`<div class="card" data-preview>
      <${Table} name="order-lines" rows=${preview.lines} columns=${[
        { label: "Product", key: "name" }, { label: "Qty", key: "quantity", num: true },
        { label: "Stock", value: (l) => (l.ships_now ? html`<span class="badge answered">ships now</span>` : html`<span class="badge ringing">${l.expected_on ? `from ${l.expected_on}` : "not in stock"}</span>`) },
        { label: "Price", num: true, value: (l) => money(l.line_total, preview.currency) },
        { label: "", value: (l) => html`<button class="plain" onClick=${() => ask(lines.filter((x) => x.sku !== l.sku))}>Remove</button>` }]} />
      ${Object.entries(preview.alternatives || {}).filter(([, alts]) => alts.length).map(([wanted, alts]) => html`<div class="warn" data-alternatives>
        Instead of ${wanted}: ${alts.map((a) => html`<button class="plain shrink" onClick=${() => ask([...lines.filter((l) => l.sku !== wanted), { sku: a.sku, quantity: lines.find((l) => l.sku === wanted).quantity }])}>${a.name} (${a.available} in stock)</button> `)}</div>`)}
      ${(preview.notices || []).map((n) => html`<p class="warn">${typeof n === "string" ? n : n.message || JSON.stringify(n)}</p>`)}
      ${suggestions && html`<${Suggestions} offer=${suggestions} lines=${lines} add=${(sku) => ask([...lines, { sku, quantity: 1 }])} />`}
      <p><strong>Total ${money(preview.total, preview.currency)}</strong> <span class="muted small">(VAT ${money(preview.vat_total, preview.currency)}, delivery ${money(preview.delivery_fee, preview.currency)})</span></p>
      <button onClick=${place}>Place order</button>
    </div>`}
    ${placed && html`<p class="ok" data-placed>Order ${placed.id} is ${placed.status.replace(/_/g, " ")}. <a href=${`#/customer/${customerId}`}>Back to the customer</a></p>`}
  </section>`;
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
