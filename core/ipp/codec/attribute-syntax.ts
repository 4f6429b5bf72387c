// Default value tag for a well-known attribute name, from the `ipp` package's attribute table: a
// fallback for callers (such as forwarding code) that hold a name and a plain value but no tag.
import { ippTables, type IppSyntax } from "./ipp-tables.js";
import { ValueTag } from "./tags.js";

/** Syntaxes the table gives by type name only (text and name choose their tag by language). */
const tagByTypeName: Readonly<Record<string, number>> = {
  text: ValueTag.textWithoutLanguage,
  name: ValueTag.nameWithoutLanguage,
};

/** Where a name is defined in several groups the first listed wins; they agree on syntax. */
const GROUP_ORDER = [
  "Operation",
  "Job Template",
  "Job Description",
  "Printer Description",
  "Document Template",
  "Document Description",
  "Subscription Template",
  "Subscription Description",
  "Event Notifications",
];

function tagOfSyntax(syntax: IppSyntax | readonly IppSyntax[] | undefined): number | undefined {
  // Alternatives ([keyword, name], [enum, unknown], ...) list the usual syntax first.
  const first = Array.isArray(syntax) ? (syntax as readonly IppSyntax[])[0] : (syntax as IppSyntax | undefined);
  if (first === undefined) return undefined;
  if (typeof first.tag === "number") return first.tag;
  return first.type === undefined ? undefined : tagByTypeName[first.type];
}

let tagByName: ReadonlyMap<string, number> | undefined;

function buildTagByName(): ReadonlyMap<string, number> {
  const tags = new Map<string, number>();
  const groupNames = [...GROUP_ORDER, ...Object.keys(ippTables.attributes).filter((groupName) => !GROUP_ORDER.includes(groupName))];
  for (const groupName of groupNames) {
    for (const [attributeName, syntax] of Object.entries(ippTables.attributes[groupName] ?? {})) {
      const tag = tagOfSyntax(syntax);
      if (tag !== undefined && !tags.has(attributeName)) tags.set(attributeName, tag);
    }
  }
  return tags;
}

/** The value tag the registry gives `name` ("copies" -> integer 0x21), or undefined when unknown. */
export function valueTagForAttribute(attributeName: string): number | undefined {
  tagByName ??= buildTagByName();
  return tagByName.get(attributeName);
}
