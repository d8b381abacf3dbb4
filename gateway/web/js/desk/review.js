// The review queue: registrations that look like someone we have, or sit on a doubtful address.
import { html, useState, useLoad, ErrorBox, day } from "../lib.js";
import { api } from "./session.js";

export function ReviewPage() {
  const [items, error, reload] = useLoad(() => api("GET", "/api/review"), []);
  const [problem, setProblem] = useState(null);
  const decide = async (id, body) => {
    try { await api("POST", `/api/review/${id}/decision`, body); setProblem(null); reload(); }
    catch (err) { setProblem(err); }
  };
  return html`<section data-view="review"><h1>Review queue</h1>
    <${ErrorBox} error=${error || problem} />
    ${items && items.length === 0 && html`<p class="muted">Nothing waits for a decision.</p>`}
    ${(items || []).map((item) => html`<div class="card" data-review=${item.id}>
      <h2>${item.data.name || [item.data.given_name, item.data.family_name].filter(Boolean).join(" ")}</h2>
      <div class="muted small">${item.source.replace(/_/g, " ")} · ${day(item.created_at)} · by ${item.submitted_by}${item.reference ? ` · ${item.reference}` : ""}</div>
      ${item.warnings.map((w) => html`<p class="warn">${w.message}</p>`)}
      ${item.matches.map((m) => html`<div class="row"><div>Looks like <a href=${`#/customer/${m.customer.id}`}>${m.customer.name}</a> (${m.verdict}, ${m.score.toFixed(2)})</div>
        <button class="plain shrink" onClick=${() => decide(item.id, { decision: "merge", into: m.customer.id })}>Merge into ${m.customer.name}</button></div>`)}
      <div class="row"><button class="shrink" onClick=${() => decide(item.id, { decision: "approve" })}>Approve as new</button>
        <button class="plain shrink" onClick=${() => decide(item.id, { decision: "reject" })}>Reject</button></div>
    </div>`)}
  </section>`;
}
