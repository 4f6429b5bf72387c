// The console shell: the language, login, the session (role and CSRF token), and the #/page router.
import { get, post, setCsrfToken, whenLoggedOut } from "./api.js";
import { byId, el } from "./dom.js";
import { language, onLanguageChange, setLanguage, storedLanguage, t } from "./i18n.js";
import { LANGUAGE_NAMES, LANGUAGES } from "./strings.js";
import * as audit from "./pages/audit.js";
import * as jobs from "./pages/jobs.js";
import * as kiosks from "./pages/kiosks.js";
import * as overview from "./pages/overview.js";
import * as people from "./pages/people.js";
import * as person from "./pages/person-timeline.js";
import * as printers from "./pages/printers.js";

const PAGES = { overview, jobs, printers, kiosks, people, audit, person };
/** Pages reached from another page rather than the navigation: which link stays marked. */
const NAV_OF = { person: "audit" };
let session = null;
// The login page's message as a key, so it is said again in the other language after a switch.
let loginMessage = { key: "", text: "" };

function showLoginMessage() {
  byId("login-message").textContent = loginMessage.key ? t(loginMessage.key) : loginMessage.text;
}

/** `message` is a string key, or { text } for words the server sent (they stay in English). */
function showLogin(message = "") {
  session = null;
  setCsrfToken("");
  byId("nav").hidden = true;
  byId("who").hidden = true;
  byId("page").replaceChildren();
  byId("login").hidden = false;
  loginMessage = typeof message === "string" ? { key: message, text: "" } : { key: "", text: message.text };
  showLoginMessage();
  byId("login-username").focus();
}

function startSession(answer) {
  session = answer;
  setCsrfToken(answer.csrfToken);
  byId("login").hidden = true;
  byId("nav").hidden = false;
  byId("who").hidden = false;
  byId("who-name").textContent = answer.username;
  showRole();
  route();
}

function showRole() {
  if (session) byId("who-role").textContent = t(session.role === "admin" ? "roleAdmin" : "roleAuditor");
}

/** A hash part as text; malformed percent-encoding names nothing. */
function decoded(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** Draws the page the hash names; `keepFocus` leaves focus where it is (on the language switch). */
async function route({ keepFocus = false } = {}) {
  if (!session) return;
  // "#/person/anna": the page, then what it is about.
  const [first, ...rest] = location.hash.replace(/^#\//, "").split("/");
  const name = first || "overview";
  const argument = rest.length > 0 ? decoded(rest.join("/")) : undefined;
  const page = PAGES[name] ?? PAGES.overview;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.page === (NAV_OF[name] ?? name)) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const container = el("div", { class: "page", "data-page": name });
  byId("page").replaceChildren(container);
  const context = { role: session.role, canManage: session.role === "admin", argument, refresh: () => route() };
  try {
    await page.render(container, context);
  } catch (error) {
    if (error.status !== 401) container.append(el("p", { class: "message", role: "alert" }, [t("pageLoadFailed", { message: error.message })]));
  }
  if (!keepFocus) byId("content").focus({ preventScroll: true });
}

byId("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const answer = await post("/api/login", { username: byId("login-username").value, password: byId("login-password").value });
    byId("login-password").value = "";
    startSession(answer);
  } catch (error) {
    byId("login-password").value = "";
    loginMessage = { key: "", text: error.message };
    showLoginMessage();
  }
});

byId("logout").addEventListener("click", async () => {
  await post("/api/logout").catch(() => undefined);
  showLogin("loggedOut");
});

whenLoggedOut(() => showLogin("sessionEnded"));
window.addEventListener("hashchange", () => route());

// Why an OpenID Connect sign-in came back without a session (the server sends a keyword, never text).
const SIGN_IN_REFUSALS = {
  "no-console-role": "refusalNoConsoleRole",
  "mfa-required": "refusalMfaRequired",
  "no-username": "refusalNoUsername",
  "bad-username": "refusalBadUsername",
  "provider-unavailable": "refusalProviderUnavailable",
  "no-pending-sign-in": "refusalNoPendingSignIn",
};

let singleSignOn = null;

function showSingleSignOn() {
  if (!singleSignOn) return;
  byId("oidc-button").textContent = t("signInWith", { name: singleSignOn.name });
  byId("oidc-button").setAttribute("href", singleSignOn.start);
  byId("oidc-login").hidden = false;
}

/** The language switch in the header; a choice made here is remembered in this browser. */
function offerLanguages() {
  const select = byId("language");
  select.replaceChildren(...LANGUAGES.map((code) => el("option", { value: code, lang: code }, [LANGUAGE_NAMES[code]])));
  select.value = language();
  select.addEventListener("change", () => setLanguage(select.value, { remember: true }));
  onLanguageChange((code) => {
    select.value = code;
    showLoginMessage();
    showSingleSignOn();
    showRole();
    void route({ keepFocus: true });
  });
}

// The language comes first (a choice made in this browser, else the server's default), so that
// nothing is shown in the wrong language; the methods answer says both.
const methods = await get("/api/login/methods").catch(() => ({ oidc: null, language: "sv" }));
setLanguage(storedLanguage() ?? methods.language ?? "sv");
offerLanguages();
singleSignOn = methods.oidc;
showSingleSignOn();

const refusal = new URLSearchParams(location.search).get("signin");
const refusalMessage = refusal === null ? "" : (SIGN_IN_REFUSALS[refusal] ?? "refusalOther");
if (refusal !== null) history.replaceState(null, "", location.pathname + location.hash);
get("/api/session").then(startSession, () => showLogin(refusalMessage));
