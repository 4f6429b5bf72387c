// Operational log (JSON lines on stdout). Never titles, tokens, PINs or card numbers: the redact
// list is a second line of defence behind simply not logging them.
import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "printvakt" },
    redact: { paths: ["token", "*.token", "pin", "*.pin", "password", "*.password", "authorization", "*.authorization", "title", "*.title", "card", "*.card"], censor: "[redacted]" },
  });
}
