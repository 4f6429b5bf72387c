// Who may submit under a name: once the user store has people, a name that is none of them (or a
// person the directory disabled) is a claim nobody can ever collect a job under — no card belongs
// to it — so it is refused, or shares one small quota with every other unknown name. An empty store
// means the site has not set people up yet (the quick start): every name prints as before.

/** PRINTVAKT_UNKNOWN_USERS. */
export type UnknownUsersMode = "refuse" | "quota";

/** "person": own quota. "refused": no job. "shared-quota": the unknown names' one quota. */
export type SubmitterStanding = "person" | "refused" | "shared-quota";

export interface SubmitterFacts {
  /** How many people the user store has, in any state. */
  people: number;
  /** The person of that name, or null when there is none. */
  person: { disabledAt: Date | null } | null;
}

export function submitterStanding(facts: SubmitterFacts, mode: UnknownUsersMode): SubmitterStanding {
  if (facts.people === 0) return "person";
  if (facts.person !== null && facts.person.disabledAt === null) return "person";
  return mode === "refuse" ? "refused" : "shared-quota";
}
