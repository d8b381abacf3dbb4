// The 360° view: who the customer is, log alerts in their colours, the latest notes and a
// tab per part of the history. Opened by search or by a screen pop.
import { html, useState, useEffect, useLoad, useScrollHint, ErrorBox, Table, Modal, day, when, money, go, useForm, FieldError } from "../lib.js";
import { api, prefetched } from "./session.js";
import { OpenCase } from "./cases.js";
import { CreditTerms, MakeOffer } from "./money_terms.js";
import { DataRequests } from "./data_requests.js";
import { AfterSales, DevicesAndMemberships } from "./customer_after_sales.js";
import { CustomerEdit } from "./customer_edit.js";
import { Consent } from "./consent.js";
import { CustomerRelations } from "./customer_relations.js";
import { CustomerChanges } from "./customer_changes.js";
import { SentMessages } from "./send_message.js";

const TABS = [
  ["orders", "Orders"], ["deliveries", "Deliveries & returns"], ["devices", "Devices & memberships"], ["credit", "Credit"], ["offers", "Offers"],
  ["messages", "Messages sent"], ["cases", "Cases"], ["calls", "Calls"], ["products", "Products"],
  ["contacts", "Contact persons"], ["newsletter", "Newsletter recipients"],
];

export function CustomerPage({ id, query, me }) {
  const [view, error, reload] = useLoad(async () => prefetched.take(id) || api("GET", `/api/customers/${id}/overview`), [id, query.call]);
  const [tab, setTab] = useState("orders");
  const [shown, setShown] = useState(null);
  const [popped, setPopped] = useState(false);
  const tabs = useScrollHint();
  useEffect(() => {
    if (!view || !view.customer || view.customer === "unavailable") return;
    if (String(view.customer.id) !== String(id)) { go(`/customer/${view.customer.id}`); return; }
    const red = Array.isArray(view.alerts) && view.alerts.find((a) => a.pop_up);
    if (red && !popped) { setShown(red); setPopped(true); }
  }, [view]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!view) return html`<p class="loading">Loading…</p>`;
  const c = view.customer;
  if (c === "unavailable") return html`<div class="error">The customer register does not answer; try again in a moment.</div>`;
  return html`<section data-view="customer" data-customer=${c.id}>
    ${shown && html`<${Modal} tone=${shown.importance} onClose=${() => setShown(null)}>
      <h2>${shown.importance === "red" ? "Important" : "Note"}: ${c.name}</h2><p>${shown.text}</p>
      <p class="muted small">${shown.author}, ${day(shown.created_at)}${shown.relevant_until ? `, until ${shown.relevant_until}` : ""}</p>
    </${Modal}>`}
    <div class="card">
      <div class="row">
        <div><h1>${c.name}</h1>
          <div class="muted small">${c.kind} · no. ${c.id} · ${c.tier}${c.org_number ? ` · org. ${c.org_number}` : ""}${c.national_id ? ` · ${c.national_id}` : ""}</div></div>
        <div class="shrink">
          <button onClick=${() => go(`/order/${c.id}`)}>New order</button>
          ${me && me.role === "admin" && html`<div class="small"><a href=${`#/audit?customer_id=${c.id}`} data-audit-link>Audit trail of this customer</a></div>`}
          <${DataRequests} customer=${c} me=${me} onErased=${reload} />
        </div>
      </div>
      <div class="alerts" data-alerts>
        ${(Array.isArray(view.alerts) ? view.alerts : []).map((a) => html`<button class=${`alert ${a.importance}`} title=${a.text} onClick=${() => setShown(a)}>${a.text.slice(0, 40)}</button>`)}
      </div>
      <div class="grid">
        <div><strong>Phone</strong><br/>${c.phones.map((p) => html`<div>${p.raw} <span class="muted small">${p.label}</span></div>`)}</div>
        <div><strong>E-mail</strong><br/>${c.emails.map((e) => html`<div>${e.address}</div>`)}</div>
        <div><strong>Address</strong><br/>${c.addresses.map((a) => html`<div>${a.street}, ${a.postal_code} ${a.city} ${a.country}</div>`)}
          ${view.address_history.length > 0 && html`<details><summary class="small">Earlier addresses</summary>
            ${view.address_history.map((a) => html`<div class="small">${a.street}, ${a.postal_code} ${a.city} (${day(a.valid_from)} – ${day(a.valid_to)})</div>`)}</details>`}</div>
        <div><strong>Last contact</strong><br/>${when(view.last_contact) || "–"}
          ${view.credit && view.credit !== "unavailable" && html`<br/><strong>Credit left</strong><br/>${money(view.credit.available, view.credit.currency)}`}
          ${view.prediction && view.prediction !== "unavailable" && html`<br/><span class="small">Risk of leaving ${Math.round(view.prediction.churn_risk * 100)} %${view.prediction.next_group ? `, likely next: ${view.prediction.next_group}` : ""}</span>`}</div>
      </div>
      ${query.call && html`<${CallType} callId=${query.call} customerId=${c.id} />`}
    </div>
    <${CustomerEdit} customer=${c} onSaved=${reload} />
    <${Consent} customer=${c} onChanged=${reload} />
    <${Notes} customer=${c} latest=${view.notes} onAdded=${reload} />
    <${AddLogEntry} customerId=${c.id} onAdded=${reload} />
    <${CustomerRelations} customer=${c} onChanged=${reload} />
    <${CustomerChanges} customerId=${c.id} stamp=${view} />
    <div class="tabs" role="tablist" ref=${tabs}>${TABS.map(([key, label]) => html`<button role="tab" class=${tab === key ? "on" : ""} onClick=${() => setTab(key)}>${label}</button>`)}</div>
    <div class="tab-body card" data-tab=${tab}>${tabBody(tab, view, reload, me)}</div>
  </section>`;
}

function unavailable(section) {
  return section === "unavailable" ? html`<p class="error">This part is not available right now.</p>` : null;
}

function tabBody(tab, view, reload, me) {
  const c = view.customer;
  const orders = Array.isArray(view.orders) ? view.orders : [];
  switch (tab) {
    case "orders":
      return unavailable(view.orders) || html`<${Table} name="orders" rows=${orders} columns=${[
        { label: "Order", value: (o) => o.id }, { label: "Date", value: (o) => day(o.created_at) },
        { label: "Status", key: "status" }, { label: "Items", value: (o) => o.lines.map((l) => `${l.quantity} × ${l.name}`).join(", ") },
        { label: "Delivery", value: (o) => [o.delivery_method, o.delivery_address].filter(Boolean).join(" to ") || "–" },
        { label: "Payment", value: (o) => (o.payment_method || "").replace(/_/g, " ") },
        { label: "Total", num: true, value: (o) => money(o.total, o.currency) }]} />`;
    case "deliveries":
      return html`<${AfterSales} view=${view} reload=${reload} />`;
    case "devices":
      return html`<${DevicesAndMemberships} view=${view} reload=${reload} />`;
    case "credit": {
      const k = view.credit;
      if (k === "unavailable") return unavailable(k);
      return html`<div class="grid">
        <div>Credit limit<br/><strong>${money(k.credit_limit, k.currency)}</strong></div>
        <div>Open balance<br/><strong>${money(k.open_balance, k.currency)}</strong></div>
        <div>Overdue<br/><strong class=${Number(k.overdue_total) > 0 ? "field-error" : ""}>${money(k.overdue_total, k.currency)}</strong>
          <div class="small muted">${Object.entries(k.overdue).map(([age, v]) => `${age} days: ${v}`).join(" · ")}</div></div>
        <div>Available<br/><strong>${money(k.available, k.currency)}</strong></div></div>
        <${CreditTerms} customer=${c} me=${me} onSaved=${reload} />`;
    }
    case "offers":
      return html`${unavailable(view.offers) || html`<${Table} name="offers" rows=${view.offers} columns=${[
        { label: "Offer", key: "description" }, { label: "Kind", key: "kind" }, { label: "Value", key: "value" },
        { label: "Valid until", value: (o) => day(o.valid_until) || "–" }]} />`}
        <${MakeOffer} customer=${c} me=${me} onMade=${reload} />`;
    case "messages":
      return unavailable(view.messages) || html`<${SentMessages} customerId=${c.id} messages=${view.messages} onSent=${reload} />`;
    case "cases":
      return html`${unavailable(view.cases) || html`<${Table} name="cases" rows=${view.cases} onRow=${(k) => go(`/case/${k.id}`)} columns=${[
        { label: "Case", key: "number" }, { label: "Subject", key: "subject" }, { label: "Status", key: "status" },
        { label: "Priority", key: "priority" }, { label: "Opened", value: (k) => day(k.created_at) }]} />`}
        <${OpenCase} customerId=${c.id} onOpened=${reload} />`;
    case "calls":
      return unavailable(view.calls) || html`<${Table} name="calls" rows=${view.calls} columns=${[
        { label: "When", value: (k) => when(k.started_at) }, { label: "Direction", key: "direction" },
        { label: "Number", key: "remote_raw" }, { label: "State", key: "state" }, { label: "Agent", value: (k) => k.agent || k.extension || "" }]} />`;
    case "products": {
      const bought = new Map();
      for (const o of orders) for (const l of o.lines) {
        const b = bought.get(l.sku) || { sku: l.sku, name: l.name, quantity: 0, last: o.created_at };
        b.quantity += l.quantity - (l.returned_quantity || 0);
        bought.set(l.sku, b);
      }
      return html`<${Table} name="products" rows=${[...bought.values()]} columns=${[
        { label: "Product", key: "name" }, { label: "SKU", key: "sku" }, { label: "Quantity", key: "quantity", num: true },
        { label: "Last bought", value: (b) => day(b.last) }]} />`;
    }
    case "contacts":
      return html`<${Table} name="contacts" rows=${(c.employments || []).filter((e) => e.is_contact)} onRow=${(e) => go(`/customer/${c.kind === "organisation" ? e.person_id : e.organisation_id}`)} columns=${[
        { label: "Name", value: (e) => (c.kind === "organisation" ? e.person_name : e.organisation_name) },
        { label: "Job title", value: (e) => e.job_title || "" }]} empty="No contact persons." />`;
    case "newsletter":
      return html`<${Table} name="newsletter" rows=${(c.employments || []).filter((e) => e.receives_newsletter)} columns=${[
        { label: "Name", value: (e) => (c.kind === "organisation" ? e.person_name : e.organisation_name) },
        { label: "Job title", value: (e) => e.job_title || "" }]} empty=${c.newsletter ? "The customer gets the newsletter." : "Nobody here gets the newsletter."} />`;
    default:
      return null;
  }
}

function Notes({ customer, latest, onAdded }) {
  const [older, setOlder] = useState(null);
  const [text, setText] = useState("");
  const [error, setError] = useState(null);
  const notes = older || (Array.isArray(latest) ? latest : []);
  const more = async (e) => {
    const el = e.currentTarget;
    if (!older && el.scrollLeft + el.clientWidth >= el.scrollWidth - 20) {
      setOlder(await api("GET", `/api/customers/${customer.id}/notes?limit=100`));
    }
  };
  const add = async (e) => {
    e.preventDefault();
    try { await api("POST", `/api/customers/${customer.id}/notes`, { text }); setText(""); setOlder(null); setError(null); onAdded(); }
    catch (err) { setError(err); }
  };
  return html`<div class="card"><h2>Notes</h2>
    <div class="notes" onScroll=${more} data-notes>
      ${notes.map((n) => html`<div class="note"><div class="meta">${when(n.created_at)} · ${n.author}</div>${n.text}</div>`)}
      ${notes.length === 0 && html`<p class="muted">No notes yet.</p>`}
      ${notes.length >= 3 && !older && html`<button class="plain shrink" onClick=${async () => setOlder(await api("GET", `/api/customers/${customer.id}/notes?limit=100`))}>Older →</button>`}
    </div>
    <form class="row" onSubmit=${add}>
      <label>New note<input name="note" value=${text} onInput=${(e) => setText(e.target.value)} placeholder="Who said what" /></label>
      <button type="submit" disabled=${!text.trim()}>Add note</button>
    </form>
    <${ErrorBox} error=${error} />
  </div>`;
}

function AddLogEntry({ customerId, onAdded }) {
  const [v, set, setV] = useForm({ text: "", importance: "yellow", relevant_until: "", remind_at_login: false });
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api("POST", `/api/customers/${customerId}/log`, { ...v, relevant_until: v.relevant_until || null });
      setV({ text: "", importance: "yellow", relevant_until: "", remind_at_login: false });
      setError(null);
      onAdded();
    } catch (err) { setError(err); }
  };
  return html`<details class="card"><summary>Add to the customer log</summary>
    <form onSubmit=${submit}>
      <label>What to know<input name="log-text" value=${v.text} onInput=${set("text")} /></label>
      <div class="row">
        <label>Importance<select name="importance" value=${v.importance} onChange=${set("importance")}>
          <option value="red">Red: must know (pops up)</option><option value="yellow">Yellow: should know</option><option value="green">Green: good to know</option></select></label>
        <label>Relevant until<input type="date" name="relevant_until" value=${v.relevant_until} onInput=${set("relevant_until")} /></label>
        <label class="check shrink"><input type="checkbox" checked=${v.remind_at_login} onChange=${set("remind_at_login")} />Remind me at login</label>
        <button type="submit">Add</button>
      </div>
      <${FieldError} error=${error} name="relevant_until" /><${ErrorBox} error=${error} />
    </form></details>`;
}

function CallType({ callId, customerId }) {
  const [types] = useLoad(() => api("GET", "/api/call-types"), []);
  const [done, setDone] = useState(null);
  const [error, setError] = useState(null);
  const register = async (name) => {
    try {
      await api("POST", "/api/call-registrations", { call_type: name, call_id: Number(callId), customer_id: customerId });
      setDone(name);
    } catch (err) { setError(err); }
  };
  if (done) return html`<p class="ok">Call registered as “${done}”.</p>`;
  return html`<div class="warn" data-call-type><strong>What is the call about?</strong>
    <div class="row">${(types || []).map((t) => html`<button class="plain shrink" onClick=${() => register(t.name)}>${t.name}</button>`)}</div>
    <${ErrorBox} error=${error} /></div>`;
}
