// Writes ipptool test files from what each request says differently. Every request opens with the
// same operation attributes (charset, natural language, printer-uri), so a test lists only the rest.
import { writeFile } from "node:fs/promises";
import path from "node:path";

export interface IpptoolRequest {
  name: string;
  operation: string;
  /** printer-uri's value; ipptool's $uri (the URI it was run against) when left out. */
  printerUri?: string;
  /** The other operation attributes, as ipptool lines: "ATTR integer job-id 7", "FILE $filename". */
  attributes?: readonly string[];
  status: string;
  /** Lines after the status: "EXPECT job-state WITH-VALUE 4", "DISPLAY job-id". */
  then?: readonly string[];
}

/** The text of an ipptool test file: one { ... } block per request, in order. */
export function ipptoolTestText(requests: readonly IpptoolRequest[]): string {
  const block = (request: IpptoolRequest) =>
    [
      "{",
      `  NAME "${request.name}"`,
      `  OPERATION ${request.operation}`,
      "  GROUP operation-attributes-tag",
      "  ATTR charset attributes-charset utf-8",
      "  ATTR naturalLanguage attributes-natural-language en",
      `  ATTR uri printer-uri ${request.printerUri ?? "$uri"}`,
      ...(request.attributes ?? []).map((line) => `  ${line}`),
      `  STATUS ${request.status}`,
      ...(request.then ?? []).map((line) => `  ${line}`),
      "}",
    ].join("\n");
  return `${requests.map(block).join("\n")}\n`;
}

/** Writes the test file `name` into `directory` and answers its path. */
export async function writeIpptoolTest(directory: string, name: string, requests: readonly IpptoolRequest[]): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, ipptoolTestText(requests));
  return file;
}
