// The start's page-by-page walk over the live jobs (missing-documents.ts) must follow the primary
// key. Given Prisma's query, SQLite took the state index and sorted every live job by id for each
// page: with 100,000 held jobs, 200 full passes and a 43-second start.
import { expect, test } from "vitest";
import { useMigratedDatabase } from "../../test/support/migrated-database.js";
import { openSqliteConnection } from "./sqlite-connection.js";
import { LIVE_JOB_DOCUMENTS_SQL } from "./jobs.js";

let url: string;
useMigratedDatabase("live-job-documents", (opened) => {
  url = opened.url;
});

async function planOf(sql: string): Promise<string[]> {
  const connection = openSqliteConnection(url);
  try {
    const result = await connection.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: [0, JSON.stringify(["held"]), 500] });
    return result.rows.map((row) => String(row["detail"]));
  } finally {
    connection.close();
  }
}

test("each page is a range of the primary key, read in its own order, with no sort of all live jobs", async () => {
  const plan = await planOf(LIVE_JOB_DOCUMENTS_SQL);
  expect(plan.some((step) => /^SEARCH Job USING INTEGER PRIMARY KEY \(rowid>\?\)$/.test(step)), plan.join("\n")).toBe(true);
  expect(plan.filter((step) => /TEMP B-TREE|USING INDEX/.test(step)), plan.join("\n")).toEqual([]);
  // Without the unary +, SQLite prefers the state index and sorts: what the start did before.
  const withIndexedState = await planOf(LIVE_JOB_DOCUMENTS_SQL.replace('+"state"', '"state"'));
  expect(withIndexedState.some((step) => step.includes("USE TEMP B-TREE FOR ORDER BY")), withIndexedState.join("\n")).toBe(true);
});
