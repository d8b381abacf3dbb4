// The agent's desk: log in, the at-login reminders, the live stream that pops the caller,
// and the pages behind the menu.
import { html, render, useState, useEffect, useRef, useRoute, useScrollHint, go, listen, ErrorBox, Table, Modal, useLoad, day, when, setTimeZone } from "./lib.js";
import { session, api, prefetched, board } from "./desk/session.js";
import { CustomerPage } from "./desk/customer.js";
import { NewCustomerPage } from "./desk/new_customer.js";
import { OrderEntryPage } from "./desk/order_entry.js";
import { CasesPage, CasePage } from "./desk/cases.js";
import { ReviewPage } from "./desk/review.js";
import { DuplicatesPage } from "./desk/duplicates.js";
import { CallsPage } from "./desk/calls.js";
import { AgendaPage } from "./desk/agenda.js";
import { StatisticsPage } from "./desk/statistics.js";
import { SelectionsPage } from "./desk/selections.js";
import { ListsPage } from "./desk/lists.js";
import { AuditPage } from "./desk/audit.js";
import { UsersPage, PasswordPage } from "./desk/users.js";
import { PresenceSwitch, live } from "./desk/presence.js";
import { WallboardPage } from "./desk/wallboard.js";

const MENU = [
  ["search", "Search"], ["new", "New customer"], ["cases", "Cases"], ["review", "Review"],
  ["calls", "Active calls"], ["agenda", "Calendar"], ["lists", "My lists"], ["selections", "Selections"], ["statistics", "Statistics"], ["duplicates", "Duplicates"], ["wallboard", "Wallboard"],
  ["audit", "Audit trail"], ["users", "Users"], ["password", "My password"],
];
const SUPERVISORS_ONLY = new Set(["statistics", "duplicates", "wallboard"]);
const ADMINS_ONLY = new Set(["audit", "users"]);
const shows = (key, role) => (!SUPERVISORS_ONLY.has(key) || role !== "agent") && (!ADMINS_ONLY.has(key) || role === "admin");

function App() {
  const [token, setToken] = useState(session.token());
  const [me, setMe] = useState(null);
  useEffect(() => session.onChange(() => setToken(session.token())), []);
  useEffect(() => {
    if (!token) { setMe(null); return; }
    api("GET", "/api/me").then(setMe, () => session.logout());
  }, [token]);
  if (!token) return html`<${Login} />`;
  if (!me) return html`<p class="loading">Loading…</p>`;
  if (me.role === "customer") return html`<main><p>This is the agents' desk. <a href="/portal">Go to the customer portal</a>.</p></main>`;
  return html`<${Desk} me=${me} />`;
}

function Login() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try {
      const answer = await api("POST", "/api/auth/token", { username, password });
      sessionStorage.setItem("crm-desk-fresh-login", "1");
      session.login(answer.access_token);
    } catch (err) { setError(err); }
  };
  return html`<main><form class="card login" onSubmit=${submit}>
    <h1>Agent desk</h1>
    <label>Username<input name="username" autocomplete="username" value=${username} onInput=${(e) => setUsername(e.target.value)} /></label>
    <label>Password<input name="password" type="password" autocomplete="current-password" value=${password} onInput=${(e) => setPassword(e.target.value)} /></label>
    <button type="submit">Log in</button>
    <${ErrorBox} error=${error} />
  </form></main>`;
}

function Desk({ me }) {
  const route = useRoute();
  const [connected, setConnected] = useState(false);
  const [ringing, setRinging] = useState(null);
  const mine = useRef({ username: me.username, extension: null });
  const menu = useScrollHint();
  const [greeting, setGreeting] = useState(sessionStorage.getItem("crm-desk-fresh-login") === "1");
  useEffect(() => {
    const stop = new AbortController();
    listen("/api/desk/events", session.token, (kind, data) => {
      if (kind === "logged_out") session.logout();  // logged out elsewhere, disabled, expired: the login form
      if (kind === "hello") mine.current = data;  // who the stream pops for: my extension
      live.tell(kind, data);  // presence and calls, for the presence switch and the wallboard
      if (kind === "call") {
        board.update(data);
        setRinging((shown) => (shown && shown.id === data.id ? follow(shown, data, mine.current) : shown));
      }
      if (kind === "pop") {
        const { call, view } = data;
        setRinging(call);
        if (call.customer_id && view) {
          prefetched.put(call.customer_id, view);
          go(`/customer/${call.customer_id}?call=${call.id}`);
        } else if (call.customer_id) {
          go(`/customer/${call.customer_id}?call=${call.id}`);
        } else {
          go(`/new?phone=${encodeURIComponent(call.remote_raw || call.remote_number || "")}&call=${call.id}`);
        }
      }
    }, setConnected, stop.signal);
    return () => stop.abort();
  }, []);
  useEffect(() => {  // Esc closes the pop's banner (a dialog over it closes first)
    const key = (e) => e.key === "Escape" && !e.defaultPrevented && setRinging(null);
    addEventListener("keydown", key);
    return () => removeEventListener("keydown", key);
  }, []);
  useEffect(() => {  // a call that left this desk says so for a moment, then goes
    if (!ringing || !ringing.left) return undefined;
    const gone = setTimeout(() => setRinging((shown) => (shown === ringing ? null : shown)), LEAVING_MS);
    return () => clearTimeout(gone);
  }, [ringing]);
  const page = route.parts[0] || "search";
  return html`<div>
    <header class="bar">
      <span class="brand">CRM</span>
      <nav ref=${menu}>${MENU.filter(([k]) => shows(k, me.role)).map(([key, label]) => html`<a href=${`#/${key}`} class=${page === key ? "on" : ""}>${label}</a>`)}</nav>
      <span class="who"><span class=${`live ${connected ? "on" : ""}`} data-live=${connected ? "on" : "off"} title=${connected ? "screen pops on" : "reconnecting"}></span>${me.username}</span>
      <${PresenceSwitch} me=${me} />
      <button onClick=${() => api("POST", "/api/auth/logout").catch(() => null).finally(() => session.logout())}>Log out</button>
    </header>
    ${ringing && html`<div class="card pop" data-ringing=${ringing.call_id} data-left=${ringing.left ? "yes" : undefined} aria-live="polite">
      <strong>${ringing.left || { ringing: "Ringing", answered: "On the line", ended: "Call ended" }[ringing.state] || "Call"}:</strong> ${ringing.customer_name || "unknown caller"} ${ringing.remote_raw}
      ${ringing.organisation_name && ringing.organisation_name !== ringing.customer_name ? ` (${ringing.organisation_name})` : ""}
      <button class="plain shrink" onClick=${() => setRinging(null)}>Dismiss</button></div>`}
    ${greeting && html`<${AtLogin} onClose=${() => { sessionStorage.removeItem("crm-desk-fresh-login"); setGreeting(false); }} />`}
    <main>${pageFor(page, route, me)}</main>
  </div>`;
}

const LEAVING_MS = 6000;  // how long a banner says where its call went before it goes

// The banner's call after news of it: once it ended or went to another desk, `left` says so.
function follow(shown, call, mine) {
  if (shown.left) return shown;
  if (call.state === "ended") return { ...call, left: "Call ended" };
  if (call.state === "ringing" && shown.state === "ringing" && call.queue) return shown;  // a queue rings it here too
  const to = movedTo(call, mine);
  if (!to) return call;
  const answeredThere = call.state === "answered" && shown.state !== "answered";
  return { ...call, left: answeredThere ? `Answered at ${to}` : `Transferred to ${to}` };
}

// Where a call rings now when that is no longer this desk (as gateway/screen_pops.py picks
// a desk: its extension, else the agent's name), or null while it is still ours.
function movedTo(call, mine) {
  if (mine.extension && call.extension === mine.extension) return null;
  if (mine.extension && call.extension) return call.extension;
  if (call.agent && call.agent !== mine.username) return call.extension || call.agent;
  return null;
}

function pageFor(page, route, me) {
  const [, id] = route.parts;
  switch (page) {
    case "customer": return html`<${CustomerPage} id=${id} query=${route.query} me=${me} />`;
    case "new": return html`<${NewCustomerPage} query=${route.query} />`;
    case "order": return html`<${OrderEntryPage} customerId=${id} />`;
    case "cases": return html`<${CasesPage} />`;
    case "case": return html`<${CasePage} id=${id} />`;
    case "review": return html`<${ReviewPage} />`;
    case "calls": return html`<${CallsPage} />`;
    case "agenda": return html`<${AgendaPage} />`;
    case "statistics": return html`<${StatisticsPage} />`;
    case "selections": return html`<${SelectionsPage} me=${me} />`;
    case "lists": return html`<${ListsPage} />`;
    case "duplicates": return html`<${DuplicatesPage} />`;
    case "wallboard": return html`<${WallboardPage} />`;
    case "audit": return html`<${AuditPage} query=${route.query} />`;
    case "users": return html`<${UsersPage} me=${me} />`;
    case "password": return html`<${PasswordPage} />`;
    default: return html`<${SearchPage} query=${route.query} />`;
  }
}

function AtLogin({ onClose }) {
  const [items] = useLoad(async () => {
    const [agenda, log] = await Promise.all([api("GET", "/api/agenda/at-login"), api("GET", "/api/log/at-login")]);
    return { agenda, log };
  }, []);
  const none = items && items.agenda.length === 0 && items.log.length === 0;
  useEffect(() => { if (items) document.body.dataset.greeting = none ? "none" : "shown"; }, [items]);
  if (!items || none) return null;
  return html`<${Modal} onClose=${onClose}><div data-at-login>
    <h2>Before you start</h2>
    ${items.agenda.map((a) => html`<p><strong>${a.title}</strong> <span class="muted small">${a.kind}, ${when(a.starts_at)}</span></p>`)}
    ${items.log.map((l) => html`<p><span class=${`alert ${l.importance}`}>${l.importance}</span> <a href=${`#/customer/${l.customer_id}`} onClick=${onClose}>${l.customer_name}</a>: ${l.text}
      ${l.relevant_until && html` <span class="muted small">until ${day(l.relevant_until)}</span>`}</p>`)}
  </div></${Modal}>`;
}

function SearchPage({ query }) {
  const [q, setQ] = useState(query.q || "");
  const [results, error] = useLoad(async () => (query.q ? api("GET", `/api/customers?q=${encodeURIComponent(query.q)}&limit=50`) : null), [query.q]);
  return html`<section data-view="search"><h1>Find a customer</h1>
    <form class="card row" onSubmit=${(e) => { e.preventDefault(); go(`/search?q=${encodeURIComponent(q)}`); }}>
      <label>Name, phone, customer number or e-mail<input name="q" type="search" autofocus value=${q} onInput=${(e) => setQ(e.target.value)} /></label>
      <button type="submit">Search</button>
    </form>
    <${ErrorBox} error=${error} />
    ${results && html`<div class="card"><${Table} name="search-results" rows=${results} onRow=${(c) => go(`/customer/${c.id}`)}
      empty="Nobody found. Check the spelling, or register a new customer." columns=${[
        { label: "No.", key: "id" }, { label: "Name", key: "name" }, { label: "Kind", key: "kind" },
        { label: "Phone", value: (c) => (c.phones || []).map((p) => p.raw).join(", ") },
        { label: "Town", value: (c) => (c.addresses || []).map((a) => a.city).join(", ") }]} /></div>`}
  </section>`;
}

setTimeZone(null);  // the desk shows times in the agent's time zone: their browser's
document.getElementById("app").textContent = "";
render(html`<${App} />`, document.getElementById("app"));
