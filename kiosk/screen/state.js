// The kiosk screen's state and what follows from it. The server decides everything; this is only
// what the page last heard, so every view can be redrawn from it.
export const PRINTER_UNAVAILABLE = new Set(["offline", "stopped"]);

export const state = {
  socket: null,
  connection: "connecting", // unpaired | connecting | online | offline
  defaultLanguage: "sv",
  idleSeconds: 60,
  printer: { name: "", state: "unknown", message: "" },
  session: null, // { sessionId, displayName, jobs, pinPending }
  progress: new Map(), // jobId → { state, reason, retryAt (waiting only) }
  finished: new Map(), // jobId → job, kept on screen after it left the held list (printed)
  selected: new Set(),
  pendingRelease: null, // { key, jobIds, pin } — the same key is resent on "Try again"
  pinMode: "session", // session | job
  jobPinIds: [],
  link: null, // { linkId }
  idleMessageKey: "",
  // Message lines by element id → string key, so a language switch rewrites them too.
  messages: new Map(),
};

export const canPrint = () => state.connection === "online" && !PRINTER_UNAVAILABLE.has(state.printer.state);
export const canAct = () => state.connection === "online";

export function visibleJobs() {
  const held = state.session?.jobs ?? [];
  const listed = new Set(held.map((job) => job.id));
  return [...held, ...[...state.finished.values()].filter((job) => !listed.has(job.id))].sort((a, b) => a.id - b.id);
}

export const linkKind = () => document.querySelector('#link-form input[name="kind"]:checked')?.value ?? "password";
