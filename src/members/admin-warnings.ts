import type { Database } from "../../db/database.ts";
import { countHandoversByVolunteer, listGroupConvenors, listRoleHolders } from "../../db/queries/admin-warnings.ts";
import { ForbiddenError } from "../errors.ts";
import { isAdmin, type Viewer } from "./viewer.ts";

const DAY_MS = 86_400_000;
/** "Last month": the handovers completed in the last 30 days. */
export const HANDOVER_WINDOW_DAYS = 30;
/** Below this many handovers in the window, shares say nothing about anyone's load. */
export const MIN_HANDOVERS = 3;

/** Something that rests on one person, which the admin page points out with a suggestion. */
export type AdminWarning =
  | { kind: "one_admin"; username: string }
  | { kind: "one_treasurer"; username: string }
  | { kind: "one_convenor"; groupId: string; group: string; username: string }
  /** One volunteer did more than a third of the last month's handovers: a burnout signal. */
  | { kind: "burnout"; username: string; count: number; total: number };

/** What the warnings are drawn from. */
export interface NetworkFacts {
  admins: readonly string[];
  treasurers: readonly string[];
  groups: readonly { id: string; name: string; convenors: readonly string[] }[];
  /** Handovers each volunteer completed in the window. */
  handovers: readonly { username: string; count: number }[];
}

/** The warnings, in the order the page shows them: roles, then groups, then load. */
export function warningsFrom(facts: NetworkFacts): AdminWarning[] {
  const warnings: AdminWarning[] = [];
  if (facts.admins.length === 1) warnings.push({ kind: "one_admin", username: facts.admins[0]! });
  if (facts.treasurers.length === 1) warnings.push({ kind: "one_treasurer", username: facts.treasurers[0]! });
  for (const group of facts.groups) {
    if (group.convenors.length === 1)
      warnings.push({ kind: "one_convenor", groupId: group.id, group: group.name, username: group.convenors[0]! });
  }
  const total = facts.handovers.reduce((sum, h) => sum + h.count, 0);
  if (total >= MIN_HANDOVERS) {
    for (const h of facts.handovers)
      if (h.count * 3 > total) warnings.push({ kind: "burnout", username: h.username, count: h.count, total });
  }
  return warnings;
}

/** The admin page's warnings about work and power resting on one person. */
export class AdminWarningService {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(db: Database, deps: { clock: () => Date }) {
    this.#db = db;
    this.#now = deps.clock;
  }

  async list(viewer: Viewer): Promise<AdminWarning[]> {
    if (!isAdmin(viewer)) throw new ForbiddenError("Only admins see the network's warnings.");
    const since = new Date(this.#now().getTime() - HANDOVER_WINDOW_DAYS * DAY_MS);
    return warningsFrom({
      admins: await listRoleHolders(this.#db, "admin"),
      treasurers: await listRoleHolders(this.#db, "treasurer"),
      groups: await listGroupConvenors(this.#db),
      handovers: await countHandoversByVolunteer(this.#db, since),
    });
  }
}
