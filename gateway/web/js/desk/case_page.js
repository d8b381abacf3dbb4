// One case at the desk (#/case/<id>): its journal with internal notes set apart, a note
// or an answer, who has it and what it is about (case_actions.js), the guidance on the
// customer (K11), and similar solved cases and FAQ answers.
import { html, useState, useLoad, ErrorBox, FieldError, Table, money, when } from "../lib.js";
import { api } from "./session.js";
import { StatusButtons, Reply, CaseDetails, Handover, PublishFaq } from "./case_actions.js";

export function CasePage({ id }) {
  const [data, error, reload] = useLoad(async () => {
    const [kase, journal, similar, templates, agents] = await Promise.all([
      api("GET", `/api/cases/${id}`), api("GET", `/api/cases/${id}/journal`),
      api("GET", `/api/cases/${id}/similar`), api("GET", "/api/reply-templates"), api("GET", "/api/agents"),
    ]);
    const orders = kase.customer_id ? await api("GET", `/api/customers/${kase.customer_id}/orders?limit=20`).catch(() => []) : [];
    return { kase, journal, similar, templates, agents, orders };
  }, [id]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p class="loading">Loading…</p>`;
  const { kase, journal, similar, templates, agents, orders } = data;
  return html`<section data-view="case" data-case=${kase.id}>
    <div class="card">
      <h1>${kase.number}: ${kase.subject}</h1>
      <div class="muted small" data-case-summary>${kase.status} · ${kase.priority} · ${kase.channel} · queue ${kase.queue || "–"} · ${kase.assignee || "unassigned"}
        ${kase.category && ` · ${kase.category}`}${kase.order_id && ` · order ${kase.order_id}`}
        ${kase.customer_id && html` · <a href=${`#/customer/${kase.customer_id}`}>the customer</a>`}</div>
      <div class="small">${kase.first_response_due && html`First answer due ${when(kase.first_response_due)}. `}${kase.resolution_due && html`Solve by ${when(kase.resolution_due)}.`}</div>
      <${StatusButtons} kase=${kase} onChanged=${reload} />
    </div>
    <div class="grid">
      <div>
        <div class="card journal"><h2>Journal</h2>
          ${journal.map((j) => html`<div class=${`entry ${j.visibility} ${j.direction || ""} ${j.kind}`} data-entry=${j.kind} data-visibility=${j.visibility}>
            <div class="muted small">${j.visibility === "internal" && j.kind === "note" ? html`<strong class="badge">Internal note</strong> · ` : ""}${when(j.created_at)} · ${j.author} · ${j.visibility}${j.channel ? ` · ${j.channel}` : ""}</div>
            ${j.subject && html`<strong>${j.subject}</strong>`}<pre>${j.body}</pre></div>`)}
        </div>
        <${Note} kase=${kase} onAdded=${reload} />
      </div>
      <div>
        <${Guidance} id=${kase.id} version=${kase.updated_at} />
        <${Reply} kase=${kase} templates=${templates} onSent=${reload} />
        <div class="card"><h2>Who has it, what it is about</h2>
          <${Handover} key=${kase.assignee || ""} kase=${kase} agents=${agents} onMoved=${reload} />
          <${CaseDetails} key=${kase.updated_at} kase=${kase} orders=${orders} onChanged=${reload} />
        </div>
        <div class="card"><h2>Similar solved cases</h2>
          <${Table} name="similar" rows=${similar.cases} columns=${[{ label: "Case", key: "number" }, { label: "Subject", key: "subject" },
            { label: "Answer", value: (s) => (s.solution || "").slice(0, 140) }]} empty="None found." />
          <h3>From the FAQ</h3>
          ${similar.faq.length === 0 ? html`<p class="muted">None found.</p>` : similar.faq.map((f) => html`<details><summary>${f.question}</summary><p>${f.answer}</p></details>`)}
          <${PublishFaq} key=${journal.length} kase=${kase} journal=${journal} />
        </div>
      </div>
    </div>
  </section>`;
}

function Note({ kase, onAdded }) {
  const [body, setBody] = useState("");
  const [visibility, setVisibility] = useState("internal");
  const [error, setError] = useState(null);
  const add = async (e) => {
    e.preventDefault();
    try { await api("POST", `/api/cases/${kase.id}/notes`, { body, visibility }); setBody(""); setError(null); onAdded(); }
    catch (err) { setError(err); }
  };
  return html`<form class="card" onSubmit=${add} data-note-form><h2>Add a note</h2>
    <label>Note<textarea name="note" value=${body} onInput=${(e) => setBody(e.target.value)}></textarea></label>
    <${FieldError} error=${error} name="body" />
    <div class="row"><label>Who sees it<select name="note-visibility" value=${visibility} onChange=${(e) => setVisibility(e.target.value)}>
      <option value="internal">staff only (internal)</option><option value="public">the customer too</option></select></label>
      <button type="submit" disabled=${!body.trim()}>Add note</button></div>
    <${ErrorBox} error=${error} /></form>`;
}

// The business rules beside the case (K11): a section whose service is down says so.
function Guidance({ id, version }) {
  const [g, error] = useLoad(() => api("GET", `/api/cases/${id}/guidance`), [id, version]);
  const down = html`<span class="muted">not available right now</span>`;
  if (error) return html`<div class="card"><h2>Guidance</h2><${ErrorBox} error=${error} /></div>`;
  if (!g) return html`<div class="card"><h2>Guidance</h2><p class="loading">Loading…</p></div>`;
  const c = g.customer, k = g.credit, next = g.offer_next;
  const due = Object.entries(g.case.due || {});
  return html`<div class="card" data-guidance><h2>Guidance</h2>
    ${g.notice && html`<p class="muted">${g.notice}</p>`}
    ${c && html`<p><strong>Customer</strong>: ${c === "unavailable" ? down : html`${c.name} · ${c.tier}${c.importance ? html` · <strong data-importance>${c.importance}</strong>` : ""}${c.satisfaction != null ? ` · satisfaction ${c.satisfaction}` : ""}`}</p>`}
    <p><strong>Service level</strong>: priority ${g.case.priority}${g.case.paused ? " · paused" : ""}
      ${due.map(([target, d]) => html`<br/><span class=${d.minutes_left < 0 ? "field-error" : ""}>${target.replace("_", " ")}: ${d.minutes_left < 0 ? `${-d.minutes_left} min late` : `${d.minutes_left} min left`}</span>`)}
      ${g.case.breaches.length > 0 && html`<br/><span class="field-error">missed: ${g.case.breaches.join(", ")}</span>`}</p>
    ${k !== undefined && html`<p><strong>Credit</strong>: ${k === "unavailable" ? down : html`${money(k.available, k.currency)} left${Number(k.overdue_total) > 0 ? html` · <span class="field-error">${money(k.overdue_total, k.currency)} overdue</span>` : ""}`}</p>`}
    ${Array.isArray(g.offers) && g.offers.length > 0 && html`<p><strong>Their offers</strong>: ${g.offers.map((o) => o.description).join("; ")}</p>`}
    ${next && html`<p><strong>Offer next</strong>: ${next === "unavailable" ? down : [...(next.bought_together || []), ...(next.product_of_the_week ? [next.product_of_the_week] : [])].map((s) => s.name).join(", ") || "nothing in particular"}</p>`}
  </div>`;
}
