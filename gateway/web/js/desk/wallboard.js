// The supervisors' wallboard (K4, K5, T2): what waits in each queue and since when, the
// cases near or past their SLA, every agent's presence, load and call, and the calls now.
// It asks again when the live stream says a presence or a call changed (a moment later,
// once for a burst), not on a timer.
import { html, useState, useEffect, ErrorBox, Table, when, go } from "../lib.js";
import { api } from "./session.js";
import { live } from "./presence.js";

const SETTLE_MS = 300;  // events that come together cost one request
const UNAVAILABLE = "unavailable";

export function WallboardPage() {
  const [board, setBoard] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let timer = null, gone = false;
    const load = () => api("GET", "/api/wallboard").then((b) => { if (!gone) { setBoard(b); setError(null); } }, (e) => !gone && setError(e));
    load();
    const stop = live.on((kind) => {
      if (kind !== "presence" && kind !== "call" && kind !== "hello") return;
      clearTimeout(timer);
      timer = setTimeout(load, SETTLE_MS);
    });
    return () => { gone = true; clearTimeout(timer); stop(); };
  }, []);
  return html`<section data-view="wallboard"><h1>Wallboard</h1>
    <${ErrorBox} error=${error} />
    ${!board && !error && html`<p class="loading">Loading…</p>`}
    ${board && html`<div class="wallboard">
      <${Part} title="Queues" rows=${board.queues} name="wallboard-queues" empty="Nothing waits for an agent." columns=${[
        { label: "Queue", value: (q) => q.queue || "(no queue)" }, { label: "Waiting", key: "waiting", num: true },
        { label: "Oldest since", value: (q) => when(q.oldest_since) }]} />
      <${Part} title="SLA at risk or breached" rows=${board.sla} name="wallboard-sla" empty="Every case is on time." onRow=${(c) => go(`/case/${c.id}`)} columns=${[
        { label: "Case", key: "number" }, { label: "Subject", key: "subject" },
        { label: "Target", value: (c) => c.target.replace("_", " ") }, { label: "Due", value: (c) => when(c.due) },
        { label: "", value: (c) => html`<span class=${`badge ${c.state === "breached" ? "red" : "ringing"}`}>${c.state === "breached" ? "breached" : "at risk"}</span>` },
        { label: "Agent", value: (c) => c.assignee || c.queue || "" }]} />
      <${Part} title="Agents" rows=${board.agents} name="wallboard-agents" empty="No agents yet." columns=${[
        { label: "Agent", value: (a) => html`<span data-agent=${a.username}>${a.name || a.username}</span>` },
        { label: "Presence", value: (a) => html`<span class=${`badge presence ${a.presence}`} data-presence-of=${a.username}>${a.presence}</span>` },
        { label: "Load", value: (a) => `${a.open_cases} / ${a.capacity}`, num: true },
        { label: "Call now", value: (a) => (a.call ? html`<span class=${`badge ${a.call.state}`} data-call-of=${a.username}>${a.call.state}</span> ${a.call.customer_name || a.call.remote_raw}` : "") }]} />
      <${Part} title="Calls now" rows=${board.calls} name="wallboard-calls" empty="No call is ringing or in progress." columns=${[
        { label: "Since", value: (c) => when(c.started_at).slice(11) }, { label: "Caller", value: (c) => c.customer_name || c.remote_raw },
        { label: "State", value: (c) => html`<span class=${`badge ${c.state}`}>${c.state}</span>` },
        { label: "Agent", value: (c) => c.agent || c.extension || c.queue || "" }]} />
    </div>`}
  </section>`;
}

function Part({ title, rows, name, ...table }) {
  const count = Array.isArray(rows) ? html` <span class="badge">${rows.length}</span>` : "";
  return html`<div class="card" data-part=${name}><h2>${title}${count}</h2>
    ${rows === UNAVAILABLE ? html`<p class="muted">Unavailable just now: its service does not answer.</p>` : html`<${Table} name=${name} rows=${rows} ...${table} />`}
  </div>`;
}
