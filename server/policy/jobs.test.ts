// The job predicates as tables: who sees a job, who may change it, who reads its title.
import { describe, expect, test } from "vitest";
import { canCancelJob, canChangeJob, canSeeJob, canSeeJobTitle, sameAddress, type JobFacts } from "./jobs.js";
import type { Requester } from "./requester.js";

const alicesJob: JobFacts = { ownerName: "alice", state: "held", sourceAddress: "10.1.2.3" };
const byName = (username: string, address: string): Requester => ({ username, identifiedBy: "requesting-user-name", address, overTls: false });
const byPassword = (username: string, address: string, overTls: boolean): Requester => ({ username, identifiedBy: "http-basic", address, overTls });

describe("job predicates", () => {
  test.each<[string, Requester, boolean, boolean, boolean]>([
    // requester, sees the job, may change it, reads its title
    ["alice by name from the submitting host", byName("alice", "10.1.2.3"), true, true, false],
    ["alice by name from another host", byName("alice", "10.9.9.9"), true, false, false],
    ["alice by name, the submitting host as IPv4-mapped IPv6", byName("alice", "::ffff:10.1.2.3"), true, true, false],
    ["alice by password over TLS from anywhere", byPassword("alice", "192.0.2.1", true), true, true, true],
    ["alice by password in clear (trusted network)", byPassword("alice", "10.9.9.9", false), true, true, false],
    ["bob by name from the submitting host", byName("bob", "10.1.2.3"), false, false, false],
    ["bob by password over TLS", byPassword("bob", "10.1.2.3", true), false, false, false],
  ])("%s", (_case, requester, sees, changes, readsTitle) => {
    expect(canSeeJob(requester, alicesJob)).toBe(sees);
    expect(canChangeJob(requester, alicesJob)).toBe(changes);
    expect(canCancelJob(requester, alicesJob)).toBe(changes);
    expect(canSeeJobTitle(requester, alicesJob)).toBe(readsTitle);
  });

  test("a finished job cannot be cancelled even by its owner from its own host", () => {
    expect(canCancelJob(byName("alice", "10.1.2.3"), { ...alicesJob, state: "cancelled" })).toBe(false);
  });

  test("addresses that do not parse never match (a job from before addresses were recorded has '')", () => {
    expect(sameAddress("", "")).toBe(false);
    expect(sameAddress("unknown", "unknown")).toBe(false);
    expect(sameAddress("fe80::1", "FE80:0:0::1")).toBe(true);
  });
});
