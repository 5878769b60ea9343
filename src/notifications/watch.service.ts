import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { findServiceAreaByName } from "../../db/queries/service-areas.ts";
import { deleteWatchOf, insertWatch, listWatchesOf } from "../../db/queries/watches.ts";
import { InvalidFieldsError, NotFoundError } from "../errors.ts";
import { requireMember, type Viewer } from "../members/viewer.ts";
import { CATEGORIES, POST_KINDS } from "../posts/post.schema.ts";
import { isUuid, parseOrThrow } from "../validation.ts";

export const createWatchSchema = z
  .object({
    kind: z.enum(POST_KINDS, { error: `use one of ${POST_KINDS.join(", ")}` }).optional(),
    category: z.enum(CATEGORIES, { error: "choose a category from the list" }).optional(),
    area: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((w) => w.kind !== undefined || w.category !== undefined || w.area !== undefined, {
    error: "name at least one of kind, category, area",
  });

export interface WatchView {
  id: string;
  kind: string | null;
  category: string | null;
  area: string | null;
  createdAt: string;
}

const MAX_WATCHES = 50;

/** Watches: a member is told of new posts they may see that match one ("any request for transport"). */
export class WatchService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async create(viewer: Viewer, input: unknown): Promise<WatchView> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(createWatchSchema, input);
    const area = fields.area === undefined ? undefined : await findServiceAreaByName(this.#db, fields.area);
    if (fields.area !== undefined && area === undefined)
      throw new InvalidFieldsError({ area: `there is no service area called "${fields.area}"` });
    if ((await listWatchesOf(this.#db, member.id)).length >= MAX_WATCHES)
      throw new InvalidFieldsError({ body: `keep at most ${MAX_WATCHES} watches` });
    const row = await insertWatch(this.#db, {
      memberId: member.id,
      kind: fields.kind ?? null,
      category: fields.category ?? null,
      areaId: area?.id ?? null,
    });
    return { id: row.id, kind: row.kind, category: row.category, area: area?.name ?? null, createdAt: row.createdAt.toISOString() };
  }

  async list(viewer: Viewer): Promise<WatchView[]> {
    const member = requireMember(viewer);
    return (await listWatchesOf(this.#db, member.id)).map((w) => ({ ...w, createdAt: w.createdAt.toISOString() }));
  }

  async delete(viewer: Viewer, id: string): Promise<void> {
    const member = requireMember(viewer);
    if (!isUuid(id) || !(await deleteWatchOf(this.#db, member.id, id))) throw new NotFoundError("No such watch.");
  }
}
