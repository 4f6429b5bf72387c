// Turns 8-byte boot-keyboard reports from a reader into complete reads, never guessing a lost key.
import { errorUsages, noKey, shiftModifiers, usUsageTable, type KeyMeaning } from "./keyboard-usages.js";

/*
 * Design notes
 * - A report is: modifiers, reserved, then up to six usage codes of keys held down. Readers send a
 *   key-down report, then an all-zero release report, for each character.
 * - A key types when it goes from up to down: a usage in this report that was not in the previous
 *   one. So a repeated key-down report (no release in between) types nothing, and a lost release
 *   report between two equal digits makes "11" arrive as "1". The two cases cannot be told apart
 *   from the reports, so the decoder does not try; the shorter read fails the configured shape
 *   downstream and is dropped and counted. A wrong card number is worse than a second tap.
 * - Enter (or keypad Enter) ends a read. A read without its terminator is discarded once no key
 *   has come for the inter-character timeout: it must not be glued to the front of the next card.
 * - Any key the table does not know, a report of the wrong size, or a keyboard error state
 *   (ErrorRollOver) spoils the read in progress: it is discarded when it ends, not repaired.
 * - Reports with a report-ID byte in front (9 bytes) are accepted; the first byte is dropped.
 */

export type DecoderEvent =
  | { readonly kind: "read"; readonly text: string }
  | { readonly kind: "discarded"; readonly reason: string };

export interface KeyboardReportDecoderOptions {
  /** A partial read older than this (ms since its last key) is discarded. Default 500. */
  readonly interCharacterTimeoutMs?: number;
  /** A read longer than this is not a card. Default 64. */
  readonly maxLength?: number;
  readonly usageTable?: ReadonlyMap<number, KeyMeaning>;
}

const bootReportLength = 8;
const firstUsageByte = 2;

export class KeyboardReportDecoder {
  readonly #timeoutMs: number;
  readonly #maxLength: number;
  readonly #usageTable: ReadonlyMap<number, KeyMeaning>;
  #keysDown = new Set<number>();
  #typed = "";
  /** Why the read in progress will be discarded, once something spoiled it. */
  #spoiled: string | undefined;
  /** When the read in progress last changed; undefined when nothing is in progress. */
  #lastKeyAt: number | undefined;

  constructor(options: KeyboardReportDecoderOptions = {}) {
    this.#timeoutMs = options.interCharacterTimeoutMs ?? 500;
    this.#maxLength = options.maxLength ?? 64;
    this.#usageTable = options.usageTable ?? usUsageTable;
  }

  /** When the read in progress goes stale; undefined when there is none. */
  get deadline(): number | undefined {
    return this.#lastKeyAt === undefined ? undefined : this.#lastKeyAt + this.#timeoutMs;
  }

  push(report: Uint8Array, atMs: number): DecoderEvent[] {
    const events = this.expire(atMs);
    const keys = this.#bootReport(report);
    if (keys === undefined) return [...events, ...this.#spoil(`a report of ${report.length} bytes is not a keyboard report`, atMs)];
    const usages = [...keys.subarray(firstUsageByte)].filter((usage) => usage !== noKey);
    if (usages.some((usage) => errorUsages.includes(usage))) {
      // The keyboard cannot say which keys are down: keep the previous state, spoil the read.
      return [...events, ...this.#spoil("the reader reported a keyboard error state", atMs)];
    }
    const shifted = ((keys[0] ?? 0) & shiftModifiers) !== 0;
    const pressed = usages.filter((usage) => !this.#keysDown.has(usage));
    this.#keysDown = new Set(usages);
    for (const usage of pressed) events.push(...this.#press(usage, shifted, atMs));
    return events;
  }

  /** Discards a read in progress whose last key is older than the timeout. */
  expire(nowMs: number): DecoderEvent[] {
    const deadline = this.deadline;
    if (deadline === undefined || nowMs < deadline) return [];
    return this.#discard("no Enter after the last key (partial read timed out)");
  }

  /** Forgets everything, e.g. when the device went away; a read in progress is discarded. */
  reset(): DecoderEvent[] {
    this.#keysDown = new Set();
    return this.#lastKeyAt === undefined ? [] : this.#discard("the reader went away in the middle of a read");
  }

  #bootReport(report: Uint8Array): Uint8Array | undefined {
    if (report.length === bootReportLength) return report;
    if (report.length === bootReportLength + 1) return report.subarray(1);
    return undefined;
  }

  #press(usage: number, shifted: boolean, atMs: number): DecoderEvent[] {
    const meaning = this.#usageTable.get(usage);
    if (meaning === undefined) return this.#spoil(`unknown key 0x${usage.toString(16).padStart(2, "0")}`, atMs);
    if (meaning.kind === "terminator") return this.#finish();
    if (this.#typed.length >= this.#maxLength) return this.#spoil(`read longer than ${this.#maxLength} characters`, atMs);
    this.#typed += shifted ? meaning.shifted : meaning.plain;
    this.#lastKeyAt = atMs;
    return [];
  }

  #finish(): DecoderEvent[] {
    if (this.#lastKeyAt === undefined) return []; // Enter on its own is not a read.
    if (this.#spoiled !== undefined) return this.#discard(this.#spoiled);
    const text = this.#typed;
    this.#clearRead();
    return [{ kind: "read", text }];
  }

  #spoil(reason: string, atMs: number): DecoderEvent[] {
    this.#spoiled ??= reason;
    this.#lastKeyAt = atMs;
    return [];
  }

  #discard(reason: string): DecoderEvent[] {
    this.#clearRead();
    return [{ kind: "discarded", reason }];
  }

  #clearRead(): void {
    this.#typed = "";
    this.#spoiled = undefined;
    this.#lastKeyAt = undefined;
  }
}
