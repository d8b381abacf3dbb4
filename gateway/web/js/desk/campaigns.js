// Campaigns (M4), for supervisors: a stored template sent to a saved selection on a
// channel, started at once, and followed: sent, delivered, bounced, replies and orders.
import { html, useState, useLoad, useForm, ErrorBox, Table, when } from "../lib.js";
import { api } from "./session.js";

const PAGE = 20;
const CHANNELS = ["email", "sms", "letter"];

// What a campaign's results say (services/messaging/campaigns.py: results).
const FIGURES = [
  ["targeted", "Targeted"], ["queued", "Waiting to go"], ["delivered", "Delivered"], ["bounced", "Bounced"],
  ["opted_out", "Opted out"], ["no_address", "No address"], ["replied", "Replied"], ["ordered", "Ordered"],
];

export function CampaignsPart() {
  const [first, e1, reload] = useLoad(() => api("GET", `/api/campaigns?limit=${PAGE}`), []);
  const [older, setOlder] = useState({ rows: [], more: true });
  const list = first && [...first, ...older.rows.filter((c) => !first.some((f) => f.id === c.id))];
  const more = async () => {
    try {
      const page = await api("GET", `/api/campaigns?limit=${PAGE}&before_id=${list[list.length - 1].id}`);
      setOlder({ rows: [...older.rows, ...page], more: page.length === PAGE }); setError(null);
    } catch (err) { setError(err); }
  };
  const [shown, setShown] = useState(null);
  const [error, setError] = useState(null);
  const act = async (c, action) => {
    try { setShown(await api("POST", `/api/campaigns/${c.id}/${action}`)); setError(null); reload(); }
    catch (err) { setError(err); }
  };
  const follow = async (c) => {
    try { setShown(await api("GET", `/api/campaigns/${c.id}`)); setError(null); reload(); }
    catch (err) { setError(err); }
  };
  return html`<div data-campaigns>
    <${NewCampaign} onStarted=${(c) => { setShown(c); reload(); }} />
    ${shown && html`<${Figures} campaign=${shown} onRefresh=${() => follow(shown)} />`}
    <div class="card"><div class="row"><h2>Campaigns</h2><button class="plain shrink" onClick=${reload}>Refresh</button></div>
      <${ErrorBox} error=${error || e1} />
      <${Table} name="campaigns" rows=${list} empty="No campaigns yet." onRow=${follow} columns=${[
        { label: "Name", key: "name" }, { label: "Status", value: (c) => html`<span class="badge">${c.status}</span>` },
        { label: "Channel", key: "channel" }, { label: "Started", value: (c) => when(c.started_at) },
        { label: "Targeted", num: true, value: (c) => c.results.targeted },
        { label: "Delivered", num: true, value: (c) => c.results.delivered },
        { label: "Replied", num: true, value: (c) => c.results.replied },
        { label: "Ordered", num: true, value: (c) => c.results.ordered },
        { label: "", value: (c) => (c.status === "running"
          ? html`<button class="plain" onClick=${(e) => { e.stopPropagation(); act(c, "pause"); }}>Pause</button>`
          : ["paused", "draft"].includes(c.status) && html`<button class="plain" onClick=${(e) => { e.stopPropagation(); act(c, "start"); }}>${c.status === "draft" ? "Start" : "Resume"}</button>`) }]} />
      ${first && first.length === PAGE && older.more && html`<button class="plain" onClick=${more}>More</button>`}
    </div>
  </div>`;
}

function NewCampaign({ onStarted }) {
  const [v, set, setV] = useForm({ name: "", selection_id: "", template: "", channel: "email", per_minute: "600" });
  const [error, setError] = useState(null);
  const [selections] = useLoad(() => api("GET", "/api/selections?limit=100"), []);
  const [templates] = useLoad(() => api("GET", "/api/templates"), []);
  const names = [...new Set(((templates && templates.stored) || []).filter((t) => t.channel === v.channel).map((t) => t.name))];
  const start = async (e) => {
    e.preventDefault();
    try {
      const body = { name: v.name, template: v.template, channel: v.channel, selection_id: Number(v.selection_id), per_minute: Number(v.per_minute) };
      const made = await api("POST", "/api/campaigns", body);
      onStarted(await api("POST", `/api/campaigns/${made.id}/start`));
      setV({ ...v, name: "" }); setError(null);
    } catch (err) { setError(err); }
  };
  return html`<form class="card" onSubmit=${start} data-new-campaign><h2>New campaign</h2>
    <div class="row">
      <label>Name<input name="campaign_name" value=${v.name} onInput=${set("name")} /></label>
      <label>Saved selection<select name="selection_id" value=${v.selection_id} onChange=${set("selection_id")}>
        <option value="">choose…</option>${(selections || []).map((s) => html`<option value=${s.id}>${s.name} (${s.last_size})</option>`)}</select></label>
      <label>Channel<select name="channel" value=${v.channel} onChange=${set("channel")}>${CHANNELS.map((c) => html`<option value=${c}>${c}</option>`)}</select></label>
      <label>Template<select name="template" value=${v.template} onChange=${set("template")}>
        <option value="">choose…</option>${names.map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
      <label>Per minute<input name="per_minute" type="number" min="1" value=${v.per_minute} onInput=${set("per_minute")} /></label>
      <button type="submit">Start campaign</button>
    </div>
    <${ErrorBox} error=${error} />
  </form>`;
}

function Figures({ campaign, onRefresh }) {
  const r = campaign.results;
  return html`<div class="card" data-campaign=${campaign.name} data-status=${campaign.status}>
    <div class="row"><h2>${campaign.name} <span class="badge">${campaign.status}</span></h2>
      <button class="plain shrink" onClick=${onRefresh}>Refresh</button></div>
    <p class="muted small">Template ${campaign.template} by ${campaign.channel}; started ${when(campaign.started_at)}${campaign.finished_at ? `, done ${when(campaign.finished_at)}` : ""}.</p>
    <div class="figures">${FIGURES.map(([key, label]) => html`<div data-figure=${key}><strong>${r[key]}</strong><span class="muted small">${label}</span></div>`)}</div>
    <p class="small" data-response>Response: ${r.delivered ? Math.round((100 * (r.replied + r.ordered)) / r.delivered) : 0} replies and orders per 100 delivered.</p>
  </div>`;
}
