// Data changes SQL cannot make, run by the migrator where a migration file names them: a line
// `-- printvakt-step: NAME` splits the file, and the step runs there, in the same transaction.
// To anything else (Prisma's schema engine, `prisma migrate deploy`) the line is a comment.
import { PrintvaktError } from "../../core/errors.js";
import { hashCard } from "../identity/card-numbers.js";
import type { MigrationTransaction } from "./migration-history.js";

export interface MigrationStepKeys {
  /** The audit hash key (derived from the master key); without it a step that needs it refuses to run. */
  auditHashKey?: Uint8Array;
}

type MigrationStep = (tx: MigrationTransaction, keys: MigrationStepKeys) => Promise<void>;

/**
 * 20261205234341_card_number_hash: every stored card number becomes its keyed hash and its ending,
 * in the columns the migration has just added; the SQL after the step drops the number.
 */
async function hashCardNumbers(tx: MigrationTransaction, keys: MigrationStepKeys): Promise<void> {
  const { rows } = await tx.execute('SELECT "id", "number" FROM "Card"');
  if (rows.length === 0) return;
  if (keys.auditHashKey === undefined) {
    throw new PrintvaktError("internal", "hashing the stored card numbers needs the master key, and the migration was started without it");
  }
  const key = keys.auditHashKey;
  await tx.batch(
    rows.map((row) => {
      const card = hashCard(key, String(row.number));
      return { sql: 'UPDATE "Card" SET "numberHash" = ?, "lastDigits" = ? WHERE "id" = ?', args: [card.numberHash, card.lastDigits, Number(row.id)] };
    }),
  );
}

const MIGRATION_STEPS: Record<string, MigrationStep> = {
  "hash-card-numbers": hashCardNumbers,
};

const STEP_LINE = /^-- printvakt-step: ([a-z0-9-]+)[ \t]*\r?$/gm;

/** A migration's SQL cut at its step lines: SQL, then step and SQL, as often as the file names steps. */
export type MigrationPart = { sql: string } | { step: string };

export function migrationParts(sql: string): MigrationPart[] {
  // split() with a capture group alternates the text between the lines and the names in them.
  const pieces = sql.split(STEP_LINE);
  return pieces.map((piece, index) => (index % 2 === 0 ? { sql: piece } : { step: piece }));
}

export async function runMigrationStep(tx: MigrationTransaction, name: string, keys: MigrationStepKeys): Promise<void> {
  const step = Object.hasOwn(MIGRATION_STEPS, name) ? MIGRATION_STEPS[name] : undefined;
  if (step === undefined) throw new PrintvaktError("internal", `the migration names a step this version does not have: ${name}`);
  await step(tx, keys);
}
