// Money terms in the 360° view: a customer's credit limit and discount, and offers. They
// are a supervisor's decision (the services refuse anyone else), so only a supervisor or an
// admin gets the forms; an agent is told who can change them.
import { html, useState, ErrorBox, FieldError, useForm } from "../lib.js";
import { api } from "./session.js";

const DECIDES = new Set(["supervisor", "admin"]);
export const decides = (me) => Boolean(me && DECIDES.has(me.role));

const orNull = (text) => (String(text).trim() === "" ? null : String(text).trim());

export function CreditTerms({ customer, me, onSaved }) {
  const [v, set] = useForm({ credit_limit: customer.credit_limit ?? "", discount_percent: customer.discount_percent ?? "" });
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  if (!decides(me)) {
    return html`<p class="muted small" data-terms-locked>Discount: ${customer.discount_percent ? `${customer.discount_percent} %` : "none"}.
      Only a supervisor can change the credit limit and the discount.</p>`;
  }
  const save = async (e) => {
    e.preventDefault();
    try {
      await api("PATCH", `/api/customers/${customer.id}`, { credit_limit: orNull(v.credit_limit), discount_percent: orNull(v.discount_percent) });
      setError(null); setSaved(true); onSaved();
    } catch (err) { setError(err); setSaved(false); }
  };
  return html`<form class="row" onSubmit=${save} data-terms>
    <label>Credit limit<input name="credit_limit" inputmode="decimal" value=${v.credit_limit} onInput=${set("credit_limit")} placeholder="the default" /></label>
    <label>Discount %<input name="discount_percent" inputmode="decimal" value=${v.discount_percent} onInput=${set("discount_percent")} placeholder="none" /></label>
    <button type="submit" class="shrink">Save terms</button>
    ${saved && html`<span class="ok small">Saved.</span>`}
    <${FieldError} error=${error} name="credit_limit" /><${FieldError} error=${error} name="discount_percent" /><${ErrorBox} error=${error} />
  </form>`;
}

export function MakeOffer({ customer, me, onMade }) {
  const today = new Date().toISOString().slice(0, 10);
  const empty = { description: "", kind: "percent", value: "", sku: "", valid_from: today, valid_until: today, everyone: false };
  const [v, set, setV] = useForm(empty);
  const [error, setError] = useState(null);
  if (!decides(me)) return html`<p class="muted small" data-offers-locked>Only a supervisor can make an offer.</p>`;
  const make = async (e) => {
    e.preventDefault();
    const { everyone, sku, ...rest } = v;
    try {
      await api("POST", "/api/offers", { ...rest, sku: orNull(sku), customer_id: everyone ? null : customer.id });
      setV(empty); setError(null); onMade();
    } catch (err) { setError(err); }
  };
  return html`<details class="card"><summary>Make an offer</summary>
    <form onSubmit=${make} data-make-offer>
      <label>What it is<input name="offer-description" value=${v.description} onInput=${set("description")} /></label>
      <div class="row">
        <label>Kind<select name="offer-kind" value=${v.kind} onChange=${set("kind")}><option value="percent">Percent off</option><option value="amount">Amount off</option></select></label>
        <label>Value<input name="offer-value" inputmode="decimal" value=${v.value} onInput=${set("value")} /></label>
        <label>Product (SKU)<input name="offer-sku" value=${v.sku} onInput=${set("sku")} placeholder="the whole order" /></label>
      </div>
      <div class="row">
        <label>From<input type="date" name="offer-from" value=${v.valid_from} onInput=${set("valid_from")} /></label>
        <label>Until<input type="date" name="offer-until" value=${v.valid_until} onInput=${set("valid_until")} /></label>
        <label class="check shrink"><input type="checkbox" name="offer-everyone" checked=${v.everyone} onChange=${set("everyone")} />For every customer</label>
        <button type="submit" class="shrink">Make offer</button>
      </div>
      <${FieldError} error=${error} name="value" /><${ErrorBox} error=${error} />
    </form></details>`;
}
