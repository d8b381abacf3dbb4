// The agent's presence (K4): available, away or offline, in the desk's header bar. Leaving
// hands the agent's open cases on; the switch follows changes made elsewhere (another tab,
// a supervisor, a desk closed past the grace period) over the live stream.
import { html, useState, useEffect } from "../lib.js";
import { api } from "./session.js";

// What the live stream says, for the parts that follow it (this switch, the wallboard).
export const live = {
  listeners: new Set(),
  tell(kind, data) { this.listeners.forEach((f) => f(kind, data)); },
  on(f) { this.listeners.add(f); return () => this.listeners.delete(f); },
};

const LABELS = { available: "Available", away: "Away", offline: "Offline" };

export function PresenceSwitch({ me }) {
  const [presence, setPresence] = useState(null);  // null: not (yet) known as an agent
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    api("GET", "/api/agents").then((agents) => {
      const mine = agents.find((a) => a.username === me.username);
      if (mine) setPresence(mine.presence);
    }, () => null);
    return live.on((kind, data) => {
      if (kind === "presence" && data.username === me.username) setPresence(data.presence);
    });
  }, [me.username]);
  if (!presence) return null;  // someone cases are not routed to has no presence
  const change = async (e) => {
    const wanted = e.target.value;
    setBusy(true);
    setError(null);
    try {
      const answer = await api("POST", "/api/agents/me/presence", { presence: wanted });
      setPresence(answer.agent.presence);
    } catch (err) {
      setError(err.message || "could not change");
      e.target.value = presence;
    } finally { setBusy(false); }
  };
  return html`<label class=${`presence ${presence}`} title=${error || "Leaving hands your open cases to colleagues"}>
    <select name="presence" aria-label="My presence" data-presence=${presence} value=${presence} disabled=${busy} onChange=${change}>
      ${Object.entries(LABELS).map(([key, label]) => html`<option value=${key}>${label}</option>`)}
    </select></label>`;
}
