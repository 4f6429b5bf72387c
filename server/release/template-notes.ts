// Tells the owner at the kiosk which of their settings the printer did not apply (review F16): a
// driver drops or limits a setting the printer does not list and says so in its result's reasons
// (`number-up-not-supported`, `copies-limited-to-99`), which this turns into one line.
const NOTE = /^([a-z-]+?)-(?:not-supported|limited-to-.+)$/;

/** Settings names, in the order the driver reported them. */
export function settingsNotApplied(reasons: readonly string[]): string[] {
  return reasons.flatMap((reason) => {
    const found = NOTE.exec(reason);
    return found ? [found[1]!] : [];
  });
}

/** The kiosk's note for a printed job, or undefined when every setting was applied. */
export function notAppliedNote(reasons: readonly string[]): string | undefined {
  const names = settingsNotApplied(reasons);
  return names.length === 0 ? undefined : `Printed, but this printer did not apply: ${names.join(", ")}`;
}
