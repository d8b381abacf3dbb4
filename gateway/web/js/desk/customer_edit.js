// Change the caller's details from the 360° view: name, phones, e-mails, the address (the
// old one goes to the earlier addresses), tier, language and newsletter. A change to who
// the customer is (name, phone, e-mail, address) is matched against the register first,
// as a new customer is, and the address is checked against blocks and the postal register.
import { html, useState, ErrorBox, FieldError } from "../lib.js";
import { api } from "./session.js";
import { AddressWarnings, LookAlikes, checkAddress, lookAlikeQuery } from "./customer_checks.js";

const TIERS = ["key", "major", "standard", "small"];

function currentAddress(c) {
  return c.addresses.find((a) => a.kind === "postal") || c.addresses[0] || null;
}

function formOf(c) {
  const a = currentAddress(c);
  return {
    kind: c.kind, given_name: c.given_name || "", family_name: c.family_name || "", name: c.name || "",
    tier: c.tier, language: c.language || "", newsletter: !!c.newsletter,
    phones: c.phones.map((p) => ({ number: p.raw, label: p.label })),
    emails: c.emails.map((e) => ({ address: e.address, label: e.label })),
    address_kind: a ? a.kind : "postal", street: a ? a.street : "", postal_code: a ? a.postal_code : "",
    city: a ? a.city : "", country: a ? a.country : c.country,
  };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// What changed, as a CustomerUpdate: only the fields the agent touched.
function changes(v, was) {
  const data = {};
  const names = v.kind === "person" ? ["given_name", "family_name"] : ["name"];
  for (const k of names) if (v[k].trim() !== was[k]) data[k] = v[k].trim();
  if (v.tier !== was.tier) data.tier = v.tier;
  if (v.language.trim() !== was.language) data.language = v.language.trim() || null;
  if (v.newsletter !== was.newsletter) data.newsletter = v.newsletter;
  const phones = v.phones.filter((p) => p.number.trim());
  if (!same(phones, was.phones)) data.phones = phones.map((p) => ({ number: p.number.trim(), label: p.label || "mobile" }));
  const emails = v.emails.filter((e) => e.address.trim());
  if (!same(emails, was.emails)) data.emails = emails.map((e) => ({ address: e.address.trim(), label: e.label || "home" }));
  const place = ["street", "postal_code", "city", "country"];
  if (place.some((k) => v[k].trim() !== (was[k] || ""))) {
    data.addresses = [{ kind: v.address_kind, street: v.street.trim(), postal_code: v.postal_code.trim(), city: v.city.trim(), country: v.country.trim() || was.country }];
  }
  return data;
}

const IDENTITY = ["given_name", "family_name", "name", "phones", "emails", "addresses"];

export function CustomerEdit({ customer, onSaved }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(null);  // what the last save said: warnings, look-alikes
  if (customer.erased_at) return null;
  return html`<div class="card" data-edit-details>
    ${!open && html`<div class="row"><h2>Details</h2><button class="shrink" onClick=${() => { setDone(null); setOpen(true); }}>Change details</button></div>`}
    ${open && html`<${EditForm} customer=${customer} onCancel=${() => setOpen(false)}
      onSaved=${(said) => { setOpen(false); setDone(said); onSaved(); }} />`}
    ${done && html`<div data-saved-details>
      <p class="ok">Saved.${done.warnings.length ? " Look at the warnings:" : ""}</p>
      <${AddressWarnings} warnings=${done.warnings} />
      ${done.alike.length > 0 && html`<p class="warn">It may be one we have already; a supervisor can merge them.</p><${LookAlikes} hits=${done.alike} />`}
    </div>`}
  </div>`;
}

function EditForm({ customer, onCancel, onSaved }) {
  const [was] = useState(() => formOf(customer));
  const [v, setV] = useState(was);
  const [error, setError] = useState(null);
  const [warnings, setWarnings] = useState([]);
  const [hits, setHits] = useState(null);  // probable duplicates, before a save the agent confirms
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => { const x = e.target.type === "checkbox" ? e.target.checked : e.target.value; setV((o) => ({ ...o, [k]: x })); };
  const setIn = (list, i, k) => (e) => setV((o) => ({ ...o, [list]: o[list].map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)) }));
  const add = (list, blank) => setV((o) => ({ ...o, [list]: [...o[list], blank] }));
  const remove = (list, i) => setV((o) => ({ ...o, [list]: o[list].filter((_, j) => j !== i) }));
  const checkPlace = async () => setWarnings(await checkAddress(v));
  const lookAlikes = async () => {
    const query = lookAlikeQuery({ ...v, country: v.country, phones: v.phones.map((p) => p.number), emails: v.emails.map((e) => e.address) });
    if (!query) return [];
    try { return (await api("POST", "/api/customers/match", query)).filter((h) => h.customer.id !== customer.id); }
    catch (err) { return []; }  // the save itself says what is wrong with the fields
  };
  const save = async (e, confirmed) => {
    if (e) e.preventDefault();
    const data = changes(v, was);
    if (Object.keys(data).length === 0) { onCancel(); return; }
    setBusy(true);
    try {
      const alike = IDENTITY.some((k) => k in data) ? await lookAlikes() : [];
      if (!confirmed && alike.some((h) => h.verdict === "duplicate")) { setHits(alike); setError(null); return; }
      const saved = await api("PATCH", `/api/customers/${customer.id}`, data);
      onSaved({ warnings: saved.warnings || [], alike: alike.filter((h) => h.verdict !== "distinct") });
    } catch (err) { setError(err); setHits(null); }
    finally { setBusy(false); }
  };
  const person = customer.kind === "person";
  const fieldWarning = (name) => warnings.filter((w) => w.field === `addresses.0.${name}`).map((w) => html`<div class="field-error">${w.message}</div>`);
  return html`<form onSubmit=${save} data-edit-form>
    <h2>Change details of ${customer.name}</h2>
    <div class="row">
      ${person ? html`<label>Given name<input name="given_name" value=${v.given_name} onInput=${set("given_name")} /><${FieldError} error=${error} name="given_name" /></label>
        <label>Family name<input name="family_name" value=${v.family_name} onInput=${set("family_name")} /><${FieldError} error=${error} name="family_name" /></label>`
      : html`<label>Name<input name="name" value=${v.name} onInput=${set("name")} /><${FieldError} error=${error} name="name" /></label>`}
    </div>
    <div class="row">
      <label>Tier<select name="tier" value=${v.tier} onChange=${set("tier")}>${TIERS.map((t) => html`<option value=${t}>${t}</option>`)}</select><${FieldError} error=${error} name="tier" /></label>
      <label>Language<input name="language" value=${v.language} placeholder="sv" onInput=${set("language")} /><${FieldError} error=${error} name="language" /></label>
      <label class="check shrink"><input type="checkbox" name="newsletter" checked=${v.newsletter} onChange=${set("newsletter")} />Gets the newsletter</label>
    </div>
    <fieldset data-phones><legend>Phone numbers</legend>
      ${v.phones.map((p, i) => html`<div class="row">
        <label>Number<input name=${`phone-${i}`} type="tel" value=${p.number} onInput=${setIn("phones", i, "number")} /><${FieldError} error=${error} name=${`phones.${i}.number`} /></label>
        <label>Label<input name=${`phone-label-${i}`} value=${p.label} onInput=${setIn("phones", i, "label")} /></label>
        <button type="button" class="plain shrink" onClick=${() => remove("phones", i)}>Remove ${p.number}</button></div>`)}
      <button type="button" class="plain shrink" onClick=${() => add("phones", { number: "", label: "mobile" })}>Add phone</button>
    </fieldset>
    <fieldset data-emails><legend>E-mail addresses</legend>
      ${v.emails.map((m, i) => html`<div class="row">
        <label>E-mail<input name=${`email-${i}`} value=${m.address} onInput=${setIn("emails", i, "address")} /><${FieldError} error=${error} name=${`emails.${i}.address`} /></label>
        <label>Label<input name=${`email-label-${i}`} value=${m.label} onInput=${setIn("emails", i, "label")} /></label>
        <button type="button" class="plain shrink" onClick=${() => remove("emails", i)}>Remove ${m.address}</button></div>`)}
      <button type="button" class="plain shrink" onClick=${() => add("emails", { address: "", label: "home" })}>Add e-mail</button>
    </fieldset>
    <fieldset data-address><legend>Address (${v.address_kind}): a new one moves the customer, the old one is kept</legend>
      <div class="row">
        <label>Street<input name="street" value=${v.street} onInput=${set("street")} /><${FieldError} error=${error} name="addresses.0.street" /></label>
        <label>Postal code<input name="postal_code" value=${v.postal_code} onInput=${set("postal_code")} onBlur=${checkPlace} /><${FieldError} error=${error} name="addresses.0.postal_code" />${fieldWarning("postal_code")}</label>
        <label>Town<input name="city" value=${v.city} onInput=${set("city")} onBlur=${checkPlace} /><${FieldError} error=${error} name="addresses.0.city" />${fieldWarning("city")}</label>
        <label>Country<input name="country" value=${v.country} maxlength="2" onInput=${set("country")} /><${FieldError} error=${error} name="addresses.0.country" /></label>
      </div>
      <${FieldError} error=${error} name="addresses" />
      <${AddressWarnings} warnings=${warnings.filter((w) => !/\.(postal_code|city)$/.test(w.field))} />
    </fieldset>
    ${error && html`<${ErrorBox} error=${error} />`}
    ${hits && html`<div data-duplicates>
      <p class="error" role="alert">With these details the customer looks like one we already have. Open the other one, or save if they really are different.</p>
      <${LookAlikes} hits=${hits} />
      <p><button type="button" class="plain" onClick=${() => save(null, true)}>They are different: save anyway</button></p>
    </div>`}
    <div class="row"><button type="submit" class="shrink" disabled=${busy}>Save changes</button><button type="button" class="plain shrink" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}
