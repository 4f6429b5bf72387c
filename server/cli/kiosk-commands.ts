// `printvakt kiosk add|list|token|revoke`.
import type { Command } from "commander";
import { addKiosk, disableKiosk, renewKioskToken } from "../admin/kiosks.js";
import { listKiosks } from "../store/kiosks.js";
import { cliActor, withContext } from "./run-command.js";

export function registerKioskCommands(program: Command): void {
  const kiosk = program.command("kiosk").description("release stations beside printers");
  kiosk
    .command("add")
    .description("create a kiosk and print its token once (only a hash of it is stored)")
    .argument("<name>")
    .requiredOption("--printer <printer>", "the printer this kiosk releases to")
    .option("--release-on-badge", "reader-only kiosk: release all of a person's held jobs when they badge", false)
    .action((name: string, options: { printer: string; releaseOnBadge: boolean }) =>
      withContext(async ({ db }) => {
        const { kiosk: created, token } = await addKiosk(db, cliActor(), { name, printer: options.printer, releaseOnBadge: options.releaseOnBadge });
        process.stderr.write(`kiosk ${created.name} added for printer ${created.printerName}. Its token (shown only now):\n`);
        process.stdout.write(`${token}\n`);
      }),
    );
  kiosk
    .command("list")
    .description("list kiosks")
    .action(() =>
      withContext(async ({ db }) => {
        for (const row of await listKiosks(db)) {
          const mode = row.releaseOnBadge ? "release-on-badge" : "screen";
          const state = row.revokedAt ? "revoked" : `last seen ${row.lastSeenAt?.toISOString() ?? "never"}`;
          process.stdout.write(`${row.name}\t${row.printerName}\t${mode}\t${state}\n`);
        }
      }),
    );
  kiosk
    .command("token")
    .description("issue a new token for a kiosk (the old one stops working) and print it once")
    .argument("<name>")
    .action((name: string) =>
      withContext(async ({ db }) => {
        process.stdout.write(`${await renewKioskToken(db, cliActor(), name)}\n`);
      }),
    );
  kiosk
    .command("revoke")
    .description("stop a kiosk's token from working")
    .argument("<name>")
    .action((name: string) =>
      withContext(async ({ db }) => {
        await disableKiosk(db, cliActor(), name);
        process.stdout.write(`kiosk ${name} revoked\n`);
      }),
    );
}
