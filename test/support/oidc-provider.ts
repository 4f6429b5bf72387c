// Starts the test identity provider (oidc-provider.mjs, the real `oidc-provider` package) as its own
// process on a free loopback port, with one client and test accounts, and stops it afterwards.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.js";
import { spawnGuarded, stopProcess } from "./processes.js";

const SCRIPT = fileURLToPath(new URL("./oidc-provider.mjs", import.meta.url));

export interface TestAccount {
  username: string;
  password: string;
  roles: string[];
  /** Authentication methods the provider reports for this account's sign-ins (e.g. ["pwd", "otp"]). */
  amr?: string[];
  acr?: string;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Everything the provider wrote to stderr, to explain a failure. */
  stderr(): string;
  stop(): Promise<void>;
}

export const ADMIN_ROLE = "printvakt-admins";
export const AUDITOR_ROLE = "printvakt-auditors";

export const OIDC_ACCOUNTS = {
  admin: { username: "eva", password: "eva-idp-password", roles: [ADMIN_ROLE, "staff"], amr: ["pwd", "otp"], acr: "mfa" },
  auditor: { username: "ada", password: "ada-idp-password", roles: [AUDITOR_ROLE], amr: ["pwd"] },
  nobody: { username: "nils", password: "nils-idp-password", roles: ["staff"], amr: ["pwd"] },
  adminWithoutMfa: { username: "olle", password: "olle-idp-password", roles: [ADMIN_ROLE], amr: ["pwd"] },
} satisfies Record<string, TestAccount>;

export async function startIdentityProvider(options: { redirectUri: string; accounts?: TestAccount[] }): Promise<TestIdentityProvider> {
  const port = await freePort();
  const clientId = "printvakt-console";
  // A fresh secret per run: the tests then look for this exact string in logs and the audit.
  const clientSecret = `idp-secret-${randomBytes(16).toString("hex")}`;
  const settings = { port, clientId, clientSecret, redirectUri: options.redirectUri, accounts: options.accounts ?? Object.values(OIDC_ACCOUNTS) };
  const child: ChildProcess = spawnGuarded(process.execPath, [SCRIPT], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, OIDC_TEST_SETTINGS: JSON.stringify(settings) } });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the test identity provider did not start within 20 s: ${stderr}`)), 20_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the test identity provider exited (${String(code)}): ${stderr}`));
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { issuer: `http://127.0.0.1:${port}`, clientId, clientSecret, stderr: () => stderr, stop: () => stopProcess(child) };
}
