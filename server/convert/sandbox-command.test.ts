// The sandbox's argument list, flag by flag: what a converter can see, reach and use.
import { describe, expect, test } from "vitest";
import { ghostscriptStep, TOOL_PATHS } from "./converters.js";
import { BWRAP, PRLIMIT, SETPRIV, sandboxCommand, type SandboxLimits } from "./sandbox-command.js";

const LIMITS: SandboxLimits = { cpuSeconds: 30, memoryBytes: 512 * 1024 * 1024, tmpBytes: 64 * 1024 * 1024 };
const STEP = ghostscriptStep("application/vnd.hp-pclxl", true);

/** The values after each occurrence of `flag` (one value per occurrence). */
function valuesOf(args: string[], flag: string, count = 1): string[][] {
  return args.flatMap((arg, index) => (arg === flag ? [args.slice(index + 1, index + 1 + count)] : []));
}

describe("sandboxCommand", () => {
  const command = sandboxCommand(STEP, LIMITS, { uid: 65534, gid: 65534 });
  const bwrapAt = command.args.indexOf(BWRAP);
  const prlimitAt = command.args.indexOf(PRLIMIT);
  const bwrapArgs = command.args.slice(bwrapAt + 1, prlimitAt);

  test("as root it drops to the given user and group with no supplementary groups, before bwrap runs", () => {
    expect(command.file).toBe(SETPRIV);
    expect(command.args.slice(0, bwrapAt)).toEqual(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
  });

  test("a server that already runs unprivileged starts bwrap itself", () => {
    const own = sandboxCommand(STEP, LIMITS, null);
    expect(own.file).toBe(BWRAP);
    expect(own.args).not.toContain(SETPRIV);
    expect(own.args).toEqual(command.args.slice(bwrapAt + 1));
  });

  test("no network and no shared namespaces; dies with the server; a new session", () => {
    expect(bwrapArgs).toContain("--unshare-all");
    expect(bwrapArgs).not.toContain("--share-net");
    expect(bwrapArgs).toContain("--die-with-parent");
    expect(bwrapArgs).toContain("--new-session");
  });

  test("the system is bound read-only and only /tmp, a size-limited tmpfs, is writable", () => {
    const binds = valuesOf(bwrapArgs, "--ro-bind", 2).concat(valuesOf(bwrapArgs, "--ro-bind-try", 2));
    expect(binds).toEqual([["/usr", "/usr"], ["/etc/fonts", "/etc/fonts"], ["/etc/ghostscript", "/etc/ghostscript"], ["/var/lib/ghostscript", "/var/lib/ghostscript"]]);
    expect(bwrapArgs).not.toContain("--bind");
    expect(bwrapArgs).not.toContain("--dev-bind");
    expect(valuesOf(bwrapArgs, "--tmpfs")).toEqual([["/tmp"]]);
    expect(valuesOf(bwrapArgs, "--size")).toEqual([[String(LIMITS.tmpBytes)]]);
    // --size applies to the next mount only: it must come right before --tmpfs.
    expect(bwrapArgs[bwrapArgs.indexOf("--size") + 2]).toBe("--tmpfs");
  });

  test("no spool, data directory, home or /proc is visible inside", () => {
    const text = bwrapArgs.join(" ");
    for (const hidden of ["/var/lib/printvakt", "/root", "/home", "/proc", "/run", "/srv"]) expect(text).not.toContain(hidden);
  });

  test("the environment is cleared: only PATH, HOME, TMPDIR and LANG are set", () => {
    expect(bwrapArgs).toContain("--clearenv");
    expect(valuesOf(bwrapArgs, "--setenv", 2).map(([name]) => name)).toEqual(["PATH", "HOME", "TMPDIR", "LANG"]);
  });

  test("prlimit sets CPU time, address space, file size, open files and no core dumps, then runs the converter", () => {
    const inside = command.args.slice(prlimitAt + 1);
    const separator = inside.indexOf("--");
    expect(inside.slice(0, separator)).toEqual(["--cpu=30", `--as=${512 * 1024 * 1024}`, `--fsize=${64 * 1024 * 1024}`, "--nofile=64", "--core=0"]);
    expect(inside.slice(separator + 1)).toEqual([TOOL_PATHS.gs, ...STEP.args]);
  });

  test("never a shell: the converter is an absolute path and its arguments are the table's", () => {
    const all = [command.file, ...command.args];
    for (const shell of ["sh", "/bin/sh", "bash", "/bin/bash", "-c"]) expect(all).not.toContain(shell);
    expect(command.args.at(-STEP.args.length - 1)).toBe("/usr/bin/gs");
  });
});
