// The server's converter: settings from the configuration, a one-time check that the sandbox and
// the converters work on this host, and conversions run on demand.
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { ConversionPlan } from "./converters.js";
import { ConversionSlots } from "./conversion-slots.js";
import { runConversion, type ConverterSettings } from "./run-converter.js";
import { sandboxCommand } from "./sandbox-command.js";

export function converterSettings(config: Config): ConverterSettings {
  // Only root can become another user; a server already running unprivileged converts as itself.
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  return {
    limits: { cpuSeconds: Math.max(1, Math.ceil(config.convertCpuMs / 1000)), memoryBytes: config.convertMemoryBytes, tmpBytes: config.convertTmpBytes },
    user: asRoot ? { uid: config.convertUid, gid: config.convertUid } : null,
    wallTimeMs: config.convertTimeoutMs,
    maxOutputBytes: config.convertMaxOutputBytes,
  };
}

export class DocumentConverter {
  #ready: Promise<boolean> | undefined;
  readonly #slots: ConversionSlots;

  constructor(
    private readonly settings: ConverterSettings,
    private readonly logger: Logger,
    /** How much converted output is held in memory before sending starts (see holdBack). */
    readonly holdBackBytes: number,
    /** Conversions running at once, server-wide. */
    concurrency: number,
  ) {
    this.#slots = new ConversionSlots(concurrency);
  }

  /**
   * Whether conversions can run here: Ghostscript started inside the sandbox once (bwrap, setpriv,
   * prlimit and gs present, user namespaces allowed). Checked once, when the server starts.
   */
  available(): Promise<boolean> {
    this.#ready ??= this.#selfTest();
    return this.#ready;
  }

  convert(document: Readable, plan: Extract<ConversionPlan, { kind: "convert" }>): Readable {
    return this.#slots.run(() => runConversion(document, plan.steps, this.settings));
  }

  async #selfTest(): Promise<boolean> {
    const command = sandboxCommand({ tool: "gs", args: ["--version"], produces: "text/plain" }, this.settings.limits, this.settings.user);
    const result = await new Promise<{ ok: boolean; detail: string }>((resolve) => {
      const child = spawn(command.file, command.args, { stdio: ["ignore", "pipe", "pipe"], env: {} });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      child.once("error", (error) => resolve({ ok: false, detail: error.message }));
      child.once("close", (code) => resolve({ ok: code === 0, detail: output.trim().slice(0, 300) }));
    });
    if (result.ok) this.logger.info({ ghostscript: result.detail }, "document conversion available (Ghostscript in a bubblewrap sandbox)");
    else this.logger.warn({ detail: result.detail }, "document conversion unavailable: install ghostscript, cups-filters and bubblewrap (jobs that need conversion are refused at the kiosk)");
    return result.ok;
  }
}
