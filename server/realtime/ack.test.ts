// Specification of the socket acknowledgement: the refused answer's code comes from the error
// table, and server errors reach the kiosk as "internal" without their details.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { createLogger } from "../logger.js";
import { withAck } from "./ack.js";

async function answerTo(failure: unknown): Promise<Record<string, unknown>> {
  const answers: Array<Record<string, unknown>> = [];
  const handler = withAck(createLogger("silent"), "test.event", async () => {
    throw failure;
  });
  await handler(undefined, (answer: Record<string, unknown>) => answers.push(answer));
  expect(answers).toHaveLength(1);
  return answers[0]!;
}

describe("withAck", () => {
  test("an ended session is refused with the code the kiosk screen keys on", async () => {
    expect(await answerTo(new PrintvaktError("session-ended", "The session has ended"))).toEqual({ ok: false, error: { code: "session-ended", message: "The session has ended" } });
  });

  test("a job that is not yours is refused like a missing one", async () => {
    expect(await answerTo(new PrintvaktError("not-found", "The job does not exist"))).toEqual({ ok: false, error: { code: "not-found", message: "The job does not exist" } });
  });

  test("a configuration error and a plain Error reach the kiosk as internal, without their text", async () => {
    expect(await answerTo(new PrintvaktError("bad-config", "PRINTVAKT_SECRET is /etc/secret"))).toEqual({ ok: false, error: { code: "internal", message: "Internal error" } });
    expect(await answerTo(new Error("database file /var/lib/x locked"))).toEqual({ ok: false, error: { code: "internal", message: "Internal error" } });
  });

  test("a handler that succeeds answers ok with its result", async () => {
    const answers: Array<Record<string, unknown>> = [];
    await withAck(createLogger("silent"), "test.event", async () => ({ released: 2 }))(undefined, (answer: Record<string, unknown>) => answers.push(answer));
    expect(answers).toEqual([{ ok: true, released: 2 }]);
  });
});
