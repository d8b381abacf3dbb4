// Smart selections (C10): criteria from a form, the count before saving, the saved ones
// run again, their customers a page at a time and all of them as the server's CSV; and,
// for supervisors, the campaigns sent to them (M4).
import { html, useState, useLoad, useForm, ErrorBox, Table, when, downloadFile } from "../lib.js";
import { api } from "./session.js";
import { CampaignsPart } from "./campaigns.js";

const TIERS = ["key", "major", "standard", "small"];
const PAGE = 25;
const SAVED = 50;
const EMPTY = {
  tier: "", country: "", industry: "", job_title: "", phone_area_code: "", postcode_from: "", postcode_to: "",
  bought_sku: "", bought_group: "", bought_from: "", bought_to: "", not_bought_sku: "", received_mailing: "",
  not_contacted_days: "", note_word: "", note_months: "12", note_mode: "without", churn_risk: "", likely_next: "",
  match: "all",
};

const list = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);
const period = (v) => ({ ...(v.bought_from && { from: v.bought_from }), ...(v.bought_to && { to: v.bought_to }) });

// The criteria of the API (services/customer/selections.py): all of them, or any one.
export function criteriaOf(v) {
  const all = [];
  if (v.tier) all.push({ tier: [v.tier] });
  if (v.country.trim()) all.push({ country: list(v.country) });
  if (v.industry.trim()) all.push({ industry: list(v.industry) });
  if (v.job_title.trim()) all.push({ job_title: v.job_title.trim() });
  if (v.phone_area_code.trim()) all.push({ phone_area_code: v.phone_area_code.trim() });
  if (v.postcode_from.trim() || v.postcode_to.trim()) all.push({ postcode_range: { from: v.postcode_from, to: v.postcode_to || v.postcode_from } });
  if (v.bought_sku.trim()) all.push({ bought: { sku: v.bought_sku.trim(), ...period(v) } });
  if (v.bought_group.trim()) all.push({ bought: { product_group: v.bought_group.trim(), ...period(v) } });
  if (v.not_bought_sku.trim()) all.push({ not: { bought: { sku: v.not_bought_sku.trim() } } });
  if (v.received_mailing.trim()) all.push({ received_mailing: { template: v.received_mailing.trim() } });
  if (v.not_contacted_days) all.push({ not_contacted_days: Number(v.not_contacted_days) });
  if (v.note_word.trim()) {
    const note = { note_contains: { word: v.note_word.trim(), months: Number(v.note_months) } };
    all.push(v.note_mode === "without" ? { not: note } : note);
  }
  if (v.churn_risk !== "") all.push({ churn_risk: { at_least: Number(v.churn_risk) } });
  if (v.likely_next.trim()) all.push({ likely_next: { product_group: v.likely_next.trim() } });
  if (all.length === 0) return null;
  return all.length === 1 ? all[0] : { [v.match === "any" ? "any" : "all"]: all };
}

export function SelectionsPage({ me }) {
  const [tab, setTab] = useState("build");
  const supervises = me.role !== "agent";
  return html`<section data-view="selections"><h1>Selections</h1>
    <div class="tabs" role="tablist">
      <button role="tab" class=${tab === "build" ? "on" : ""} onClick=${() => setTab("build")}>Build and saved</button>
      <button role="tab" data-tab="campaigns" class=${tab === "campaigns" ? "on" : ""} onClick=${() => setTab("campaigns")}>Campaigns</button>
    </div>
    <div class="tab-body">${tab === "build" ? html`<${SelectionsPart} />`
      : supervises ? html`<${CampaignsPart} />`
      : html`<p class="muted" data-campaigns-closed>Campaigns are started and followed by a supervisor.</p>`}</div>
  </section>`;
}

function SelectionsPart() {
  const [v, set, setV] = useForm(EMPTY);
  const [name, setName] = useState("");
  const [size, setSize] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null); // the saved selection whose customers show
  const [first, e1, reload] = useLoad(() => api("GET", `/api/selections?limit=${SAVED}`), []);
  const [later, setLater] = useState({ rows: [], more: true }); // pages after the first, by name
  const saved = first && [...first, ...later.rows.filter((s) => !first.some((f) => f.id === s.id))];
  const more = async () => {
    try {
      const page = await api("GET", `/api/selections?limit=${SAVED}&after=${encodeURIComponent(saved[saved.length - 1].name)}`);
      setLater({ rows: [...later.rows, ...page], more: page.length === SAVED }); setError(null);
    } catch (err) { setError(err); }
  };
  const criteria = () => {
    const found = criteriaOf(v);
    if (!found) throw { message: "Fill in at least one criterion", fields: {} };
    return found;
  };
  const preview = async (e) => {
    e.preventDefault();
    try { setSize((await api("POST", "/api/selections/preview", { criteria: criteria() })).size); setError(null); }
    catch (err) { setError(err); setSize(null); }
  };
  const save = async () => {
    try {
      const made = await api("POST", "/api/selections", { name, criteria: criteria() });
      setError(null); setName(""); setSize(made.last_size); setOpen(made); reload();
    } catch (err) { setError(err); }
  };
  const run = async (s) => {
    try { const now = await api("POST", `/api/selections/${s.id}/run`); setError(null); reload(); if (open && open.id === s.id) setOpen(now); }
    catch (err) { setError(err); }
  };
  const text = (key, label, extra = {}) => html`<label>${label}<input name=${key} value=${v[key]} onInput=${set(key)} ...${extra} /></label>`;
  return html`<div>
    <form class="card" onSubmit=${preview} data-builder><h2>Criteria</h2>
      <div class="row">
        <label>Customers who meet<select name="match" value=${v.match} onChange=${set("match")}><option value="all">every criterion filled in</option><option value="any">any one of them</option></select></label>
        <p class="muted small">Lists take commas; "but not bought" and "no note" exclude.</p>
      </div>
      <div class="row">
        <label>Tier<select name="tier" value=${v.tier} onChange=${set("tier")}><option value="">any</option>${TIERS.map((t) => html`<option value=${t}>${t}</option>`)}</select></label>
        ${text("country", "Country", { placeholder: "SE, NO" })}
        ${text("industry", "Industry", { placeholder: "Retail, Forestry" })}
        ${text("job_title", "Job title contains")}
        ${text("phone_area_code", "Phone area code", { placeholder: "08" })}
      </div>
      <div class="row">
        ${text("postcode_from", "Postcode from", { placeholder: "100 00" })}
        ${text("postcode_to", "Postcode to", { placeholder: "199 99" })}
        ${text("not_contacted_days", "Not contacted for (days)", { type: "number", min: 1 })}
        ${text("received_mailing", "Received mailing (template)")}
      </div>
      <div class="row">
        ${text("bought_sku", "Bought product (SKU)")}
        ${text("bought_group", "Bought from product group")}
        ${text("bought_from", "Bought from", { type: "date" })}
        ${text("bought_to", "Bought until", { type: "date" })}
        ${text("not_bought_sku", "But not bought (SKU)")}
      </div>
      <div class="row">
        <label>Notes<select name="note_mode" value=${v.note_mode} onChange=${set("note_mode")}><option value="without">no note with the word</option><option value="with">a note with the word</option></select></label>
        ${text("note_word", "Word in a note")}
        ${text("note_months", "in the last (months)", { type: "number", min: 1 })}
        ${text("churn_risk", "Risk of leaving at least", { type: "number", min: 0, max: 1, step: 0.05 })}
        ${text("likely_next", "Likely next product group")}
      </div>
      <div class="row">
        <button type="submit" data-count>Count</button>
        ${size !== null && html`<p class="shrink" data-preview-size=${size}><strong>${size}</strong> customers</p>`}
        <label>Save as<input name="selection_name" value=${name} onInput=${(e) => setName(e.target.value)} placeholder="a name" /></label>
        <button type="button" data-save disabled=${!name.trim()} onClick=${save}>Save</button>
        <button type="button" class="plain" onClick=${() => { setV(EMPTY); setSize(null); setError(null); }}>Clear</button>
      </div>
      <${ErrorBox} error=${error || e1} />
    </form>
    <div class="card"><h2>Saved selections</h2>
      <${Table} name="selections" rows=${saved} empty="No saved selections yet." columns=${[
        { label: "Name", key: "name" }, { label: "Customers", key: "last_size", num: true },
        { label: "Counted", value: (s) => when(s.last_run_at) }, { label: "By", key: "created_by" },
        { label: "", value: (s) => html`<button class="plain" data-run=${s.name} onClick=${() => run(s)}>Run again</button>
          <button class="plain" data-open=${s.name} onClick=${() => setOpen(s)}>Customers</button>` }]} />
      ${first && first.length === SAVED && later.more && html`<button class="plain" onClick=${more}>More</button>`}
    </div>
    ${open && html`<${Members} key=${`${open.id}-${open.last_run_at}`} selection=${open} />`}
  </div>`;
}

// The customers a saved selection finds, a page at a time ("More"), and all of them as CSV.
function Members({ selection }) {
  const [rows, setRows] = useState([]);
  const [more, setMore] = useState(true);
  const [error, setError] = useState(null);
  const next = async () => {
    const after = rows.length ? rows[rows.length - 1].id : 0;
    try {
      const page = await api("GET", `/api/selections/${selection.id}/customers?limit=${PAGE}&after_id=${after}`);
      setRows([...rows, ...page]); setMore(page.length === PAGE); setError(null);
    } catch (err) { setError(err); }
  };
  const [, first] = useLoad(next, []);
  const download = async () => {
    try { await downloadFile(api, `/api/selections/${selection.id}/export`, `selection-${selection.id}.csv`); setError(null); }
    catch (err) { setError(err); }
  };
  return html`<div class="card" data-members=${selection.name}>
    <div class="row"><h2>${selection.name}: ${selection.last_size} customers</h2>
      <button class="plain shrink" onClick=${download}>Download all as CSV</button></div>
    <${ErrorBox} error=${error || first} />
    <${Table} name="members" rows=${rows} empty="No customers match." columns=${[
      { label: "Customer", value: (c) => html`<a href=${`#/customer/${c.id}`}>${c.name}</a>` },
      { label: "Kind", key: "kind" }, { label: "Tier", key: "tier" }, { label: "Country", key: "country" }]} />
    ${more && rows.length > 0 && html`<button class="plain" data-more onClick=${next}>More</button>`}
  </div>`;
}
