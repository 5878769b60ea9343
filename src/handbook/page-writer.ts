import type { Database } from "../../db/database.ts";
import type { PageText, PageWithNames } from "../../db/queries/handbook.ts";
import { insertPage, insertRevision, updatePage } from "../../db/queries/handbook.ts";
import { ConflictError } from "../errors.ts";
import { nextRevision, staleSaveReason } from "./handbook.rules.ts";

/** Who made a revision and why: the author, the coordinator who accepted it (for a proposal), a note, a restored revision. */
export interface RevisionMeta {
  authorId: string | null;
  acceptedById?: string | null;
  note?: string | null;
  restoredFrom?: number | null;
}

/**
 * A save refused because the writer did not start from the page's current revision. It
 * carries the current text (null if there is no page), so that a form can show it beside
 * the writer's own and nothing typed is lost.
 */
export class StaleRevisionError extends ConflictError {
  override name = "StaleRevisionError";
  readonly current: (PageText & { revision: number }) | null;
  constructor(reason: string, current: (PageText & { revision: number }) | null) {
    super(`Not saved: ${reason}.`);
    this.current = current;
  }
}

/**
 * Writes the next revision of a page (or its first), inside the caller's transaction, with
 * `existing` read under a row lock (undefined if there is no page). Resolves to the revision written.
 */
export async function writeRevision(
  tx: Database,
  existing: PageWithNames | undefined,
  slug: string,
  text: PageText,
  baseRevision: number | undefined,
  meta: RevisionMeta,
  at: Date,
): Promise<number> {
  const current = existing === undefined ? null : { ...pick(existing), revision: existing.page.revision };
  const reason = staleSaveReason(current?.revision ?? null, baseRevision);
  if (reason !== null) throw new StaleRevisionError(reason, current);
  let pageId: string;
  const revision = nextRevision(current?.revision ?? null);
  if (existing === undefined) {
    const inserted = await insertPage(tx, slug, text, meta.authorId, at);
    // Someone created the same page a moment before: theirs stands.
    if (inserted === undefined) throw new StaleRevisionError("someone created this page a moment ago; reload it", null);
    pageId = inserted.id;
  } else {
    pageId = existing.page.id;
    await updatePage(tx, pageId, text, revision, meta.authorId, at);
  }
  await insertRevision(tx, {
    pageId,
    revision,
    ...text,
    authorId: meta.authorId,
    acceptedById: meta.acceptedById ?? null,
    note: meta.note ?? null,
    restoredFrom: meta.restoredFrom ?? null,
    createdAt: at,
  });
  return revision;
}

function pick({ page }: PageWithNames): PageText {
  return { title: page.title, body: page.body, visibility: page.visibility };
}
