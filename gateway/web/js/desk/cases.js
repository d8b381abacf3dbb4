// Cases: my queue, one case with its journal, reply templates and the similar-case list.
import { html, useState, useLoad, ErrorBox, FieldError, Table, day, when, go, useForm } from "../lib.js";
import { api } from "./session.js";

export function CasesPage() {
  const [mine, e1] = useLoad(() => api("GET", "/api/cases?assignee=me"), []);
  const [waiting, e2] = useLoad(() => api("GET", "/api/cases"), []);
  const columns = [
    { label: "Case", key: "number" }, { label: "Subject", key: "subject" }, { label: "Status", key: "status" },
    { label: "Priority", key: "priority" }, { label: "Due", value: (k) => when(k.first_response_due || k.resolution_due) },
  ];
  return html`<section data-view="cases">
    <h1>Cases</h1>
    <${ErrorBox} error=${e1 || e2} />
    <div class="card"><h2>Mine</h2><${Table} name="my-cases" rows=${mine} columns=${columns} onRow=${(k) => go(`/case/${k.id}`)} empty="Nothing assigned to you." /></div>
    <div class="card"><h2>Waiting for an agent</h2><${Table} name="waiting-cases" rows=${waiting} columns=${columns} onRow=${(k) => go(`/case/${k.id}`)} empty="No case is waiting." /></div>
  </section>`;
}

export function OpenCase({ customerId, onOpened }) {
  const [v, set, setV] = useForm({ subject: "", description: "", channel: "phone", priority: "normal" });
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try {
      const made = await api("POST", "/api/cases", { ...v, customer_id: customerId });
      setV({ subject: "", description: "", channel: "phone", priority: "normal" });
      setError(null);
      onOpened && onOpened(made);
      go(`/case/${made.id}`);
    } catch (err) { setError(err); }
  };
  return html`<details><summary>Open a case</summary><form onSubmit=${submit}>
    <label>Subject<input name="subject" value=${v.subject} onInput=${set("subject")} /></label><${FieldError} error=${error} name="subject" />
    <label>What it is about<textarea name="description" value=${v.description} onInput=${set("description")}></textarea></label>
    <div class="row">
      <label>Channel<select value=${v.channel} onChange=${set("channel")}>${["phone", "email", "letter", "visit", "fax"].map((c) => html`<option value=${c}>${c}</option>`)}</select></label>
      <label>Priority<select value=${v.priority} onChange=${set("priority")}>${["low", "normal", "high", "urgent"].map((c) => html`<option value=${c}>${c}</option>`)}</select></label>
      <button type="submit">Open case</button>
    </div><${ErrorBox} error=${error} /></form></details>`;
}

export function CasePage({ id }) {
  const [data, error, reload] = useLoad(async () => {
    const [kase, journal, similar, templates] = await Promise.all([
      api("GET", `/api/cases/${id}`), api("GET", `/api/cases/${id}/journal`),
      api("GET", `/api/cases/${id}/similar`), api("GET", "/api/reply-templates"),
    ]);
    return { kase, journal, similar, templates };
  }, [id]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p class="loading">Loading…</p>`;
  const { kase, journal, similar, templates } = data;
  return html`<section data-view="case" data-case=${kase.id}>
    <div class="card">
      <h1>${kase.number}: ${kase.subject}</h1>
      <div class="muted small">${kase.status} · ${kase.priority} · ${kase.channel} · queue ${kase.queue || "–"} · ${kase.assignee || "unassigned"}
        ${kase.customer_id && html` · <a href=${`#/customer/${kase.customer_id}`}>the customer</a>`}</div>
      <div class="small">${kase.first_response_due && html`First answer due ${when(kase.first_response_due)}. `}${kase.resolution_due && html`Solve by ${when(kase.resolution_due)}.`}</div>
      <${StatusButtons} kase=${kase} onChanged=${reload} />
    </div>
    <div class="grid">
      <div class="card journal"><h2>Journal</h2>
        ${journal.map((j) => html`<div class=${`entry ${j.visibility} ${j.direction || ""}`}>
          <div class="muted small">${when(j.created_at)} · ${j.author} · ${j.visibility}${j.channel ? ` · ${j.channel}` : ""}</div>
          ${j.subject && html`<strong>${j.subject}</strong>`}<pre>${j.body}</pre></div>`)}
      </div>
      <div>
        <${Reply} kase=${kase} templates=${templates} onSent=${reload} />
        <div class="card"><h2>Similar solved cases</h2>
          <${Table} name="similar" rows=${similar.cases} columns=${[{ label: "Case", key: "number" }, { label: "Subject", key: "subject" },
            { label: "Answer", value: (s) => (s.solution || "").slice(0, 140) }]} empty="None found." />
          <h3>From the FAQ</h3>
          ${similar.faq.length === 0 ? html`<p class="muted">None found.</p>` : similar.faq.map((f) => html`<details><summary>${f.question}</summary><p>${f.answer}</p></details>`)}
        </div>
      </div>
    </div>
  </section>`;
}

function StatusButtons({ kase, onChanged }) {
  const [error, setError] = useState(null);
  const move = async (status) => {
    try { await api("POST", `/api/cases/${kase.id}/status`, { status }); setError(null); onChanged(); }
    catch (err) { setError(err); }
  };
  return html`<div class="row">${["open", "pending", "solved", "closed"].filter((s) => s !== kase.status).map((s) => html`<button class="plain shrink" onClick=${() => move(s)}>Mark ${s}</button>`)}</div><${ErrorBox} error=${error} />`;
}

function Reply({ kase, templates, onSent }) {
  const [body, setBody] = useState("");
  const [then, setThen] = useState("pending");
  const [templateId, setTemplateId] = useState("");
  const [error, setError] = useState(null);
  const [sent, setSent] = useState(false);
  const useTemplate = async (e) => {
    const id = e.target.value;
    setTemplateId(id);
    if (!id) return;
    try {
      const filled = await api("POST", `/api/cases/${kase.id}/replies/preview`, { template_id: Number(id), text: body });
      setBody(filled.body);
      setError(null);
    } catch (err) { setError(err); }
  };
  const send = async (e) => {
    e.preventDefault();
    try {
      await api("POST", `/api/cases/${kase.id}/replies`, { body, then, template_id: templateId ? Number(templateId) : null });
      setBody(""); setTemplateId(""); setError(null); setSent(true);
      onSent();
    } catch (err) { setError(err); }
  };
  return html`<form class="card" onSubmit=${send}><h2>Answer the customer</h2>
    <label>Reply template<select name="template" value=${templateId} onChange=${useTemplate}>
      <option value="">— none —</option>${templates.map((t) => html`<option value=${t.id}>${t.name} (${t.language})</option>`)}</select></label>
    <label>Answer<textarea name="reply" value=${body} onInput=${(e) => { setBody(e.target.value); setSent(false); }}></textarea></label>
    <${FieldError} error=${error} name="body" />
    <div class="row"><label>Then<select value=${then} onChange=${(e) => setThen(e.target.value)}>
      <option value="pending">wait for the customer</option><option value="solved">solved</option><option value="open">keep open</option></select></label>
      <button type="submit" disabled=${!body.trim()}>Send answer</button></div>
    ${sent && html`<p class="ok">Sent to the customer.</p>`}
    <${ErrorBox} error=${error} /></form>`;
}
