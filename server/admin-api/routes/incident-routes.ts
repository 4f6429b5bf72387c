// The incident view's reads beyond the audit search: one person's timeline (entries they did, about
// them, and about their jobs, with cards shown by ending), and finding jobs by document title —
// a reasoned act recorded in the log first (audit.title-searched, with only the keyed hash of
// the searched text), refused without a reason.
import { z } from "zod";
import { keyedHash } from "../../audit/keyed-hash.js";
import { canonicalUsername } from "../../identity/usernames.js";
import { canReadAudit, canSearchTitles } from "../../policy/admin.js";
import { appendAudit, auditPage, readAudit } from "../../store/audit-log.js";
import { findJob } from "../../store/jobs.js";
import { findUserByName } from "../../store/users.js";
import { shownEntries } from "../incident-entries.js";
import { adminActor, parseInput, type ApiRoute } from "../route.js";

const timelineQuery = z.object({
  person: z.string().trim().min(1, "name a person").max(128),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
const titleSearchBody = z.object({
  title: z.string().min(1, "type the title to search for").max(1024),
  // Searching titles is looking into what people print: nobody does it without saying why.
  reason: z.string({ error: "give a reason for searching titles" }).trim().min(1, "give a reason for searching titles").max(2000),
});
/** More matches than this are cut: a title shared by that many jobs is not an incident lead. */
const TITLE_MATCHES = 100;

export const incidentRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/audit/person-timeline",
    allow: canReadAudit,
    changes: false,
    handle: async ({ request, services, actor, peer }) => {
      const query = parseInput(timelineQuery, request.query);
      const person = canonicalUsername(query.person);
      const { db } = services.context;
      const newestFirst = await auditPage(db, { person }, { beforeSeq: query.before, limit: query.limit });
      const user = await findUserByName(db, person);
      const audited = { person, timeline: true, ...(query.before === undefined ? {} : { before: query.before }) };
      // The read is recorded before the answer leaves, like every audit search.
      await db.write((tx) => appendAudit(tx, { type: "audit.read", actor: adminActor(actor).label, subject: null, details: { query: audited, results: newestFirst.length, peer } }));
      return {
        person,
        displayName: user?.displayName ?? null,
        // A timeline reads oldest first; pages still go back in time from the newest.
        entries: await shownEntries(db, [...newestFirst].reverse()),
        nextBefore: newestFirst.length === query.limit ? newestFirst[newestFirst.length - 1]!.seq : null,
      };
    },
  },
  {
    method: "POST",
    path: "/api/audit/title-search",
    allow: canSearchTitles,
    // Reads (and audits) which jobs had a title; it changes nothing, and auditors investigate too.
    changes: false,
    handle: async ({ request, services, actor, peer }) => {
      const { title, reason } = parseInput(titleSearchBody, request.body);
      const { db, auditHashKey } = services.context;
      // The log holds titles only as this keyed hash, so an exact title (NFC) finds its jobs, and the search itself keeps only the hash.
      const titleHash = keyedHash(auditHashKey, title);
      const matches = [];
      for await (const entry of readAudit(db, { types: ["job.submitted"], text: `"titleHash":"${titleHash}"` })) {
        matches.push(entry);
        if (matches.length === TITLE_MATCHES) break;
      }
      await db.write((tx) => appendAudit(tx, { type: "audit.title-searched", actor: adminActor(actor).label, subject: null, details: { titleHash, reason, results: matches.length, peer } }));
      const jobs = await Promise.all(
        matches.map(async (entry) => {
          const id = Number(entry.subject?.slice("job:".length));
          const job = await findJob(db, id);
          return { id, owner: entry.actor?.replace(/^user:/, "") ?? null, submittedAt: entry.at.toISOString(), state: job?.state ?? null };
        }),
      );
      return { jobs, limited: matches.length === TITLE_MATCHES };
    },
  },
];
