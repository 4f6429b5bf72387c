// The sync plan as lines for an operator: names and counts, never card numbers.
import type { SyncPlan } from "./sync-plan.js";

export function describePlan(plan: SyncPlan, applied: boolean): string {
  const verb = (done: string, would: string) => (applied ? done : `would ${would}`);
  const lines: string[] = [];
  for (const entry of plan.add) lines.push(`${verb("added", "add")} ${entry.username} (${entry.cards.length} card(s))`);
  for (const change of plan.update) {
    const name = change.previousUsername === change.entry.username ? change.entry.username : `${change.previousUsername} -> ${change.entry.username}`;
    const cards = change.link.length + change.unlink.length > 0 ? `, +${change.link.length}/-${change.unlink.length} card(s)` : "";
    lines.push(`${verb("updated", "update")} ${name}: ${change.fields.join(", ")}${cards}`);
  }
  for (const person of plan.disable) lines.push(`${verb("disabled", "disable")} ${person.username} (${person.reason}): cards refused from now on`);
  for (const person of plan.enable) lines.push(`${verb("enabled", "enable")} ${person.username}`);
  for (const move of plan.unlinkElsewhere) lines.push(`${verb("unlinked", "unlink")} a card from ${move.username} (it moved to another person)`);
  for (const change of plan.consoleAccounts) lines.push(`console account ${change.username}: ${verb(change.action, change.action.replace(/ed$/, ""))} (${change.role})`);
  for (const reason of plan.skipped) lines.push(`skipped ${reason}`);
  if (plan.stopped) {
    lines.push(`STOPPED: ${plan.disable.length} of ${plan.managed} managed people would be disabled or dropped, more than PRINTVAKT_LDAP_REMOVAL_THRESHOLD allows; nothing changed`);
  }
  const summary = `${plan.add.length} to add, ${plan.update.length} to update, ${plan.disable.length} to disable, ${plan.enable.length} to enable, ${plan.consoleAccounts.length} console account change(s), ${plan.skipped.length} skipped`;
  lines.push(applied ? `directory sync applied: ${summary.replaceAll(" to ", " ")}` : `dry run, nothing changed: ${summary}`);
  return `${lines.join("\n")}\n`;
}
