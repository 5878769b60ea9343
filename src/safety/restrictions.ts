import type { Database } from "../../db/database.ts";
import { findActiveRestriction } from "../../db/queries/cases.ts";
import { ForbiddenError } from "../errors.ts";
import type { RestrictionKind } from "./case.schema.ts";

/** What each restriction forbids, in the words of its refusal (web/problem-text.ts says them again). */
export const RESTRICTED_ACTS: Record<RestrictionKind, string> = {
  no_posting: "post offers or requests",
  no_handovers: "take on handovers",
  coordinated_matches_only: "make matches yourself (a coordinator matches for you)",
};

/**
 * Refuses what a restriction under a case forbids the member, saying until when. A
 * restriction ends by itself at its time: every check compares it with now.
 */
export async function requireUnrestricted(db: Database, memberId: string, kind: RestrictionKind): Promise<void> {
  const until = await findActiveRestriction(db, memberId, kind);
  if (until !== undefined) {
    throw new ForbiddenError(`Under an agreement with the safety team you may not ${RESTRICTED_ACTS[kind]} until ${until.toISOString()}.`);
  }
}

/** Whether a restriction of this kind holds on the member now. */
export async function isRestricted(db: Database, memberId: string, kind: RestrictionKind): Promise<boolean> {
  return (await findActiveRestriction(db, memberId, kind)) !== undefined;
}
