import type { Database } from "../../db/database.ts";
import type { PostFilter } from "../../db/queries/posts.ts";
import { listServiceAreas } from "../../db/queries/service-areas.ts";
import type { SiblingPostFilter, SiblingPostRow } from "../../db/queries/sibling-posts.ts";
import {
  findPostIdByNumber,
  findPostNumber,
  findRemoteActorByNumber,
  listNumberedPostIds,
  listNumberedSiblingPosts,
  type NumberPage,
  type RemoteActorRow,
} from "../../db/queries/timeline.ts";
import { InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, requireMember, type Viewer } from "../members/viewer.ts";
import { visibleTo } from "../posts/post.policy.ts";
import type { Visibility } from "../posts/post.schema.ts";
import { ACTIVE_STATUSES, CATEGORIES } from "../posts/post.schema.ts";
import type { PostService } from "../posts/post.service.ts";
import type { PostView } from "../posts/post.view.ts";
import { hashtagName } from "../posts/post-note.ts";
import { readStatusText } from "./status-text.ts";

export type { NumberPage };
export type SiblingNetwork = RemoteActorRow;

/**
 * One entry of a timeline as Mastodon apps page it: by number, newest first. Our own posts
 * come as their public view (what this viewer may see of them); a sibling network's with
 * the network it came from.
 */
export type TimelineEntry =
  | { source: "local"; number: number; post: PostView }
  | { source: "sibling"; number: number; post: SiblingPostRow; origin: SiblingNetwork };

/** Who an account number names: the network itself, the asking member, or a sibling network. */
export type AccountRef = { kind: "network" } | { kind: "self"; member: Member } | { kind: "sibling"; network: SiblingNetwork };

/** The network's own Group account; below the numbers rows take (db/schema/mastodon-ids.ts). */
export const NETWORK_ACCOUNT_NUMBER = 1;

/**
 * The timelines of the Mastodon client API. Which posts a viewer gets is exactly what the
 * board shows them (the same filter and the same visibility rule), so an app never shows
 * more than the web does.
 */
export class TimelineService {
  readonly #db: Database;
  readonly #posts: PostService;

  constructor(db: Database, posts: PostService) {
    this.#db = db;
    this.#posts = posts;
  }

  /** The member's network's open posts they may see, their own, and siblings' posts and forwarded needs. */
  home(viewer: Viewer, page: NumberPage): Promise<TimelineEntry[]> {
    const member = requireMember(viewer);
    return this.#merge(member, page, this.#boardFilter(member), this.#siblingFilter(member));
  }

  /** Public posts only, whoever asks. */
  publicTimeline(viewer: Viewer, page: NumberPage): Promise<TimelineEntry[]> {
    return this.#merge(viewer, page, { ...this.#boardFilter(null), ownerId: undefined }, null);
  }

  /** Posts carrying a hashtag of ours: #MutualAid, #Request/#Offer, a category or an area. */
  async tag(viewer: Viewer, tag: string, page: NumberPage): Promise<TimelineEntry[]> {
    const wanted = tag.toLowerCase();
    const local = this.#boardFilter(viewer);
    const sibling = this.#siblingFilter(viewer);
    if (wanted === "mutualaid") return this.#merge(viewer, page, local, sibling);
    if (wanted === "offer" || wanted === "request") {
      return this.#merge(viewer, page, { ...local, kind: wanted }, { ...sibling, kind: wanted });
    }
    const category = CATEGORIES.find((c) => hashtagName(c).toLowerCase() === wanted);
    if (category !== undefined) return this.#merge(viewer, page, { ...local, category }, { ...sibling, category });
    const area = (await listServiceAreas(this.#db)).find((a) => hashtagName(a.name).toLowerCase() === wanted);
    if (area !== undefined) return this.#merge(viewer, page, { ...local, areaId: area.id }, null);
    return [];
  }

  async account(viewer: Viewer, number: number): Promise<AccountRef> {
    if (number === NETWORK_ACCOUNT_NUMBER) return { kind: "network" };
    const member = activeMember(viewer);
    if (member !== null && member.mastodonId === number) return { kind: "self", member };
    const network = await findRemoteActorByNumber(this.#db, number);
    // Members have no public profile: another member's number names nothing.
    if (network === undefined || network.type !== "Group") throw new NotFoundError("Record not found");
    return { kind: "sibling", network };
  }

  /** The posts an account's page lists: the network's, the member's own, or a sibling's. */
  async accountStatuses(viewer: Viewer, account: AccountRef, page: NumberPage): Promise<TimelineEntry[]> {
    if (account.kind === "network") return this.#merge(viewer, page, this.#boardFilter(viewer), null);
    if (account.kind === "self") {
      return this.#merge(viewer, page, { statuses: [], visibilities: [], ownerId: account.member.id, authorId: account.member.id }, null);
    }
    return this.#merge(viewer, page, null, { ...this.#siblingFilter(viewer), originId: account.network.id });
  }

  /** One status by number, if this viewer may see it; otherwise it does not exist for them. */
  async status(viewer: Viewer, number: number): Promise<TimelineEntry> {
    const id = await findPostIdByNumber(this.#db, number);
    if (id !== undefined) return { source: "local", number, post: await this.#posts.get(viewer, id) };
    const [sibling] = await listNumberedSiblingPosts(this.#db, { ...this.#siblingFilter(viewer), statuses: [], number }, { limit: 1 });
    if (sibling === undefined) throw new NotFoundError("Record not found");
    return { source: "sibling", number, post: sibling.post, origin: sibling.origin };
  }

  /**
   * A post written as a status in a Mastodon app (see readStatusText). Its area is the one
   * an area hashtag names, or else the area of the member's latest post. Nothing private
   * (no contact) can come this way.
   */
  async postStatus(viewer: Viewer, input: { text: string; visibility: Visibility; language?: string | undefined }): Promise<TimelineEntry> {
    const member = requireMember(viewer);
    const areas = (await listServiceAreas(this.#db)).map((a) => a.name);
    const read = readStatusText(input.text, areas);
    const area = read.area ?? (await this.#posts.listMine(member, 1, 1)).items[0]?.area;
    if (area === undefined)
      throw new InvalidFieldsError({
        status:
          `Add an area hashtag (${areas.map((a) => `#${hashtagName(a)}`).join(", ")}): ` +
          "you have no earlier post to take the area from.",
      });
    const post = await this.#posts.create(member, {
      kind: read.kind,
      category: read.category,
      title: read.title,
      details: read.details,
      area,
      visibility: input.visibility,
      language: input.language,
    });
    return { source: "local", number: (await findPostNumber(this.#db, post.id))!, post };
  }

  #boardFilter(viewer: Viewer): PostFilter {
    return {
      statuses: ACTIVE_STATUSES,
      visibilities: visibleTo(viewer),
      ownerId: activeMember(viewer)?.id,
      hideExpired: true,
    };
  }

  #siblingFilter(viewer: Viewer): SiblingPostFilter {
    return { visibilities: activeMember(viewer) === null ? ["public"] : ["public", "members"], statuses: [...ACTIVE_STATUSES] };
  }

  /** Our posts and siblings' merged by number, one page of them, newest first. */
  async #merge(viewer: Viewer, page: NumberPage, local: PostFilter | null, sibling: SiblingPostFilter | null): Promise<TimelineEntry[]> {
    const [numbered, remote] = await Promise.all([
      local === null ? [] : listNumberedPostIds(this.#db, local, page),
      sibling === null ? [] : listNumberedSiblingPosts(this.#db, sibling, page),
    ]);
    const views = new Map(
      (
        await this.#posts.getMany(
          viewer,
          numbered.map((n) => n.id),
        )
      ).map((view) => [view.id, view]),
    );
    const entries: TimelineEntry[] = [
      ...numbered.flatMap(({ id, number }) => {
        const post = views.get(id);
        return post === undefined ? [] : [{ source: "local" as const, number, post }];
      }),
      ...remote.map(({ post, origin }) => ({ source: "sibling" as const, number: post.mastodonId, post, origin })),
    ];
    // With min_id the page is the oldest ones after it; either way it is shown newest first.
    const ascending = page.minId !== undefined;
    entries.sort((a, b) => (ascending ? a.number - b.number : b.number - a.number));
    return entries.slice(0, page.limit).sort((a, b) => b.number - a.number);
  }
}
