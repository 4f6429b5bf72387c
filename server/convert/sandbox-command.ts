// The argument list that runs one converter step inside the sandbox: pure, so every flag is unit
// tested. Order: setpriv (drop to the unprivileged user) → bwrap (no network, read-only system,
// private /tmp) → prlimit (CPU, memory, file size, open files) → the converter, never a shell.
import { TOOL_PATHS, type ConverterStep } from "./converters.js";

export interface SandboxLimits {
  cpuSeconds: number;
  /** Address space (RLIMIT_AS) of the converter. */
  memoryBytes: number;
  /** Largest file the converter may write in its private /tmp (RLIMIT_FSIZE); also the tmpfs size. */
  tmpBytes: number;
}

/** Who the converter runs as; null when the server itself already runs unprivileged. */
export type SandboxUser = { uid: number; gid: number } | null;

export interface SandboxCommand {
  file: string;
  args: string[];
}

export const SETPRIV = "/usr/bin/setpriv";
export const BWRAP = "/usr/bin/bwrap";
export const PRLIMIT = "/usr/bin/prlimit";

/** Read-only system paths the converters need: programs, libraries, fonts, Ghostscript's font maps. */
const READ_ONLY_SYSTEM = ["/etc/fonts", "/etc/ghostscript", "/var/lib/ghostscript"];

function bwrapArgs(limits: SandboxLimits): string[] {
  return [
    // New user, PID, IPC, UTS, cgroup and network namespaces: no network at all, no other processes.
    "--unshare-all",
    "--die-with-parent",
    // A new session: the converter cannot push keystrokes into a terminal (TIOCSTI).
    "--new-session",
    "--ro-bind", "/usr", "/usr",
    // Debian's merged /usr: the old top-level directories are links into it.
    "--symlink", "usr/lib", "/lib",
    "--symlink", "usr/lib64", "/lib64",
    "--symlink", "usr/bin", "/bin",
    "--symlink", "usr/sbin", "/sbin",
    ...READ_ONLY_SYSTEM.flatMap((path) => ["--ro-bind-try", path, path]),
    "--dev", "/dev",
    // The one writable place, in memory, gone with the sandbox: Ghostscript spools a PDF read from stdin here.
    "--size", String(limits.tmpBytes), "--tmpfs", "/tmp",
    "--chdir", "/tmp",
    "--clearenv",
    "--setenv", "PATH", "/usr/bin",
    "--setenv", "HOME", "/tmp",
    "--setenv", "TMPDIR", "/tmp",
    "--setenv", "LANG", "C.UTF-8",
  ];
}

function prlimitArgs(limits: SandboxLimits): string[] {
  return [`--cpu=${limits.cpuSeconds}`, `--as=${limits.memoryBytes}`, `--fsize=${limits.tmpBytes}`, "--nofile=64", "--core=0"];
}

export function sandboxCommand(step: ConverterStep, limits: SandboxLimits, user: SandboxUser): SandboxCommand {
  const inside = ["--", PRLIMIT, ...prlimitArgs(limits), "--", TOOL_PATHS[step.tool], ...step.args];
  const sandbox = [...bwrapArgs(limits), ...inside];
  if (user === null) return { file: BWRAP, args: sandbox };
  return { file: SETPRIV, args: [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--", BWRAP, ...sandbox] };
}
