// Loads the name tables of the `ipp` package (operations, status codes, enums, attribute syntaxes).
// Only the tables are used: its parser is unsafe on hostile input and its serializer is wrong in
// several ways (see encode.ts), but its registries save us from retyping the IANA lists.
import { createRequire } from "node:module";
import { PrintvaktError } from "../../errors.js";

/** An `ipp` cross-reference table: name -> number, plus `lookup[number] -> name`. */
export interface IppNameTable {
  readonly [name: string]: unknown;
  readonly lookup: ReadonlyArray<string | undefined>;
}

/** One attribute syntax as the `ipp` package describes it (alternatives come as an array). */
export interface IppSyntax {
  readonly type?: string;
  readonly tag?: number;
}

interface IppPackageTables {
  readonly operations: IppNameTable;
  readonly statusCodes: IppNameTable;
  readonly enums: Readonly<Record<string, IppNameTable>>;
  readonly attributes: Readonly<Record<string, Readonly<Record<string, IppSyntax | readonly IppSyntax[]>>>>;
}

// The package is CommonJS without type declarations; createRequire keeps the typing local.
const requireCommonJs = createRequire(import.meta.url);
export const ippTables = requireCommonJs("ipp") as IppPackageTables;

/** Resolves a name to its number in an `ipp` table; a missing name is a bug in our constants. */
export function numberFromTable(table: IppNameTable, name: string, tableName: string): number {
  const value = table[name];
  if (typeof value !== "number") throw new PrintvaktError("internal", `the ipp ${tableName} table has no "${name}"`);
  return value;
}

/** Builds a frozen object of named constants from { ourName: "IPP-Name" } through an `ipp` table. */
export function constantsFromTable<Names extends Record<string, string>>(
  table: IppNameTable,
  names: Names,
  tableName: string,
): { readonly [Key in keyof Names]: number } {
  const constants: Record<string, number> = {};
  for (const [key, ippName] of Object.entries(names)) constants[key] = numberFromTable(table, ippName, tableName);
  return Object.freeze(constants) as { readonly [Key in keyof Names]: number };
}
