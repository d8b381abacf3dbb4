// The desk's login and its API client, shared by every desk page.
import { client } from "../lib.js";

export const session = client("crm-desk-token");
export const api = session.api;

// A 360° view that arrived with a screen pop, used once instead of asking again.
const popped = new Map();
export const prefetched = {
  put(id, view) { popped.set(String(id), view); },
  take(id) { const v = popped.get(String(id)); popped.delete(String(id)); return v; },
};

// Calls ringing or in progress, kept current by the live stream.
export const board = {
  calls: new Map(),
  listeners: new Set(),
  set(list) { this.calls = new Map(list.map((c) => [c.id, c])); this.tell(); },
  update(call) {
    if (call.state === "ended") this.calls.delete(call.id);
    else this.calls.set(call.id, call);
    this.tell();
  },
  tell() { this.listeners.forEach((f) => f()); },
};
