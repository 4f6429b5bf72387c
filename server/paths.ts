// Where the installed package's own files are (migrations, kiosk pages), wherever it is run from.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(start: string): string {
  let directory = start;
  while (!existsSync(path.join(directory, "package.json"))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`package.json not found above ${start}`);
    directory = parent;
  }
  return directory;
}

/** The folder holding package.json, whether running from dist/ (built) or from the sources (tests). */
export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
export const sqliteMigrationsDir = path.join(packageRoot, "prisma", "migrations", "sqlite");
export const schemaFile = path.join(packageRoot, "prisma", "schema.prisma");
