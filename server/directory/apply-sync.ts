// Writes a sync plan in one transaction, with an audit entry for every change and one for the sync.
//
// Order matters for the unique user names and card numbers: cards leave their old holders first,
// renamed people are parked on placeholder names, and only then do names and cards land again.
import type { HashedCard } from "../identity/card-numbers.js";
import { appendAudit } from "../store/audit-log.js";
import type { Transaction } from "../store/database.js";
import { createDirectoryPerson, linkCards, parkUsername, removeDirectoryConsoleAccount, saveDirectoryConsoleAccount, setDisabled, unlinkCards, updateDirectoryPerson } from "../store/directory-people.js";
import { renameJobOwner } from "../store/jobs.js";
import type { SyncPlan } from "./sync-plan.js";

export interface ApplyContext {
  actor: string;
  server: string;
  now: Date;
  startedAt: number;
}

export async function applySyncPlan(tx: Transaction, plan: SyncPlan, context: ApplyContext): Promise<void> {
  const { actor } = context;
  // A stored card's numberHash is the audit's cardHash: the same keyed hash of the same number.
  const unlinked = async (username: string, card: HashedCard) =>
    appendAudit(tx, { type: "admin.changed", actor, subject: `user:${username}`, details: { action: "removed", fields: ["card"], cardHash: card.numberHash, reason: "directory sync" } });
  const linked = async (username: string, card: HashedCard) => appendAudit(tx, { type: "card.linked", actor, subject: `user:${username}`, details: { cardHash: card.numberHash } });

  for (const move of plan.unlinkElsewhere) {
    await unlinkCards(tx, move.personId, [move.card]);
    await unlinked(move.username, move.card);
  }
  for (const change of plan.update) {
    await unlinkCards(tx, change.personId, change.unlink);
    if (change.fields.includes("username")) await parkUsername(tx, change.personId);
  }
  for (const change of plan.update) {
    const username = change.entry.username;
    await updateDirectoryPerson(tx, change.personId, change.entry);
    if (change.previousUsername !== username) await renameJobOwner(tx, change.previousUsername, username);
    await linkCards(tx, change.personId, change.link);
    await appendAudit(tx, { type: "user.updated", actor, subject: `user:${username}`, details: { source: "directory", fields: change.fields } });
    for (const card of change.unlink) await unlinked(username, card);
    for (const card of change.link) await linked(username, card);
  }
  for (const person of plan.disable) {
    await setDisabled(tx, person.personId, person.reason, context.now);
    await appendAudit(tx, { type: "user.disabled", actor, subject: `user:${person.username}`, details: { source: "directory", reason: person.reason } });
  }
  for (const person of plan.enable) {
    await setDisabled(tx, person.personId, null, context.now);
    await appendAudit(tx, { type: "user.enabled", actor, subject: `user:${person.username}`, details: { source: "directory" } });
  }
  for (const entry of plan.add) {
    await createDirectoryPerson(tx, entry);
    await appendAudit(tx, { type: "user.added", actor, subject: `user:${entry.username}`, details: { source: "directory", fields: ["username", "displayName", "email", "language"] } });
    for (const card of entry.cards) await linked(entry.username, card);
  }
  for (const change of plan.consoleAccounts) {
    if (change.action === "removed") await removeDirectoryConsoleAccount(tx, change.directoryId);
    else await saveDirectoryConsoleAccount(tx, change);
    await appendAudit(tx, { type: "admin.role-synced", actor, subject: `admin:${change.username}`, details: { action: change.action, role: change.role, source: "directory" } });
  }
  await appendAudit(tx, { type: "directory.synced", actor, subject: null, details: syncCounts(plan, context) });
}

export function syncCounts(plan: SyncPlan, context: Pick<ApplyContext, "server" | "startedAt">) {
  return {
    added: plan.add.length,
    updated: plan.update.length,
    disabled: plan.disable.length,
    enabled: plan.enable.length,
    linked: plan.add.reduce((sum, entry) => sum + entry.cards.length, 0) + plan.update.reduce((sum, change) => sum + change.link.length, 0),
    unlinked: plan.unlinkElsewhere.length + plan.update.reduce((sum, change) => sum + change.unlink.length, 0),
    rolesChanged: plan.consoleAccounts.length,
    skipped: plan.skipped.length,
    durationMs: Date.now() - context.startedAt,
    server: context.server,
  };
}
