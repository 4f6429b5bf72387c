// The slowest a request body may arrive. The idle timeout closes only a silent connection: a
// client sending one byte every few seconds held an upload slot for as long as it liked, and 40
// such clients at 1 KB/s shut everyone out of printing (security review M4, reliability review D5).
import type { IncomingMessage } from "node:http";
import { PrintvaktError } from "../../../core/errors.js";

export interface PaceRule {
  bytesPerSecond: number;
  windowMs: number;
}

/**
 * Watches one request from the end of its attribute section until its answer: each window (the
 * first one is the grace period) must bring at least bytesPerSecond × window octets, else the
 * connection is cut, as the header deadline cuts a slow attribute section. Windows in which the
 * body was complete, or in which octets sat unread in our buffers (the server was the slow side:
 * a disk, a database lock, a PIN being hashed), do not count against the client. Returns `stop`.
 */
export function watchPace(request: IncomingMessage, rule: PaceRule): () => void {
  const socket = request.socket;
  const needed = (rule.bytesPerSecond * rule.windowMs) / 1000;
  let seen = socket.bytesRead;
  const timer = setInterval(() => {
    const arrived = socket.bytesRead - seen;
    seen = socket.bytesRead;
    if (request.complete || request.readableLength > 0 || socket.readableLength > 0) return;
    if (arrived < needed) {
      clearInterval(timer);
      request.destroy(new PrintvaktError("timeout", "the document arrived too slowly"));
    }
  }, rule.windowMs);
  timer.unref();
  return () => clearInterval(timer);
}
