// Logins: the admin's list (disable or enable, change the role, set a password) and every
// staff member's own "change my password".
import { html, useState, useLoad, ErrorBox, FieldError, Table, day } from "../lib.js";
import { api } from "./session.js";

const ROLES = ["agent", "supervisor", "admin"];

async function everyone() {
  const all = [];
  let cursor = null;
  do {
    const page = await api("GET", `/api/users?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    all.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return all;
}

export function UsersPage({ me }) {
  const [users, error, reload] = useLoad(everyone, []);
  const [problem, setProblem] = useState(null);
  const [done, setDone] = useState(null);
  const [resetting, setResetting] = useState(null);
  const change = async (user, body, what) => {
    try {
      await api("PATCH", `/api/users/${user.id}`, body);
      setProblem(null); setDone(`${user.username}: ${what}`); reload();
    } catch (err) { setProblem(err); }
  };
  const staff = (users || []).filter((u) => u.role !== "customer");
  return html`<section data-view="users"><h1>Users</h1>
    <${ErrorBox} error=${error || problem} />
    ${done && html`<p class="ok" role="status">${done}</p>`}
    ${resetting && html`<${ResetPassword} user=${resetting} onDone=${(what) => { setResetting(null); setDone(what); }} />`}
    <div class="card"><${Table} name="users" rows=${staff} columns=${[
      { label: "Username", key: "username" },
      { label: "Role", value: (u) => (u.username === me.username ? u.role : html`<select aria-label=${`role of ${u.username}`} data-role=${u.username} value=${u.role}
          onChange=${(e) => change(u, { role: e.target.value }, `role ${e.target.value}`)}>${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}</select>`) },
      { label: "Extension", value: (u) => u.extension || "" },
      { label: "Since", value: (u) => day(u.created_at) },
      { label: "State", value: (u) => html`<span data-state=${u.username}>${u.disabled ? "disabled" : "active"}</span>` },
      { label: "", value: (u) => html`<span class="row">
        ${u.username !== me.username && html`<button class="plain shrink" data-toggle=${u.username}
          onClick=${() => change(u, { disabled: !u.disabled }, u.disabled ? "enabled" : "disabled")}>${u.disabled ? "Enable" : "Disable"}</button>`}
        <button class="plain shrink" data-reset=${u.username} onClick=${() => { setDone(null); setResetting(u); }}>Set password</button></span>` },
    ]} /></div>
  </section>`;
}

function ResetPassword({ user, onDone }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api("POST", `/api/users/${user.id}/password`, { password });
      onDone(`${user.username}: new password set; their logins have ended`);
    } catch (err) { setError(err); }
  };
  return html`<form class="card row" data-reset-form onSubmit=${submit}>
    <label>New password for ${user.username}<input name="new-password" type="password" autocomplete="new-password" value=${password} onInput=${(e) => setPassword(e.target.value)} />
      <${FieldError} error=${error} name="password" /></label>
    <button type="submit">Set password</button>
    <button type="button" class="plain" onClick=${() => onDone(null)}>Cancel</button>
  </form>`;
}

export function PasswordPage() {
  const [values, setValues] = useState({ old_password: "", new_password: "", again: "" });
  const [error, setError] = useState(null);
  const [done, setDone] = useState(false);
  const set = (name) => (e) => setValues({ ...values, [name]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    setDone(false);
    if (values.new_password !== values.again) {
      setError({ message: "The new passwords differ", fields: { again: "not the same as the new password" } });
      return;
    }
    try {
      await api("POST", "/api/me/password", { old_password: values.old_password, new_password: values.new_password });
      setError(null); setDone(true); setValues({ old_password: "", new_password: "", again: "" });
    } catch (err) { setError(err); }
  };
  return html`<section data-view="password"><h1>Change my password</h1>
    <form class="card" onSubmit=${submit}>
      <label>Current password<input name="old_password" type="password" autocomplete="current-password" value=${values.old_password} onInput=${set("old_password")} />
        <${FieldError} error=${error} name="old_password" /></label>
      <label>New password (at least 10 characters)<input name="new_password" type="password" autocomplete="new-password" value=${values.new_password} onInput=${set("new_password")} />
        <${FieldError} error=${error} name="new_password" /></label>
      <label>The new password again<input name="again" type="password" autocomplete="new-password" value=${values.again} onInput=${set("again")} />
        <${FieldError} error=${error} name="again" /></label>
      <button type="submit">Change password</button>
      ${error && !Object.keys(error.fields || {}).length && html`<${ErrorBox} error=${error} />`}
      ${done && html`<p class="ok" role="status">Your password is changed. Your logins elsewhere have ended.</p>`}
    </form>
  </section>`;
}
