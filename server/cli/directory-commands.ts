// `printvakt directory sync [--dry-run]`: sync people, cards and console roles from LDAP / AD now.
import type { Command } from "commander";
import { describePlan } from "../directory/describe-plan.js";
import { syncDirectory } from "../directory/directory-sync.js";
import { createLogger } from "../logger.js";
import { SpoolStore } from "../spool/spool-store.js";
import { EXIT_FAILURE, cliActor, withContext } from "./run-command.js";

export function registerDirectoryCommands(program: Command): void {
  const directory = program.command("directory").description("people, cards and console roles from LDAP / Active Directory (see docs/directory.md)");
  directory
    .command("sync")
    .description("sync from the directory now; a failure or a stop at the removal threshold changes nothing")
    .option("--dry-run", "print what would change and change nothing (not even the audit log)", false)
    .action((options: { dryRun: boolean }) =>
      withContext(async (context) => {
        const spool = await SpoolStore.open(context.spoolDir);
        const outcome = await syncDirectory(context, { actor: cliActor().label, dryRun: options.dryRun, spool, logger: createLogger(context.config.logLevel) }).finally(() => spool.close());
        process.stdout.write(describePlan(outcome.plan, outcome.applied));
        if (outcome.purged > 0) process.stdout.write(`destroyed ${outcome.purged} held job(s) of people disabled longer than PRINTVAKT_LDAP_REMOVED_GRACE\n`);
        // A dry run that would stop at the threshold is a failure for scripts too.
        if (outcome.plan.stopped) process.exitCode = EXIT_FAILURE;
      }),
    );
}
