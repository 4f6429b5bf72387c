// The kiosk agent's JSON log on stderr: stdout is kept for --dry-run's card numbers.
import pino, { type Logger } from "pino";

export type AgentLogger = Logger;

/** Synchronous writes so the last lines before an exit are not lost. Card numbers and tokens are never logged; the redact list is a second line of defence. */
export function createAgentLogger(level: string, destination: number = 2): AgentLogger {
  return pino(
    {
      level,
      base: { service: "printvakt-kiosk-agent" },
      redact: { paths: ["token", "*.token", "auth", "*.auth", "card", "*.card", "raw", "*.raw"], censor: "[redacted]" },
    },
    pino.destination({ fd: destination, sync: true }),
  );
}
