// What registering a customer and changing one share: the look-alike check's query, the
// address check and how their answers show (new_customer.js, customer_edit.js).
import { html, Table } from "../lib.js";
import { api } from "./session.js";

// What the look-alike check can compare while a form is being filled in: nothing until the
// name is there, and only the fields that are finished (a half-typed e-mail, a phone of a
// digit or two, an address without its town are left out rather than refused). `v` has a
// `phone` and an `email`, or lists of them as `phones` and `emails`.
export const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;
export function lookAlikeQuery(v) {
  const t = (k) => (v[k] || "").trim();
  const person = v.kind === "person";
  if (person ? !(t("given_name") && t("family_name")) : !t("name")) return null;
  const country = /^[A-Za-z]{2}$/.test(t("country")) ? t("country") : "SE";
  const data = { kind: v.kind, country };
  if (person) { data.given_name = t("given_name"); data.family_name = t("family_name"); }
  else data.name = t("name");
  const phones = (v.phones || [v.phone]).map((p) => (p || "").trim()).filter((p) => p.replace(/\D/g, "").length >= 6);
  if (phones.length) data.phones = phones.map((number) => ({ number, label: "mobile" }));
  const emails = (v.emails || [v.email]).map((e) => (e || "").trim()).filter((e) => EMAIL.test(e));
  if (emails.length) data.emails = emails.map((address) => ({ address, label: "home" }));
  if (t("street") && t("postal_code") && t("city")) data.addresses = [{ street: t("street"), postal_code: t("postal_code"), city: t("city"), country }];
  if (person && t("national_id")) data.national_id = t("national_id");
  if (!person && t("org_number")) data.org_number = t("org_number");
  return data;
}

// Blocks and the postal registers on an address of the form (street, postal_code, city,
// country): the warnings, none while the address is not complete.
export async function checkAddress(v) {
  if (!(v.street && v.postal_code && v.city)) return [];
  const address = { street: v.street, postal_code: v.postal_code, city: v.city, country: v.country || "SE" };
  try { return await api("POST", "/api/addresses/check", { addresses: [address], country: v.country || "SE" }); }
  catch (err) { return []; }
}

export function AddressWarnings({ warnings }) {
  return (warnings || []).map((w) => html`<p class="warn" data-address-warning=${w.field || ""}>${w.message}${w.expected ? ` (the postal register says ${w.expected})` : ""}</p>`);
}

// The ranked look-alikes with why each one is alike.
export function LookAlikes({ hits }) {
  return html`<${Table} name="duplicates" rows=${hits} empty="No look-alikes: this customer is new." columns=${[
    { label: "Customer", value: (h) => html`<a href=${`#/customer/${h.customer.id}`}>${h.customer.name}</a>` },
    { label: "Verdict", value: (h) => html`<span class=${`badge ${h.verdict === "duplicate" ? "red" : ""}`}>${h.verdict}</span>` },
    { label: "Score", num: true, value: (h) => h.score.toFixed(2) },
    { label: "Why", value: (h) => Object.entries(h.reasons).filter(([, r]) => r.agreement !== "missing").map(([f, r]) => `${f}: ${r.agreement}${r.conclusive ? " (two people)" : ""}${r.personal ? " (own number)" : ""}${r.slips ? " (two slips)" : ""}`).join(", ") }]} />`;
}
