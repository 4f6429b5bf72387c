// Validates the kiosk agent's command-line options once, up front, into frozen settings; each problem is one line.
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import { parsePipeline, type CardPipeline } from "../../drivers/card-readers/card-format/pipeline.js";
import { parseShape, type CardShape } from "../../drivers/card-readers/card-format/shape.js";
import type { HidBackend } from "../../drivers/card-readers/hid-device.js";
import { readTokenFile, validToken } from "./kiosk-token.js";
import { parseReaderSpec, type ReaderSpec } from "./reader-factory.js";
import { parseServerUrl } from "./server-url.js";

/** The options as commander hands them over (strings and flags, not yet checked). */
export interface AgentOptions {
  readonly server?: string;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly reader: string;
  readonly cardFormat: string;
  readonly cardShape?: string;
  readonly dryRun: boolean;
  readonly hidBackend: string;
  readonly logLevel: string;
}

export type TokenSource = { readonly kind: "argv"; readonly token: string } | { readonly kind: "file"; readonly path: string };

export interface AgentSettings {
  /** Absent only with --dry-run. */
  readonly server: URL | undefined;
  /** Absent only with --dry-run. */
  readonly token: TokenSource | undefined;
  readonly reader: ReaderSpec;
  readonly pipeline: CardPipeline;
  /** Absent: the pipeline's default shape. */
  readonly shape: CardShape | undefined;
  readonly dryRun: boolean;
  readonly hidBackend: HidBackend;
  readonly logLevel: string;
}

const hidBackends: readonly HidBackend[] = ["libusb", "hidraw"];
const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function bad(message: string): PrintvaktError {
  return new PrintvaktError("bad-request", message);
}

/** Runs one check; its bad-request message gets the option's name in front when it lacks it. */
function checked<T>(option: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    const failure = toPrintvaktError(error);
    if (failure.code !== "bad-request" || failure.message.startsWith(option)) throw failure;
    throw new PrintvaktError("bad-request", `${option}: ${failure.message}`, { cause: failure });
  }
}

/** Throws PrintvaktError("bad-request") with one line naming the option; reads and checks the token file. */
export async function resolveAgentSettings(options: AgentOptions): Promise<AgentSettings> {
  const reader = checked("--reader", () => parseReaderSpec(options.reader));
  const pipeline = checked("--card-format", () => parsePipeline(options.cardFormat));
  const shape = options.cardShape === undefined ? undefined : checked("--card-shape", () => parseShape(options.cardShape!));
  if (!hidBackends.includes(options.hidBackend as HidBackend)) throw bad(`--hid-backend must be libusb or hidraw, got ${JSON.stringify(options.hidBackend)}`);
  if (!logLevels.includes(options.logLevel)) throw bad(`--log-level must be one of ${logLevels.join(", ")}, got ${JSON.stringify(options.logLevel)}`);

  const server = options.server === undefined ? undefined : parseServerUrl(options.server);
  if (options.token !== undefined && options.tokenFile !== undefined) throw bad("give either --token or --token-file, not both");
  let token: TokenSource | undefined;
  if (options.tokenFile !== undefined) {
    await readTokenFile(options.tokenFile); // fail now, not at the first connection attempt
    token = { kind: "file", path: options.tokenFile };
  } else if (options.token !== undefined) {
    token = { kind: "argv", token: validToken(options.token, "--token") };
  }
  if (!options.dryRun) {
    if (server === undefined) throw bad("--server is required (the Printvakt server's URL, e.g. https://print.example.org:8631), or use --dry-run");
    if (token === undefined) throw bad("--token-file (preferred) or --token is required: the kiosk's token from `printvakt kiosk add`");
  }
  return Object.freeze({ server, token, reader, pipeline, shape, dryRun: options.dryRun, hidBackend: options.hidBackend as HidBackend, logLevel: options.logLevel });
}

/** What the sink asks before each handshake: the file is read anew every time. */
export function tokenProvider(source: TokenSource): () => Promise<string> {
  return source.kind === "argv" ? async () => source.token : () => readTokenFile(source.path);
}
