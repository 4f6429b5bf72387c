// Writing the endpoint's answers and dealing with what the client still sends: an IPP reply after
// draining the unread body up to a limit, a plain HTTP refusal, and closing after an early answer.
import type { IncomingMessage, ServerResponse } from "node:http";

/** A plain-text HTTP refusal (404, 401, 403, 413…), unless an answer has already gone out. */
export function refuseHttp(response: ServerResponse, status: number, message: string, options: { keepAlive?: boolean } = {}): void {
  if (response.headersSent) return;
  // Said explicitly: Node closes after a final answer to `Expect: 100-continue` unless told to keep it.
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", Connection: options.keepAlive ? "keep-alive" : "close" });
  response.end(`${message}\n`);
}

/** After answering early, stop reading the rest of an upload we will not use. */
export function closeAfter(request: IncomingMessage, response: ServerResponse): void {
  response.once("finish", () => {
    if (!request.complete) request.destroy();
  });
}

/** Sends an encoded IPP reply. Whatever the operation did not read is drained up to `limit`; beyond it the connection closes. */
export async function sendIppReply(request: IncomingMessage, response: ServerResponse, bytes: Buffer, body: AsyncIterable<unknown>, limit: number): Promise<void> {
  const leftover = await drain(body, limit);
  if (!leftover.complete) response.setHeader("Connection", "close");
  response.writeHead(200, { "Content-Type": "application/ipp", "Content-Length": bytes.length });
  response.end(bytes);
  if (!leftover.complete) closeAfter(request, response);
}

/** Reads and drops a refused request's body in the background; past `limit` the connection goes. */
export function discardUpTo(request: IncomingMessage, limit: number): void {
  let seen = 0;
  request.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) request.destroy();
  });
}

export async function drain(body: AsyncIterable<unknown>, limit: number): Promise<{ complete: boolean }> {
  let total = 0;
  try {
    for await (const chunk of body) {
      total += (chunk as Buffer).length;
      if (total > limit) return { complete: false };
    }
  } catch {
    return { complete: false };
  }
  return { complete: true };
}
