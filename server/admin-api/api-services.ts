// What the API routes share: the opened context, the spool (to destroy jobs), console sessions,
// pairing codes, which kiosks are connected, the login limiter, and OpenID Connect sign-in.
import type { AppContext } from "../app-context.js";
import type { Logger } from "../logger.js";
import type { PrinterFleet } from "../release/printer-fleet.js";
import type { SpoolStore } from "../spool/spool-store.js";
import type { OidcSignIn } from "../identity/oidc/oidc-client.js";
import type { ConsoleSessions } from "./console-sessions.js";
import type { KioskPresence } from "./kiosk-presence.js";
import type { LoginLimiter } from "./login-limiter.js";
import type { PendingSignIns } from "./oidc-pending-sign-ins.js";
import type { PairingCodes } from "./pairing-codes.js";
import type { PairingLimiter } from "./pairing-limiter.js";

export interface ApiServices {
  context: AppContext;
  spool: SpoolStore;
  logger: Logger;
  fleet: PrinterFleet | undefined;
  sessions: ConsoleSessions;
  pairing: PairingCodes;
  presence: KioskPresence;
  loginLimiter: LoginLimiter;
  /** Wrong pairing codes per address and overall, taken before a code is checked. */
  pairingLimiter: PairingLimiter;
  /** TLS is configured: then console logins over plain HTTP are refused (the password would travel in clear). */
  tlsConfigured: boolean;
  /** Console sign-in with OpenID Connect, when configured. */
  oidc: OidcSignIn | undefined;
  /** OpenID Connect sign-ins on their way through the identity provider. */
  oidcPending: PendingSignIns;
}
