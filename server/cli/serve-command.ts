// `printvakt serve`: runs the server until SIGTERM/SIGINT, then stops taking work and closes cleanly.
import { openAppContext } from "../app-context.js";
import { keysInsideDataDir } from "../audit/key-placement.js";
import { InvalidArgumentError, type Command } from "commander";
import { ACCEPT_SWITCH } from "../data-dir/master-key-check.js";
import { ACCEPT_MISSING_SWITCH, ACCEPT_ORPHANS_SWITCH } from "../retention/missing-documents.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { startServer } from "../main.js";
import { collectStartupGarbage } from "../startup-garbage.js";
import { countUnhandledRejections } from "../unhandled-rejections.js";
import { reportError } from "./report-error.js";

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("run the print-release server (IPP, kiosks, console, API) on PRINTVAKT_PORT")
    .option(ACCEPT_SWITCH, "destroy (and audit) the live jobs the master key cannot open, instead of refusing to start (a lost or replaced master key)")
    .option(`${ACCEPT_MISSING_SWITCH} <count>`, "destroy (and audit) the live jobs whose document is missing from the spool directory, if exactly <count> are, instead of refusing to start (a lost spool directory; the refusal names the count)", jobCount)
    .option(`${ACCEPT_ORPHANS_SWITCH} <count>`, "let the start delete the complete spool files that belong to no job in the database, if exactly <count> do, instead of refusing to start (a database restored from an older backup than the spool directory; the refusal names the count)", jobCount)
    .action(async (options: { acceptUnreadableJobs?: boolean; acceptMissingDocuments?: number; acceptOrphanDocuments?: number }) => {
      try {
        const config = loadConfig();
        const logger = createLogger(config.logLevel);
        countUnhandledRejections(logger);
        const accepted = options.acceptUnreadableJobs === true;
        const context = await openAppContext(config, { serving: true, acceptUnreadableJobs: accepted });
        if (context.migrationsApplied.length > 0) logger.info({ migrations: context.migrationsApplied }, "database migrated");
        if (context.masterKeyReplaced) {
          logger.warn({ masterKeyFile: config.masterKeyFile }, "the master key file was missing beside an existing database: wrote a new key; no live job needed the old one, but cards enrolled under it no longer match (enrol them again, or restore the old key)");
        }
        const keysBesideDatabase = keysInsideDataDir(config);
        if (keysBesideDatabase.length > 0) {
          logger.warn(
            { settings: keysBesideDatabase, dataDir: config.dataDir },
            "KEYS INSIDE THE DATA DIRECTORY: whoever can write it can re-sign a rewritten audit log or read held jobs; move the key files elsewhere and pin the audit public key (docs/audit.md)",
          );
        }
        // Signals are caught from here on: one that arrives while the server is still starting is
        // remembered and honoured as soon as it has started, instead of killing it half-way.
        let requested: string | undefined;
        let stop = async (signal: string) => {
          requested ??= signal;
        };
        process.on("SIGTERM", () => void stop("SIGTERM"));
        process.on("SIGINT", () => void stop("SIGINT"));
        const server = await startServer(context, logger, { purgeUnreadableJobs: accepted && context.unreadableJobs > 0, acceptMissingDocuments: options.acceptMissingDocuments, acceptOrphanDocuments: options.acceptOrphanDocuments });
        collectStartupGarbage();
        let stopping = false;
        stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, "shutting down");
          await server.close();
          await context.close();
          logger.info("stopped");
          process.exit(0);
        };
        if (requested) await stop(requested);
      } catch (error) {
        reportError(error);
      }
    });
}

function jobCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("a count, as the refusal names it");
  return Number(value);
}
