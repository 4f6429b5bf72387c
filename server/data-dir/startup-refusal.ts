// The one form of a start-up refusal: what is wrong, which path, and what the operator can do.
import { PrintvaktError } from "../../core/errors.js";

/**
 * A refusal to start (issue 12, reliability review D3, D4, D12): one paragraph on stderr, printed
 * by the CLI's error report with a non-zero exit, because starting anyway would lose or hide data.
 */
export function startupRefusal(problem: string, remedy: string, cause?: unknown): PrintvaktError {
  return new PrintvaktError("bad-config", `refusing to start: ${problem}. ${remedy}`, { cause });
}

/** "EACCES" from a failed file-system call, else the last line of its message (where Prisma puts SQLite's own words). */
export function reasonOf(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  if (/^E[A-Z]+$/.test(code)) return code;
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split("\n").at(-1)!.trim();
}
