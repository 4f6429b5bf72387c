// The console shell: login, the session (role and CSRF token), and the #/page router.
import { get, post, setCsrfToken, whenLoggedOut } from "./api.js";
import { byId, el } from "./dom.js";
import * as audit from "./pages/audit.js";
import * as jobs from "./pages/jobs.js";
import * as kiosks from "./pages/kiosks.js";
import * as overview from "./pages/overview.js";
import * as people from "./pages/people.js";
import * as printers from "./pages/printers.js";

const PAGES = { overview, jobs, printers, kiosks, people, audit };
let session = null;

function showLogin(message = "") {
  session = null;
  setCsrfToken("");
  byId("nav").hidden = true;
  byId("who").hidden = true;
  byId("page").replaceChildren();
  byId("login").hidden = false;
  byId("login-message").textContent = message;
  byId("login-username").focus();
}

function startSession(answer) {
  session = answer;
  setCsrfToken(answer.csrfToken);
  byId("login").hidden = true;
  byId("nav").hidden = false;
  byId("who").hidden = false;
  byId("who-name").textContent = answer.username;
  byId("who-role").textContent = answer.role;
  route();
}

async function route() {
  if (!session) return;
  const name = location.hash.replace(/^#\//, "") || "overview";
  const page = PAGES[name] ?? PAGES.overview;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.page === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const container = el("div", { class: "page", "data-page": name });
  byId("page").replaceChildren(container);
  const context = { role: session.role, canManage: session.role === "admin", refresh: () => route() };
  try {
    await page.render(container, context);
  } catch (error) {
    if (error.status !== 401) container.append(el("p", { class: "message", role: "alert" }, [`Could not load this page: ${error.message}`]));
  }
  byId("content").focus({ preventScroll: true });
}

byId("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const answer = await post("/api/login", { username: byId("login-username").value, password: byId("login-password").value });
    byId("login-password").value = "";
    startSession(answer);
  } catch (error) {
    byId("login-password").value = "";
    byId("login-message").textContent = error.message;
  }
});

byId("logout").addEventListener("click", async () => {
  await post("/api/logout").catch(() => undefined);
  showLogin("You are logged out.");
});

whenLoggedOut(() => showLogin("Your session has ended. Log in again."));
window.addEventListener("hashchange", () => route());

// Why an OpenID Connect sign-in came back without a session (the server sends a keyword, never text).
const SIGN_IN_REFUSALS = {
  "no-console-role": "You signed in, but you have no admin or auditor role for Printvakt. Ask the directory administrators.",
  "mfa-required": "Admins must sign in with multi-factor authentication. Sign in again with your second factor.",
  "no-username": "The identity provider did not say who you are. Ask the Printvakt administrators.",
  "bad-username": "Your user name from the identity provider cannot be used here. Ask the Printvakt administrators.",
  "provider-unavailable": "The identity provider cannot be reached right now. Try again, or log in with a local account.",
  "no-pending-sign-in": "This sign-in has expired or was already used. Start again.",
};

async function offerSingleSignOn() {
  const methods = await get("/api/login/methods").catch(() => ({ oidc: null }));
  if (!methods.oidc) return;
  byId("oidc-button").textContent = `Sign in with ${methods.oidc.name}`;
  byId("oidc-button").setAttribute("href", methods.oidc.start);
  byId("oidc-login").hidden = false;
}

const refusal = new URLSearchParams(location.search).get("signin");
const refusalMessage = refusal === null ? "" : (SIGN_IN_REFUSALS[refusal] ?? "The sign-in could not be completed. Start again.");
if (refusal !== null) history.replaceState(null, "", location.pathname + location.hash);
offerSingleSignOn();
get("/api/session").then(startSession, () => showLogin(refusalMessage));
