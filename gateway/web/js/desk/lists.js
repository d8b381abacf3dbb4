// My own lists (G5): the watches I keep and my mileage and expense lines, on screen a
// page at a time and as the server's CSV (all of them, guarded against formulas).
import { html, useState, useLoad, ErrorBox, Table, when, day, downloadFile } from "../lib.js";
import { api } from "./session.js";

const PAGE = 50;

export function ListsPage() {
  const [year, setYear] = useState(String(new Date().getFullYear()));
  return html`<section data-view="lists"><h1>My lists</h1>
    <${OwnList} name="watches" title="My watch list" path="/api/agenda/watches" file="watches.csv"
      empty="No open watches. Add one in the calendar." columns=${[
        { label: "Due", value: (w) => when(w.starts_at) }, { label: "Watch", key: "title" },
        { label: "Customer", value: (w) => w.customer_id && html`<a href=${`#/customer/${w.customer_id}`}>${w.customer_id}</a>` },
        { label: "Owner", key: "owner" }]} />
    <div class="card row"><label>Year<input name="year" type="number" min="2000" max="9998" value=${year} onChange=${(e) => setYear(e.target.value)} /></label></div>
    <${OwnList} key=${year} name="personal" title=${`My mileage and expenses, ${year}`} path=${`/api/personal/entries?year=${encodeURIComponent(year)}`}
      file=${`personal-${year}.csv`} empty="Nothing in this year." columns=${[
        { label: "Date", value: (p) => day(p.on_date) }, { label: "Kind", key: "kind" },
        { label: "Amount", num: true, value: (p) => `${p.amount} ${p.kind === "mileage" ? "km" : p.currency || ""}` },
        { label: "What", key: "description" }]} />
  </section>`;
}

function OwnList({ name, title, path, file, columns, empty }) {
  const [rows, setRows] = useState([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState(null);
  const join = path.includes("?") ? "&" : "?";
  const next = async () => {
    const after = rows.length ? rows[rows.length - 1].id : 0;
    try {
      const page = await api("GET", `${path}${join}limit=${PAGE}&after_id=${after}`);
      setRows([...rows, ...page]); setMore(page.length === PAGE); setError(null);
    } catch (err) { setError(err); }
  };
  const [, first] = useLoad(next, []);
  const download = async () => {
    try { await downloadFile(api, `${path}${join}format=csv`, file); setError(null); } catch (err) { setError(err); }
  };
  return html`<div class="card" data-list=${name}>
    <div class="row"><h2>${title}</h2><button class="plain shrink" onClick=${download}>Download CSV</button></div>
    <${ErrorBox} error=${error || first} />
    <${Table} name=${name} rows=${rows} columns=${columns} empty=${empty} />
    ${more && html`<button class="plain" onClick=${next}>More</button>`}
  </div>`;
}
