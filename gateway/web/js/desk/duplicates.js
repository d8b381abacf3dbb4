// Cleaning the register (supervisors): run the duplicate report over everything, then merge
// each group of customers that are one into the one to keep.
import { html, useState, useEffect, useLoad, ErrorBox, when } from "../lib.js";
import { api } from "./session.js";

const LABELS = {
  given_name: "given name", family_name: "family name", national_id: "national id", org_number: "organisation number",
  email: "e-mail", name: "name",
};

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

const groupsOf = () => api("GET", "/api/duplicates/groups?limit=200").catch((err) => {
  if (err.status === 404) return null; // no run yet
  throw err;
});

export function DuplicatesPage() {
  const [report, error, reload] = useLoad(groupsOf, []);
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
    try { await api("POST", "/api/duplicates"); setProblem(null); setMerged({}); reload(); }
    catch (err) { setProblem(err); }
  };
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
        ${running ? `Running: ${scan.done} of ${scan.total} customers…` : `Last run ${when(scan.finished_at)} by ${scan.started_by}: ${plural(scan.groups, "group")}, ${plural(scan.pairs, "pair")}`}
      </span>`}
    </div>
    ${report === null && html`<p class="muted">No run yet.</p>`}
    ${scan && !running && report.groups.length === 0 && html`<p class="muted">No duplicates found.</p>`}
    ${report && report.groups.map((g) => html`<div class="card" data-group=${g.id}>
      <h2>${g.size} records of one customer</h2>
      ${g.members.map((m) => html`<div class="row"><a href=${`#/customer/${m.id}`}>${m.name}</a> <span class="muted small">#${m.id}</span>
        ${!merged[g.id] && html`<button class="plain shrink" onClick=${() => mergeGroup(g, m)}>Keep this one, merge the others into it</button>`}</div>`)}
      <ul class="muted small" data-ties>${g.ties.map((t) => html`<li>#${t.first_id} and #${t.second_id}: ${t.via.length
        ? `one through ${t.via.map((v) => `#${v}`).join(", ")}`
        : `${t.agreeing.map((f) => LABELS[f] || f).join(", ")} agree`} (${t.score.toFixed(2)})</li>`)}</ul>
      ${merged[g.id] && html`<p class="ok" data-merged-into=${merged[g.id].id}>Merged into ${merged[g.id].name}.</p>`}
    </div>`)}
  </section>`;
}
