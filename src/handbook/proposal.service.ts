import type { Database } from "../../db/database.ts";
import { decideProposal, findPageBySlug, findProposal, insertProposal, listProposalRows } from "../../db/queries/handbook.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import { requireMember, type Viewer } from "../members/viewer.ts";
import type { Notice, Notifier } from "../notifications/ports.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import { mayEdit, mayPropose, mayRead } from "./handbook.rules.ts";
import { type ProposeEditInput, proposeEditSchema, slugSchema } from "./handbook.schema.ts";
import { type ProposalView, toProposalView } from "./page.view.ts";
import { writeRevision } from "./page-writer.ts";

/**
 * Proposed edits: a member proposes a new title and text for a page they can read; a
 * coordinator accepts it (it becomes the page's next revision, by the proposer, accepted by
 * the coordinator) or declines it. Coordinators are told of each proposal, the proposer of the decision.
 */
export class ProposalService {
  readonly #db: Database;
  readonly #notifier: Notifier;
  readonly #now: () => Date;

  constructor(db: Database, deps: { notifier: Notifier; clock: () => Date }) {
    this.#db = db;
    this.#notifier = deps.notifier;
    this.#now = deps.clock;
  }

  /** proposePageEdit */
  async propose(viewer: Viewer, slug: string, input: ProposeEditInput | Record<string, unknown>): Promise<ProposalView> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(proposeEditSchema, input);
    const parsed = slugSchema.safeParse(slug);
    const id = await inTransaction(this.#db, async (tx) => {
      const row = parsed.success ? await findPageBySlug(tx, parsed.data) : undefined;
      if (row === undefined || !mayRead(member, row.page.visibility)) throw new NotFoundError("No such page in the handbook.");
      if (!mayPropose(member, row.page.visibility)) throw new ForbiddenError("Sign in as a member to propose an edit.");
      if (fields.baseRevision > row.page.revision) throw new ConflictError(`This page is at revision ${row.page.revision}.`);
      const proposal = await insertProposal(tx, {
        pageId: row.page.id,
        proposerId: member.id,
        baseRevision: fields.baseRevision,
        title: fields.title,
        body: fields.body,
        note: fields.note || null,
        createdAt: this.#now(),
      });
      const notice = proposalNotice("handbook_edit_proposed", proposal.id, row.page.title);
      await this.#notifier.notify(tx, { coordinators: true }, notice, member.id);
      return proposal.id;
    });
    return this.get(member, id);
  }

  /** listPageProposals: for coordinators, the open proposals (of one page, or all); for a member, their own. */
  async list(viewer: Viewer, slug?: string): Promise<ProposalView[]> {
    const member = requireMember(viewer);
    const page = slug === undefined ? undefined : await findPageBySlug(this.#db, slug);
    if (slug !== undefined && (page === undefined || !mayRead(member, page.page.visibility))) {
      throw new NotFoundError("No such page in the handbook.");
    }
    const rows = await listProposalRows(this.#db, { pageId: page?.page.id, ...(mayEdit(member) ? {} : { proposerId: member.id }) });
    return rows.map(toProposalView);
  }

  /** One proposal: to coordinators, and to the member who made it. */
  async get(viewer: Viewer, id: string): Promise<ProposalView> {
    const member = requireMember(viewer);
    const row = isUuid(id) ? await findProposal(this.#db, id) : undefined;
    if (row === undefined || !(mayEdit(member) || row.proposal.proposerId === member.id)) throw new NotFoundError("No such proposed edit.");
    return toProposalView(row);
  }

  /** acceptPageProposal: the proposal becomes the page's next revision, if the page is still at the revision it was written from. */
  async accept(viewer: Viewer, id: string): Promise<ProposalView> {
    return this.#decide(viewer, id, "accepted");
  }

  /** declinePageProposal */
  async decline(viewer: Viewer, id: string): Promise<ProposalView> {
    return this.#decide(viewer, id, "declined");
  }

  async #decide(viewer: Viewer, id: string, status: "accepted" | "declined"): Promise<ProposalView> {
    const member = requireMember(viewer);
    if (!mayEdit(member)) throw new ForbiddenError("Only coordinators accept or decline proposed edits.");
    await inTransaction(this.#db, async (tx) => {
      const row = isUuid(id) ? await findProposal(tx, id, { lock: true }) : undefined;
      if (row === undefined) throw new NotFoundError("No such proposed edit.");
      const { proposal } = row;
      if (proposal.status !== "open") throw new ConflictError(`This proposed edit was already ${proposal.status}.`);
      const at = this.#now();
      let revision: number | null = null;
      if (status === "accepted") {
        const page = await findPageBySlug(tx, row.slug, { lock: true });
        const text = { title: proposal.title, body: proposal.body, visibility: row.visibility };
        const meta = { authorId: proposal.proposerId, acceptedById: member.id, note: proposal.note };
        revision = await writeRevision(tx, page, row.slug, text, proposal.baseRevision, meta, at);
      }
      await decideProposal(tx, id, { status, decidedById: member.id, decidedAt: at, revision });
      const notice = proposalNotice(status === "accepted" ? "handbook_edit_accepted" : "handbook_edit_declined", id, row.pageTitle);
      await this.#notifier.notify(tx, { members: [proposal.proposerId] }, { ...notice, url: `/handbook/${row.slug}` }, member.id);
    });
    return this.get(member, id);
  }
}

function proposalNotice(kind: Notice["kind"], id: string, title: string): Notice {
  return { kind, subjectId: id, url: `/handbook/proposals/${id}`, params: { title } };
}
