// What the one shared queue advertises, derived from the printers jobs can be released to: a
// held job must be printable unchanged wherever its owner collects it.
import { createHash } from "node:crypto";
import type { Config } from "../config.js";
import { LIVE_STATES } from "../jobs/job-states.js";
import type { Database } from "../store/database.js";
import { countJobs } from "../store/jobs.js";
import { listPrinters } from "../store/printers.js";

export interface QueueDescription {
  name: string;
  uuid: string;
  /** Document formats accepted (application/octet-stream is always there and is sniffed). */
  formats: string[];
  sides: string[];
  media: string[];
  colorModes: string[];
  heldJobs: number;
}

/** What a queue offers before any printer has reported its capabilities (IPP Everywhere's core). */
export const DEFAULT_FORMATS = ["application/pdf", "image/pwg-raster", "image/urf", "image/jpeg"];
const DEFAULT_SIDES = ["one-sided", "two-sided-long-edge", "two-sided-short-edge"];
const DEFAULT_MEDIA = ["iso_a4_210x297mm", "iso_a3_297x420mm", "iso_a5_148x210mm", "na_letter_8.5x11in", "na_legal_8.5x14in"];
const DEFAULT_COLOR_MODES = ["auto", "monochrome", "color"];

interface KnownCapabilities {
  formats?: string[];
  sides?: string[];
  media?: string[];
  colorModes?: string[];
}

/** Values every known printer supports; the defaults when no printer has reported. */
function common(lists: (string[] | undefined)[], fallback: string[]): string[] {
  const known = lists.filter((list): list is string[] => Array.isArray(list) && list.length > 0);
  if (known.length === 0) return fallback;
  const [first, ...rest] = known;
  const shared = first!.filter((value) => rest.every((list) => list.includes(value)));
  return shared.length > 0 ? shared : fallback.slice(0, 1);
}

export async function describeQueue(config: Config, db: Database, masterKeyId: string): Promise<QueueDescription> {
  const printers = await listPrinters(db);
  const capabilities = printers.map((printer) => printer.capabilities as KnownCapabilities);
  const formats = common(capabilities.map((entry) => entry.formats?.filter((format) => DEFAULT_FORMATS.includes(format))), DEFAULT_FORMATS);
  const heldJobs = await countJobs(db, LIVE_STATES);
  return {
    name: config.queueName,
    uuid: stableUuid(`${masterKeyId}:${config.queueName}`),
    formats: [...(formats.includes("application/pdf") ? formats : ["application/pdf", ...formats]), "application/octet-stream"],
    sides: common(capabilities.map((entry) => entry.sides), DEFAULT_SIDES),
    media: common(capabilities.map((entry) => entry.media), DEFAULT_MEDIA),
    colorModes: common(capabilities.map((entry) => entry.colorModes), DEFAULT_COLOR_MODES),
    heldJobs,
  };
}

/** A name-based UUID, so the queue keeps its identity across restarts (clients cache it). */
function stableUuid(seed: string): string {
  const hex = createHash("sha256").update(`printvakt queue ${seed}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
