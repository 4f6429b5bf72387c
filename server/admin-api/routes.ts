// Every API route, in one list: the router mounts it, and the tests walk it (401 without a
// session, 403 for auditors on whatever changes something).
import type { ApiRoute } from "./route.js";
import { auditRoutes } from "./routes/audit-routes.js";
import { evidenceRoutes } from "./routes/evidence-routes.js";
import { incidentRoutes } from "./routes/incident-routes.js";
import { listRoutes } from "./routes/list-routes.js";
import { jobRoutes } from "./routes/job-routes.js";
import { oidcRoutes } from "./routes/oidc-routes.js";
import { kioskRoutes } from "./routes/kiosk-routes.js";
import { pairingRoutes } from "./routes/pairing-routes.js";
import { printerRoutes } from "./routes/printer-routes.js";
import { sessionRoutes } from "./routes/session-routes.js";
import { statsRoutes } from "./routes/stats-routes.js";
import { userRoutes } from "./routes/user-routes.js";

export const API_ROUTES: readonly ApiRoute[] = [...sessionRoutes, ...oidcRoutes, ...pairingRoutes, ...printerRoutes, ...kioskRoutes, ...userRoutes, ...jobRoutes, ...listRoutes, ...auditRoutes, ...incidentRoutes, ...evidenceRoutes, ...statsRoutes];
