// `printvakt kiosk add|list|token|revoke`.
import type { Command } from "commander";
import { addKiosk, disableKiosk, renewKioskToken } from "../admin/kiosks.js";
import { listKiosks } from "../store/kiosks.js";
import { cliActor, withContext } from "./run-command.js";

export function registerKioskCommands(program: Command): void {
  const kiosk = program.command("kiosk").description("release stations beside printers");
  kiosk
    .command("add")
    .description("create a kiosk and print its card reader's token once (only a hash is stored); pair its screen from the console")
    .argument("<name>")
    .requiredOption("--printer <printer>", "the printer this kiosk releases to")
    .option("--release-on-badge", "reader-only kiosk: release all of a person's held jobs when they badge", false)
    .action((name: string, options: { printer: string; releaseOnBadge: boolean }) =>
      withContext(async ({ db }) => {
        const { kiosk: created, agentToken } = await addKiosk(db, cliActor(), { name, printer: options.printer, releaseOnBadge: options.releaseOnBadge }, "cli");
        process.stderr.write(
          `kiosk ${created.name} added for printer ${created.printerName}. Its card reader's token for 'printvakt kiosk-agent --token' (shown only now; ` +
            `pair the screen from the console, or print a screen token with 'printvakt kiosk token NAME --screen'):\n`,
        );
        process.stdout.write(`${agentToken}\n`);
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
    .description("issue a new card reader token for a kiosk (the old one stops working) and print it once")
    .argument("<name>")
    .option("--screen", "issue the screen's token instead (what pairing from the console does)", false)
    .action((name: string, options: { screen: boolean }) =>
      withContext(async ({ db }) => {
        process.stdout.write(`${await renewKioskToken(db, cliActor(), name, options.screen ? "screen" : "agent", "cli")}\n`);
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
