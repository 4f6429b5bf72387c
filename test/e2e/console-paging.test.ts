// People and Held jobs a page at a time over the console API, on a real SQLite file with 260
// people and 600 held jobs: keyset pages that neither skip nor repeat, prefix search by user name,
// display name, owner and job number, and the total on the first page only.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { login, type ConsoleClient } from "../browser/support/console-client.js";
import { AUDITOR, startFixture, type Fixture } from "../browser/support/fixture.js";
import { seedHeldJobs, seedPeople, seededPerson } from "../support/seed-console-lists.js";

const PEOPLE = 260;
const JOBS = 600;
const OWNERS = 40;

interface PeoplePage { people: { username: string; displayName: string; cardCount: number; cards?: unknown }[]; nextCursor: string | null; total: number | null }
interface JobsPage { jobs: { id: number; owner: string; state: string }[]; nextCursor: number | null; total: number | null }

let fixture: Fixture;
let auditor: ConsoleClient;

beforeAll(async () => {
  fixture = await startFixture();
  auditor = await login(fixture.server.baseUrl, AUDITOR.username, AUDITOR.password);
  await seedPeople(fixture.server.context.db, PEOPLE);
  await seedHeldJobs(fixture.server.context.db, JOBS, OWNERS);
});

afterAll(async () => {
  await fixture?.stop();
});

/** Follows nextCursor from the first page to the last, collecting every page. */
async function allPages<Page extends { nextCursor: string | number | null }>(path: string): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | number | null = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const page: Page = await auditor.json("GET", cursor === null ? path : `${path}${separator}cursor=${encodeURIComponent(String(cursor))}`);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

describe("GET /api/people", () => {
  test("pages through everyone in user-name order, none skipped or repeated; the total comes with the first page only", async () => {
    const pages = await allPages<PeoplePage>("/api/people?limit=50");
    // The fixture's own person (anna) and the seeded ones.
    expect(pages).toHaveLength(Math.ceil((PEOPLE + 1) / 50));
    expect(pages[0]!.total).toBe(PEOPLE + 1);
    expect(pages.slice(1).map((page) => page.total)).toEqual(pages.slice(1).map(() => null));
    const names = pages.flatMap((page) => page.people.map((person) => person.username));
    expect(names).toHaveLength(PEOPLE + 1);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
    // An auditor sees how many cards, never which.
    expect(pages[0]!.people.every((person) => person.cards === undefined && typeof person.cardCount === "number")).toBe(true);
  });

  test("a prefix of a user name finds exactly the people whose name starts so, across pages", async () => {
    const pages = await allPages<PeoplePage>("/api/people?q=bertil&limit=10");
    const expected = Array.from({ length: PEOPLE }, (_, index) => seededPerson(index).username).filter((name) => name.startsWith("bertil")).sort();
    expect(pages[0]!.total).toBe(expected.length);
    expect(pages.flatMap((page) => page.people.map((person) => person.username))).toEqual(expected);
  });

  test("a display name is found by its start, also typed in lower case", async () => {
    const page = await auditor.json<PeoplePage>("GET", `/api/people?q=${encodeURIComponent("Bertil Nilsson 11")}`);
    expect(page.people.map((person) => person.displayName)).toEqual(["Bertil Nilsson 11", "Bertil Nilsson 111"]);
    const lower = await auditor.json<PeoplePage>("GET", "/api/people?q=cecilia%20nilsson%2012");
    expect(lower.people.map((person) => person.displayName)).toEqual(["Cecilia Nilsson 12", "Cecilia Nilsson 122"]);
  });

  test("a prefix nobody has finds nobody", async () => {
    expect(await auditor.json("GET", "/api/people?q=zz")).toEqual({ people: [], nextCursor: null, total: 0 });
  });
});

describe("GET /api/held-jobs", () => {
  test("pages through every held job, newest first, none skipped or repeated", async () => {
    const pages = await allPages<JobsPage>("/api/held-jobs?limit=100");
    expect(pages[0]!.total).toBe(JOBS);
    expect(pages.slice(1).every((page) => page.total === null)).toBe(true);
    const ids = pages.flatMap((page) => page.jobs.map((job) => job.id));
    expect(ids).toHaveLength(JOBS);
    expect(new Set(ids).size).toBe(JOBS);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  test("by owner: exactly that person's jobs", async () => {
    const owner = seededPerson(3).username;
    const pages = await allPages<JobsPage>(`/api/held-jobs?owner=${owner}&limit=4`);
    expect(pages[0]!.total).toBe(JOBS / OWNERS);
    const jobs = pages.flatMap((page) => page.jobs);
    expect(jobs).toHaveLength(JOBS / OWNERS);
    expect(new Set(jobs.map((job) => job.owner))).toEqual(new Set([owner]));
  });

  test("a prefix of the owner's name, and a job number", async () => {
    const prefixed = await allPages<JobsPage>("/api/held-jobs?q=david&limit=50");
    // Owners 3, 13, 23, 33 are davids.
    expect(prefixed[0]!.total).toBe((JOBS / OWNERS) * 4);
    expect(prefixed.flatMap((page) => page.jobs).every((job) => job.owner.startsWith("david"))).toBe(true);
    const newest = (await auditor.json<JobsPage>("GET", "/api/held-jobs?limit=1")).jobs[0]!;
    expect(await auditor.json("GET", `/api/held-jobs?q=${newest.id}`)).toMatchObject({ jobs: [{ id: newest.id, owner: newest.owner }], nextCursor: null, total: 1 });
  });

  test("a malformed cursor or owner is refused", async () => {
    expect((await auditor.request("GET", "/api/held-jobs?cursor=abc")).status).toBe(400);
    expect((await auditor.request("GET", "/api/held-jobs?owner=%20bad%20name%20")).status).toBe(400);
  });
});
