// Cleaning the register (supervisors): run the duplicate report over everything, then merge
// each group of customers that are one into the one to keep.
import { html, useState, useEffect, useLoad, ErrorBox, when } from "../lib.js";
import { api } from "./session.js";

const LABELS = {
  given_name: "given name", family_name: "family name", national_id: "national id", org_number: "organisation number",
  email: "e-mail", name: "name",
};

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

// Neither list has a cursor: "More" asks again for a longer list of the same run.
const PAGE = 200;

// The run's groups (what to merge) and, once it is done, its possible pairs: those the run
// kept as only alike enough to look at (verdict review), which belong to no group.
const reportOf = async (scanId, groups, possible) => {
  const run = scanId ? `scan_id=${scanId}&` : "";
  let report;
  try { report = await api("GET", `/api/duplicates/groups?${run}limit=${groups}`); }
  catch (err) {
    if (err.status === 404) return null; // no run yet
    throw err;
  }
  if (report.scan.status !== "done") return { ...report, possible: [] };
  const pairs = await api("GET", `/api/duplicates?scan_id=${report.scan.id}&verdict=review&limit=${possible}`);
  return { ...report, possible: pairs.pairs };
};

const agreeing = (reasons) => Object.entries(reasons || {})
  .filter(([, r]) => r.agreement === "exact" || r.agreement === "similar" || r.agreement === "partial")
  .map(([f]) => LABELS[f] || f.replace(/_/g, " "));

export function DuplicatesPage() {
  const [shown, setShown] = useState({ scan: null, groups: PAGE, possible: PAGE });
  const [report, error, reload] = useLoad(() => reportOf(shown.scan, shown.groups, shown.possible), [shown]);
  const [problem, setProblem] = useState(null);
  const [merged, setMerged] = useState({});
  const scan = report && report.scan;
  const running = scan && scan.status !== "done";
  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(reload, 1000);
    return () => clearTimeout(timer);
  }, [report]);
  const start = async () => {
    try {
      await api("POST", "/api/duplicates");
      setProblem(null); setMerged({}); setShown({ scan: null, groups: PAGE, possible: PAGE });  // loads again
    } catch (err) { setProblem(err); }
  };
  const more = (list) => setShown({ ...shown, scan: scan.id, [list]: shown[list] + PAGE });
  const groups = report ? report.groups : [];
  const possible = report ? report.possible : [];
  const morePossible = possible.length >= shown.possible;  // a full page: there may be more
  const nothing = scan && !running && scan.pairs === 0 && groups.length === 0;
  const mergeGroup = async (group, keep) => {
    try {
      for (const m of group.members) {
        if (m.id !== keep.id) await api("POST", `/api/customers/${keep.id}/merge`, { merged_id: m.id });
      }
      setMerged({ ...merged, [group.id]: keep });
      setProblem(null);
    } catch (err) { setProblem(err); }
  };
  return html`<section data-view="duplicates"><h1>Duplicates</h1>
    <${ErrorBox} error=${error || problem} />
    <div class="row">
      <button class="shrink" onClick=${start} disabled=${running}>Look for duplicates in the whole register</button>
      ${scan && html`<span class="muted small" data-scan-status=${scan.status}>
        ${running ? `Running: ${scan.done} of ${scan.total} customers…` : `Last run ${when(scan.finished_at)} by ${scan.started_by}`}
      </span>`}
    </div>
    ${report === null && html`<p class="muted">No run yet.</p>`}
    ${nothing && html`<p class="muted" data-nothing-found>No duplicates found.</p>`}
    ${scan && !running && !nothing && html`<ul data-found>
      <li data-found-groups=${scan.groups}>${scan.groups === 0 ? "No customers to merge: no group of records of one customer."
        : `${plural(scan.groups, "group")} of records of one customer to merge${groups.length < scan.groups ? ` (the first ${groups.length} below)` : " (below)"}.`}</li>
      ${possible.length > 0 && html`<li data-found-possible=${possible.length}>${morePossible ? `At least ${possible.length} possible pairs` : plural(possible.length, "possible pair")}${" alike enough to look at but not found to be one, so in no group: "}<a href="#possible-pairs" onClick=${(e) => { e.preventDefault(); document.getElementById("possible-pairs").scrollIntoView(); }}>check them below</a> and merge those that are one.</li>`}
    </ul>`}
    ${groups.map((g) => html`<div class="card" data-group=${g.id}>
      <h2>${g.size} records of one customer</h2>
      ${g.members.map((m) => html`<div class="row"><a href=${`#/customer/${m.id}`}>${m.name}</a> <span class="muted small">#${m.id}</span>
        ${!merged[g.id] && html`<button class="plain shrink" onClick=${() => mergeGroup(g, m)}>Keep this one, merge the others into it</button>`}</div>`)}
      <ul class="muted small" data-ties>${g.ties.map((t) => html`<li>#${t.first_id} and #${t.second_id}: ${t.via.length
        ? `one through ${t.via.map((v) => `#${v}`).join(", ")}`
        : `${t.agreeing.map((f) => LABELS[f] || f).join(", ")} agree`} (${t.score.toFixed(2)})</li>`)}</ul>
      ${merged[g.id] && html`<p class="ok" data-merged-into=${merged[g.id].id}>Merged into ${merged[g.id].name}.</p>`}
    </div>`)}
    ${scan && groups.length < scan.groups && html`<p class="row" data-more-groups>
      <span class="muted small">Showing ${groups.length} of ${plural(scan.groups, "group")}.</span>
      <button class="plain shrink" onClick=${() => more("groups")}>More groups</button></p>`}
    ${possible.length > 0 && html`<h2 id="possible-pairs">Possible duplicates: check by hand</h2>`}
    ${possible.map((p) => {
      const pair = { id: `${p.first.id}-${p.second.id}`, members: [p.first, p.second] };
      const same = agreeing(p.reasons);
      return html`<div class="card" data-possible=${pair.id}>
        ${pair.members.map((m) => html`<div class="row"><a href=${`#/customer/${m.id}`}>${m.name}</a> <span class="muted small">#${m.id}</span>
          ${!merged[pair.id] && html`<button class="plain shrink" onClick=${() => mergeGroup(pair, m)}>Keep this one, merge the other into it</button>`}</div>`)}
        <p class="muted small">${same.length ? `${same.join(", ")} agree` : "alike"} (${p.score.toFixed(2)}): not enough to say they are one.</p>
        ${merged[pair.id] && html`<p class="ok" data-merged-into=${merged[pair.id].id}>Merged into ${merged[pair.id].name}.</p>`}
      </div>`;
    })}
    ${morePossible && html`<p class="row" data-more-possible><button class="plain shrink" onClick=${() => more("possible")}>More possible pairs</button></p>`}
  </section>`;
}
