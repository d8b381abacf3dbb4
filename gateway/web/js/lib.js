// What the desk and the portal share: the API client, the live stream, a hash router
// and a few small components. Preact with htm: no build step.
import { html, render, useState, useEffect, useRef } from "/static/vendor/htm-preact-3.1.1.module.js";

export { html, render, useState, useEffect, useRef };

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.fields = (body && body.fields) || {};
    this.body = body || {};
  }
}

// An API client whose bearer token lives under `key` in localStorage.
export function client(key) {
  const token = () => localStorage.getItem(key);
  const listeners = new Set();
  async function api(method, path, body, { raw = false } = {}) {
    const headers = {};
    if (token()) headers.Authorization = `Bearer ${token()}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401 && token()) {
      localStorage.removeItem(key);
      listeners.forEach((f) => f());
    }
    if (raw && response.ok) return response;
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
  return {
    api,
    token,
    login(t) { localStorage.setItem(key, t); listeners.forEach((f) => f()); },
    logout() { localStorage.removeItem(key); listeners.forEach((f) => f()); },
    onChange(f) { listeners.add(f); return () => listeners.delete(f); },
  };
}

// Read a server-sent-event stream with the bearer token (EventSource cannot send one);
// reconnects after a drop until `signal` aborts. onEvent(kind, data); onState(connected).
export async function listen(path, token, onEvent, onState, signal) {
  while (!signal.aborted) {
    try {
      const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` }, signal });
      if (response.status === 401) { onState(false); onEvent("logged_out", {}); return; }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      onState(true);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let kind = "message", data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) kind = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          if (data) onEvent(kind, JSON.parse(data));
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    onState(false);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// The route after '#': ["customer", "12"] and the query as an object.
export function useRoute() {
  const read = () => {
    const [path, query] = (location.hash.slice(1) || "/").split("?");
    return { parts: path.split("/").filter(Boolean), query: Object.fromEntries(new URLSearchParams(query || "")) };
  };
  const [route, setRoute] = useState(read());
  const seen = useRef(location.hash);
  useEffect(() => {
    const on = () => { seen.current = location.hash; setRoute(read()); };
    addEventListener("hashchange", on);
    // The listener comes after the first paint: a hash that changed before it was missed.
    if (location.hash !== seen.current) on();
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}

export const go = (hash) => { location.hash = hash; };

// A strip that scrolls sideways (the menu on a phone, the 360° view's tabs) says when there
// is more of it: data-more="left right", "left" or "right" while it overflows that way (the
// CSS fades that edge), no attribute when everything shows. Returns a ref for the strip.
export function useScrollHint() {
  const detach = useRef(null);
  const ref = useRef((strip) => {
    if (detach.current) detach.current();
    detach.current = strip ? watchOverflow(strip) : null;
  });
  useEffect(() => () => detach.current && detach.current(), []);
  return ref.current;
}

function watchOverflow(strip) {
  const mark = () => {
    const more = [];
    if (strip.scrollLeft > 1) more.push("left");
    if (strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 1) more.push("right");
    if (more.length) strip.dataset.more = more.join(" ");
    else delete strip.dataset.more;
  };
  mark();
  strip.addEventListener("scroll", mark, { passive: true });
  const resized = new ResizeObserver(mark);
  resized.observe(strip);
  const changed = new MutationObserver(mark);
  changed.observe(strip, { childList: true, subtree: true, characterData: true });
  return () => { strip.removeEventListener("scroll", mark); resized.disconnect(); changed.disconnect(); };
}

// Load once per change of `deps`: [data, error, reload].
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: undefined, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, error: null }));
    load().then((data) => live && setState({ data, error: null }), (error) => live && setState({ data: null, error }));
    return () => { live = false; };
  }, [...deps, tick]);
  return [state.data, state.error, () => setTick((t) => t + 1)];
}

export function ErrorBox({ error }) {
  if (!error) return null;
  const fields = Object.entries(error.fields || {});
  return html`<div class="error" role="alert">
    <strong>${error.message}</strong>
    ${fields.length > 0 && html`<ul>${fields.map(([k, v]) => html`<li><code>${k}</code>: ${typeof v === "string" ? v : JSON.stringify(v)}</li>`)}</ul>`}
  </div>`;
}

export function FieldError({ error, name }) {
  const message = error && error.fields && error.fields[name];
  return message ? html`<div class="field-error">${typeof message === "string" ? message : JSON.stringify(message)}</div>` : null;
}

// Times are shown as "2026-12-07 14:05" in one time zone: UTC unless the page chose
// another (the desk: the agent's browser's, see setTimeZone). A date without a time (a
// due date, a restock date) is a calendar day and shows as it is.
let zone = "UTC";
export const setTimeZone = (name) => { zone = name || undefined; };  // undefined: the browser's
const local = (iso) => {
  const at = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);  // no offset given: UTC
  if (Number.isNaN(at.getTime())) return null;
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const part = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
};
export const day = (iso) => (!iso ? "" : iso.length <= 10 ? iso : (local(iso) || iso).slice(0, 10));
export const when = (iso) => (!iso ? "" : iso.length <= 10 ? iso : local(iso) || iso.slice(0, 16).replace("T", " "));
export const money = (amount, currency) => (amount == null ? "" : `${Number(amount).toLocaleString("sv-SE", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency || ""}`.trim());

// A table of rows. columns: [{key, label, value?(row), num?}]; onRow makes rows clickable,
// and reachable with Tab and opened with Enter.
export function Table({ rows, columns, onRow, empty = "Nothing here yet.", name }) {
  if (!rows || rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<div class="scroll-x"><table data-table=${name || ""}>
    <thead><tr>${columns.map((c) => html`<th class=${c.num ? "num" : ""}>${c.label}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr class=${onRow ? "clickable" : ""} onClick=${onRow ? () => onRow(r) : undefined}
      tabindex=${onRow ? 0 : undefined} onKeyDown=${onRow ? (e) => e.key === "Enter" && e.target === e.currentTarget && onRow(r) : undefined}>
      ${columns.map((c) => html`<td class=${c.num ? "num" : ""}>${c.value ? c.value(r) : r[c.key]}</td>`)}
    </tr>`)}</tbody>
  </table></div>`;
}

// A file the server made, fetched with the bearer token (a plain link cannot carry it) and
// saved under `filename`: the server's CSV is guarded against formulas and the download is
// on the audit trail as `exported` (gateway/tables.py). api: the page's session.api.
export async function downloadFile(api, path, filename) {
  const response = await api("GET", path, undefined, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Bars for label → value, drawn as SVG: where a picture says more than a table.
export function BarChart({ data, title }) {
  if (!data || data.length === 0) return null;
  const width = 640, bar = 22, gap = 8, left = 150, height = data.length * (bar + gap) + 10;
  const max = Math.max(...data.map((d) => d.value), 1);
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label=${title}>
    ${data.map((d, i) => {
      const y = 5 + i * (bar + gap), w = ((width - left - 60) * d.value) / max;
      return html`<g>
        <text x=${left - 6} y=${y + bar / 1.5} text-anchor="end">${String(d.label).slice(0, 22)}</text>
        <rect x=${left} y=${y} width=${Math.max(w, 1)} height=${bar} rx="3"></rect>
        <text x=${left + w + 6} y=${y + bar / 1.5}>${d.value}</text>
      </g>`;
    })}
  </svg>`;
}

const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex='0']";

// A dialog over the page. While it shows, the focus is in it (Tab goes round inside it) and
// Esc closes it (before anything else hears that Esc: it is marked handled); the focus goes
// back where it was after.
export function Modal({ children, onClose, tone }) {
  const box = useRef(null);
  useEffect(() => {
    const key = (e) => {
      if (e.key === "Escape") { e.preventDefault(); onClose(); }
      if (e.key !== "Tab" || !box.current) return;
      const stops = [...box.current.querySelectorAll(FOCUSABLE)];
      if (stops.length === 0) { e.preventDefault(); return; }
      const [first, last] = [stops[0], stops[stops.length - 1]];
      const at = document.activeElement;
      if (e.shiftKey && (at === first || at === box.current || !box.current.contains(at))) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && (at === last || !box.current.contains(at))) { e.preventDefault(); first.focus(); }
    };
    addEventListener("keydown", key, true);
    return () => removeEventListener("keydown", key, true);
  }, [onClose]);
  useEffect(() => {
    const before = document.activeElement;
    box.current.focus();
    return () => { if (before && before.isConnected && before !== document.body) before.focus(); };
  }, []);
  return html`<div class="modal-back" onClick=${(e) => e.target === e.currentTarget && onClose()}>
    <div class=${`modal ${tone || ""}`} role="dialog" aria-modal="true" tabindex="-1" ref=${box}>${children}
      <p><button onClick=${onClose}>Close</button></p>
    </div>
  </div>`;
}

// Form state: [values, set(name)(event), setValues].
export function useForm(initial) {
  const [values, setValues] = useState(initial);
  const set = (name) => (e) => {
    const v = e.target.type === "checkbox" ? e.target.checked : e.target.value;
    setValues((old) => ({ ...old, [name]: v }));
  };
  return [values, set, setValues];
}
