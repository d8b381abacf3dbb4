// Every call ringing or in progress in the company, kept current by the live stream.
import { html, useState, useEffect, ErrorBox, Table, when, go } from "../lib.js";
import { api, board } from "./session.js";

export function CallsPage() {
  const [, setTick] = useState(0);
  const [error, setError] = useState(null);
  useEffect(() => {
    const on = () => setTick((t) => t + 1);
    board.listeners.add(on);
    board.load(() => api("GET", "/api/telephony/calls/active")).catch(setError);
    return () => board.listeners.delete(on);
  }, []);
  const calls = [...board.calls.values()].sort((a, b) => (a.started_at < b.started_at ? -1 : 1));
  return html`<section data-view="calls"><h1>Active calls <span class="badge">${calls.length}</span></h1>
    <${ErrorBox} error=${error} />
    <div class="card"><${Table} name="active-calls" rows=${calls} empty="No call is ringing or in progress."
      onRow=${(c) => c.customer_id && go(`/customer/${c.customer_id}`)} columns=${[
        { label: "Since", value: (c) => when(c.started_at).slice(11) }, { label: "Caller", value: (c) => c.customer_name || c.remote_raw },
        { label: "Organisation", value: (c) => c.organisation_name || "" },
        { label: "State", value: (c) => html`<span class=${`badge ${c.state}`}>${c.state}</span>` },
        { label: "Agent", value: (c) => c.agent || c.extension || c.queue || "" }]} /></div>
  </section>`;
}
