// The booking calendar for the coming week and my tasks.
import { html, useState, useLoad, ErrorBox, FieldError, Table, when, useForm } from "../lib.js";
import { api } from "./session.js";

const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
const DAY = 86400e3;

function monday(d) {
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  return new Date(start.getTime() - ((start.getDay() + 6) % 7) * DAY);
}

const clock = (iso) => new Date(iso).toLocaleTimeString("sv-SE", { hour: "2-digit", minute: "2-digit" });

export function AgendaPage() {
  const [start, setStart] = useState(monday(new Date()));
  const [week, e1, reloadWeek] = useLoad(
    () => api("GET", `/api/agenda?everyone=true&from=${encodeURIComponent(start.toISOString())}&to=${encodeURIComponent(new Date(start.getTime() + 7 * DAY).toISOString())}`),
    [start.getTime()],
  );
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
    <div class="card"><div class="row"><h2>Week of ${start.toLocaleDateString("sv-SE")}</h2>
      <button class="plain shrink" onClick=${() => setStart(new Date(start.getTime() - 7 * DAY))}>‹ Earlier</button>
      <button class="plain shrink" onClick=${() => setStart(monday(new Date()))}>This week</button>
      <button class="plain shrink" onClick=${() => setStart(new Date(start.getTime() + 7 * DAY))}>Later ›</button></div>
      <div class="week" data-week>${[0, 1, 2, 3, 4, 5, 6].map((n) => {
        const day = new Date(start.getTime() + n * DAY);
        const next = new Date(day.getTime() + DAY);
        const items = (week || []).filter((i) => new Date(i.starts_at) < next && new Date(i.ends_at || i.starts_at) >= day);
        return html`<div class="day"><h3>${day.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" })}</h3>
          ${items.map((i) => html`<div class=${`item ${i.kind}${i.done_at ? " done" : ""}`}><span class="muted small">${clock(i.starts_at)}${i.ends_at ? `–${clock(i.ends_at)}` : ""}</span>${" "}${i.title}${i.resource ? html` <span class="badge">${i.resource}</span>` : ""} <span class="muted small">${i.owner}</span></div>`)}
        </div>`;
      })}</div></div>
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
