// Specification of the start-up check for keys kept beside the database.
import { describe, expect, test } from "vitest";
import { loadConfig } from "../config.js";
import { keysInsideDataDir } from "./key-placement.js";

describe("keys inside the data directory", () => {
  test("the defaults put both keys there", () => {
    expect(keysInsideDataDir(loadConfig({ PRINTVAKT_DATA_DIR: "/var/lib/printvakt" }))).toEqual(["PRINTVAKT_AUDIT_KEY_FILE", "PRINTVAKT_MASTER_KEY_FILE"]);
  });

  test("keys elsewhere, or a master key given as a value, are not reported; a sibling folder with a similar name is elsewhere", () => {
    const config = loadConfig({ PRINTVAKT_DATA_DIR: "/var/lib/printvakt", PRINTVAKT_AUDIT_KEY_FILE: "/var/lib/printvakt-keys/audit.key", PRINTVAKT_MASTER_KEY: Buffer.alloc(32, 7).toString("base64") });
    expect(keysInsideDataDir(config)).toEqual([]);
  });
});
