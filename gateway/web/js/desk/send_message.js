// The 360° view's "Messages sent" tab (customer.js): every message sent to the customer,
// each opened to read its subject and text as sent, and a message by hand from a template
// on the channel the agent picks (e-mail, SMS or a letter).
import { html, useState, useLoad, ErrorBox, FieldError, Table, Modal, when } from "../lib.js";
import { api } from "./session.js";

const CHANNEL_NAMES = { email: "e-mail", sms: "SMS", letter: "letter" };

export function SentMessages({ customerId, messages, onSent }) {
  const [open, setOpen] = useState(null);
  const [error, setError] = useState(null);
  const read = async (m) => {
    try { setOpen(await api("GET", `/api/messages/${m.id}`)); setError(null); }
    catch (err) { setError(err); }
  };
  return html`<${Table} name="messages" rows=${messages} onRow=${read} columns=${[
      { label: "When", value: (m) => when(m.created_at) }, { label: "Channel", key: "channel" },
      { label: "Subject", key: "subject" }, { label: "Status", key: "status" }]} empty="Nothing sent yet." />
    <${ErrorBox} error=${error} />
    ${open && html`<${Modal} onClose=${() => setOpen(null)}><div data-message=${open.id}>
      <h2>${open.subject || "(no subject)"}</h2>
      <p class="muted small">${CHANNEL_NAMES[open.channel] || open.channel} to ${open.recipient || "–"} · ${when(open.sent_at || open.created_at)} · ${open.status}${open.failure ? ` (${open.failure})` : ""}</p>
      <pre class="message-body">${open.body}</pre></div></${Modal}>`}
    <${SendMessage} customerId=${customerId} onSent=${onSent} />`;
}

function SendMessage({ customerId, onSent }) {
  const [templates, loadError] = useLoad(() => api("GET", "/api/message-templates"), []);
  const [name, setName] = useState("");
  const [channel, setChannel] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState(null);
  const [sent, setSent] = useState(null);
  const names = [...new Set((templates || []).map((t) => t.name))];
  const channels = [...new Set((templates || []).filter((t) => t.name === name).map((t) => t.channel))];
  const pick = (e) => {
    const chosen = e.target.value;
    setName(chosen);
    const first = (templates || []).find((t) => t.name === chosen);
    setChannel(first ? first.channel : "");
  };
  const send = async (e) => {
    e.preventDefault();
    try {
      const made = await api("POST", `/api/customers/${customerId}/messages`, { template: name, channel, text });
      setSent(made); setText(""); setError(null);
      onSent && onSent();
    } catch (err) { setError(err); }
  };
  return html`<details class="send-message" data-send-message><summary>Send a message</summary><form onSubmit=${send}>
    <${ErrorBox} error=${loadError} />
    <div class="row">
      <label>Template<select name="message-template" value=${name} onChange=${pick}>
        <option value="">— pick one —</option>${names.map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
      <label>Channel<select name="message-channel" value=${channel} onChange=${(e) => setChannel(e.target.value)}>
        ${channels.map((c) => html`<option value=${c}>${CHANNEL_NAMES[c] || c}</option>`)}</select></label>
    </div>
    <${FieldError} error=${error} name="template" />
    <label>Your text<textarea name="message-text" value=${text} onInput=${(e) => setText(e.target.value)}></textarea></label>
    <${FieldError} error=${error} name="text" />
    <button type="submit" disabled=${!name || !channel}>Send</button>
    ${sent && html`<p class="ok">Queued by ${CHANNEL_NAMES[sent.channel] || sent.channel}: ${sent.subject}</p>`}
    <${ErrorBox} error=${error} /></form></details>`;
}
