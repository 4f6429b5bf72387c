// Specification of title-read coalescing: a polling client costs one entry and one summary per
// window, and a read that cannot be audited fails instead of going unrecorded.
import { describe, expect, test } from "vitest";
import { ManualClock } from "../../test/support/manual-clock.js";
import type { Requester } from "../policy/requester.js";
import type { AuditRecord } from "../store/audit-log.js";
import { REFUSAL_WINDOW_MS } from "./refusal-audit.js";
import { TitleReadAudit, type TitleRead } from "./title-read-audit.js";

const alice: Requester = { username: "alice", identifiedBy: "http-basic", address: "192.0.2.7", overTls: true };
const listing: TitleRead = { requester: alice, operation: "Get-Jobs", jobId: null, titles: 2 };

function coalescer(write?: (record: AuditRecord) => Promise<void>) {
  const clock = new ManualClock();
  const written: AuditRecord[] = [];
  const reads = new TitleReadAudit(write ?? (async (record) => void written.push(record)), clock);
  return { clock, written, reads };
}

describe("auditing IPP reads of titles", () => {
  test("a client polling Get-Jobs writes one entry, then one summary with the count when the window closes", async () => {
    const { clock, written, reads } = coalescer();
    for (let poll = 0; poll < 30; poll += 1) await reads.record(listing);
    expect(written).toEqual([{ type: "job.titles-read", actor: "user:alice", subject: null, details: { identifiedBy: "http-basic", peer: "192.0.2.7", operation: "Get-Jobs", titleCount: 2 } }]);
    clock.advance(REFUSAL_WINDOW_MS);
    await reads.flush();
    expect(written[1]).toEqual({ type: "job.titles-read-repeated", actor: "user:alice", subject: null, details: { identifiedBy: "http-basic", peer: "192.0.2.7", operation: "Get-Jobs", titleCount: 58, count: 29, windowSeconds: 60 } });
    expect(written).toHaveLength(2);
  });

  test("reads of different jobs, or from another address, each get their own entry", async () => {
    const { written, reads } = coalescer();
    await reads.record({ requester: alice, operation: "Get-Job-Attributes", jobId: 4, titles: 1 });
    await reads.record({ requester: alice, operation: "Get-Job-Attributes", jobId: 5, titles: 1 });
    await reads.record({ requester: { ...alice, address: "192.0.2.8" }, operation: "Get-Job-Attributes", jobId: 5, titles: 1 });
    expect(written.map((record) => [record.subject, record.details.peer])).toEqual([
      ["job:4", "192.0.2.7"],
      ["job:5", "192.0.2.7"],
      ["job:5", "192.0.2.8"],
    ]);
    await reads.flush();
    expect(written).toHaveLength(3);
  });

  test("a read whose entry cannot be written fails, and the next read tries again", async () => {
    let fail = true;
    const written: AuditRecord[] = [];
    const { reads } = coalescer(async (record) => {
      if (fail) throw new Error("database is locked");
      written.push(record);
    });
    await expect(reads.record(listing)).rejects.toThrow("database is locked");
    fail = false;
    await reads.record(listing);
    expect(written.map((record) => record.type)).toEqual(["job.titles-read"]);
  });
});
