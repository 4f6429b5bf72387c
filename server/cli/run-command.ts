// Runs one CLI action with an opened context, turning errors into one line and an exit code.
import { userInfo } from "node:os";
import { openAppContext, openReadContext, type AppContext } from "../app-context.js";
import { reportError } from "./report-error.js";

export { EXIT_FAILURE, reportError } from "./report-error.js";

export async function withContext(action: (context: AppContext) => Promise<void>): Promise<void> {
  let context: AppContext | undefined;
  try {
    context = await openAppContext();
    await action(context);
  } catch (error) {
    reportError(error);
  } finally {
    await context?.close();
  }
}

/** Like withContext, for commands that only read the audit: they work on a read-only copy too (see openReadContext). */
export async function withReadContext(action: (context: Awaited<ReturnType<typeof openReadContext>>) => Promise<void>): Promise<void> {
  let context: Awaited<ReturnType<typeof openReadContext>> | undefined;
  try {
    context = await openReadContext();
    await action(context);
  } catch (error) {
    reportError(error);
  } finally {
    await context?.close();
  }
}

/** The audit's name for whoever runs the CLI on this host. */
export function cliActor(): { label: string; role: "admin" } {
  return { label: `admin:cli:${userInfo().username}`, role: "admin" };
}
