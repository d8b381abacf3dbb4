// Lists and statistics on screen, as the server's CSV, and as a bar chart where that says more.
import { html, useState, ErrorBox, Table, BarChart, downloadFile } from "../lib.js";
import { api } from "./session.js";

const REPORTS = {
  "cases-by-agent": { label: "Cases per agent", path: "/api/reports/cases?by=agent", bar: ["agent", "opened"] },
  "cases-by-queue": { label: "Cases per queue", path: "/api/reports/cases?by=queue", bar: ["queue", "opened"] },
  "calls-by-type": { label: "Calls per type", path: "/api/reports/calls?by=type", bar: ["call_type", "calls"] },
  "sales-by-product": { label: "Sales per product", path: "/api/statistics/sales-by-product", bar: ["name", "quantity"] },
  "sales-by-seller": { label: "Sales per seller", path: "/api/statistics/sales-by-seller", bar: ["seller", "orders"] },
  "invoices-due": { label: "Invoices due in 30 days, and overdue", path: "/api/statistics/invoices-due?within_days=30", bar: [], list: true },
  "invoices-sent": { label: "Invoices sent in the last 30 days", path: "/api/statistics/invoices-sent?days=30", bar: [], list: true },
};

const thisYear = new Date().getFullYear();

export function StatisticsPage() {
  const [report, setReport] = useState("cases-by-agent");
  const [from, setFrom] = useState(`${thisYear}-01`);
  const [to, setTo] = useState(`${thisYear}-12`);
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(null);
  const spec = REPORTS[report];
  const [shown, setShown] = useState(null); // the query the rows on screen came from
  const run = async (e) => {
    e && e.preventDefault();
    const period = spec.list ? "" : `${spec.path.includes("?") ? "&" : "?"}from=${from}&to=${to}`;
    try {
      setRows(await api("GET", spec.path + period)); setError(null);
      setShown({ path: spec.path + period, file: `${report}${spec.list ? "" : `-${from}-${to}`}.csv` });
    } catch (err) { setError(err); setRows(null); }
  };
  // The server's file of the same rows, not one made here: gateway/tables.py guards its
  // cells against formulas and puts the download on the audit trail as `exported`.
  const download = async () => {
    const csv = `${shown.path}${shown.path.includes("?") ? "&" : "?"}format=csv`;
    try { await downloadFile(api, csv, shown.file); setError(null); } catch (err) { setError(err); }
  };
  const columns = rows && rows.length ? Object.keys(rows[0]).map((k) => ({
    key: k, label: k.replace(/_/g, " "), num: typeof rows[0][k] === "number",
    value: (r) => (r[k] !== null && typeof r[k] === "object" ? JSON.stringify(r[k]) : r[k]),
  })) : [];
  const [labelKey, valueKey] = spec.bar;
  const bars = rows && rows.length && labelKey && labelKey in rows[0] ? totals(rows, labelKey, valueKey) : null;
  return html`<section data-view="statistics"><h1>Lists and statistics</h1>
    <form class="card row" onSubmit=${run}>
      <label>Report<select name="report" value=${report} onChange=${(e) => { setReport(e.target.value); setRows(null); }}>${Object.entries(REPORTS).map(([k, r]) => html`<option value=${k}>${r.label}</option>`)}</select></label>
      ${!spec.list && html`<label>From month<input name="from" type="month" value=${from} onInput=${(e) => setFrom(e.target.value)} /></label>
      <label>To month<input name="to" type="month" value=${to} onInput=${(e) => setTo(e.target.value)} /></label>`}
      <button type="submit">Show</button>
    </form>
    <${ErrorBox} error=${error} />
    ${rows && html`<div class="card">
      <div class="row"><h2>${spec.label}${spec.list ? "" : `, ${from} to ${to}`}</h2>
        <button class="plain shrink" disabled=${rows.length === 0} onClick=${download}>Download CSV</button></div>
      ${bars && html`<${BarChart} title=${spec.label} data=${bars} />`}
      <${Table} name="report" rows=${rows} columns=${columns} empty="Nothing in this period." />
    </div>`}
  </section>`;
}

function totals(rows, labelKey, valueKey) {
  const sums = new Map();
  for (const r of rows) sums.set(r[labelKey] ?? "–", (sums.get(r[labelKey] ?? "–") || 0) + Number(r[valueKey] || 0));
  return [...sums.entries()].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value).slice(0, 15);
}
