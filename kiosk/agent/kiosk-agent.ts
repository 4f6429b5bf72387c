// The kiosk agent: one card reader, the card-format pipeline, and a sink (the server, or stdout with --dry-run), started and stopped together.
import type { Readable, Writable } from "node:stream";
import { formatUsbId } from "../../drivers/card-readers/known-readers.js";
import type { AgentLogger } from "./agent-logger.js";
import { tokenProvider, type AgentSettings } from "./agent-settings.js";
import { agentVersion } from "./agent-version.js";
import { CardPipelineRunner, type ReadOutcome } from "./card-pipeline-runner.js";
import { DryRunSink } from "./dry-run-sink.js";
import { DROPPED_SIGNAL } from "./reader-signal.js";
import { createCardReader, type ReaderSpec } from "./reader-factory.js";
import { SocketSink, type SocketSinkOptions } from "./socket-sink.js";
import type { StatusIndicator } from "./status-indicator.js";

export interface AgentIo {
  /** Where --reader stdin reads card lines. */
  readonly input: Readable;
  /** Where --dry-run prints card numbers. */
  readonly output: Writable;
  readonly logger: AgentLogger;
  /** A buzzer or status light driver, if the kiosk has one. */
  readonly indicator?: StatusIndicator;
}

export interface RunningAgent {
  /** Resolves when the card input ended by itself (stdin closed): the agent has nothing more to do. */
  readonly inputEnded: Promise<void>;
  /** Stops the reader, lets the read in hand finish, then disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

/** Timings of the server connection; the defaults are for production, tests shorten them. */
export type ConnectionTimings = Pick<SocketSinkOptions, "ackTimeoutMs" | "reconnectDelayMs" | "reconnectDelayMaxMs" | "unauthorizedRetryMs">;

function describeReader(spec: ReaderSpec): string {
  if (spec.kind === "stdin") return "stdin";
  return spec.device === undefined ? "hid (first known reader)" : `hid:${formatUsbId(spec.device)}`;
}

export async function startAgent(settings: AgentSettings, io: AgentIo, timings: ConnectionTimings = {}): Promise<RunningAgent> {
  const { logger } = io;
  let socketSink: SocketSink | undefined;
  if (!settings.dryRun) {
    // resolveAgentSettings guarantees both outside --dry-run.
    socketSink = new SocketSink({ ...timings, server: settings.server!, token: tokenProvider(settings.token!), agentVersion: agentVersion(), logger, indicator: io.indicator });
  }
  const sink = socketSink ?? new DryRunSink(io.output);
  const reader = createCardReader(settings.reader, { input: io.input, hidBackend: settings.hidBackend });
  const onOutcome = (outcome: ReadOutcome) => {
    if (outcome.kind !== "dropped" || io.indicator === undefined) return;
    try {
      io.indicator.cardDropped(outcome.reason);
      io.indicator.signal?.(DROPPED_SIGNAL);
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, "the status indicator failed");
    }
  };
  const runner = new CardPipelineRunner({ reader, pipeline: settings.pipeline, shape: settings.shape, sink, logger, onOutcome });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await runner.stop();
      await socketSink?.close();
      logger.info({ counters: runner.counters }, "kiosk agent stopped");
    })();
    return stopping;
  };
  const inputEnded = new Promise<void>((resolve) => {
    reader.on("state", (state) => {
      if (state === "closed" && stopping === undefined) resolve();
    });
  });

  if (settings.token?.kind === "argv") logger.warn({}, "the token was given with --token and is visible in the process list; prefer --token-file");
  logger.info(
    {
      mode: settings.dryRun ? "dry-run" : "server",
      server: settings.dryRun ? undefined : settings.server?.href,
      reader: describeReader(settings.reader),
      cardFormat: settings.pipeline.source === "" ? "(as typed)" : settings.pipeline.source,
      shape: (settings.shape ?? settings.pipeline.defaultShape).source,
      version: agentVersion(),
    },
    "kiosk agent starting",
  );
  socketSink?.start();
  await runner.start();
  return { inputEnded, stop };
}
