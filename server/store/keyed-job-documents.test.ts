// The start's page-by-page walk over the jobs with a key (missing-documents.ts) must follow the primary
// key. Given Prisma's query, SQLite took the state index and sorted every live job by id for each
// page: with 100,000 held jobs, 200 full passes and a 43-second start.
import { expect, test } from "vitest";
import { useMigratedDatabase } from "../../test/support/migrated-database.js";
import { openSqliteConnection } from "./sqlite-connection.js";
import { KEYED_JOB_DOCUMENTS_SQL } from "./jobs.js";

let url: string;
useMigratedDatabase("keyed-job-documents", (opened) => {
  url = opened.url;
});

async function planOf(sql: string): Promise<string[]> {
  const connection = openSqliteConnection(url);
  try {
    const result = await connection.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: [0, 500] });
    return result.rows.map((row) => String(row["detail"]));
  } finally {
    connection.close();
  }
}

test("each page is a range of the primary key, read in its own order, with no sort of all live jobs", async () => {
  const plan = await planOf(KEYED_JOB_DOCUMENTS_SQL);
  expect(plan.some((step) => /^SEARCH Job USING INTEGER PRIMARY KEY \(rowid>\?\)$/.test(step)), plan.join("\n")).toBe(true);
  expect(plan.filter((step) => /TEMP B-TREE|USING INDEX/.test(step)), plan.join("\n")).toEqual([]);
  // With the live states in the statement, as Prisma's query had them, SQLite prefers the state
  // index and sorts: what the start did before.
  const withStates = await planOf(KEYED_JOB_DOCUMENTS_SQL.replace('WHERE "id" > ?', `WHERE "id" > ? AND "state" IN ('incoming', 'held', 'releasing', 'may-have-printed')`));
  expect(withStates.some((step) => step.includes("USE TEMP B-TREE FOR ORDER BY")), withStates.join("\n")).toBe(true);
});
