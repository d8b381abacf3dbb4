// The audit trail (admins): who did what and when, newest first, by customer or by user,
// a page at a time.
import { html, useState, useEffect, ErrorBox, Table, when, go } from "../lib.js";
import { api } from "./session.js";

const PAGE = 50;

export function AuditPage({ query }) {
  const [customer, setCustomer] = useState(query.customer_id || "");
  const [actor, setActor] = useState(query.actor || "");
  const [entries, setEntries] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const load = async (after) => {
    const args = new URLSearchParams({ limit: String(PAGE) });
    if (query.customer_id) args.set("customer_id", query.customer_id);
    if (query.actor) args.set("actor", query.actor);
    if (after) args.set("cursor", after);
    try {
      const page = await api("GET", `/api/audit?${args}`);
      setEntries((shown) => (after ? [...(shown || []), ...page.items] : page.items));
      setCursor(page.next_cursor);
      setError(null);
    } catch (err) { setError(err); }
  };
  useEffect(() => {
    setCustomer(query.customer_id || ""); setActor(query.actor || ""); setEntries(null); load(null);
  }, [query.customer_id, query.actor]);
  const filter = (e) => {
    e.preventDefault();
    const args = new URLSearchParams();
    if (customer.trim()) args.set("customer_id", customer.trim());
    if (actor.trim()) args.set("actor", actor.trim());
    go(`/audit${String(args) ? `?${args}` : ""}`);
  };
  return html`<section data-view="audit"><h1>Audit trail${query.customer_id ? ` of customer ${query.customer_id}` : ""}</h1>
    <form class="card row" onSubmit=${filter}>
      <label>Customer no.<input name="customer_id" inputmode="numeric" value=${customer} onInput=${(e) => setCustomer(e.target.value)} /></label>
      <label>User<input name="actor" value=${actor} onInput=${(e) => setActor(e.target.value)} /></label>
      <button type="submit">Filter</button>
    </form>
    <${ErrorBox} error=${error} />
    ${entries && html`<div class="card">
      <${Table} name="audit" rows=${entries} empty="Nothing recorded here." columns=${[
        { label: "When", value: (e) => when(e.at) },
        { label: "Who", value: (e) => (e.actor ? html`<a href=${`#/audit?actor=${encodeURIComponent(e.actor)}`}>${e.actor}</a>${e.actor_role && e.actor_role !== e.actor ? html` <span class="muted small">${e.actor_role}</span>` : ""}` : html`<span class="muted">system</span>`) },
        { label: "What", key: "action" },
        { label: "Customer", value: (e) => e.customer_id && html`<a href=${`#/customer/${e.customer_id}`}>${e.customer_id}</a>` },
        { label: "Details", value: (e) => html`${e.target && html`<div class="small">${e.target}</div>`}${describe(e.details)}` },
      ]} />
      ${cursor && html`<button class="plain" onClick=${() => load(cursor)}>More</button>`}
    </div>`}
  </section>`;
}

// A change as "field: old → new", anything else as "key: value".
function describe(details) {
  const { changes, ...rest } = details || {};
  const text = (v) => (v === null || v === undefined || (Array.isArray(v) && v.length === 0) ? "–"
    : Array.isArray(v) && v.every((x) => typeof x !== "object") ? v.join(", ")
    : typeof v === "object" ? JSON.stringify(v) : String(v));
  return html`${(changes || []).map((c) => html`<div class="small" data-change=${c.field}><strong>${c.field}</strong>: ${text(c.old)} → ${text(c.new)}</div>`)}
    ${Object.entries(rest).map(([k, v]) => html`<div class="small muted">${k.replace(/_/g, " ")}: ${text(v)}</div>`)}`;
}
