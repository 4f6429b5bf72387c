// `printvakt kiosk-agent`: runs beside a printer, reads cards and presents them to the server (or prints them with --dry-run).
import { Readable } from "node:stream";
import type { Command } from "commander";
import { cardFormatReference } from "../../drivers/card-readers/card-format/pipeline.js";
import { createAgentLogger } from "../../kiosk/agent/agent-logger.js";
import { resolveAgentSettings, type AgentOptions } from "../../kiosk/agent/agent-settings.js";
import { startAgent } from "../../kiosk/agent/kiosk-agent.js";
import { reportError } from "./report-error.js";

const examples = `
Examples:
  printvakt kiosk-agent --server https://print.example.org:8631 --token-file /etc/printvakt/kiosk.token --reader hid
  printvakt kiosk-agent --dry-run --reader stdin --card-format 'reverse-bytes|hex2dec'

--token-file is preferred over --token: every user on the machine can read a process's command line.
The file must be readable by its owner only (chmod 600); it is read again before each connection,
so a renewed token (printvakt kiosk token NAME) is picked up without a restart.
Logs are JSON lines on stderr and never contain card numbers or the token; with --dry-run, stdout
carries one normalized card number per line. Stops on SIGTERM or SIGINT, and when stdin ends
(--reader stdin). See docs/kiosk-agent.md.

Card-format steps (join with "|", e.g. reverse-bytes|hex2dec):
`;

export function registerKioskAgentCommand(program: Command): void {
  program
    .command("kiosk-agent")
    .description("run at a printer: read cards and present them to the server over the kiosk socket")
    .option("--server <url>", "the server's base URL, e.g. https://print.example.org:8631")
    .option("--token-file <path>", "file holding the kiosk token from `printvakt kiosk add` (mode 0600; preferred)")
    .option("--token <token>", "the kiosk token itself (visible in the process list: prefer --token-file)")
    .option("--reader <reader>", "stdin (one card per line), hid (first known USB reader) or hid:VID:PID", "hid")
    .option("--card-format <pipeline>", "card-format steps from the raw read to the stored card number", "")
    .option("--card-shape <regex>", "pattern the pipeline's output must match whole (default: the pipeline's own)")
    .option("--dry-run", "print each normalized card number on stdout instead of sending it (no server needed)", false)
    .option("--hid-backend <backend>", "Linux HID access: libusb (detaches the keyboard driver) or hidraw", "libusb")
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent", "info")
    // Usage errors stay one line, like every other refusal of this command.
    .showHelpAfterError(false)
    .addHelpText("after", () => `${examples}${cardFormatReference().replace(/^/gm, "  ")}\n`)
    .action(async (options: AgentOptions) => {
      let settings;
      try {
        settings = await resolveAgentSettings(options);
      } catch (error) {
        reportError(error);
        return;
      }
      const logger = createAgentLogger(settings.logLevel);
      // Only a stdin reader touches stdin: under systemd it is /dev/null.
      const input = settings.reader.kind === "stdin" ? process.stdin : Readable.from([]);
      const agent = await startAgent(settings, { input, output: process.stdout, logger }).catch((error: unknown) => {
        reportError(error);
        return undefined;
      });
      if (agent === undefined) return;
      let stopping = false;
      const shutdown = (why: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ reason: why }, "kiosk agent shutting down");
        void agent.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: String(error) }, "kiosk agent did not stop cleanly");
            process.exit(1);
          },
        );
      };
      process.once("SIGTERM", () => shutdown("SIGTERM"));
      process.once("SIGINT", () => shutdown("SIGINT"));
      void agent.inputEnded.then(() => shutdown("card input ended"));
    });
}
