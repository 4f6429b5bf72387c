// The console role of an OpenID Connect sign-in, as a table of claims and the decision each gets.
import { describe, expect, test } from "vitest";
import { consoleRoleFromClaims, type OidcRoleSettings } from "./console-role.js";

const settings: OidcRoleSettings = { roleClaim: "roles", usernameClaim: "preferred_username", adminRole: "pv-admins", auditorRole: "pv-auditors", adminAmr: undefined, adminAcr: undefined };

describe("consoleRoleFromClaims", () => {
  test.each([
    ["an admin role", { preferred_username: "Eva", roles: ["staff", "pv-admins"] }, { ok: true, username: "eva", role: "admin" }],
    ["an auditor role", { preferred_username: "ada@kommun.se", roles: ["pv-auditors"] }, { ok: true, username: "ada", role: "auditor" }],
    ["both roles (admin wins)", { preferred_username: "bo", roles: ["pv-auditors", "pv-admins"] }, { ok: true, username: "bo", role: "admin" }],
    ["roles as one space-separated string", { preferred_username: "bo", roles: "staff pv-auditors" }, { ok: true, username: "bo", role: "auditor" }],
    ["no console role", { preferred_username: "nils", roles: ["staff"] }, { ok: false, reason: "no-console-role", username: "nils" }],
    ["no role claim at all", { preferred_username: "nils" }, { ok: false, reason: "no-console-role", username: "nils" }],
    ["a role that only resembles one", { preferred_username: "nils", roles: ["pv-admins-old", "PV-ADMINS"] }, { ok: false, reason: "no-console-role", username: "nils" }],
    ["no user name", { roles: ["pv-admins"] }, { ok: false, reason: "no-username" }],
    ["a user name the console cannot hold", { preferred_username: "a b/c", roles: ["pv-admins"] }, { ok: false, reason: "bad-username" }],
  ])("%s", (_name, claims, expected) => {
    expect(consoleRoleFromClaims(claims, settings)).toEqual(expected);
  });

  test("the role and user name claims are configurable", () => {
    const custom = { ...settings, roleClaim: "groups", usernameClaim: "upn" };
    expect(consoleRoleFromClaims({ upn: "eva@kommun.se", groups: ["pv-admins"], roles: [] }, custom)).toEqual({ ok: true, username: "eva", role: "admin" });
  });

  test("with an amr requirement an admin without it is refused, and an auditor is not asked", () => {
    const mfa = { ...settings, adminAmr: ["otp", "mfa"] };
    expect(consoleRoleFromClaims({ preferred_username: "eva", roles: ["pv-admins"], amr: ["pwd"] }, mfa)).toEqual({ ok: false, reason: "mfa-required", username: "eva" });
    expect(consoleRoleFromClaims({ preferred_username: "eva", roles: ["pv-admins"] }, mfa)).toMatchObject({ ok: false, reason: "mfa-required" });
    expect(consoleRoleFromClaims({ preferred_username: "eva", roles: ["pv-admins"], amr: ["pwd", "otp"] }, mfa)).toMatchObject({ ok: true, role: "admin" });
    expect(consoleRoleFromClaims({ preferred_username: "ada", roles: ["pv-auditors"], amr: ["pwd"] }, mfa)).toMatchObject({ ok: true, role: "auditor" });
  });

  test("with an acr requirement an admin needs one of the listed values", () => {
    const acr = { ...settings, adminAcr: ["urn:kommun:loa3"] };
    expect(consoleRoleFromClaims({ preferred_username: "eva", roles: ["pv-admins"], acr: "urn:kommun:loa2" }, acr)).toMatchObject({ ok: false, reason: "mfa-required" });
    expect(consoleRoleFromClaims({ preferred_username: "eva", roles: ["pv-admins"], acr: "urn:kommun:loa3" }, acr)).toMatchObject({ ok: true, role: "admin" });
  });
});
