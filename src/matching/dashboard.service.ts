import type { Database } from "../../db/database.ts";
import {
  countCompletedMatches,
  countOpenByArea,
  countOpenByCategory,
  listUnmetRequests,
  medianHoursToMatch,
  type CountRow,
  type UnmetRow,
} from "../../db/queries/dashboard.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { isCoordinator, type Viewer } from "../members/viewer.ts";
import type { NetworkSettingsService } from "../networks/network-settings.service.ts";
import type { Category, Urgency } from "../posts/post.schema.ts";

export interface OpenCount {
  requests: number;
  offers: number;
}

export interface UnmetRequest {
  id: string;
  title: string;
  category: Category;
  urgency: Urgency;
  area: string;
  createdAt: string;
  waitingDays: number;
}

/** The resource picture for coordinators. */
export interface Dashboard {
  byCategory: (OpenCount & { category: Category })[];
  byArea: (OpenCount & { area: string })[];
  /** Open requests for which no open offer of their category exists, most urgent and oldest first. */
  gaps: { total: number; requests: UnmetRequest[] };
  oldestUnmet: UnmetRequest[];
  /** Median hours from a request being posted to its first match, over requests first matched in the period. */
  timeToMatch: { days7: { medianHours: number | null; matched: number }; days30: { medianHours: number | null; matched: number } };
}

/** What anyone may read when an admin switches it on: counts, no titles, no places, no people. */
export interface PublicSummary {
  byCategory: (OpenCount & { category: Category })[];
  open: OpenCount;
  completedLast30Days: number;
}

const LISTED = 20;

export class DashboardService {
  readonly #db: Database;
  readonly #settings: NetworkSettingsService;

  constructor(db: Database, settings: NetworkSettingsService) {
    this.#db = db;
    this.#settings = settings;
  }

  async get(viewer: Viewer): Promise<Dashboard> {
    if (!isCoordinator(viewer)) throw new ForbiddenError("Only coordinators see the dashboard.");
    const [byCategory, byArea, gaps, oldest, days7, days30] = await Promise.all([
      countOpenByCategory(this.#db, ["public", "members", "coordinators"]),
      countOpenByArea(this.#db),
      listUnmetRequests(this.#db, { onlyGaps: true, limit: LISTED }),
      listUnmetRequests(this.#db, { onlyGaps: false, limit: 10 }),
      medianHoursToMatch(this.#db, 7),
      medianHoursToMatch(this.#db, 30),
    ]);
    return {
      byCategory: byCategory.map(categoryCount),
      byArea: byArea.map((r) => ({ area: r.key, requests: r.requests, offers: r.offers })),
      gaps: { total: gaps[0]?.total ?? 0, requests: gaps.map((row) => toUnmet(row)) },
      oldestUnmet: oldest.map((row) => toUnmet(row)),
      timeToMatch: {
        days7: { medianHours: toTenthOfAnHour(days7.hours), matched: days7.matched },
        days30: { medianHours: toTenthOfAnHour(days30.hours), matched: days30.matched },
      },
    };
  }

  /**
   * Counts of open posts the public or members may see (coordinators-only posts are left
   * out, as are areas: a small area and a category together could point at a person).
   */
  async publicSummary(): Promise<PublicSummary> {
    if (!(await this.#settings.profile()).publicSummary) throw new NotFoundError("This network does not publish a summary.");
    const [byCategory, completed] = await Promise.all([
      countOpenByCategory(this.#db, ["public", "members"]),
      countCompletedMatches(this.#db, 30),
    ]);
    return {
      byCategory: byCategory.map(categoryCount),
      open: openTotals(byCategory),
      completedLast30Days: completed,
    };
  }
}

function categoryCount(row: CountRow) {
  return { category: row.key as Category, requests: row.requests, offers: row.offers };
}

/** Open requests and offers over all categories. */
export function openTotals(byCategory: readonly CountRow[]): { requests: number; offers: number } {
  return byCategory.reduce((sum, r) => ({ requests: sum.requests + r.requests, offers: sum.offers + r.offers }), {
    requests: 0,
    offers: 0,
  });
}

/** An unmet request as listed, with the whole days it has waited until `now`. */
export function toUnmet(row: UnmetRow, now: number = Date.now()): UnmetRequest {
  const created = new Date(row.created_at);
  return {
    id: row.id,
    title: row.title,
    category: row.category as Category,
    urgency: row.urgency as Urgency,
    area: row.area,
    createdAt: created.toISOString(),
    waitingDays: Math.floor((now - created.getTime()) / 86_400_000),
  };
}

/** Hours shown to a tenth; none stays none. */
export function toTenthOfAnHour(hours: number | null): number | null {
  return hours === null ? null : Math.round(hours * 10) / 10;
}
