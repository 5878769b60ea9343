import { z } from "zod";
import type { Database } from "../../db/database.ts";
import {
  claimSeeding,
  findAcceptance,
  findHandbookSettings,
  findPageBySlug,
  insertAcceptance,
  listAcceptances,
  saveHandbookSettings,
} from "../../db/queries/handbook.ts";
import type { HandoverSlugs } from "../../db/schema/handbook.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ForbiddenError, InvalidFieldsError } from "../errors.ts";
import { logger } from "../logging.ts";
import { activeMember, isAdmin, isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import { parseOrThrow } from "../validation.ts";
import { mayRead } from "./handbook.rules.ts";
import { slugSchema } from "./handbook.schema.ts";
import type { HandbookService } from "./handbook.service.ts";
import type { PageView } from "./page.view.ts";
import { writeRevision } from "./page-writer.ts";
import { seedPagesFor } from "./seed/seed-pages.ts";

const log = logger("handbook");

/** The roles a handover checklist can be linked to. */
export const HANDOVER_ROLES = ["admin", "coordinator", "treasurer"] as const;
export type HandoverRole = (typeof HANDOVER_ROLES)[number];

export interface HandbookSettings {
  /** The page a new member reads first (a handbook slug), or null for none. */
  welcomeSlug: string | null;
  /** The page of the network's agreements, which members accept once; null: nothing to accept. */
  agreementsSlug: string | null;
  /** The handover checklist of each role (a handbook slug). */
  handoverSlugs: HandoverSlugs;
}

const optionalSlug = z.union([z.literal("").transform(() => null), slugSchema, z.null()]).optional();
const settingsSchema = z.object({
  welcomeSlug: optionalSlug,
  agreementsSlug: optionalSlug,
  handoverSlugs: z.partialRecord(z.enum(HANDOVER_ROLES), optionalSlug).optional(),
});
export type HandbookSettingsInput = z.input<typeof settingsSchema>;

/** What a member reads after first signing in: the welcome, the agreements, and whether (and when) they accepted them. */
export interface Orientation {
  welcome: PageView | null;
  agreements: PageView | null;
  acceptedAt: string | null;
  /** Whether there are agreements this member has yet to accept. */
  needsAcceptance: boolean;
}

/**
 * Orientation and handing over: the welcome page and the agreements a new member reads
 * (and accepts once), the handover checklist of each role, and the starter pages a new
 * network is given once. Accepting is a nudge, never a gate: nothing else waits for it.
 */
export class OrientationService {
  readonly #db: Database;
  readonly #handbook: HandbookService;
  readonly #language: string;
  readonly #now: () => Date;

  constructor(db: Database, deps: { handbook: HandbookService; defaultLanguage: string; clock: () => Date }) {
    this.#db = db;
    this.#handbook = deps.handbook;
    this.#language = deps.defaultLanguage;
    this.#now = deps.clock;
  }

  async settings(): Promise<HandbookSettings> {
    const row = await findHandbookSettings(this.#db);
    return { welcomeSlug: row?.welcomeSlug ?? null, agreementsSlug: row?.agreementsSlug ?? null, handoverSlugs: row?.handoverSlugs ?? {} };
  }

  /** Admins choose the welcome page, the agreements page and the handover checklists; each must be a page that exists. */
  async updateSettings(viewer: Viewer, input: HandbookSettingsInput | Record<string, unknown>): Promise<HandbookSettings> {
    const admin = activeMember(viewer);
    if (admin === null || !isAdmin(admin))
      throw new ForbiddenError("Only admins choose the welcome page, the agreements and the checklists.");
    const fields = parseOrThrow(settingsSchema, input);
    const handoverSlugs = Object.fromEntries(Object.entries(fields.handoverSlugs ?? {}).filter(([, slug]) => slug != null));
    const chosen: Record<string, string | null | undefined> = {
      welcomeSlug: fields.welcomeSlug,
      agreementsSlug: fields.agreementsSlug,
      ...Object.fromEntries(Object.entries(handoverSlugs).map(([role, slug]) => [`handoverSlugs.${role}`, slug])),
    };
    const problems: Record<string, string> = {};
    for (const [field, slug] of Object.entries(chosen)) {
      const page = slug == null ? undefined : await findPageBySlug(this.#db, slug);
      if (slug != null && page === undefined) problems[field] = "there is no handbook page at this address";
      // Every member reads the welcome and the agreements: a coordinators' page would be shown to nobody.
      else if (page?.page.visibility === "coordinators" && !field.startsWith("handoverSlugs.")) {
        problems[field] = "this page is for coordinators only; make it readable by members first";
      }
    }
    if (Object.keys(problems).length > 0) throw new InvalidFieldsError(problems);
    await saveHandbookSettings(this.#db, {
      welcomeSlug: fields.welcomeSlug ?? null,
      agreementsSlug: fields.agreementsSlug ?? null,
      handoverSlugs,
    });
    return this.settings();
  }

  /** The welcome and the agreements as `viewer` may read them, and their acceptance. */
  async orientation(viewer: Viewer): Promise<Orientation> {
    const member = requireMember(viewer);
    const settings = await this.settings();
    const welcome = settings.welcomeSlug === null ? null : await this.#handbook.find(member, settings.welcomeSlug);
    const agreements = settings.agreementsSlug === null ? null : await this.#handbook.find(member, settings.agreementsSlug);
    const accepted = await findAcceptance(this.#db, member.id);
    return {
      welcome,
      agreements,
      acceptedAt: accepted?.acceptedAt.toISOString() ?? null,
      needsAcceptance: agreements !== null && accepted === undefined,
    };
  }

  /** Whether `viewer` is a member with agreements still to accept, that they can read (for the nudge on every page). */
  async needsAcceptance(viewer: Viewer): Promise<boolean> {
    const member = activeMember(viewer);
    if (member === null) return false;
    const { agreementsSlug } = await this.settings();
    if (agreementsSlug === null || (await findAcceptance(this.#db, member.id)) !== undefined) return false;
    // Asked on every page a member opens: whether they may read the page, without rendering it.
    const page = await findPageBySlug(this.#db, agreementsSlug);
    return page !== undefined && mayRead(member, page.page.visibility);
  }

  /** acceptAgreements: once, with the date and the revision read; accepting again changes nothing. */
  async accept(viewer: Viewer): Promise<Orientation> {
    const member = requireMember(viewer);
    const { agreements } = await this.orientation(member);
    if (agreements === null) throw new InvalidFieldsError({ agreements: "the network has not written its agreements yet" });
    await insertAcceptance(this.#db, member.id, agreements.revision, this.#now());
    return this.orientation(member);
  }

  /** When each of these members accepted the agreements, for coordinators (the member list). */
  async acceptances(viewer: Viewer, memberIds: readonly string[]): Promise<Map<string, Date>> {
    const member = requireMember(viewer);
    if (!isCoordinator(member)) throw new ForbiddenError("Only coordinators see who accepted the agreements.");
    return listAcceptances(this.#db, memberIds);
  }

  /** The handover checklists of the roles `viewer` holds, as pages they may read. */
  async checklistsFor(viewer: Viewer): Promise<{ role: HandoverRole; page: PageView }[]> {
    const member = activeMember(viewer);
    if (member === null) return [];
    const held = HANDOVER_ROLES.filter((role) => (role === "treasurer" ? member.treasurer : member.role === role));
    const { handoverSlugs } = await this.settings();
    const found = await Promise.all(
      held.map(async (role) => {
        const slug = handoverSlugs[role];
        const page = slug === undefined ? null : await this.#handbook.find(member, slug);
        return page === null ? [] : [{ role, page }];
      }),
    );
    return found.flat();
  }

  /**
   * Writes the starter pages once per network, in its language (on first start, and on the
   * first start of an older network after this feature came): never again, so that pages
   * the network edited or removed stay as it left them. A page whose address is taken is skipped.
   */
  async seedPages(): Promise<number> {
    const seed = seedPagesFor(this.#language);
    return inTransaction(this.#db, async (tx) => {
      const at = this.#now();
      if (!(await claimSeeding(tx, at, { welcomeSlug: seed.welcome }))) return 0;
      let written = 0;
      for (const { slug, ...text } of seed.pages) {
        if ((await findPageBySlug(tx, slug)) !== undefined) continue;
        await writeRevision(tx, undefined, slug, text, undefined, { authorId: null, note: "Starter page" }, at);
        written += 1;
      }
      log.info("Wrote {count} starter handbook pages", { count: written });
      return written;
    });
  }
}
