// Contact persons on the 360° view: an organisation's people (or a person's organisations)
// with their periods, a link added or an employment ended, and an organisation's holding.
import { html, useState, useLoad, ErrorBox, FieldError, Table, day } from "../lib.js";
import { api } from "./session.js";

const today = () => new Date().toISOString().slice(0, 10);

export function CustomerRelations({ customer, onChanged }) {
  const org = customer.kind === "organisation";
  const rows = customer.employments || [];
  const [ending, setEnding] = useState(null);  // the employment whose end date is asked
  return html`<div class="card" data-relations>
    <h2>${org ? "People" : "Organisations"}</h2>
    <${Table} name="people" rows=${rows} empty=${org ? "Nobody linked yet." : "Not linked to an organisation."} columns=${[
      { label: "Name", value: (e) => html`<a href=${`#/customer/${org ? e.person_id : e.organisation_id}`}>${org ? e.person_name : e.organisation_name}</a>` },
      { label: "Job title", value: (e) => e.job_title || "" },
      { label: "Contact", value: (e) => (e.is_contact ? "yes" : "") },
      { label: "From", value: (e) => day(e.started_on) || "–" },
      { label: "Until", value: (e) => (e.ended_on ? day(e.ended_on)
        : html`<button class="plain" data-end=${e.id} onClick=${() => setEnding(e)}>End…</button>`) }]} />
    ${ending && html`<${EndEmployment} customer=${customer} employment=${ending} onDone=${(changed) => { setEnding(null); if (changed) onChanged(); }} />`}
    ${!customer.erased_at && html`<${AddLink} customer=${customer} onAdded=${onChanged} />`}
    ${org && html`<${Holding} customerId=${customer.id} />`}
  </div>`;
}

function EndEmployment({ customer, employment, onDone }) {
  const [ended, setEnded] = useState(today());
  const [error, setError] = useState(null);
  const other = customer.kind === "organisation" ? employment.person_name : employment.organisation_name;
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api("POST", `/api/customers/${customer.id}/employments/${employment.id}/end`, { ended_on: ended });
      onDone(true);
    } catch (err) { setError(err); }
  };
  return html`<form class="row warn" onSubmit=${submit} data-end-form>
    <span>End the employment with ${other}</span>
    <label>Last day<input type="date" name="ended_on" value=${ended} onInput=${(e) => setEnded(e.target.value)} /><${FieldError} error=${error} name="ended_on" /></label>
    <button type="submit" class="shrink">End employment</button>
    <button type="button" class="plain shrink" onClick=${() => onDone(false)}>Cancel</button>
    ${error && !error.fields.ended_on && html`<${ErrorBox} error=${error} />`}
  </form>`;
}

// Find the other side by name or number, then link: a person to this organisation, or
// this person to an organisation.
function AddLink({ customer, onAdded }) {
  const org = customer.kind === "organisation";
  const [q, setQ] = useState("");
  const [found, setFound] = useState(null);
  const [title, setTitle] = useState("");
  const [error, setError] = useState(null);
  const find = async (e) => {
    e.preventDefault();
    try {
      const hits = await api("GET", `/api/customers?q=${encodeURIComponent(q.trim())}&limit=20`);
      setFound(hits.filter((c) => c.kind === (org ? "person" : "organisation") && c.id !== customer.id)); setError(null);
    } catch (err) { setError(err); }
  };
  const link = async (other) => {
    const [orgId, personId] = org ? [customer.id, other.id] : [other.id, customer.id];
    try {
      await api("POST", `/api/customers/${orgId}/employments`, { person_id: personId, job_title: title.trim() || null, started_on: today(), is_contact: true });
      setFound(null); setQ(""); setTitle(""); setError(null); onAdded();
    } catch (err) { setError(err); }
  };
  return html`<form class="row" onSubmit=${find} data-add-link>
    <label>${org ? "Add a person" : "Add an organisation"}<input name="link-q" value=${q} placeholder="Name or number" onInput=${(e) => setQ(e.target.value)} /></label>
    <label>Job title<input name="link-title" value=${title} onInput=${(e) => setTitle(e.target.value)} /><${FieldError} error=${error} name="job_title" /></label>
    <button type="submit" class="shrink" disabled=${!q.trim()}>Find</button>
    ${error && html`<${ErrorBox} error=${error} />`}
    ${found && html`<div data-link-hits>${found.length === 0 ? html`<p class="muted">Nobody found.</p>`
      : found.map((c) => html`<div class="row"><span>${c.name} <span class="muted small">no. ${c.id}</span></span><button type="button" class="plain shrink" onClick=${() => link(c)}>Link ${c.name}</button></div>`)}</div>`}
  </form>`;
}

function Holding({ customerId }) {
  const [first, error] = useLoad(() => api("GET", `/api/customers/${customerId}/holding`), [customerId]);
  const [more, setMore] = useState([]);
  const [cursor, setCursor] = useState(undefined);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!first) return null;
  const next = cursor === undefined ? first.next_cursor : cursor;
  const older = async () => {
    const got = await api("GET", `/api/customers/${customerId}/holding?cursor=${next}`);
    setMore([...more, ...got.subsidiaries]); setCursor(got.next_cursor);
  };
  const subsidiaries = [...first.subsidiaries, ...more];
  return html`<div data-holding><h3>Holding</h3>
    <p>Parent organisation: ${first.parent ? html`<a href=${`#/customer/${first.parent.id}`} data-parent>${first.parent.name}</a>` : html`<span class="muted">none</span>`}</p>
    <p>Subsidiaries:</p>
    ${subsidiaries.length === 0 ? html`<p class="muted">None.</p>`
      : html`<ul data-subsidiaries>${subsidiaries.map((s) => html`<li><a href=${`#/customer/${s.id}`}>${s.name}</a></li>`)}</ul>`}
    ${next && html`<button class="plain" onClick=${older}>More subsidiaries</button>`}
  </div>`;
}
