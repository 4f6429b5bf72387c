// A real OpenID Connect identity provider for the tests (the `oidc-provider` package), in its own
// process: one confidential client, a few accounts with roles and amr/acr, and a plain HTML
// login form. Its settings arrive as JSON in OIDC_TEST_SETTINGS; it prints "listening" when ready.
import http from "node:http";
import { URLSearchParams } from "node:url";
import Provider from "oidc-provider";

const settings = JSON.parse(process.env.OIDC_TEST_SETTINGS ?? "{}");
const accounts = new Map(settings.accounts.map((account) => [account.username, account]));
const issuer = `http://127.0.0.1:${settings.port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      redirect_uris: [settings.redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  // Roles travel with the profile scope, as an identity provider's app roles do.
  // acr and amr come from the sign-in (see interaction()), listed so that the ID token may carry them.
  claims: { openid: ["sub", "acr", "amr"], profile: ["preferred_username", "name", "roles"] },
  findAccount: (_ctx, id) => {
    const account = accounts.get(id);
    if (!account) return undefined;
    return { accountId: id, claims: () => ({ sub: id, preferred_username: id, name: account.name ?? id, roles: account.roles }) };
  },
  // Every client must use PKCE here, so a relying party that forgot it fails the tests.
  pkce: { required: () => true },
  acrValues: ["mfa"],
  features: { devInteractions: { enabled: false } },
  cookies: { keys: ["printvakt-test-provider-cookie-key"] },
  // A first-party application: consent is implied, as an organisation's IdP is configured to do.
  loadExistingGrant: async (ctx) => {
    const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid profile");
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginForm(uid, message) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP sign-in</title></head><body>
<h1>Test IdP sign-in</h1><p role="alert">${escapeHtml(message)}</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Login</label><input id="login" name="login" autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password">
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(request) {
  let body = "";
  for await (const chunk of request) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(request, response) {
  const details = await provider.interactionDetails(request, response);
  if (request.method === "GET") {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(loginForm(details.uid, ""));
    return;
  }
  const form = await readForm(request);
  const account = accounts.get(form.get("login") ?? "");
  if (!account || account.password !== form.get("password")) {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(loginForm(details.uid, "Wrong login or password"));
    return;
  }
  const login = { accountId: account.username, amr: account.amr, acr: account.acr, remember: false };
  await provider.interactionFinished(request, response, { login }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
const server = http.createServer((request, response) => {
  if (request.url?.startsWith("/interaction/")) {
    interaction(request, response).catch((error) => {
      process.stderr.write(`interaction failed: ${error.stack}\n`);
      if (!response.headersSent) response.writeHead(500).end("interaction failed");
    });
  } else callback(request, response);
});
server.listen(settings.port, "127.0.0.1", () => process.stdout.write("listening\n"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
