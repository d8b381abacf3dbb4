// "Changes" on the 360° view: who changed the customer's details and contact persons, and
// when ("Address moved by agent, 7 Dec 14:02"), from the audit trail, a page at a time.
import { html, useState, useEffect, ErrorBox } from "../lib.js";
import { api } from "./session.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// "7 Dec 14:02" of an ISO time (as the server wrote it, UTC).
const short = (iso) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(11, 16)}`;

const FIELD_NAMES = {
  given_name: "Given name", family_name: "Family name", name: "Name", phones: "Phone numbers", emails: "E-mail addresses",
  tier: "Tier", language: "Language", newsletter: "Newsletter", country: "Country", national_id: "Identity number",
  org_number: "Organisation number", parent_id: "Parent organisation", job_title: "Job title",
};

const text = (v) => (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0) ? "–"
  : Array.isArray(v) ? v.join(", ") : String(v));

// "customer 7" as a link to that customer's page.
function other(target) {
  const id = /^customer (\d+)$/.exec(target || "");
  return id ? html`<a href=${`#/customer/${id[1]}`}>${target}</a>` : target;
}

// What an entry did, in words: one headline per field (a name is one), then the values.
function headline(e) {
  switch (e.action) {
    case "customer_created": return ["Registered"];
    case "customers_merged": return ["Another customer merged in"];
    case "customer_erased": return ["Personal data erased"];
    case "contact_person_linked": return [html`Linked to ${other(e.target)}`];
    case "employment_ended": return [html`Employment with ${other(e.target)} ended`];
    default: {
      const heads = e.changes.map((c) => {
        if (c.field === "addresses") return (c.old || []).length ? "Address moved" : "Address added";
        return `${FIELD_NAMES[c.field] || c.field.replace(/_/g, " ")} changed`;
      });
      return [...new Set(heads)];
    }
  }
}

export function CustomerChanges({ customerId, stamp }) {
  const [items, setItems] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const page = (after) => api("GET", `/api/customers/${customerId}/changes?limit=20${after ? `&cursor=${encodeURIComponent(after)}` : ""}`);
  // On each reload of the view: the newest page. A change just saved reaches the trail a
  // moment after it is made, so a reload that finds nothing new asks again a few times.
  useEffect(() => {
    let live = true, tries = 0;
    const top = items && items.length ? items[0].id : null;
    const load = async () => {
      try {
        const got = await page(null);
        if (!live) return;
        setItems(got.items); setCursor(got.next_cursor); setError(null);
        const fresh = got.items.length && got.items[0].id !== top;
        if (items !== null && !fresh && ++tries < 12) setTimeout(() => live && load(), 400);
      } catch (err) { if (live) setError(err); }
    };
    load();
    return () => { live = false; };
  }, [customerId, stamp]);
  const more = async () => {
    try { const got = await page(cursor); setItems([...items, ...got.items]); setCursor(got.next_cursor); }
    catch (err) { setError(err); }
  };
  return html`<details class="card" data-changes open>
    <summary><h2 class="inline">Changes</h2></summary>
    <${ErrorBox} error=${error} />
    ${items && items.length === 0 && html`<p class="muted">No changes recorded yet.</p>`}
    ${items && html`<ul class="changes">${items.map((e) => html`<li data-change=${e.action}>
      <strong>${headline(e).map((h, i) => html`${i ? ", " : ""}${h}`)}</strong> by ${e.actor || "the system"}, ${short(e.at)}
      ${e.changes.length > 0 && html`<div class="small muted">${e.changes.map((c) => html`<div>${FIELD_NAMES[c.field] || c.field}: ${text(c.old)} → ${text(c.new)}</div>`)}</div>`}
    </li>`)}</ul>`}
    ${cursor && html`<button class="plain" onClick=${more}>Older changes</button>`}
  </details>`;
}
