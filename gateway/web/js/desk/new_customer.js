// Register a customer: the duplicate hit list comes before the customer is saved.
import { html, useState, ErrorBox, FieldError, go, useForm } from "../lib.js";
import { api } from "./session.js";
import { AddressWarnings, LookAlikes, checkAddress, lookAlikeQuery } from "./customer_checks.js";

function payload(v) {
  const data = { kind: v.kind, country: v.country || "SE" };
  if (v.kind === "person") { data.given_name = v.given_name; data.family_name = v.family_name; }
  else data.name = v.name;
  if (v.phone) data.phones = [{ number: v.phone, label: "mobile" }];
  if (v.email) data.emails = [{ address: v.email, label: "home" }];
  if (v.street || v.postal_code || v.city) data.addresses = [{ street: v.street, postal_code: v.postal_code, city: v.city, country: v.country || "SE" }];
  for (const k of ["national_id", "org_number"]) if (v[k]) data[k] = v[k];
  return data;
}

export function NewCustomerPage({ query }) {
  const [v, set] = useForm({ kind: "person", given_name: "", family_name: "", name: "", phone: query.phone || "", email: "",
    street: "", postal_code: "", city: "", country: "SE", national_id: "", org_number: "" });
  const [hits, setHits] = useState(null);
  const [warnings, setWarnings] = useState([]);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  const [checkProblem, setCheckProblem] = useState(null);  // the look-alike check's own trouble
  const [needName, setNeedName] = useState(false);
  // On leaving a field: look for look-alikes once there is enough to compare. The check's
  // answer never marks fields: they are checked when the customer is saved.
  const check = async (asked) => {
    const query = lookAlikeQuery(v);
    setNeedName(asked === true && !query);
    if (!query) return;
    try {
      setHits(await api("POST", "/api/customers/match", query));
      setCheckProblem(null);
      if (error && error.status === 409) setError(null);  // the list above is the newer one
    } catch (err) { setCheckProblem(err.status === 400 ? null : err); }
  };
  const checkAddressNow = async () => {
    if (v.street && v.postal_code && v.city) setWarnings(await checkAddress(v));
  };
  const save = async (confirm) => {
    try {
      const made = await api("POST", `/api/customers${confirm ? "?confirm_new=true" : ""}`, payload(v));
      const where = `/customer/${made.id}${query.call ? `?call=${query.call}` : ""}`;
      // Saved, but possibly someone we have: the agent reads that (and any address
      // warning) before moving on.
      const alike = (made.matches || []).filter((m) => m.verdict === "review");
      if (alike.length || (made.warnings && made.warnings.length)) {
        setWarnings(made.warnings || []);
        setSaved({ where, id: made.id, name: made.name, alike });
      } else go(where);
    } catch (err) {
      if (err.status === 409) { setHits(err.body.matches || []); setError(err); }
      else setError(err);
    }
  };
  const person = v.kind === "person";
  return html`<section data-view="new-customer">
    <h1>New customer</h1>
    ${query.phone && html`<p class="warn" data-unknown-caller>Unknown caller ${query.phone}: the number is filled in.</p>`}
    <form class="card" onSubmit=${(e) => { e.preventDefault(); save(false); }}>
      <div class="row">
        <label>Kind<select name="kind" value=${v.kind} onChange=${set("kind")}><option value="person">Person</option><option value="organisation">Organisation</option></select></label>
        ${person ? html`<label>Given name<input name="given_name" value=${v.given_name} onInput=${set("given_name")} onBlur=${check} /><${FieldError} error=${error} name="given_name" /></label>
          <label>Family name<input name="family_name" value=${v.family_name} onInput=${set("family_name")} onBlur=${check} /><${FieldError} error=${error} name="family_name" /></label>`
        : html`<label>Name<input name="name" value=${v.name} onInput=${set("name")} onBlur=${check} /><${FieldError} error=${error} name="name" /></label>`}
      </div>
      <div class="row">
        <label>Phone<input name="phone" type="tel" value=${v.phone} onInput=${set("phone")} onBlur=${check} /><${FieldError} error=${error} name="phones" /></label>
        <label>E-mail<input name="email" type="email" value=${v.email} onInput=${set("email")} onBlur=${check} /><${FieldError} error=${error} name="emails" /></label>
        ${person ? html`<label>Personal identity number<input name="national_id" value=${v.national_id} onInput=${set("national_id")} /><${FieldError} error=${error} name="national_id" /></label>`
        : html`<label>Organisation number<input name="org_number" value=${v.org_number} onInput=${set("org_number")} /><${FieldError} error=${error} name="org_number" /></label>`}
      </div>
      <div class="row">
        <label>Street<input name="street" value=${v.street} onInput=${set("street")} onBlur=${check} /></label>
        <label>Postal code<input name="postal_code" value=${v.postal_code} onInput=${set("postal_code")} onBlur=${checkAddressNow} /></label>
        <label>Town<input name="city" value=${v.city} onInput=${set("city")} onBlur=${() => { check(); checkAddressNow(); }} /></label>
        <label>Country<input name="country" value=${v.country} maxlength="2" onInput=${set("country")} /></label>
      </div>
      <${FieldError} error=${error} name="addresses" />
      <div class="row"><button type="button" class="plain shrink" onClick=${() => check(true)}>Look for duplicates</button><button type="submit" class="shrink">Save customer</button></div>
      ${needName && html`<p class="muted" data-need-name>Fill in the ${person ? "given and family name" : "name"} first: then the register can be searched for look-alikes.</p>`}
      ${error && error.status !== 409 && html`<${ErrorBox} error=${error} />`}
      ${checkProblem && html`<${ErrorBox} error=${checkProblem} />`}
      <${AddressWarnings} warnings=${warnings} />
      ${saved && saved.alike.length > 0 && html`<div class="warn" role="status" data-saved-look-alike=${saved.id}>
        <p><strong>Saved as #${saved.id}; it looks like ${saved.alike.map((m, i) => html`${i ? ", " : ""}<a href=${`#/customer/${m.customer.id}`}>${m.customer.name} (#${m.customer.id})</a>`)}.</strong></p>
        <p>A possible duplicate (${saved.alike.map((m) => m.score.toFixed(2)).join(", ")}): it is saved as a customer of its own and nothing was merged. If they are one customer, a supervisor can merge them.</p>
        <p><a href=${`#${saved.where}`}>Open the new customer</a></p>
      </div>`}
      ${saved && saved.alike.length === 0 && html`<p class="ok">Saved, with the warnings above. <a href=${`#${saved.where}`}>Open the customer</a></p>`}
    </form>
    ${hits && html`<div class="card" data-duplicates>
      ${error && error.status === 409 ? html`<p class="error" role="alert">This looks like a customer we already have. Open the existing one, or save it as new if it really is someone else.</p>`
        : html`<h2>Look-alikes in the register</h2>`}
      <${LookAlikes} hits=${hits} />
      ${error && error.status === 409 && html`<p><button class="plain" onClick=${() => save(true)}>It is someone else: save as new</button></p>`}
    </div>`}
  </section>`;
}
