// Specification of the agent's option checks: the server URL, the token and its file, reader, pipeline and shape.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resolveAgentSettings, tokenProvider, type AgentOptions } from "./agent-settings.js";
import { kioskSocketAddress, parseServerUrl } from "./server-url.js";

const token = "Zq3xv0bT1n2Y4u5W6r7S8t9U0v1W2x3Y4z5A6b7C8d9";
const base: AgentOptions = { server: "https://print.example.org:8631", token, reader: "stdin", cardFormat: "", dryRun: false, hidBackend: "libusb", logLevel: "info" };

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "printvakt-agent-settings-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function tokenFile(name: string, content: string, mode: number): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, content);
  await chmod(file, mode);
  return file;
}

describe("--server", () => {
  test.each([
    ["https://print.example.org:8631", { origin: "https://print.example.org:8631", path: "/socket.io", namespace: "/kiosk" }],
    ["http://127.0.0.1:8631/", { origin: "http://127.0.0.1:8631", path: "/socket.io", namespace: "/kiosk" }],
    ["https://intranet.example.org/printvakt/", { origin: "https://intranet.example.org", path: "/printvakt/socket.io", namespace: "/kiosk" }],
  ])("%s connects to %j", (text, address) => {
    expect(kioskSocketAddress(parseServerUrl(text))).toEqual(address);
  });

  test.each([
    ["print.example.org", "must be the server's http:// or https:// URL"],
    ["ftp://print.example.org", 'must start with http:// or https://'],
    ["https://kiosk:secret@print.example.org", "must not contain a user name or password"],
    ["https://print.example.org/?token=abc", "must not have a query or fragment"],
    ["https://print.example.org:8631/kiosk", 'without "/kiosk"'],
  ])("%s is refused", (text, reason) => {
    expect(() => parseServerUrl(text)).toThrow(expect.objectContaining({ code: "bad-request", message: expect.stringContaining(reason) }));
  });

  test("a refused URL with credentials is not echoed", () => {
    expect(() => parseServerUrl("https://kiosk:secret@print.example.org")).toThrow(expect.objectContaining({ message: expect.not.stringContaining("secret") }));
  });
});

describe("resolveAgentSettings", () => {
  test("good options give frozen settings with the parsed reader, pipeline and shape", async () => {
    const settings = await resolveAgentSettings({ ...base, reader: "hid:0c27:3bfa", cardFormat: "reverse-bytes|hex2dec", cardShape: "[0-9]{10}", hidBackend: "hidraw" });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(settings.server?.origin).toBe("https://print.example.org:8631");
    expect(settings.reader).toEqual({ kind: "hid", device: { vendorId: 0x0c27, productId: 0x3bfa } });
    expect(settings.pipeline.run("1c78f2bf")).toBe("3220338716");
    expect(settings.shape?.test("3220338716")).toBe(true);
    expect(settings.hidBackend).toBe("hidraw");
    expect(await tokenProvider(settings.token!)()).toBe(token);
  });

  test.each<[string, Partial<AgentOptions>, string]>([
    ["an unknown card-format step", { cardFormat: "reverse-bytes|frobnicate" }, '--card-format: card format step 2 "frobnicate": unknown step "frobnicate"'],
    ["card-format steps in an order that cannot work", { cardFormat: "hex2dec|reverse-bytes" }, '--card-format: card format step 2 "reverse-bytes" takes'],
    ["a shape that is not a regular expression", { cardShape: "[0-9" }, '--card-shape: the card shape "[0-9" is not a valid regular expression'],
    ["an unknown reader", { reader: "keyboard" }, '--reader must be "stdin", "hid", or "hid:VID:PID"'],
    ["an unknown HID backend", { hidBackend: "usb" }, '--hid-backend must be libusb or hidraw, got "usb"'],
    ["an unknown log level", { logLevel: "loud" }, "--log-level must be one of"],
    ["no server", { server: undefined }, "--server is required"],
    ["no token", { token: undefined }, "--token-file (preferred) or --token is required"],
    ["a token too short to be one", { token: "short" }, "--token does not hold a kiosk token"],
    ["both --token and --token-file", { tokenFile: "/nonexistent/kiosk.token" }, "give either --token or --token-file, not both"],
    ["a token file that does not exist", { token: undefined, tokenFile: "/nonexistent/kiosk.token" }, "--token-file /nonexistent/kiosk.token cannot be opened: ENOENT"],
  ])("%s is refused in one line", async (_name, change, message) => {
    const refusal = resolveAgentSettings({ ...base, ...change });
    await expect(refusal).rejects.toMatchObject({ code: "bad-request", message: expect.stringContaining(message) });
    await expect(refusal).rejects.toMatchObject({ message: expect.not.stringContaining("\n") });
  });

  test("--dry-run needs neither server nor token", async () => {
    const settings = await resolveAgentSettings({ ...base, server: undefined, token: undefined, dryRun: true });
    expect(settings.server).toBeUndefined();
    expect(settings.token).toBeUndefined();
  });
});

describe("--token-file", () => {
  test("a 0600 file with the token and a newline is accepted and read again on each call", async () => {
    const file = await tokenFile("good.token", `${token}\n`, 0o600);
    const settings = await resolveAgentSettings({ ...base, token: undefined, tokenFile: file });
    const provide = tokenProvider(settings.token!);
    expect(await provide()).toBe(token);
    const renewed = `${token.slice(0, -1)}X`;
    await writeFile(file, `${renewed}\n`);
    expect(await provide()).toBe(renewed);
  });

  test.each(["0640", "0604", "0620", "0666"])("a file with mode %s is refused without reading it", async (octal) => {
    const mode = Number.parseInt(octal, 8);
    const file = await tokenFile(`open-${mode.toString(8)}.token`, `${token}\n`, mode);
    const refusal = resolveAgentSettings({ ...base, token: undefined, tokenFile: file });
    await expect(refusal).rejects.toMatchObject({ message: `--token-file ${file} has mode 0${mode.toString(8)}: group and others must have no access to a token file (chmod 600 ${file})` });
  });

  test.each([
    ["empty.token", "\n", "must hold exactly one line"],
    ["two.token", `${token}\n${token}\n`, "must hold exactly one line"],
    ["spaces.token", "not a token but words\n", "does not hold a kiosk token"],
  ])("%s is refused and its content is not echoed", async (name, content, message) => {
    const file = await tokenFile(name, content, 0o600);
    const refusal = resolveAgentSettings({ ...base, token: undefined, tokenFile: file });
    await expect(refusal).rejects.toMatchObject({ message: expect.stringContaining(message) });
    await expect(refusal).rejects.toMatchObject({ message: expect.not.stringContaining(token) });
  });

  test("a directory is refused", async () => {
    await chmod(directory, 0o700);
    await expect(resolveAgentSettings({ ...base, token: undefined, tokenFile: directory })).rejects.toMatchObject({ message: expect.stringContaining("is not a regular file") });
  });
});
