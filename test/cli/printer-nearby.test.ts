// `printvakt printer set --nearby`: the list kiosks suggest from, kept in order, checked and audited.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findPrinterByName } from "../../server/store/printers.js";
import { auditDetails, auditRows } from "../support/database-rows.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { withDatabase } from "../support/printvakt-data.js";

let dataDir: string;
let env: Record<string, string>;
const cli = (args: string[]) => runPrintvakt(args, { env });

const inDatabase = <T>(read: Parameters<typeof withDatabase<T>>[1]) => withDatabase(dataDir, read);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "printvakt-nearby-"));
  env = { PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_ALLOW_FILE_PRINTERS: "true" };
  // A name with a comma: why the list is a repeated option, not a comma-separated one.
  for (const name of ["Plan 3", "Plan 3 Syd", "Plan 2, norr", "Plan 4"]) {
    const sink = path.join(dataDir, `sink-${name.replace(/\W/g, "")}`);
    await mkdir(sink);
    expect((await cli(["printer", "add", name, "--uri", `file://${sink}`])).code).toBe(0);
  }
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("printvakt printer set --nearby", () => {
  test("the nearby printers are kept in the order given and the change is audited with the new list", async () => {
    const result = await cli(["printer", "set", "Plan 3", "--nearby", "Plan 3 Syd", "--nearby", "Plan 2, norr"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("printer Plan 3 nearby: Plan 3 Syd | Plan 2, norr\n");
    const { printer, nearby, audits } = await inDatabase(async (db) => ({
      printer: await findPrinterByName(db, "Plan 3"),
      nearby: [await findPrinterByName(db, "Plan 3 Syd"), await findPrinterByName(db, "Plan 2, norr")],
      audits: await auditDetails(db, "printer:Plan 3", "admin.changed"),
    }));
    expect(printer!.nearbyPrinterIds).toEqual(nearby.map((entry) => entry!.id));
    expect(audits.at(-1)).toEqual({ action: "changed", fields: ["nearby"], nearby: ["Plan 3 Syd", "Plan 2, norr"] });
  });

  test("an unknown printer name is refused with its name, and the list is left as it was", async () => {
    const before = await inDatabase((db) => findPrinterByName(db, "Plan 3"));
    const result = await cli(["printer", "set", "Plan 3", "--nearby", "Plan 3 Syd", "--nearby", "Plan 9"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("no printer named Plan 9");
    expect((await inDatabase((db) => findPrinterByName(db, "Plan 3")))!.nearbyPrinterIds).toEqual(before!.nearbyPrinterIds);
  });

  test("a printer cannot be near itself", async () => {
    const result = await cli(["printer", "set", "Plan 3", "--nearby", "Plan 3"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("cannot be near itself");
  });

  test("a removed printer leaves the nearby lists it was on, and each list that changed is audited with its new list, with the removal", async () => {
    await cli(["printer", "set", "Plan 3", "--nearby", "Plan 3 Syd", "--nearby", "Plan 2, norr"]);
    await cli(["printer", "set", "Plan 4", "--nearby", "Plan 2, norr", "--nearby", "Plan 3"]);
    await cli(["printer", "set", "Plan 3 Syd", "--nearby", "Plan 3"]);
    const before = await inDatabase((db) => auditRows(db));
    expect((await cli(["printer", "remove", "Plan 2, norr"])).code).toBe(0);
    const { printer, nearest, plan4, entries } = await inDatabase(async (db) => ({
      printer: await findPrinterByName(db, "Plan 3"),
      nearest: await findPrinterByName(db, "Plan 3 Syd"),
      plan4: await findPrinterByName(db, "Plan 4"),
      entries: await auditRows(db, { afterSeq: before.at(-1)!.seq }),
    }));
    expect(printer!.nearbyPrinterIds).toEqual([nearest!.id]);
    expect(plan4!.nearbyPrinterIds).toEqual([printer!.id]);
    // The removal and the two lists it changed, nothing for Plan 3 Syd whose list did not name it.
    expect(entries.map((entry) => [entry.type, entry.actor, entry.subject, entry.details])).toEqual([
      ["admin.changed", before.at(-1)!.actor, "printer:Plan 2, norr", { action: "removed", uri: expect.stringMatching(/^file:/) }],
      ["admin.changed", before.at(-1)!.actor, "printer:Plan 3", { action: "changed", fields: ["nearby"], nearby: ["Plan 3 Syd"] }],
      ["admin.changed", before.at(-1)!.actor, "printer:Plan 4", { action: "changed", fields: ["nearby"], nearby: ["Plan 3"] }],
    ]);
  });

  test("--no-nearby clears the list", async () => {
    const result = await cli(["printer", "set", "Plan 3", "--no-nearby"]);
    expect(result.stdout).toBe("printer Plan 3 nearby: none\n");
    expect((await inDatabase((db) => auditDetails(db, "printer:Plan 3", "admin.changed"))).at(-1)).toEqual({ action: "changed", fields: ["nearby"], nearby: [] });
    expect((await inDatabase((db) => findPrinterByName(db, "Plan 3")))!.nearbyPrinterIds).toEqual([]);
  });
});
