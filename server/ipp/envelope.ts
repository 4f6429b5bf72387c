// Checks the IPP envelope in cupsd's order before any operation runs: request-id, the operation
// group first, attributes-charset then attributes-natural-language, then a target URI.
import { PrintvaktError } from "../../core/errors.js";
import { stringOf } from "../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";

const SUPPORTED_CHARSETS = new Set(["utf-8", "us-ascii"]);

function refuse(message: string, code: "bad-request" | "charset-not-supported" = "bad-request"): never {
  throw new PrintvaktError(code, message);
}

/** The natural language to answer in (the request's, when it sent one we can echo). */
export function checkEnvelope(message: IppMessage, options: { targetOptional?: boolean } = {}): { language: string } {
  if (message.requestId < 1) refuse("request-id must be 1 or more");
  const first = message.groups[0];
  if (!first || first.tag !== GroupTag.operation) refuse("the operation attributes must come first");
  const [charset, language] = first.attributes;
  if (!charset || charset.name !== "attributes-charset") refuse("attributes-charset must be the first operation attribute");
  if (!language || language.name !== "attributes-natural-language") refuse("attributes-natural-language must be the second operation attribute");
  const charsetValue = stringOf(charset.values[0])?.toLowerCase();
  if (charset.values.length !== 1 || charset.values[0]!.tag !== 0x47 || charsetValue === undefined) refuse("attributes-charset must be one charset value");
  if (!SUPPORTED_CHARSETS.has(charsetValue)) refuse(`charset ${charsetValue} is not supported`, "charset-not-supported");
  const languageValue = stringOf(language.values[0]);
  if (language.values.length !== 1 || language.values[0]!.tag !== 0x48 || languageValue === undefined) refuse("attributes-natural-language must be one naturalLanguage value");
  // cupsd looks for the target anywhere in the operation group, and CUPS clients (lp, lpstat)
  // do send it after requested-attributes; so do we. CUPS's own server-level operations have none.
  const target = first.attributes.find((attribute) => attribute.name === "printer-uri" || attribute.name === "job-uri");
  if (target === undefined) {
    if (!options.targetOptional) refuse("printer-uri or job-uri is required");
  } else if (target.values.length !== 1 || target.values[0]!.tag !== 0x45) {
    refuse(`${target.name} must be one uri value`);
  }
  return { language: /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i.test(languageValue) ? languageValue.toLowerCase() : "en" };
}
