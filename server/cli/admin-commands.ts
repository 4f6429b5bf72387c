// `printvakt admin add` (console accounts) and `printvakt db migrate`.
import type { Command } from "commander";
import { addAdmin } from "../admin/admins.js";
import { openAppContext } from "../app-context.js";
import { readSecretLine } from "./read-secret.js";
import { cliActor, reportError, withContext } from "./run-command.js";

export function registerAdminCommands(program: Command): void {
  program
    .command("admin")
    .description("console accounts")
    .command("add")
    .description("add a console account; the password (12+ characters) is read from standard input")
    .argument("<username>")
    .requiredOption("--role <role>", "admin (manages) or auditor (reads only)")
    .action((username: string, options: { role: string }) =>
      withContext(async ({ db }) => {
        const password = await readSecretLine("password");
        await addAdmin(db, cliActor(), { username, role: options.role, password });
        process.stdout.write(`console account ${username.toLowerCase()} (${options.role}) added\n`);
      }),
    );
  program
    .command("db")
    .description("database maintenance")
    .command("migrate")
    .description("bring the database up to date (serve also does this at start)")
    .action(async () => {
      try {
        const context = await openAppContext();
        await context.close();
        const applied = context.migrationsApplied;
        process.stdout.write(applied.length === 0 ? "database is up to date\n" : `applied ${applied.join(", ")}\n`);
      } catch (error) {
        reportError(error);
      }
    });
}
