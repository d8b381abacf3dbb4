// The booking calendar for the coming week and my tasks.
import { html, useState, useLoad, ErrorBox, FieldError, Table, when, useForm } from "../lib.js";
import { api } from "./session.js";

const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);

export function AgendaPage() {
  const [week, e1, reloadWeek] = useLoad(() => api("GET", "/api/agenda?everyone=true"), []);
  const [tasks, e2, reloadTasks] = useLoad(() => api("GET", "/api/agenda/tasks"), []);
  const [v, set, setV] = useForm({ kind: "task", title: "", starts_at: local(new Date(Date.now() + 3600e3)), ends_at: "", resource: "" });
  const [error, setError] = useState(null);
  const add = async (e) => {
    e.preventDefault();
    const body = { kind: v.kind, title: v.title, starts_at: new Date(v.starts_at).toISOString() };
    if (v.ends_at) body.ends_at = new Date(v.ends_at).toISOString();
    if (v.kind === "booking") body.resource = v.resource;
    try { await api("POST", "/api/agenda", body); setV({ ...v, title: "" }); setError(null); reloadWeek(); reloadTasks(); }
    catch (err) { setError(err); }
  };
  const done = async (id) => { await api("POST", `/api/agenda/${id}/done`, {}); reloadTasks(); };
  return html`<section data-view="agenda"><h1>Calendar and tasks</h1>
    <${ErrorBox} error=${e1 || e2} />
    <div class="card"><h2>My tasks</h2><${Table} name="tasks" rows=${tasks} empty="No open tasks." columns=${[
      { label: "Due", value: (t) => when(t.starts_at) }, { label: "Task", key: "title" },
      { label: "", value: (t) => html`<button class="plain" onClick=${() => done(t.id)}>Done</button>` }]} /></div>
    <div class="card"><h2>This week</h2><${Table} name="week" rows=${week} empty="Nothing booked this week." columns=${[
      { label: "From", value: (i) => when(i.starts_at) }, { label: "To", value: (i) => when(i.ends_at) },
      { label: "What", key: "title" }, { label: "Kind", key: "kind" }, { label: "Resource", value: (i) => i.resource || "" }, { label: "Who", key: "owner" }]} /></div>
    <form class="card" onSubmit=${add}><h2>Add</h2>
      <div class="row">
        <label>Kind<select name="kind" value=${v.kind} onChange=${set("kind")}>${["task", "booking", "meeting", "watch"].map((k) => html`<option value=${k}>${k}</option>`)}</select></label>
        <label>Title<input name="title" value=${v.title} onInput=${set("title")} /><${FieldError} error=${error} name="title" /></label>
        <label>Starts (or due)<input type="datetime-local" name="starts_at" value=${v.starts_at} onInput=${set("starts_at")} /></label>
        <label>Ends<input type="datetime-local" name="ends_at" value=${v.ends_at} onInput=${set("ends_at")} /></label>
        ${v.kind === "booking" && html`<label>Resource<input name="resource" value=${v.resource} onInput=${set("resource")} placeholder="e.g. the van" /></label>`}
        <button type="submit">Add</button>
      </div><${ErrorBox} error=${error} /></form>
  </section>`;
}
