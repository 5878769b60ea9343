import type { Database } from "../../db/database.ts";
import { blockedEitherWay } from "../../db/queries/blocks.ts";
import type { PostFilter } from "../../db/queries/posts.ts";
import { findServiceAreaByName } from "../../db/queries/service-areas.ts";
import { activeMember, type Viewer } from "../members/viewer.ts";
import { visibleTo } from "./post.policy.ts";
import { ACTIVE_STATUSES } from "./post.schema.ts";
import type { PostQuery } from "./post.service.ts";

// Which posts a viewer's list or search may show, as a filter for the posts' queries.

/** The members in a block with the viewer, either way: their posts are not shown to the viewer (and the viewer's not to them). */
export async function blockedFor(db: Database, viewer: Viewer): Promise<Set<string>> {
  const member = activeMember(viewer);
  return new Set(member === null ? [] : await blockedEitherWay(db, member.id));
}

/** The filter for what `viewer` asked, limited to what they may see; null when nothing can match (an unknown area). */
export async function filterFor(db: Database, viewer: Viewer, query: Omit<PostQuery, "page" | "perPage">): Promise<PostFilter | null> {
  let areaId: string | undefined;
  if (query.area) {
    const area = await findServiceAreaByName(db, query.area);
    if (area === undefined) return null; // no such area: nothing is in it
    areaId = area.id;
  }
  const member = activeMember(viewer);
  const status = query.status;
  return {
    kind: query.kind,
    category: query.category,
    areaId,
    urgency: query.urgency,
    statuses: status ? [status] : ACTIVE_STATUSES,
    text: query.text?.trim() || undefined,
    visibilities: visibleTo(viewer),
    ownerId: member?.id,
    hideExpired: status === undefined || ACTIVE_STATUSES.includes(status as (typeof ACTIVE_STATUSES)[number]),
    excludeAuthors: [...(await blockedFor(db, viewer))],
  };
}
