// What the one shared queue is right now: its fixed capabilities (queue-capabilities.ts), its
// identity and the few facts that change while it runs (held jobs, the name DNS-SD gave it).
import { createHash } from "node:crypto";
import type { Config } from "../config.js";
import { LIVE_STATES } from "../jobs/job-states.js";
import type { Database } from "../store/database.js";
import { countJobs } from "../store/jobs.js";
import { QUEUE_COLOR_MODES, QUEUE_FORMATS, QUEUE_MEDIA, QUEUE_SIDES } from "./queue-capabilities.js";

export interface QueueDescription {
  name: string;
  /** printer-dns-sd-name: the name avahi registered, which differs from `name` after a collision ("Secure Print #2"). */
  dnsSdName: string;
  uuid: string;
  /** Document formats accepted (application/octet-stream is always there and is sniffed). */
  formats: string[];
  sides: string[];
  media: string[];
  colorModes: string[];
}

/** The DNS-SD service name as last registered; the configured queue name until avahi says otherwise. */
export interface AdvertisedName {
  current: string | undefined;
}

export async function describeQueue(config: Config, masterKeyId: string, advertised: AdvertisedName = { current: undefined }): Promise<QueueDescription> {
  return {
    name: config.queueName,
    dnsSdName: advertised.current ?? config.queueName,
    uuid: stableUuid(`${masterKeyId}:${config.queueName}`),
    formats: [...QUEUE_FORMATS, "application/octet-stream"],
    sides: [...QUEUE_SIDES],
    media: [...QUEUE_MEDIA],
    colorModes: [...QUEUE_COLOR_MODES],
  };
}

/**
 * The queue's queued-job-count: every live job. Apart from the description, which every submission
 * reads: counting 100,000 held jobs takes the event loop 10-20 ms, and only Get-Printer-Attributes
 * reports it (issue 13).
 */
export async function countQueuedJobs(db: Database): Promise<number> {
  return countJobs(db, LIVE_STATES);
}

/** A name-based UUID, so the queue keeps its identity across restarts (clients cache it). */
function stableUuid(seed: string): string {
  const hex = createHash("sha256").update(`printvakt queue ${seed}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
