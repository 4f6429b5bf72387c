// Runs a socket event handler and answers its acknowledgement: `{ ok: true, ... }` or
// `{ ok: false, error: { code, message } }` with a message safe to show.
import { publicMessage, socketCodeFor } from "../error-map.js";
import { toPrintvaktError } from "../../core/errors.js";
import type { Logger } from "../logger.js";

export type Ack = (answer: Record<string, unknown>) => void;

export function withAck<T>(logger: Logger, event: string, handler: (payload: T) => Promise<Record<string, unknown>>) {
  return async (payload: T, ack?: unknown): Promise<void> => {
    // An event without an acknowledgement is refused: acting without being able to answer would
    // let a buffered, replayed event print after the person walked away.
    if (typeof ack !== "function") return;
    try {
      (ack as Ack)({ ok: true, ...(await handler(payload)) });
    } catch (caught) {
      const error = toPrintvaktError(caught);
      if (error.code === "internal") logger.error({ event, err: error.message }, "kiosk event failed");
      // `answer` holds only facts meant for the requester (see PrintvaktError); a server error has none.
      const answer = error.code === "internal" ? {} : (error.answer ?? {});
      (ack as Ack)({ ok: false, error: { ...answer, code: socketCodeFor(error), message: publicMessage(error) } });
    }
  };
}
