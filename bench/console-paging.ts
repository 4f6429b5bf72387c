// Measures the console's People and Held jobs pages at municipal scale: a real SQLite file with
// 10,000 people and 100,000 held jobs, the real server answering GET /api/people and
// /api/held-jobs over HTTP with an auditor's session, one request at a time. Prints p50/p99 per
// page type and writes bench/results/console-paging.json. The aim (issue 15) is every page under
// 200 ms; the results say whether a run met it, and nothing here fails on it.
//
//   npm run bench:console                                  # seeds in seconds (bulk, Python's sqlite3), then 200 requests per page type
//   npm run bench:console -- --people 1000 --jobs 10000 --requests 50
import { addAdmin } from "../server/admin/admins.js";
import { login } from "../test/browser/support/console-client.js";
import { startInProcessServer } from "../test/support/in-process-server.js";
import { bulkSeed, seededPerson } from "../test/support/seed-console-lists.js";
import { option } from "./options.js";
import { writeBenchResults } from "./results-file.js";

const settings = { people: option("people", 10_000), jobs: option("jobs", 100_000), requests: option("requests", 200), owners: option("owners", 5_000) };
const AIM_MS = 200;
const round = (value: number) => Number(value.toFixed(1));

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

const server = await startInProcessServer();
try {
  const { db } = server.context;
  const seedStarted = performance.now();
  await bulkSeed(server.context.config.databaseUrl, { people: settings.people, jobs: settings.jobs, owners: Math.min(settings.owners, settings.people) });
  const seedMs = Math.round(performance.now() - seedStarted);
  console.log(`seeded ${settings.people} people and ${settings.jobs} held jobs in ${seedMs} ms`);
  await addAdmin(db, { label: "system", role: "admin" }, { username: "bench", role: "auditor", password: "bench-console-password" });
  const auditor = await login(server.baseUrl, "bench", "bench-console-password");

  // A deep page's cursor: the user name near the end of the list, a job id near the oldest.
  const deepPerson = seededPerson(Math.floor(settings.people * 0.9)).username;
  const deepJob = Math.max(2, Math.floor(settings.jobs * 0.05));
  const prefixes = ["ber", "cec", "dav", "eri", "fri", "gus", "han", "iva", "joh", "ann"];
  const pageTypes: Record<string, (index: number) => string> = {
    "people: first page": () => "/api/people?limit=50",
    "people: prefix search (user name)": (index) => `/api/people?limit=50&q=${prefixes[index % prefixes.length]}`,
    "people: prefix search (display name)": (index) => `/api/people?limit=50&q=${encodeURIComponent(seededPerson(index * 37 % settings.people).displayName.slice(0, -1))}`,
    "people: deep page": () => `/api/people?limit=50&cursor=${deepPerson}`,
    "held jobs: first page": () => "/api/held-jobs?limit=50",
    "held jobs: prefix search (owner)": (index) => `/api/held-jobs?limit=50&q=${prefixes[index % prefixes.length]}`,
    "held jobs: by owner": (index) => `/api/held-jobs?limit=50&owner=${seededPerson(index * 7 % Math.min(settings.owners, settings.people)).username}`,
    "held jobs: deep page": () => `/api/held-jobs?limit=50&cursor=${deepJob}`,
  };
  const results: Record<string, { p50Ms: number; p99Ms: number; maxMs: number; requests: number; rows: number; underAim: boolean }> = {};
  for (const [name, pathOf] of Object.entries(pageTypes)) {
    // Warm-up: the first query of a kind prepares its statement and pulls pages into the cache.
    for (let index = 0; index < 5; index++) await (await auditor.request("GET", pathOf(index))).arrayBuffer();
    const times: number[] = [];
    let rows = 0;
    for (let index = 0; index < settings.requests; index++) {
      const started = performance.now();
      const response = await auditor.request("GET", pathOf(index));
      const body = (await response.json()) as { people?: unknown[]; jobs?: unknown[] };
      times.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`${pathOf(index)} answered ${response.status}`);
      rows += (body.people ?? body.jobs ?? []).length;
    }
    times.sort((a, b) => a - b);
    results[name] = { p50Ms: round(percentile(times, 0.5)), p99Ms: round(percentile(times, 0.99)), maxMs: round(times.at(-1)!), requests: settings.requests, rows: Math.round(rows / settings.requests), underAim: percentile(times, 0.99) < AIM_MS };
    console.log(`${name.padEnd(40)} p50 ${results[name]!.p50Ms} ms  p99 ${results[name]!.p99Ms} ms  max ${results[name]!.maxMs} ms  (${results[name]!.rows} rows a page)`);
  }
  const file = await writeBenchResults("console-paging", {
    people: settings.people,
    heldJobs: settings.jobs,
    seedMs,
    method: "in-process server on a real SQLite file; an auditor's session; sequential GETs over loopback HTTP, 50 rows a page; time from request to parsed JSON",
    aim: { p99Ms: AIM_MS },
    results,
  });
  console.log(`written to ${file}`);
} finally {
  await server.stop();
}
