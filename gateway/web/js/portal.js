// The customer portal: my cases and their public journal, new questions, the FAQ, my
// parcels, my details and my newsletters. Log in with e-mail and password, or a link sent by e-mail.
import { html, render, useState, useEffect, client, useRoute, go, useLoad, ErrorBox, FieldError, Table, day, when, useForm } from "./lib.js";

const session = client("crm-portal-token");
const api = session.api;

const MENU = [["cases", "My cases"], ["parcels", "My parcels"], ["ask", "Ask us"], ["faq", "Questions and answers"], ["profile", "My details"], ["newsletters", "Newsletters"]];

function App() {
  const [token, setToken] = useState(session.token());
  const route = useRoute();
  useEffect(() => session.onChange(() => setToken(session.token())), []);
  if (route.parts[0] === "link") return html`<${Redeem} token=${route.parts[1]} />`;
  if (!token) return html`<${Login} />`;
  const page = route.parts[0] || "cases";
  return html`<div>
    <header class="bar"><span class="brand">Customer service</span>
      <nav>${MENU.map(([k, label]) => html`<a href=${`#/${k}`} class=${page === k ? "on" : ""}>${label}</a>`)}</nav>
      <button onClick=${() => session.api("POST", "/api/auth/logout").catch(() => null).finally(() => session.logout())}>Log out</button></header>
    <main>${pageFor(page, route)}</main></div>`;
}

function pageFor(page, route) {
  switch (page) {
    case "case": return html`<${CasePage} id=${route.parts[1]} />`;
    case "ask": return html`<${AskPage} />`;
    case "faq": return html`<${FaqPage} query=${route.query} />`;
    case "profile": return html`<${ProfilePage} />`;
    case "newsletters": return html`<${NewslettersPage} />`;
    case "parcels": return html`<${ParcelsPage} />`;
    default: return html`<${CasesPage} />`;
  }
}

function Login() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState(null);
  const [sent, setSent] = useState(null);
  const login = async (e) => {
    e.preventDefault();
    try {
      const answer = await api("POST", "/api/auth/token", { username: email.trim().toLowerCase(), password });
      if (answer.role !== "customer") throw new Error("Staff use the desk at /desk.");
      session.login(answer.access_token);
    } catch (err) { setError(err); }
  };
  const link = async () => {
    try { setSent((await api("POST", "/api/portal/login-link", { email: email.trim() })).message); setError(null); }
    catch (err) { setError(err); }
  };
  return html`<main><form class="card login" onSubmit=${login} data-view="portal-login">
    <h1>Your customer pages</h1>
    <label>E-mail<input name="email" type="email" autocomplete="email" value=${email} onInput=${(e) => setEmail(e.target.value)} /></label>
    <${FieldError} error=${error} name="email" />
    <label>Password<input name="password" type="password" autocomplete="current-password" value=${password} onInput=${(e) => setPassword(e.target.value)} /></label>
    <div class="row"><button type="submit" class="shrink">Log in</button>
      <button type="button" class="plain shrink" onClick=${link}>No password? E-mail me a link</button></div>
    ${sent && html`<p class="ok" data-link-sent>${sent}</p>`}
    <${ErrorBox} error=${error} />
  </form></main>`;
}

// A link is spent only by the button: a mail scanner or a preview that opens the link
// (even one that runs the page) leaves it for the customer.
function Redeem({ token }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const redeem = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      const answer = await api("POST", "/api/portal/token", { token });
      session.login(answer.access_token);
      go("/cases");
    } catch (err) { setError(err); setBusy(false); }
  };
  return html`<main><form class="card login" onSubmit=${redeem} data-view="portal-link">
    <h1>Your customer pages</h1>
    <p>This link logs you in once. Log in now, or later within its 20 minutes.</p>
    <button type="submit" disabled=${busy || error}>Log in</button>
    ${error && html`<${ErrorBox} error=${error} /><p><a href="#/">Back to the login</a></p>`}
  </form></main>`;
}

function CasesPage() {
  const [cases, error] = useLoad(() => api("GET", "/api/my/cases"), []);
  return html`<section data-view="my-cases"><h1>My cases</h1><${ErrorBox} error=${error} />
    <div class="card"><${Table} name="my-cases" rows=${cases} onRow=${(k) => go(`/case/${k.id}`)} empty="You have no cases with us." columns=${[
      { label: "Case", key: "number" }, { label: "Subject", key: "subject" }, { label: "Status", key: "status" },
      { label: "Opened", value: (k) => day(k.created_at) }]} /></div>
    <p><a href="#/ask">Ask us something new</a></p></section>`;
}

function CasePage({ id }) {
  const [data, error, reload] = useLoad(() => api("GET", `/api/my/cases/${id}`), [id]);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState(null);
  const comment = async (e) => {
    e.preventDefault();
    try { await api("POST", `/api/my/cases/${id}/comments`, { text }); setText(""); setProblem(null); reload(); }
    catch (err) { setProblem(err); }
  };
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p class="loading">Loading…</p>`;
  const k = data.case;
  return html`<section data-view="my-case" data-case=${k.id}>
    <div class="card"><h1>${k.number}: ${k.subject}</h1><div class="muted small">${k.status} · opened ${day(k.created_at)}</div></div>
    <div class="card journal">${data.journal.map((j) => html`<div class=${`entry ${j.direction || ""}`}>
      <div class="muted small">${when(j.created_at)} · ${j.direction === "in" ? "you" : "customer service"}</div>
      ${j.subject && html`<strong>${j.subject}</strong>`}<pre>${j.body}</pre></div>`)}</div>
    <form class="card" onSubmit=${comment}><label>Add to this case<textarea name="comment" value=${text} onInput=${(e) => setText(e.target.value)}></textarea></label>
      <${FieldError} error=${problem} name="text" /><button type="submit" disabled=${!text.trim()}>Send</button><${ErrorBox} error=${problem} /></form>
  </section>`;
}

function AskPage() {
  const [v, set] = useForm({ subject: "", text: "" });
  const [error, setError] = useState(null);
  const [hints, setHints] = useState([]);
  const submit = async (e) => {
    e.preventDefault();
    try { const made = await api("POST", "/api/my/cases", v); go(`/case/${made.case.id}`); }
    catch (err) { setError(err); }
  };
  const lookUp = async () => {
    if (v.subject.trim().length > 3) setHints(await api("GET", `/api/faq?q=${encodeURIComponent(v.subject)}&limit=3`).catch(() => []));
  };
  return html`<section data-view="ask"><h1>Ask us</h1><form class="card" onSubmit=${submit}>
    <label>Subject<input name="subject" value=${v.subject} onInput=${set("subject")} onBlur=${lookUp} /></label><${FieldError} error=${error} name="subject" />
    ${hints.length > 0 && html`<div class="warn">Perhaps this answers it: ${hints.map((f) => html`<details><summary>${f.question}</summary><p>${f.answer}</p></details>`)}</div>`}
    <label>Your question<textarea name="text" value=${v.text} onInput=${set("text")}></textarea></label><${FieldError} error=${error} name="text" />
    <button type="submit">Send</button><${ErrorBox} error=${error} /></form></section>`;
}

function FaqPage({ query }) {
  const [q, setQ] = useState(query.q || "");
  const [answers, error] = useLoad(() => api("GET", `/api/faq${query.q ? `?q=${encodeURIComponent(query.q)}` : ""}`), [query.q]);
  return html`<section data-view="faq"><h1>Questions and answers</h1>
    <form class="card row" onSubmit=${(e) => { e.preventDefault(); go(`/faq?q=${encodeURIComponent(q)}`); }}>
      <label>Search<input name="q" type="search" value=${q} onInput=${(e) => setQ(e.target.value)} /></label><button type="submit">Search</button></form>
    <${ErrorBox} error=${error} />
    ${answers && answers.length === 0 && html`<p class="muted">Nothing found. <a href="#/ask">Ask us</a>.</p>`}
    ${(answers || []).map((f) => html`<details class="card" data-faq=${f.id}><summary><strong>${f.question}</strong></summary><p>${f.answer}</p></details>`)}
  </section>`;
}

function ProfilePage() {
  const [me, error, reload] = useLoad(() => api("GET", "/api/my/profile"), []);
  const [v, set, setV] = useForm({ phone: "", street: "", postal_code: "", city: "" });
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState(null);
  const [saved, setSaved] = useState(null);
  useEffect(() => {
    if (!me) return;
    const mobile = me.phones.find((p) => p.label === "mobile") || me.phones[0];
    const home = me.addresses.find((a) => a.kind === "postal") || me.addresses[0] || {};
    setV({ phone: mobile ? mobile.raw : "", street: home.street || "", postal_code: home.postal_code || "", city: home.city || "" });
  }, [me]);
  const save = async (e) => {
    e.preventDefault();
    const body = {};
    if (v.phone) body.phone = v.phone;
    if (v.street || v.postal_code || v.city) body.address = { street: v.street, postal_code: v.postal_code, city: v.city };
    try { await api("PATCH", "/api/my/profile", body); setProblem(null); setSaved("Your details are saved."); reload(); }
    catch (err) { setProblem(err); setSaved(null); }
  };
  const setPass = async (e) => {
    e.preventDefault();
    try { await api("POST", "/api/my/password", { password }); setPassword(""); setProblem(null); setSaved("Your password is set."); reload(); }
    catch (err) { setProblem(err); setSaved(null); }
  };
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!me) return html`<p class="loading">Loading…</p>`;
  return html`<section data-view="profile"><h1>${me.name}</h1>
    <form class="card" onSubmit=${save}><h2>My details</h2>
      <label>Mobile<input name="phone" type="tel" value=${v.phone} onInput=${set("phone")} /></label><${FieldError} error=${problem} name="phone" />
      <div class="row"><label>Street<input name="street" value=${v.street} onInput=${set("street")} /></label>
        <label>Postal code<input name="postal_code" value=${v.postal_code} onInput=${set("postal_code")} /></label>
        <label>Town<input name="city" value=${v.city} onInput=${set("city")} /></label></div>
      <${FieldError} error=${problem} name="address" />
      <button type="submit">Save</button>
      <p class="muted small">E-mail: ${me.emails.map((m) => m.address).join(", ") || "–"}</p></form>
    <form class="card" onSubmit=${setPass}><h2>${me.has_password ? "Change my password" : "Set a password"}</h2>
      ${me.login && html`<p class="small muted">You log in with ${me.login}.</p>`}
      <label>New password (at least 10 characters)<input name="new-password" type="password" autocomplete="new-password" value=${password} onInput=${(e) => setPassword(e.target.value)} /></label>
      <${FieldError} error=${problem} name="password" /><button type="submit">Save password</button></form>
    ${saved && html`<p class="ok">${saved}</p>`}
    <${ErrorBox} error=${problem} />
  </section>`;
}

// Where is my parcel: what we sent, with the carrier's tracking page, and what came back.
function ParcelsPage() {
  const [data, error] = useLoad(async () => {
    const me = await api("GET", "/api/my/profile");
    const [sent, back] = await Promise.all([
      api("GET", `/api/customers/${me.id}/deliveries?limit=20`), api("GET", `/api/customers/${me.id}/returns?limit=20`)]);
    return { sent: sent.items, back: back.items };
  }, []);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p class="loading">Loading…</p>`;
  const track = (d) => (d.tracking_url && d.tracking_url.startsWith("https://")
    ? html`<a href=${d.tracking_url} target="_blank" rel="noopener noreferrer" data-tracking>Track ${d.tracking_number}</a>`
    : d.tracking_number || "–");
  return html`<section data-view="my-parcels"><h1>My parcels</h1>
    <div class="card"><${Table} name="my-parcels" rows=${data.sent} empty="We have sent you nothing yet." columns=${[
      { label: "Sent", value: (d) => day(d.created_at) }, { label: "Order", key: "order_id" },
      { label: "Carrier", value: (d) => d.carrier || "–" }, { label: "Tracking", value: track }]} /></div>
    ${data.back.length > 0 && html`<h2>Returned to us</h2><div class="card"><${Table} name="my-returns" rows=${data.back} columns=${[
      { label: "Returned", value: (r) => day(r.created_at) }, { label: "Order", key: "order_id" },
      { label: "What", value: (r) => r.lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ") },
      { label: "Refund", value: (r) => (r.refund ? r.refund.status : "credited") }]} /></div>`}
  </section>`;
}

function NewslettersPage() {
  // what I get, and whether I agreed to marketing at all (signing up agrees to it)
  const [state, error, reload] = useLoad(async () => {
    const [letters, consent] = await Promise.all([api("GET", "/api/my/newsletters"), api("GET", "/api/my/consent")]);
    return { ...letters, consent };
  }, []);
  const [problem, setProblem] = useState(null);
  const put = (path) => async (body) => {
    try { await api("PUT", path, body); setProblem(null); reload(); }
    catch (err) { setProblem(err); }
  };
  const change = put("/api/my/newsletters");
  const agree = put("/api/my/consent");
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!state) return html`<p class="loading">Loading…</p>`;
  return html`<section data-view="newsletters"><h1>Newsletters</h1><div class="card">
    <label class="check"><input type="checkbox" name="newsletter" checked=${state.newsletter} onChange=${(e) => change({ newsletter: e.target.checked })} />Send me your newsletter</label>
    ${state.newsletter && state.topics.map((t) => html`<label class="check"><input type="checkbox" name=${`topic-${t.topic}`} checked=${t.subscribed} onChange=${(e) => change({ topics: { [t.topic]: e.target.checked } })} />${t.topic}</label>`)}
    <${ErrorBox} error=${problem} /></div>
    <div class="card" data-view="my-consent" data-consent=${state.consent.given ? "given" : "none"}><h2>Offers and news</h2>
      <p data-consent-state>${state.consent.changed_at
        ? `${state.consent.given ? "You agreed" : "You withdrew your consent"} ${when(state.consent.changed_at)} UTC.`
        : "You have not agreed to marketing."}</p>
      <p class="muted small">Without your consent we send you no newsletter or offer. You can withdraw it here at any time.</p>
      ${state.consent.given
        ? html`<button type="button" onClick=${() => agree({ given: false })}>Withdraw my consent</button>`
        : html`<button type="button" onClick=${() => agree({ given: true })}>I agree to offers and news</button>`}</div></section>`;
}

document.getElementById("app").textContent = "";
render(html`<${App} />`, document.getElementById("app"));
