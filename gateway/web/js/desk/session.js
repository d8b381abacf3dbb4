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

const put = (calls, call) => (call.state === "ended" ? calls.delete(call.id) : calls.set(call.id, call));

// Calls ringing or in progress, kept current by the live stream.
export const board = {
  calls: new Map(),
  listeners: new Set(),
  during: null, // what the stream said while a list was being fetched
  // The whole list, then what the stream said meanwhile: a call rung while the request was
  // on its way is newer than the answer.
  load(fetch) {
    const during = (this.during = new Map());
    return fetch().then((list) => {
      const calls = new Map(list.map((c) => [c.id, c]));
      during.forEach((call) => put(calls, call));
      this.calls = calls;
      this.tell();
    }).finally(() => { if (this.during === during) this.during = null; });
  },
  update(call) {
    this.during?.set(call.id, call);
    put(this.calls, call);
    this.tell();
  },
  tell() { this.listeners.forEach((f) => f()); },
};
