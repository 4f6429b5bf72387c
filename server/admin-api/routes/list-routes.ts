// People and Held jobs a page at a time, for sites with 10,000 people and 100,000 held jobs:
// a prefix search (user or display name; owner or job number), a cursor to the next page, and
// the total on the first page only (counting again for every page would cost what paging saves).
import { z } from "zod";
import { LIVE_STATES } from "../../jobs/job-states.js";
import { canonicalUsername } from "../../identity/usernames.js";
import { canViewConsole } from "../../policy/admin.js";
import { countHeldJobs, countPeople, pageHeldJobs, pagePeople, type HeldJobsQuery, type PeopleQuery } from "../../store/console-lists.js";
import { heldJobView, personView } from "../list-views.js";
import { parseInput, type ApiRoute } from "../route.js";

const search = z.string().trim().max(128).optional();
const limit = z.coerce.number().int().min(1).max(200).default(50);
const peopleQuery = z.object({ q: search, cursor: z.string().min(1).max(128).optional(), limit });
const heldJobsQuery = z.object({ q: search, owner: z.string().trim().min(1).max(128).optional(), cursor: z.coerce.number().int().positive().optional(), limit });

/** "bertil" also finds "Bertil Öberg", "bertil öberg" too: names are stored as written, and a range is exact. */
function displayNamePrefixes(text: string): string[] {
  const upperFirst = (word: string) => word.charAt(0).toLocaleUpperCase("sv") + word.slice(1);
  return [...new Set([text, upperFirst(text), text.split(" ").map(upperFirst).join(" ")])];
}

function peopleSearch(text: string | undefined): PeopleQuery {
  if (!text) return {};
  return { usernamePrefix: text.normalize("NFC").toLowerCase(), displayNamePrefixes: displayNamePrefixes(text.normalize("NFC")) };
}

function heldJobsSearch(text: string | undefined, owner: string | undefined): HeldJobsQuery {
  const query: HeldJobsQuery = { states: LIVE_STATES };
  if (owner !== undefined) query.owner = canonicalUsername(owner);
  // A bare number is a job number; anything else the start of an owner's name.
  if (text && /^[0-9]{1,10}$/.test(text)) query.id = Number(text);
  else if (text) query.ownerPrefix = text.normalize("NFC").toLowerCase();
  return query;
}

export const listRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/people",
    allow: canViewConsole,
    changes: false,
    handle: async ({ request, services, actor }) => {
      const input = parseInput(peopleQuery, request.query);
      const query = peopleSearch(input.q);
      const { db } = services.context;
      const [page, total] = await Promise.all([pagePeople(db, query, { afterUsername: input.cursor, limit: input.limit }), input.cursor === undefined ? countPeople(db, query) : null]);
      const now = new Date();
      return { people: page.people.map((user) => personView(user, actor, now)), nextCursor: page.more ? page.people.at(-1)!.username : null, total };
    },
  },
  {
    method: "GET",
    path: "/api/held-jobs",
    allow: canViewConsole,
    changes: false,
    handle: async ({ request, services }) => {
      const input = parseInput(heldJobsQuery, request.query);
      const query = heldJobsSearch(input.q, input.owner);
      const { db } = services.context;
      const [page, total] = await Promise.all([pageHeldJobs(db, query, { beforeId: input.cursor, limit: input.limit }), input.cursor === undefined ? countHeldJobs(db, query) : null]);
      return { jobs: page.jobs.map(heldJobView), nextCursor: page.more ? page.jobs.at(-1)!.id : null, total };
    },
  },
];
