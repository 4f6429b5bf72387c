// The `printvakt` command line: one program, subcommands registered from their own files.
import { Command, CommanderError } from "commander";
import { describeSettings } from "../config.js";
import { registerAdminCommands } from "./admin-commands.js";
import { registerAuditCommands } from "./audit-commands.js";
import { registerKioskAgentCommand } from "./kiosk-agent-command.js";
import { registerKioskCommands } from "./kiosk-commands.js";
import { registerPrinterCommands } from "./printer-commands.js";
import { reportError } from "./run-command.js";
import { registerServeCommand } from "./serve-command.js";
import { registerUserCommands } from "./user-commands.js";

function environmentHelp(): string {
  const rows = describeSettings().map((row) => `  ${row.env.padEnd(28)} ${row.describe} (default ${row.default})`);
  return `\nEnvironment:\n${rows.join("\n")}\n`;
}

export function buildProgram(): Command {
  const program = new Command("printvakt")
    .description("Secure print release: one held IPP queue, released by badge at the printer.")
    .showHelpAfterError()
    .exitOverride();
  program.addHelpText("after", environmentHelp());
  registerServeCommand(program);
  registerPrinterCommands(program);
  registerKioskCommands(program);
  registerKioskAgentCommand(program);
  registerUserCommands(program);
  registerAdminCommands(program);
  registerAuditCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      process.exitCode = error.exitCode;
      return;
    }
    reportError(error);
  }
}
