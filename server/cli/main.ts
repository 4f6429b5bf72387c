// The `printvakt` command line: one program, subcommands registered from their own files. Only
// the command being run is loaded (a kiosk agent on a Raspberry Pi never loads the database
// client); `printvakt --help` loads them all to list them.
import { Command, CommanderError } from "commander";
import { describeSettings } from "../config.js";
import { reportError } from "./report-error.js";

type Register = (program: Command) => void;

/** Command word → the module that defines it. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import("./serve-command.js")).registerServeCommand,
  printer: async () => (await import("./printer-commands.js")).registerPrinterCommands,
  kiosk: async () => (await import("./kiosk-commands.js")).registerKioskCommands,
  "kiosk-agent": async () => (await import("./kiosk-agent-command.js")).registerKioskAgentCommand,
  user: async () => (await import("./user-commands.js")).registerUserCommands,
  admin: async () => (await import("./admin-commands.js")).registerAdminCommands,
  db: async () => (await import("./admin-commands.js")).registerAdminCommands,
  audit: async () => (await import("./audit-commands.js")).registerAuditCommands,
  directory: async () => (await import("./directory-commands.js")).registerDirectoryCommands,
};

function environmentHelp(): string {
  const rows = describeSettings().map((row) => `  ${row.env.padEnd(28)} ${row.describe} (default ${row.default})`);
  return `\nEnvironment:\n${rows.join("\n")}\n`;
}

/** The program with the given command words registered (all of them when `only` is undefined). */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command("printvakt")
    .description("Secure print release: one held IPP queue, released by badge at the printer.")
    .showHelpAfterError()
    .exitOverride();
  program.addHelpText("after", environmentHelp());
  const loaders = only && Object.hasOwn(COMMANDS, only) ? [COMMANDS[only]!] : Object.values(COMMANDS);
  const registered = new Set<Register>();
  for (const load of loaders) {
    const register = await load();
    if (registered.has(register)) continue;
    registered.add(register);
    register(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(argv[2]);
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      process.exitCode = error.exitCode;
      return;
    }
    reportError(error);
  }
}
