// What Print-Job, Validate-Job, Create-Job and Send-Document check before a byte is stored.
import { createHash } from "node:crypto";
import { auditText } from "../audit/canonical.js";
import type { AppContext } from "../app-context.js";
import type { Config } from "../config.js";
import { PrintvaktError } from "../../core/errors.js";
import { hashSecret } from "../identity/secrets.js";
import { SUPPORTED_COMPRESSION } from "../jobs/receive-document.js";
import type { Database } from "../store/database.js";
import { roomFor, usageOf, type Addition } from "../jobs/quota.js";
import { firstOctets, firstString } from "../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";
import { jobUuidOf } from "../jobs/repeated-submission.js";
import { parseJobTemplate, type ParsedTemplate } from "./job-template.js";
import { submitterFacts } from "../store/submission-facts.js";
import { allowanceFor } from "./unknown-owner.js";
import type { QueueDescription } from "./queue-description.js";

export function declaredFormat(message: IppMessage, queue: QueueDescription): string {
  const format = (firstString(message, GroupTag.operation, "document-format") ?? "application/octet-stream").toLowerCase();
  if (!queue.formats.includes(format)) {
    throw new PrintvaktError("document-format-not-supported", `document-format ${format} is not supported`);
  }
  return format;
}

const FORMAT_NAMES: Record<string, string> = { "application/pdf": "PDF", "image/pwg-raster": "PWG raster", "image/urf": "URF", "image/jpeg": "JPEG" };

/** After receiving: the format the bytes really are must be one the printers take. */
export function checkReceivedFormat(format: string, queue: QueueDescription): void {
  if (format === "application/octet-stream" || !queue.formats.includes(format)) {
    // Named from what this queue takes now, not from every format it might take.
    const names = queue.formats.flatMap((accepted) => (FORMAT_NAMES[accepted] ? [FORMAT_NAMES[accepted]] : []));
    const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}` : (names[0] ?? "none");
    throw new PrintvaktError("document-format-not-supported", `the document is not in a format the printers can print (${list})`);
  }
}

export function compressionOf(message: IppMessage): string {
  const compression = firstString(message, GroupTag.operation, "compression") ?? "none";
  if (!(SUPPORTED_COMPRESSION as readonly string[]).includes(compression)) {
    throw new PrintvaktError("compression-not-supported", `compression ${compression} is not supported`);
  }
  return compression;
}

/** The document's title as the owner will see it at the kiosk (never logged, sealed at rest). */
export function titleOf(message: IppMessage, fallback: string): string {
  const title = firstString(message, GroupTag.operation, "job-name") ?? firstString(message, GroupTag.operation, "document-name");
  const cleaned = title === undefined ? "" : auditText(title, 255).replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  return cleaned === "" ? fallback : cleaned;
}

const PASSWORD_ENCRYPTIONS = ["none", "sha2-256"] as const;

/**
 * A job-password (PWG 5100.11) as an argon2id hash of a normalised form, or null. With "none" the
 * octets are the PIN itself; with "sha2-256" they are its SHA-256 (raw or as hex text, clients
 * differ). We store the hash of the lowercase hex SHA-256 in both cases, so one kiosk check fits all.
 */
export async function jobPasswordHash(message: IppMessage): Promise<string | null> {
  const password = firstOctets(message, GroupTag.operation, "job-password");
  const encryption = firstString(message, GroupTag.operation, "job-password-encryption") ?? "none";
  if (password === undefined) return null;
  if (!(PASSWORD_ENCRYPTIONS as readonly string[]).includes(encryption)) throw new PrintvaktError("unsupported", `job-password-encryption ${encryption} is not supported`);
  if (password.length === 0 || password.length > 255) throw new PrintvaktError("bad-request", "job-password must be 1 to 255 octets");
  return hashSecret(normalisedPinDigest(password, encryption));
}

export function normalisedPinDigest(password: Buffer, encryption: string): string {
  if (encryption === "none") return createHash("sha256").update(password).digest("hex");
  if (password.length === 32) return password.toString("hex");
  const text = password.toString("ascii");
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text.toLowerCase();
  throw new PrintvaktError("bad-request", "a sha2-256 job-password must be a SHA-256 digest");
}

/** What the room for a document is measured against. */
export type RoomContext = Pick<AppContext, "config" | "db" | "disk">;

/**
 * Bytes the person may still send, before a byte is read: refuses at once when the job count, the
 * byte quota or the spool is used up, or the disk is under its floor of free space. A new job
 * (Print-Job, Create-Job) counts against the job quota; a Send-Document's job is counted already.
 * Checked again when the job is recorded.
 */
export async function remainingRoom(context: RoomContext, owner: string, addition: Addition = { newJob: true }): Promise<number> {
  const room = roomFor(context.config, await usageOf(context.db, owner), addition);
  await context.disk.assertRoomForDocuments();
  return room;
}

/** Everything Print-Job, Create-Job and Validate-Job check before a byte of a document is read. */
export interface CheckedSubmission {
  queue: QueueDescription;
  format: string;
  compression: string;
  template: ParsedTemplate["template"];
  unsupported: ParsedTemplate["unsupported"];
  pinHash: string | null;
  /** Bytes the owner may still hold (also capped by the largest job). */
  maxBytes: number;
  title: string;
  /** The client's job-uuid, to answer a resent request with its first job; null without one. */
  jobUuid: string | null;
}

export async function checkSubmission(message: IppMessage, owner: string, context: RoomContext, describe: () => Promise<QueueDescription>): Promise<CheckedSubmission> {
  const { config, db } = context;
  const queue = await describe();
  const format = declaredFormat(message, queue);
  const compression = compressionOf(message);
  const { template, unsupported } = parseJobTemplate(message, queue);
  // The cheap refusal first: argon2id costs ~50-100 ms of CPU and 19 MiB per PIN, not to be spent on
  // a job the quota turns away (a flood of such requests would otherwise be an amplifier).
  // Who the owner is and what they hold come in one statement (issue 13); the checks keep their order.
  // The disk is asked meanwhile (each waits on another thread), and its answer taken after the quota's.
  const disk = context.disk.assertRoomForDocuments();
  disk.catch(() => undefined); // a refusal is taken below, unless an earlier check refused first
  const facts = await submitterFacts(db, owner);
  const shared = await allowanceFor(config, db, facts, "new-job");
  const room = roomFor(config, facts.usage, { newJob: true });
  await disk;
  const maxBytes = Math.min(room, shared);
  const pinHash = await jobPasswordHash(message);
  return { queue, format, compression, template, unsupported, pinHash, maxBytes, title: titleOf(message, "Untitled"), jobUuid: jobUuidOf(message) };
}
