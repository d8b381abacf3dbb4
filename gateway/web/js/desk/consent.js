// Consent to marketing on the 360° view: whether the customer agreed to it (opt-in), since
// when and how ("portal", "agent:ann", "import", "web order"). The agent records what the
// customer says; no campaign reaches a customer without it. Not the newsletter flag (in
// the details): that says the customer wants the newsletter.
import { html, useState, ErrorBox, when } from "../lib.js";
import { api } from "./session.js";

const state = (c) => (c.marketing_consent ? "Consent given" : c.consent_changed_at ? "Consent withdrawn" : "No consent yet");

export function Consent({ customer, onChanged }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const c = customer;
  const change = async (given) => {
    setBusy(true);
    setError(null);
    try {
      await api("PUT", `/api/customers/${c.id}/consent`, { given });
      onChanged && onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="card row" data-consent=${c.marketing_consent ? "given" : "none"}>
    <div><strong>Marketing</strong> <span data-consent-state>${state(c)}</span>
      ${c.consent_changed_at && html`<span class="muted small" data-consent-source> · ${when(c.consent_changed_at)} UTC, ${c.consent_source}</span>`}
      <div class="muted small">Campaigns and newsletters reach only customers who consented.</div></div>
    <div class="shrink">${c.marketing_consent
      ? html`<button disabled=${busy} onClick=${() => change(false)}>Withdraw consent</button>`
      : html`<button disabled=${busy} onClick=${() => change(true)}>Customer consents</button>`}</div>
    <${ErrorBox} error=${error} /></div>`;
}
