// What an agent does on a case (case_page.js): move its status, answer the customer, hand
// it to a colleague or a queue, change its priority, category and order, and publish the
// answer to the FAQ. Each change is on the journal with who made it.
import { html, useState, ErrorBox, FieldError, useForm } from "../lib.js";
import { api } from "./session.js";

const PRIORITIES = ["low", "normal", "high", "urgent"];

export function StatusButtons({ kase, onChanged }) {
  const [error, setError] = useState(null);
  const move = async (status) => {
    try { await api("POST", `/api/cases/${kase.id}/status`, { status }); setError(null); onChanged(); }
    catch (err) { setError(err); }
  };
  return html`<div class="row">${["open", "pending", "solved", "closed"].filter((s) => s !== kase.status).map((s) => html`<button class="plain shrink" onClick=${() => move(s)}>Mark ${s}</button>`)}</div><${ErrorBox} error=${error} />`;
}

export function Reply({ kase, templates, onSent }) {
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
  // messaging texts an SMS case back; there is no chat transport: a chat is answered by e-mail
  const by = { sms: "by SMS", chat: "by e-mail (chat has no way back)" }[kase.channel] || "by e-mail";
  return html`<form class="card" onSubmit=${send}><h2>Answer the customer <span class="muted small" data-reply-channel>${by}</span></h2>
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

export function Handover({ kase, agents, onMoved }) {
  const [v, set] = useForm({ agent: "", queue: "" });
  const [error, setError] = useState(null);
  const move = async (body) => {
    try { await api("POST", `/api/cases/${kase.id}/handover`, body); setError(null); onMoved(); }
    catch (err) { setError(err); }
  };
  const colleagues = agents.filter((a) => a.username !== kase.assignee);
  return html`<div data-handover>
    <div class="row"><label>Give to<select name="handover-agent" value=${v.agent} onChange=${set("agent")}>
      <option value="">— a colleague —</option>${colleagues.map((a) => html`<option value=${a.username}>${a.name} (${a.presence}, ${a.open_cases}/${a.capacity})</option>`)}</select></label>
      <button type="button" class="shrink" disabled=${!v.agent} onClick=${() => move({ agent: v.agent })}>Hand over</button></div>
    <div class="row"><label>Or move to queue<input name="handover-queue" value=${v.queue} onInput=${set("queue")} placeholder=${kase.queue || "queue"} /></label>
      <button type="button" class="shrink" disabled=${!v.queue.trim()} onClick=${() => move({ queue: v.queue.trim() })}>Move</button></div>
    <${FieldError} error=${error} name="agent" /><${ErrorBox} error=${error} /></div>`;
}

export function CaseDetails({ kase, orders, onChanged }) {
  const [v, set] = useForm({ priority: kase.priority, category: kase.category || "", order_id: kase.order_id ? String(kase.order_id) : "" });
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    const body = { priority: v.priority, category: v.category.trim() || null, order_id: v.order_id ? Number(v.order_id) : null };
    try { await api("POST", `/api/cases/${kase.id}/changes`, body); setError(null); onChanged(); }
    catch (err) { setError(err); }
  };
  return html`<form onSubmit=${save} data-case-details><div class="row">
    <label>Priority<select name="priority" value=${v.priority} onChange=${set("priority")}>${PRIORITIES.map((p) => html`<option value=${p}>${p}</option>`)}</select></label>
    <label>Category<input name="category" value=${v.category} onInput=${set("category")} /></label>
    <label>Order<select name="order" value=${v.order_id} onChange=${set("order_id")}><option value="">— none —</option>
      ${orders.map((o) => html`<option value=${String(o.id)}>${o.id}: ${(o.created_at || "").slice(0, 10)} ${o.status}</option>`)}</select></label>
    <button type="submit" class="shrink">Save</button></div>
    <${FieldError} error=${error} name="order_id" /><${ErrorBox} error=${error} /></form>`;
}

// The case's answer as an FAQ entry (K6): the question from the subject, the answer from the
// last reply the customer got; the agent edits both before publishing.
export function PublishFaq({ kase, journal }) {
  const answered = journal.filter((j) => j.kind === "message" && j.direction === "out").pop();
  const [v, set, setV] = useForm({ question: kase.subject, answer: answered ? answered.body : "" });
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const publish = async (e) => {
    e.preventDefault();
    try {
      const made = await api("POST", "/api/faq", { ...v, language: kase.language || "sv", source_case_id: kase.id });
      setDone(made); setError(null); setV({ question: "", answer: "" });
    } catch (err) { setError(err); }
  };
  return html`<details data-publish-faq><summary>Publish the answer to the FAQ</summary><form onSubmit=${publish}>
    <label>Question<input name="faq-question" value=${v.question} onInput=${set("question")} /></label><${FieldError} error=${error} name="question" />
    <label>Answer<textarea name="faq-answer" value=${v.answer} onInput=${set("answer")}></textarea></label><${FieldError} error=${error} name="answer" />
    <button type="submit" disabled=${!v.question.trim() || !v.answer.trim()}>Publish</button>
    ${done && html`<p class="ok">Published as FAQ answer ${done.id}.</p>`}
    <${ErrorBox} error=${error} /></form></details>`;
}
