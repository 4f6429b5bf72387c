// The kiosk screen's state and what follows from it. The server decides everything; this is only
// what the page last heard, so every view can be redrawn from it.
export const PRINTER_UNAVAILABLE = new Set(["offline", "stopped"]);

export const state = {
  socket: null,
  connection: "connecting", // unpaired | connecting | online | offline
  defaultLanguage: "sv",
  idleSeconds: 60,
  // Seconds after everything chosen has printed before the screen logs out by itself; 0: never.
  autoLogoutSeconds: 0,
  // A reader-only kiosk (kiosk:hello): the status view only, which beeps when statusSound is on.
  statusMode: false,
  statusSound: false,
  contact: "", // whom to call, the admin's words (PRINTVAKT_KIOSK_CONTACT)
  lockedUntil: null, // ISO time the server gave for the end of a PIN lock
  printer: { name: "", state: "unknown", message: "" },
  session: null, // { sessionId, displayName, jobs, pinPending }
  progress: new Map(), // jobId → { state, reason, code?, retryAt (waiting only) }
  finished: new Map(), // jobId → job, kept on screen after it left the held list (printed)
  selected: new Set(),
  pendingRelease: null, // { key, jobIds, pin } — the same key is resent on "Try again"
  pinMode: "session", // session | job
  jobPinIds: [],
  jobPinThenLogout: false, // the job PIN was asked for by "print all and log out"
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
  // Newest first: the document sent a minute ago is the one people came for.
  return [...held, ...[...state.finished.values()].filter((job) => !listed.has(job.id))].sort((a, b) => b.id - a.id);
}

export const linkKind = () => document.querySelector('#link-form input[name="kind"]:checked')?.value ?? "enrolment-code";

// Progress after which a job can be neither printed nor deleted from this screen any more.
const SETTLED = new Set(["sending", "waiting", "printed", "uncertain", "gone", "deleted"]);

/** Held jobs of this session that can still be printed or deleted, newest first. */
export function openJobIds() {
  return (state.session?.jobs ?? []).filter((job) => job.state === "held" && !SETTLED.has(state.progress.get(job.id)?.state)).map((job) => job.id).sort((a, b) => b - a);
}
