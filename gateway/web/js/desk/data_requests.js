// Data-protection requests on the customer view (GDPR art. 15 and 17): supervisors and
// admins download everything every service holds on the person as one JSON file; an
// admin erases the person everywhere, after a dialog that names what goes and asks why.
import { html, useState, ErrorBox, Modal } from "../lib.js";
import { api } from "./session.js";

const SEES = ["supervisor", "admin"];

export function DataRequests({ customer, me, onErased }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [asking, setAsking] = useState(false);
  if (!me || !SEES.includes(me.role)) return null;
  const exportData = async () => {
    setBusy(true); setError(null);
    try {
      const response = await api("GET", `/api/customers/${customer.id}/export`, undefined, { raw: true });
      const url = URL.createObjectURL(await response.blob());
      const a = Object.assign(document.createElement("a"), { href: url, download: `customer-${customer.id}-personal-data.json` });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return html`<div class="small" data-data-requests>
    <button class="plain" disabled=${busy} onClick=${exportData} data-export-personal-data>Export personal data</button>
    ${me.role === "admin" && !customer.erased_at && customer.kind === "person" &&
      html` <button class="danger" onClick=${() => setAsking(true)} data-erase-personal-data>Erase personal data</button>`}
    ${customer.erased_at && html`<div class="muted" data-erased>Erased ${customer.erased_at.slice(0, 10)}</div>`}
    <${ErrorBox} error=${error} />
    ${asking && html`<${EraseDialog} customer=${customer} onClose=${() => setAsking(false)}
      onErased=${() => { setAsking(false); onErased && onErased(); }} />`}
  </div>`;
}

function EraseDialog({ customer, onClose, onErased }) {
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const ready = typed.trim() === String(customer.id) && reason.trim().length >= 3;
  const erase = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api("POST", `/api/customers/${customer.id}/erase`, { confirm: true, reason: reason.trim() });
      onErased();
    } catch (err) { setError(err); setBusy(false); }
  };
  return html`<${Modal} tone="red" onClose=${onClose}>
    <h2>Erase ${customer.name}?</h2>
    <p>Names, national id, birthday, phones, e-mails, addresses and their history, notes and log texts go in every
      service, for good. Orders, invoices and payments keep their amounts, dates and numbers; cases keep their
      number and dates; messages and calls keep when they happened. This cannot be undone.</p>
    <form onSubmit=${erase} data-erase-form>
      <label>Reason (kept in the audit trail)<input name="reason" value=${reason} onInput=${(e) => setReason(e.target.value)} /></label>
      <label>Type the customer number ${customer.id} to confirm<input name="confirm" value=${typed} onInput=${(e) => setTyped(e.target.value)} /></label>
      <${ErrorBox} error=${error} />
      <button class="danger" type="submit" disabled=${!ready || busy}>Erase for good</button>
    </form>
  </${Modal}>`;
}
