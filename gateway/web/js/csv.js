// CSV cells the browser writes (downloadCsv in lib.js), by the same rule as the
// gateway's exports (crm_common/csv_safety.py): a text cell that begins with = + - @, a
// tab or a carriage return gets a single quote in front, so a spreadsheet shows it
// instead of running it as a formula. Numbers, and text that is only a plain decimal
// number ("-120.00": money comes as text), are left alone.
const TRIGGER = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function safeCell(v) {
  if (v == null) return "";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const s = String(v);
  return TRIGGER.test(s) && !PLAIN_NUMBER.test(s) ? "'" + s : s;
}

// One cell, guarded and quoted where its text needs it.
export function csvCell(v) {
  const s = safeCell(v);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
