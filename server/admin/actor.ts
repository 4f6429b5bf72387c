// Who is doing an administrative change, as the audit records it.

export interface AdminActor {
  /** "cli:root", "admin:eva" ... */
  label: string;
  role: "admin" | "auditor";
}
