// Cases: my queue and opening a case; one case is case_page.js (its actions case_actions.js).
import { html, useState, useLoad, ErrorBox, FieldError, Table, when, go, useForm } from "../lib.js";
import { api } from "./session.js";

export { CasePage } from "./case_page.js";

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
