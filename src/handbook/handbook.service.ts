import type { Database } from "../../db/database.ts";
import { findPageBySlug, findRevision, listPageRows, listRevisionRows, type PageWithNames } from "../../db/queries/handbook.ts";
import { convenesAnyGroup } from "../../db/queries/working-groups.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import { activeMember, isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import { parseOrThrow } from "../validation.ts";
import { mayEdit, mayRead, readableVisibilities } from "./handbook.rules.ts";
import { type RestoreInput, restoreSchema, type SavePageInput, savePageSchema, searchTerms, slugSchema } from "./handbook.schema.ts";
import {
  type PageSummary,
  type PageView,
  type RevisionSummary,
  type RevisionView,
  toPageView,
  toRevisionSummary,
  toRevisionView,
  toSummary,
} from "./page.view.ts";
import { type DiffLine, diffText } from "./page-diff.ts";
import { writeRevision } from "./page-writer.ts";

/** The difference between two revisions of a page: the title's (if it changed) and the text's, line by line. */
export interface RevisionDiff {
  from: RevisionSummary;
  to: RevisionSummary;
  title: DiffLine[] | null;
  lines: DiffLine[];
}

/**
 * The handbook: pages in Markdown that coordinators write (and members may propose edits
 * to, see ProposalService), each save kept as a revision. A page is read by those its
 * visibility names; to anyone else it does not exist (404), and neither do its revisions.
 */
export class HandbookService {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(db: Database, deps: { clock: () => Date }) {
    this.#db = db;
    this.#now = deps.clock;
  }

  /** listPages: the pages the viewer may read, by title; with `query`, only those holding every word of it. */
  async list(viewer: Viewer, query?: string): Promise<PageSummary[]> {
    const rows = await listPageRows(this.#db, readableVisibilities(viewer), searchTerms(query));
    return rows.map(toSummary);
  }

  /** getPage: the page with its sanitised HTML and table of contents. */
  async get(viewer: Viewer, slug: string): Promise<PageView> {
    return toPageView(await this.#readable(this.#db, viewer, slug), viewer, await this.mayEdit(viewer));
  }

  /** The page if it exists and the viewer may read it, else null (for the welcome and agreements, which may not be written yet). */
  async find(viewer: Viewer, slug: string): Promise<PageView | null> {
    const row = await findPageBySlug(this.#db, slug);
    return row !== undefined && mayRead(viewer, row.page.visibility) ? toPageView(row, viewer, await this.mayEdit(viewer)) : null;
  }

  /**
   * savePage: a coordinator writes a page, or its next revision from `baseRevision`. A save
   * from an older revision (or none, for a page that exists) is refused with the current text.
   */
  async save(viewer: Viewer, input: SavePageInput | Record<string, unknown>): Promise<PageView> {
    const editor = await this.#editor(viewer);
    const { slug, baseRevision, note, ...text } = parseOrThrow(savePageSchema, input);
    await inTransaction(this.#db, async (tx) => {
      const existing = await findPageBySlug(tx, slug, { lock: true });
      await writeRevision(tx, existing, slug, text, baseRevision, { authorId: editor.id, note: note || null }, this.#now());
    });
    return this.get(editor, slug);
  }

  /** listPageRevisions: the page's history, newest first. */
  async revisions(viewer: Viewer, slug: string): Promise<RevisionSummary[]> {
    const row = await this.#readable(this.#db, viewer, slug);
    return (await listRevisionRows(this.#db, row.page.id)).map((revision) => toRevisionSummary(revision, viewer));
  }

  /** getPageRevision: one revision's text, if it was written for the viewer. */
  async revision(viewer: Viewer, slug: string, revision: number): Promise<RevisionView> {
    const row = await this.#readable(this.#db, viewer, slug);
    return toRevisionView(await this.#readableRevision(this.#db, viewer, row, revision), viewer);
  }

  /** The difference from one revision to another (either way round), both readable by the viewer. */
  async diff(viewer: Viewer, slug: string, from: number, to: number): Promise<RevisionDiff> {
    const row = await this.#readable(this.#db, viewer, slug);
    const older = await this.#readableRevision(this.#db, viewer, row, from);
    const newer = await this.#readableRevision(this.#db, viewer, row, to);
    const titleChanged = older.revision.title !== newer.revision.title;
    return {
      from: toRevisionSummary(older, viewer),
      to: toRevisionSummary(newer, viewer),
      title: titleChanged ? diffText(older.revision.title, newer.revision.title) : null,
      lines: diffText(older.revision.body, newer.revision.body),
    };
  }

  /** restorePageRevision: an old revision's title, text and visibility become the page's next revision. */
  async restore(viewer: Viewer, slug: string, revision: number, input: RestoreInput | Record<string, unknown> = {}): Promise<PageView> {
    const editor = await this.#editor(viewer);
    const { baseRevision, note } = parseOrThrow(restoreSchema, input);
    await inTransaction(this.#db, async (tx) => {
      const row = await this.#readable(tx, editor, slug, { lock: true });
      const old = (await this.#readableRevision(tx, editor, row, revision)).revision;
      const text = { title: old.title, body: old.body, visibility: old.visibility };
      const meta = { authorId: editor.id, note: note || `Restored revision ${revision}`, restoredFrom: revision };
      await writeRevision(tx, row, slug, text, baseRevision ?? row.page.revision, meta, this.#now());
    });
    return this.get(editor, slug);
  }

  /** Coordinators, admins and the convenors of working groups write pages. */
  async mayEdit(viewer: Viewer): Promise<boolean> {
    const member = activeMember(viewer);
    return member !== null && mayEdit(member, !isCoordinator(member) && (await convenesAnyGroup(this.#db, member.id)));
  }

  async #editor(viewer: Viewer) {
    const member = requireMember(viewer);
    if (!(await this.mayEdit(member))) {
      throw new ForbiddenError("Only coordinators and convenors write handbook pages; members may propose edits.");
    }
    return member;
  }

  async #readable(db: Database, viewer: Viewer, slug: string, options: { lock?: boolean } = {}): Promise<PageWithNames> {
    const parsed = slugSchema.safeParse(slug);
    const row = parsed.success ? await findPageBySlug(db, parsed.data, options) : undefined;
    if (row === undefined || !mayRead(viewer, row.page.visibility)) throw new NotFoundError("No such page in the handbook.");
    return row;
  }

  async #readableRevision(db: Database, viewer: Viewer, row: PageWithNames, revision: number) {
    if (!Number.isInteger(revision) || revision < 1) throw new InvalidFieldsError({ revision: "use a revision number" });
    const found = await findRevision(db, row.page.id, revision);
    if (found === undefined || !mayRead(viewer, found.revision.visibility)) throw new NotFoundError("No such revision of this page.");
    return found;
  }
}
