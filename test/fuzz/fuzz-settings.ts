// What every fuzz campaign shares: its size and seed from the environment, the hang bound, the
// cheap per-input check, and the walk that finds the length fields worth corrupting in a valid IPP header.
import { expect } from "vitest";
import { GroupTag } from "../../core/ipp/codec/tags.js";

/**
 * Inputs per suite in `npm test` (CI). The server campaign sends each as a real HTTP request, so
 * 100,000 took ~110 s of a 30-minute CI budget on a slow runner; 20,000 keeps every campaign's share
 * in the hundreds at least. The long tier (`npm run test:long`, `npm run fuzz`) runs 2,000,000.
 */
export const TOTAL_RUNS = readPositiveInteger("FUZZ_RUNS", 20_000);
/** Replays a failure: the seed fast-check printed. */
export const SEED = readSeed("FUZZ_SEED");
/** No single input may cost more than this (the brief's bound on a hostile request). */
export const HANG_BOUND_MS = 50;

/**
 * Fails the test with `label` when `actual` is not `expected` (Object.is, as toBe compares). A
 * campaign checks tens of thousands of inputs: expect() builds an assertion object each time, so it runs only
 * when the plain comparison already failed, to report it.
 */
export function expectSame<T>(actual: T, expected: T, label?: string): void {
  if (!Object.is(actual, expected)) expect(actual, label).toBe(expected);
}

function readPositiveInteger(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${variable} must be a positive integer, got "${raw}"`);
  return value;
}

function readSeed(variable: string): number | undefined {
  const raw = process.env[variable];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${variable} must be an integer (the seed fast-check printed), got "${raw}"`);
  return value;
}

/** Offsets of every name-length and value-length field in a valid header (a simple walk suffices). */
export function lengthFieldOffsets(octets: Buffer): number[] {
  const offsets: number[] = [];
  let position = 8;
  for (;;) {
    const tag = octets[position] as number;
    position += 1;
    if (tag === GroupTag.endOfAttributes) return offsets;
    if (tag < 0x10) continue;
    offsets.push(position);
    position += 2 + octets.readUInt16BE(position);
    offsets.push(position);
    position += 2 + octets.readUInt16BE(position);
  }
}
