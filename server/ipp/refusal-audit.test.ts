// Specification of refusal coalescing: one entry per (peer, operation, status, error, actor) per
// window, then one summary with the count; time moves on a manual clock, nobody sleeps.
import { describe, expect, test } from "vitest";
import { ManualClock } from "../../test/support/manual-clock.js";
import type { AuditRecord } from "../store/audit-log.js";
import { MAX_OPEN_WINDOWS, MAX_WINDOWS_PER_PEER, RefusalAudit, REFUSAL_WINDOW_MS, VARIOUS, type Refusal } from "./refusal-audit.js";

const badRequest: Refusal = { peer: "192.0.2.7", operation: "undecodable", status: "client-error-bad-request", errorCode: "bad-request", actor: null };

function coalescer(): { clock: ManualClock; written: AuditRecord[]; refusals: RefusalAudit } {
  const clock = new ManualClock();
  const written: AuditRecord[] = [];
  const refusals = new RefusalAudit(async (record) => void written.push(record), clock);
  return { clock, written, refusals };
}

describe("coalescing identical refusals", () => {
  test("the first refusal is written at once and the rest of the window is one summary with the count", async () => {
    const { clock, written, refusals } = coalescer();
    await Promise.all(Array.from({ length: 200 }, () => refusals.record(badRequest)));
    expect(written.map((record) => record.type)).toEqual(["job.rejected"]);
    expect(refusals.pendingRepeats).toBe(199);
    clock.advance(REFUSAL_WINDOW_MS - 1);
    expect(written).toHaveLength(1);
    clock.advance(1);
    await refusals.flush();
    expect(written[1]).toEqual({
      type: "job.rejected-repeated",
      actor: null,
      subject: null,
      details: { operation: "undecodable", status: "client-error-bad-request", errorCode: "bad-request", peer: "192.0.2.7", count: 199, windowSeconds: 60 },
    });
    expect(clock.pendingCount).toBe(0);
  });

  test("a refusal after the window closed opens a new window with its own entry", async () => {
    const { clock, written, refusals } = coalescer();
    await refusals.record(badRequest);
    clock.advance(REFUSAL_WINDOW_MS);
    await refusals.record(badRequest);
    // A window nobody repeated in closes without a summary.
    expect(written.map((record) => record.type)).toEqual(["job.rejected", "job.rejected"]);
  });

  test("different peers, operations, statuses and actors are kept apart", async () => {
    const { written, refusals } = coalescer();
    const variants: Refusal[] = [
      badRequest,
      { ...badRequest, peer: "192.0.2.8" },
      { ...badRequest, operation: "Print-Job" },
      { ...badRequest, status: "client-error-request-value-too-long" },
      { ...badRequest, actor: "user:alice" },
    ];
    for (const variant of [...variants, ...variants]) await refusals.record(variant);
    expect(written.filter((record) => record.type === "job.rejected").map((record) => record.details.peer)).toHaveLength(5);
    await refusals.flush();
    expect(written.filter((record) => record.type === "job.rejected-repeated").map((record) => record.details.count)).toEqual([1, 1, 1, 1, 1]);
  });

  test("the claimed user name goes into the first entry only, and only for an unidentified requester", async () => {
    const { written, refusals } = coalescer();
    await refusals.record({ ...badRequest, claimedUser: "mallory" });
    await refusals.record({ ...badRequest, actor: "user:alice", claimedUser: "alice" });
    await refusals.record({ ...badRequest, claimedUser: "mallory" });
    await refusals.flush();
    expect(written.map((record) => [record.type, record.details.claimedUser])).toEqual([
      ["job.rejected", "mallory"],
      ["job.rejected", undefined],
      ["job.rejected-repeated", undefined],
    ]);
  });

  test("an address cycling through kinds of refusal gets a few windows, then one shared 'various' window", async () => {
    const { clock, written, refusals } = coalescer();
    const kinds = 100;
    for (let code = 0; code < kinds; code += 1) await refusals.record({ ...badRequest, operation: `0x${(0x4000 + code).toString(16)}` });
    // Another address is not held back by the first one's cap.
    await refusals.record({ ...badRequest, peer: "192.0.2.99", operation: "0x4fff" });
    const first = written.filter((record) => record.type === "job.rejected");
    expect(first.filter((record) => record.details.peer === badRequest.peer)).toHaveLength(MAX_WINDOWS_PER_PEER + 1);
    expect(first.filter((record) => record.details.peer === "192.0.2.99")).toHaveLength(1);
    clock.advance(REFUSAL_WINDOW_MS);
    await refusals.flush();
    expect(written.filter((record) => record.type === "job.rejected-repeated")).toEqual([
      { type: "job.rejected-repeated", actor: null, subject: null, details: { operation: VARIOUS, status: VARIOUS, errorCode: VARIOUS, peer: badRequest.peer, count: kinds - MAX_WINDOWS_PER_PEER - 1, windowSeconds: 60 } },
    ]);
    // Once its windows have closed, the address starts afresh.
    await refusals.record({ ...badRequest, operation: "0x4001" });
    expect(written.at(-1)).toMatchObject({ type: "job.rejected", details: { operation: "0x4001" } });
  });

  test("past the cap on open windows, new keys are written one by one instead of remembered", async () => {
    const { clock, written, refusals } = coalescer();
    for (let index = 0; index < MAX_OPEN_WINDOWS + 2; index += 1) await refusals.record({ ...badRequest, peer: `peer-${index}` });
    await refusals.record({ ...badRequest, peer: `peer-${MAX_OPEN_WINDOWS + 1}` });
    expect(written).toHaveLength(MAX_OPEN_WINDOWS + 3);
    expect(clock.pendingCount).toBe(MAX_OPEN_WINDOWS);
  });
});
