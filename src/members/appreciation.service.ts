import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { anyBlockAmong } from "../../db/queries/blocks.ts";
import { findMatch } from "../../db/queries/matches.ts";
import { findMemberByUsername, updateMember } from "../../db/queries/members.ts";
import { countContributions, insertThanks, listThanksStream } from "../../db/queries/thanks.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { Notifier } from "../notifications/ports.ts";
import { isUuid, parseOrThrow, typedText } from "../validation.ts";
import type { Member } from "./member.service.ts";
import { requireMember, type Viewer } from "./viewer.ts";

const THANKS_PER_PAGE = 50;

/** thankHandover: whom to thank (by username), and a few words if one likes. */
export const thanksInputSchema = z.object({
  to: z.string({ error: "say whom you thank" }).trim().min(1, { error: "say whom you thank" }).max(100),
  message: typedText({ max: 500, multiline: true }).optional(),
});
export type ThanksInput = z.input<typeof thanksInputSchema>;

/** One thank-you as the stream shows it; `from` is null when the one who thanked chose not to appear. */
export interface ThanksView {
  id: string;
  from: string | null;
  to: string;
  message: string | null;
  createdAt: string;
}

/** What a member has done, for their own eyes only. */
export interface Contributions {
  /** Handovers they carried as a volunteer, completed. */
  handovers: number;
  /** Offers and requests they posted. */
  posts: number;
  /** Working-group tasks they marked done. */
  tasks: number;
  /** Thank-yous they received. */
  thanks: number;
}

/**
 * Appreciation: the people of a completed handover (who asked, who offered, who carried it)
 * thank each other; the thanks stream shows them to members, naming only those who opted in
 * (by default nobody appears). Each member sees their own contribution counts, and nobody else's.
 */
export class AppreciationService {
  readonly #db: Database;
  readonly #notifier: Notifier;

  constructor(db: Database, deps: { notifier: Notifier }) {
    this.#db = db;
    this.#notifier = deps.notifier;
  }

  /** thankHandover: a person of a completed handover thanks another of its people, once. */
  async thank(viewer: Viewer, matchId: string, input: ThanksInput | Record<string, unknown>): Promise<ThanksView> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(thanksInputSchema, input);
    const details = isUuid(matchId) ? await findMatch(this.#db, matchId) : undefined;
    const people = details === undefined ? [] : [details.request.authorId, details.offer.authorId, details.match.volunteerId];
    if (details === undefined || !people.includes(member.id)) throw new NotFoundError("No such handover of yours.");
    if (details.match.status !== "completed") throw new ConflictError("Thanks come once the handover is completed.");
    const to = await findMemberByUsername(this.#db, fields.to);
    if (to === undefined || to.id === member.id || !people.includes(to.id)) {
      throw new InvalidFieldsError({ to: "thank someone else who was part of this handover" });
    }
    // Someone who blocked the other, or was blocked, neither sends nor receives their thanks.
    if (await anyBlockAmong(this.#db, [member.id, to.id]))
      throw new InvalidFieldsError({ to: "thank someone else who was part of this handover" });
    const message = fields.message === undefined || fields.message === "" ? null : fields.message;
    const row = await inTransaction(this.#db, async (tx) => {
      const inserted = await insertThanks(tx, { matchId, fromId: member.id, toId: to.id, message });
      if (inserted === undefined) throw new ConflictError("You already thanked them for this handover.");
      await this.#notifier.notify(tx, { members: [to.id] }, { kind: "thanks_received", subjectId: matchId, url: "/thanks" }, member.id);
      return inserted;
    });
    return {
      id: row.id,
      from: member.appearInThanks ? member.username : null,
      to: to.username,
      message,
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** listThanks: members only, newest first. */
  async stream(viewer: Viewer, page = 1): Promise<ThanksView[]> {
    requireMember(viewer);
    const rows = await listThanksStream(this.#db, THANKS_PER_PAGE, (page - 1) * THANKS_PER_PAGE);
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }

  /** Opting in to (or out of) appearing by name in the thanks stream. */
  async setAppearInThanks(viewer: Viewer, appear: boolean): Promise<Member> {
    const member = requireMember(viewer);
    return (await updateMember(this.#db, member.id, { appearInThanks: appear }))!;
  }

  /** The member's own counts; there is no way to ask for someone else's. */
  async contributions(viewer: Viewer): Promise<Contributions> {
    const member = requireMember(viewer);
    return countContributions(this.#db, member.id);
  }
}
