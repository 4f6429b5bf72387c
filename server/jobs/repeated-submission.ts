// Recognising a resent Print-Job or Create-Job, so it is answered with the first job, not a second.
//
// A client that never saw the answer to its Print-Job (the connection dropped, the server restarted
// after committing) sends it again; without this each resend became another held job, and at a
// release-on-badge kiosk another print. Two ways to recognise a resend:
// - job-uuid (RFC 8011 §5.3.2 and PWG 5100.13: a URN the client makes once per job): the same
//   owner's job with the same job-uuid that is still live, or that arrived within the window.
// - without job-uuid, the same owner sending the same document with the same title and options
//   (by keyed hash) within the window. A resend repeats its request exactly; the same file sent
//   again under another title or with other options is a person asking for a second job.
//
// The window is a named constant, not a setting: a client retries within seconds of losing its
// answer (CUPS's ipp backend after its 30 s time-out is the slow end; most retry at once), while
// someone who means two copies of the same file rarely sends them 10 s apart, and choosing copies
// at the kiosk is the way to get two. Longer would swallow more deliberate reprints; no one has
// asked to tune it.
import { keyedHash } from "../audit/keyed-hash.js";
import { firstString } from "../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";

export const DUPLICATE_WINDOW_MS = 10_000;

const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The request's job-uuid, normalised to lowercase, or null. One that is not an RFC 4122 URN is
 * ignored rather than refused: the job is still accepted, only not recognised if resent.
 */
export function jobUuidOf(message: IppMessage): string | null {
  const value = firstString(message, GroupTag.operation, "job-uuid")?.trim().toLowerCase();
  return value !== undefined && UUID_URN.test(value) ? value : null;
}

/**
 * A keyed hash of the document's SHA-256 with the request's title, options and whether it carries a
 * PIN (a PIN hash is salted, so the PIN itself cannot be compared), never the plain digest (stored
 * plain, it told anyone with the database whether a person printed a given file: review M6). The audit's derived key is used
 * with its own label, so the value can be matched with nothing else the audit holds. Kept in the
 * job only for the window; retention then clears it (and destruction does at once).
 */
export function documentDigest(hashKey: Buffer, documentSha256: string, request: { title: string; template: Record<string, unknown>; hasPin: boolean }): string {
  const options = JSON.stringify(Object.entries(request.template).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return keyedHash(hashKey, `printvakt repeated document v2\n${documentSha256}\n${request.title}\n${options}\n${request.hasPin}`);
}

export function repeatedAudit(first: { id: number }, submission: { requester: { username: string; identifiedBy: string }; peer: string; operation: string }, matchedBy: "job-uuid" | "document", sizeBytes: number) {
  return {
    type: "job.duplicate",
    actor: `user:${submission.requester.username}`,
    subject: `job:${first.id}`,
    details: { identifiedBy: submission.requester.identifiedBy, peer: submission.peer, operation: submission.operation, matchedBy, sizeBytes },
  } as const;
}
