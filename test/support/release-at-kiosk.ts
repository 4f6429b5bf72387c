// Releases a held job the way a person does at a kiosk: the card badged at the agent, the job printed.
import { expect } from "vitest";
import { connectKiosk } from "./kiosk-client.js";

export async function releaseAtKiosk(baseUrl: string, agentToken: string, card: string, jobId: number, idempotencyKey: string): Promise<void> {
  const agent = await connectKiosk(baseUrl, agentToken, "agent");
  try {
    expect(await agent.emit("card:present", { card })).toMatchObject({ ok: true });
    const session = await agent.next("session:started");
    await agent.emit("session:release", { sessionId: session.sessionId, jobIds: [jobId], idempotencyKey });
    await agent.next("job:progress", (event) => event.jobId === jobId && event.state === "printed");
    await agent.emit("session:logout", { sessionId: session.sessionId });
  } finally {
    agent.close();
  }
}
