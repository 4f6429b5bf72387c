// Printers: list with their last known status (both roles), add, remove and set nearby printers (admins).
import { z } from "zod";
import { destinationRules } from "../../admin/printer-destinations.js";
import { addPrinter, deletePrinter, setNearbyPrinters } from "../../admin/printers.js";
import { canManagePrinters, canViewConsole } from "../../policy/admin.js";
import { listKiosks } from "../../store/kiosks.js";
import { listPrinters } from "../../store/printers.js";
import { abilitySummary } from "../../release/printer-abilities.js";
import { adminActor, parseInput, textParam, type ApiRoute } from "../route.js";

const printerBody = z.object({ name: z.string().min(1).max(64), uri: z.string().min(1).max(2048) });
// Names, nearest first; a list longer than a floor has printers is a mistake, not a plan.
const nearbyBody = z.object({ nearby: z.array(z.string().min(1).max(64)).max(20) });

/** A printer URI without credentials someone may have put in it (ipp://user:secret@host/...). */
export function displayUri(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.username || url.password) {
      url.username = "***";
      url.password = "";
    }
    return url.toString();
  } catch {
    return uri;
  }
}

export const printerRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/printers",
    allow: canViewConsole,
    changes: false,
    handle: async ({ services }) => {
      const { db } = services.context;
      const [printers, kiosks] = await Promise.all([listPrinters(db), listKiosks(db)]);
      const names = new Map(printers.map((printer) => [printer.id, printer.name]));
      return printers.map((printer) => ({
        name: printer.name,
        uri: displayUri(printer.uri),
        state: printer.state,
        stateMessage: printer.stateMessage,
        lastCheckedAt: printer.lastCheckedAt?.toISOString() ?? null,
        capabilities: abilitySummary(printer),
        kiosks: kiosks.filter((kiosk) => kiosk.printerId === printer.id).map((kiosk) => kiosk.name),
        nearby: printer.nearbyPrinterIds.flatMap((id) => names.get(id) ?? []),
      }));
    },
  },
  {
    method: "POST",
    path: "/api/printers",
    allow: canManagePrinters,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const input = parseInput(printerBody, request.body);
      const printer = await addPrinter(services.context.db, adminActor(actor), input, { origin: "api", rules: destinationRules(services.context.config) });
      // Ask the new printer for its state now rather than at the next refresh.
      if (services.fleet) void services.fleet.refresh(printer).catch(() => undefined);
      return { name: printer.name, uri: displayUri(printer.uri) };
    },
  },
  {
    method: "POST",
    path: "/api/printers/:name/nearby",
    allow: canManagePrinters,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const input = parseInput(nearbyBody, request.body);
      const printer = await setNearbyPrinters(services.context.db, adminActor(actor), textParam(request.params.name), input.nearby);
      // Looking at the printer again tells its kiosks, with the new suggestion, now rather than at the next poll.
      if (services.fleet) void services.fleet.refresh(printer).catch(() => undefined);
      return { name: printer.name, nearby: input.nearby.map((name) => name.trim()).filter((name, index, all) => all.indexOf(name) === index) };
    },
  },
  {
    method: "DELETE",
    path: "/api/printers/:name",
    allow: canManagePrinters,
    changes: true,
    handle: async ({ request, services, actor }) => {
      await deletePrinter(services.context.db, adminActor(actor), textParam(request.params.name));
      return { ok: true };
    },
  },
];
