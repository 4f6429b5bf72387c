// The console's permissions: admins manage, auditors read, nobody reads document content.
import { describe, expect, test } from "vitest";
import * as policy from "./admin.js";

const admin = { username: "eva", role: "admin" as const };
const auditor = { username: "ada", role: "auditor" as const };

describe("console policy", () => {
  test("both roles read the console and the audit, export it and verify it", () => {
    for (const actor of [admin, auditor]) {
      expect(policy.canViewConsole(actor)).toBe(true);
      expect(policy.canReadAudit(actor)).toBe(true);
      expect(policy.canExportAudit(actor)).toBe(true);
      expect(policy.canVerifyAudit(actor)).toBe(true);
    }
  });

  test("only admins manage printers, kiosks, people and jobs, or see card numbers", () => {
    for (const predicate of [policy.canManagePrinters, policy.canManageKiosks, policy.canManagePeople, policy.canManageJobs, policy.canSeeCardEndings]) {
      expect(predicate(admin)).toBe(true);
      expect(predicate(auditor)).toBe(false);
    }
  });

  test("an admin deletes only held jobs and sees titles only of live jobs", () => {
    expect(policy.canDeleteHeldJob(admin, { state: "held" })).toBe(true);
    expect(policy.canDeleteHeldJob(admin, { state: "releasing" })).toBe(false);
    expect(policy.canDeleteHeldJob(admin, { state: "released" })).toBe(false);
    expect(policy.canDeleteHeldJob(auditor, { state: "held" })).toBe(false);
    expect(policy.canRevealJobTitle(admin, { state: "held" })).toBe(true);
    expect(policy.canRevealJobTitle(admin, { state: "purged" })).toBe(false);
    expect(policy.canRevealJobTitle(auditor, { state: "held" })).toBe(false);
  });

  test("nobody reads a document's content through the console", () => {
    expect(policy.canReadDocumentContent(admin)).toBe(false);
    expect(policy.canReadDocumentContent(auditor)).toBe(false);
  });

  test("an unknown role gets nothing", () => {
    const stranger = { username: "x", role: "owner" as unknown as "admin" };
    expect(policy.canViewConsole(stranger)).toBe(false);
    expect(policy.canManagePrinters(stranger)).toBe(false);
  });
});
