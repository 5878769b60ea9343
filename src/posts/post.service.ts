import type { Database } from "../../db/database.ts";
import {
  deletePostRow,
  expireDuePosts,
  findPost,
  findPostContacts,
  findPostsByIds,
  insertPost,
  listAllPosts,
  listPosts,
  listPostsPage,
  type NewPostRow,
  type PostFilter,
  type PostRow,
  type PostWithNames,
  savePostContact,
  updatePostRow,
} from "../../db/queries/posts.ts";
import { findServiceAreaByName } from "../../db/queries/service-areas.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { RateLimit, RateLimiter } from "../limits/rate-limiter.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import { activeMember, isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import type { Notifier } from "../notifications/ports.ts";
import { requireUnrestricted } from "../safety/restrictions.ts";
import type { SharedState } from "../shared-state.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import { tellAboutNewPost } from "./new-post-notices.ts";
import { canEdit, canSeePrivateDetails, canView } from "./post.policy.ts";
import { checkDates, contactRow, expiryFor, snapPoint, statusChange } from "./post.rules.ts";
import {
  ACTIVE_STATUSES,
  type Category,
  type PostEditInput,
  type PostFieldsInput,
  type PostKind,
  type PostStatus,
  postEditSchema,
  postFieldsSchema,
  type Urgency,
} from "./post.schema.ts";
import { type PostView, toPostView } from "./post.view.ts";
import type { PostAnnouncer } from "./post-announcer.ts";
import { PostCounts } from "./post-counts.ts";
import { blockedFor, filterFor } from "./post-filter.ts";

/** The outbox's posts: public, whatever their status. */
const PUBLIC_EVER: PostFilter = { statuses: [], visibilities: ["public"] };

export interface PostQuery {
  kind?: PostKind | undefined;
  category?: Category | undefined;
  area?: string | undefined;
  urgency?: Urgency | undefined;
  /** Defaults to the active statuses (open, partially matched). */
  status?: PostStatus | undefined;
  text?: string | undefined;
  page?: number | undefined;
  perPage?: number | undefined;
}

export interface PostPage {
  items: PostView[];
  page: number;
  perPage: number;
  total: number;
}

export class PostService {
  readonly #db: Database;
  readonly #counts: PostCounts;
  readonly #defaultLanguage: string;
  readonly #log: CoordinatorLogService;
  readonly #announcer: PostAnnouncer;
  readonly #limiter: RateLimiter;
  readonly #limit: RateLimit;
  readonly #notifier: Notifier;

  constructor(
    db: Database,
    options: {
      defaultLanguage: string;
      log: CoordinatorLogService;
      announcer: PostAnnouncer;
      limiter: RateLimiter;
      limits: { postsPerMember: RateLimit };
      notifier: Notifier;
      /** The posts' version, which counts kept in memory go by, and where a read is told when its count runs out. */
      shared: Pick<SharedState, "postsVersion" | "changesAt">;
    },
  ) {
    this.#notifier = options.notifier;
    this.#db = db;
    this.#counts = new PostCounts(db, options.shared);
    this.#defaultLanguage = options.defaultLanguage;
    this.#log = options.log;
    this.#announcer = options.announcer;
    this.#limiter = options.limiter;
    this.#limit = options.limits.postsPerMember;
  }

  /** `inside` runs in the post's transaction (the dispatcher links the conversation there). */
  async create(viewer: Viewer, input: PostFieldsInput, inside?: (tx: Database, postId: string) => Promise<void>): Promise<PostView> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(postFieldsSchema, input);
    if (fields.onBehalfOfSomeoneElse && !isCoordinator(member)) {
      throw new ForbiddenError("Only coordinators can enter a post for someone else.");
    }
    const area = await this.#areaId(fields.area);
    const untilDate = checkDates(fields.kind, fields);
    // A limit agreed in a case (src/safety) holds before the rate limit counts the attempt.
    await requireUnrestricted(this.#db, member.id, "no_posting");
    // Coordinators enter what comes in by phone, often many posts in an hour: no limit for them.
    if (!isCoordinator(member)) await this.#limiter.take(this.#limit, member.id);
    const id = await inTransaction(this.#db, async (tx) => {
      const post = await this.#insert(tx, fields, area, untilDate, {
        authorId: fields.onBehalfOfSomeoneElse ? null : member.id,
        enteredById: member.id,
      });
      if (fields.onBehalfOfSomeoneElse) {
        await this.#log.record(tx, member, "post_entered_for_someone", { postId: post.id, detail: post.kind });
      }
      await tellAboutNewPost(this.#notifier, tx, post, fields.area, member.id);
      await inside?.(tx, post.id);
      return post.id;
    });
    return this.get(viewer, id);
  }

  /**
   * A post for someone without an account who texted or wrote in (src/sms): nobody wrote
   * or entered it, the contact is their number or address, and it federates like any
   * other. `inside` runs in the same transaction (the conversation keeps its code there).
   */
  async createForIntake(input: PostFieldsInput, inside: (tx: Database, postId: string) => Promise<void>): Promise<string> {
    const fields = parseOrThrow(postFieldsSchema, input);
    const area = await this.#areaId(fields.area);
    const untilDate = checkDates(fields.kind, fields);
    return inTransaction(this.#db, async (tx) => {
      const post = await this.#insert(tx, fields, area, untilDate, { authorId: null, enteredById: null });
      await tellAboutNewPost(this.#notifier, tx, post, fields.area, null);
      await inside(tx, post.id);
      return post.id;
    });
  }

  /** Withdraws a post its person asked to cancel by SMS (CANCEL CODE); false when it is no longer active. */
  async withdrawForIntake(postId: string): Promise<boolean> {
    return inTransaction(this.#db, async (tx) => {
      const row = await findPost(tx, postId);
      if (row === undefined || !(ACTIVE_STATUSES as readonly string[]).includes(row.post.status)) return false;
      await this.#announcer.cancelMatches(tx, postId);
      await updatePostRow(tx, postId, { status: "withdrawn" });
      await this.#announcer.announce(tx, postId);
      return true;
    });
  }

  async #insert(
    tx: Database,
    fields: ReturnType<typeof postFieldsSchema.parse>,
    areaId: string,
    untilDate: string | null,
    people: { authorId: string | null; enteredById: string | null },
  ): Promise<PostRow> {
    const post = await insertPost(tx, {
      kind: fields.kind,
      category: fields.category,
      title: fields.title,
      details: fields.details,
      quantity: fields.quantity ?? null,
      unit: fields.unit ?? null,
      urgency: fields.urgency,
      areaId,
      ...snapPoint(fields.latitude, fields.longitude),
      untilDate,
      language: fields.language ?? this.#defaultLanguage,
      visibility: fields.visibility,
      ...people,
      showAuthorName: fields.kind === "offer" && fields.showAuthorName,
      expiresAt: expiryFor(untilDate),
    });
    if (fields.contact) await savePostContact(tx, contactRow(post.id, fields.contact));
    await this.#announcer.announce(tx, post.id);
    return post;
  }

  /** A post this viewer may see; a post they may not see does not exist for them. */
  async get(viewer: Viewer, id: string): Promise<PostView> {
    const row = await this.#visibleRow(viewer, id);
    return this.#view(row, viewer);
  }

  /** The posts with these ids that the viewer may see, in the order given. */
  async getMany(viewer: Viewer, ids: readonly string[]): Promise<PostView[]> {
    const rows = new Map((await findPostsByIds(this.#db, ids)).map((row) => [row.post.id, row]));
    const blocked = await blockedFor(this.#db, viewer);
    const visible = ids
      .map((id) => rows.get(id))
      .filter((row): row is PostWithNames => row !== undefined && canView(viewer, row.post) && !blocked.has(row.post.authorId ?? ""));
    return this.#views(visible, viewer);
  }

  async list(viewer: Viewer, query: PostQuery): Promise<PostPage> {
    const perPage = query.perPage ?? 20;
    const page = query.page ?? 1;
    const filter = await filterFor(this.#db, viewer, query);
    if (filter === null) return { items: [], page, perPage, total: 0 };
    const [rows, total] = await Promise.all([
      listPostsPage(this.#db, filter, { offset: (page - 1) * perPage, limit: perPage }),
      this.#counts.count(filter),
    ]);
    return { items: await this.#views(rows, viewer), page, perPage, total };
  }

  /** The viewer's own posts, of every status. */
  async listMine(viewer: Viewer, page = 1, perPage = 50): Promise<PostPage> {
    const member = requireMember(viewer);
    const filter: PostFilter = { statuses: [], visibilities: [], ownerId: member.id, authorId: member.id };
    const { rows, total } = await listPosts(this.#db, filter, { offset: (page - 1) * perPage, limit: perPage });
    return { items: await this.#views(rows, viewer), page, perPage, total };
  }

  /** Every active post the viewer may see, ordered by area (print view, CSV export). */
  async listForExport(viewer: Viewer, query: Omit<PostQuery, "page" | "perPage">): Promise<PostView[]> {
    const filter = await filterFor(this.#db, viewer, query);
    if (filter === null) return [];
    const rows = await listAllPosts(this.#db, filter);
    return this.#views(rows, viewer);
  }

  async update(viewer: Viewer, id: string, input: PostEditInput): Promise<PostView> {
    const member = requireMember(viewer);
    const row = await this.#visibleRow(member, id);
    const { post } = row;
    if (!canEdit(member, post)) throw new ForbiddenError("Only the post's author or a coordinator can change it.");
    const change = parseOrThrow(postEditSchema, input);
    const values: Partial<NewPostRow> = {};
    const kind = change.kind ?? post.kind;
    if (change.quantity !== undefined && change.quantity !== null && change.quantity < post.allocatedQuantity) {
      throw new InvalidFieldsError({ quantity: `matches already reserved ${post.allocatedQuantity}` });
    }
    // A match pairs a request with an offer of one category: it cannot turn into something else under it.
    for (const key of ["kind", "category"] as const) {
      if (post.allocatedQuantity > 0 && change[key] !== undefined && change[key] !== post[key]) {
        throw new InvalidFieldsError({ [key]: "has matches: cancel them first" });
      }
    }
    for (const key of ["kind", "category", "title", "details", "quantity", "unit", "urgency", "visibility", "language"] as const) {
      if (change[key] !== undefined) (values as Record<string, unknown>)[key] = change[key];
    }
    if (change.area !== undefined) values.areaId = await this.#areaId(change.area);
    if (change.latitude !== undefined || change.longitude !== undefined) {
      // A point is both coordinates or none: half a point would silently clear it.
      if ((change.latitude === undefined) !== (change.longitude === undefined)) {
        throw new InvalidFieldsError({
          [change.latitude === undefined ? "latitude" : "longitude"]: "send latitude and longitude together",
        });
      }
      Object.assign(values, snapPoint(change.latitude ?? null, change.longitude ?? null));
    }
    if (change.neededBy !== undefined || change.availableUntil !== undefined || change.kind !== undefined) {
      const dates = {
        neededBy: change.neededBy !== undefined ? change.neededBy : kind === "request" ? post.untilDate : null,
        availableUntil: change.availableUntil !== undefined ? change.availableUntil : kind === "offer" ? post.untilDate : null,
      };
      values.untilDate = checkDates(kind, dates);
      values.expiresAt = expiryFor(values.untilDate);
    }
    if (change.showAuthorName !== undefined || change.kind !== undefined) {
      values.showAuthorName = kind === "offer" && (change.showAuthorName ?? post.showAuthorName);
    }
    Object.assign(values, statusChange(member, post, change.status, change.renew, values.untilDate ?? post.untilDate));
    await inTransaction(this.#db, async (tx) => {
      if (values.status === "withdrawn" && post.status !== "withdrawn") await this.#announcer.cancelMatches(tx, post.id);
      await updatePostRow(tx, post.id, values);
      await this.#announcer.announce(tx, post.id);
      if (change.contact !== undefined) await savePostContact(tx, contactRow(post.id, change.contact));
      // A coordinator acting on someone else's post answers for it in the log.
      if (values.status === "fulfilled" && post.status !== "fulfilled") {
        await this.#log.record(tx, member, "post_fulfilled", { postId: post.id });
      } else if (post.authorId !== member.id) {
        const action = values.status === "withdrawn" && post.status !== "withdrawn" ? "post_withdrawn" : "post_edited";
        await this.#log.record(tx, member, action, { postId: post.id });
      }
    });
    return this.get(member, id);
  }

  /** Deletes a post for good: its author or a coordinator. Other servers are told to drop it. */
  async delete(viewer: Viewer, id: string): Promise<void> {
    const member = requireMember(viewer);
    const { post } = await this.#visibleRow(member, id);
    if (!canEdit(member, post)) throw new ForbiddenError("Only the post's author or a coordinator can delete it.");
    await inTransaction(this.#db, async (tx) => {
      await this.#announcer.cancelMatches(tx, post.id);
      await deletePostRow(tx, post.id);
      // Not the title: the log is for every member, and the post may have been private.
      if (post.authorId !== member.id) await this.#log.record(tx, member, "post_deleted", { detail: post.kind });
      await this.#announcer.gone(tx, post);
    });
  }

  /**
   * The safety team hides a post pending review: it leaves the board, the API, the feeds
   * and every other server (a Delete to whoever had it) until it is restored.
   */
  async hide(viewer: Viewer, id: string): Promise<PostView> {
    return this.#setHidden(viewer, id, true);
  }

  /** Brings a hidden post back everywhere it was, and sends it out again. */
  async restore(viewer: Viewer, id: string): Promise<PostView> {
    return this.#setHidden(viewer, id, false);
  }

  async #setHidden(viewer: Viewer, id: string, hidden: boolean): Promise<PostView> {
    if (!isCoordinator(viewer)) throw new ForbiddenError("Only the safety team (coordinators) can hide or restore a post.");
    const member = activeMember(viewer)!;
    const { post } = await this.#visibleRow(member, id);
    if ((post.hiddenAt !== null) === hidden) throw new ConflictError(hidden ? "The post is already hidden." : "The post is not hidden.");
    await inTransaction(this.#db, async (tx) => {
      await updatePostRow(tx, post.id, { hiddenAt: hidden ? new Date() : null });
      await this.#announcer.announce(tx, post.id);
      await this.#log.record(tx, member, hidden ? "post_hidden" : "post_restored", { postId: post.id });
    });
    return this.get(member, id);
  }

  /** Marks posts whose time has passed as expired (run periodically by the worker), and says so. */
  async expireDue(): Promise<number> {
    return inTransaction(this.#db, async (tx) => {
      const expired = await expireDuePosts(tx);
      for (const post of expired) await this.#announcer.announce(tx, post.id);
      return expired.length;
    });
  }

  /** A public post as anyone may see it (what federation serves), or null. */
  async getPublic(id: string): Promise<PostView | null> {
    const row = isUuid(id) ? await findPost(this.#db, id) : undefined;
    return row !== undefined && canView(null, row.post) ? toPostView(row, null, undefined) : null;
  }

  /**
   * Public posts of every status, newest first: a page of the network's outbox, and whether
   * more follow (read as one row more, which costs less than counting them all).
   */
  async listPublic(offset: number, limit: number): Promise<{ items: PostView[]; more: boolean }> {
    const rows = await listPostsPage(this.#db, PUBLIC_EVER, { offset, limit: limit + 1 }, "newest");
    return { items: rows.slice(0, limit).map((row) => toPostView(row, null, undefined)), more: rows.length > limit };
  }

  /** How many posts the outbox holds in all. */
  countPublic(): Promise<number> {
    return this.#counts.count(PUBLIC_EVER);
  }

  async #visibleRow(viewer: Viewer, id: string): Promise<PostWithNames> {
    const row = isUuid(id) ? await findPost(this.#db, id) : undefined;
    if (row === undefined || !canView(viewer, row.post) || (await blockedFor(this.#db, viewer)).has(row.post.authorId ?? "")) {
      throw new NotFoundError("No such post.");
    }
    return row;
  }

  async #view(row: PostWithNames, viewer: Viewer): Promise<PostView> {
    const [view] = await this.#views([row], viewer);
    return view!;
  }

  /** Views of several posts, with the contacts this viewer may see fetched in one query. */
  async #views(rows: PostWithNames[], viewer: Viewer): Promise<PostView[]> {
    const privateIds = rows.filter((row) => canSeePrivateDetails(viewer, row.post)).map((row) => row.post.id);
    const contacts = new Map((await findPostContacts(this.#db, privateIds)).map((c) => [c.postId, c]));
    return rows.map((row) => toPostView(row, viewer, contacts.get(row.post.id)));
  }

  async #areaId(name: string): Promise<string> {
    const area = await findServiceAreaByName(this.#db, name);
    if (area === undefined) throw new InvalidFieldsError({ area: `there is no service area called "${name}"` });
    return area.id;
  }
}
