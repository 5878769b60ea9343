import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { findNetworkSettings, saveNetworkSettings } from "../../db/queries/network-settings.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ForbiddenError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import { activeMember, isAdmin, type Viewer } from "../members/viewer.ts";
import type { SharedState } from "../shared-state.ts";
import { parseOrThrow, typedText } from "../validation.ts";
import type { SharingSync } from "./ports.ts";

/** The network's own public description. The handle is fixed by configuration. */
export interface NetworkProfile {
  handle: string;
  name: string;
  summary: string;
  /** Members-only posts also go to sibling networks (never to other followers). */
  shareMembersOnlyWithSiblings: boolean;
  /** Members claim offers and answer requests with their own posts, without a coordinator. */
  peerToPeerClaims: boolean;
  /** Anyone may read the counts-only summary at /summary. */
  publicSummary: boolean;
  /** Members, not only coordinators, may create events. */
  membersCreateEvents: boolean;
  /** The public summary adds the books' totals in and out per month and category (no notes, no names). */
  publicBooks: boolean;
}

/** What the environment gives; the rest are switches an admin sets. */
export type ProfileDefaults = Pick<NetworkProfile, "handle" | "name" | "summary">;
export type SettingsInput = Omit<NetworkProfile, "handle" | "membersCreateEvents" | "publicBooks"> & {
  membersCreateEvents?: boolean;
  publicBooks?: boolean;
};

const settingsSchema = z.object({
  name: typedText({ min: 1, max: 100, minError: "is required" }),
  summary: typedText({ max: 1000, multiline: true }),
  shareMembersOnlyWithSiblings: z.boolean(),
  peerToPeerClaims: z.boolean(),
  publicSummary: z.boolean(),
  membersCreateEvents: z.boolean().default(false),
  publicBooks: z.boolean().default(false),
});

/** The switches until an admin saves them: nothing beyond the defaults is shared or allowed. */
const DEFAULT_SWITCHES = {
  shareMembersOnlyWithSiblings: false,
  peerToPeerClaims: false,
  publicSummary: false,
  membersCreateEvents: false,
  publicBooks: false,
};

/** Whether members-only posts go to sibling networks, as saved in `executor`'s view of the settings. */
export async function sharesMembersOnlyWithSiblings(executor: Database): Promise<boolean> {
  return (await findNetworkSettings(executor))?.shareMembersOnlyWithSiblings ?? DEFAULT_SWITCHES.shareMembersOnlyWithSiblings;
}

/**
 * The network's name and summary: what an admin saved on the settings page, else what the
 * environment says (NETWORK_NAME, NETWORK_SUMMARY).
 */
export class NetworkSettingsService {
  readonly #db: Database;
  readonly #defaults: ProfileDefaults;
  readonly #log: CoordinatorLogService;
  readonly #sharing: SharingSync;
  readonly #shared: SharedState;

  /** `sharing` re-sends members-only posts to (or withdraws them from) siblings when the setting changes. */
  constructor(deps: { db: Database; defaults: ProfileDefaults; log: CoordinatorLogService; sharing: SharingSync; shared: SharedState }) {
    this.#db = deps.db;
    this.#shared = deps.shared;
    this.#defaults = deps.defaults;
    this.#log = deps.log;
    this.#sharing = deps.sharing;
  }

  get handle(): string {
    return this.#defaults.handle;
  }

  /**
   * Inside a transaction, pass it: PGlite has one connection, and a read beside the
   * transaction would wait for it. Outside one, every page reads it: from memory while the
   * settings did not change (see SharedState).
   */
  async profile(executor: Database = this.#db): Promise<NetworkProfile> {
    const saved =
      executor === this.#db ? await this.#shared.get("settings", () => findNetworkSettings(this.#db)) : await findNetworkSettings(executor);
    return {
      handle: this.#defaults.handle,
      name: saved?.name ?? this.#defaults.name,
      summary: saved?.summary ?? this.#defaults.summary,
      shareMembersOnlyWithSiblings: saved?.shareMembersOnlyWithSiblings ?? DEFAULT_SWITCHES.shareMembersOnlyWithSiblings,
      peerToPeerClaims: saved?.peerToPeerClaims ?? DEFAULT_SWITCHES.peerToPeerClaims,
      publicSummary: saved?.publicSummary ?? DEFAULT_SWITCHES.publicSummary,
      membersCreateEvents: saved?.membersCreateEvents ?? DEFAULT_SWITCHES.membersCreateEvents,
      publicBooks: saved?.publicBooks ?? DEFAULT_SWITCHES.publicBooks,
    };
  }

  async update(viewer: Viewer, input: SettingsInput): Promise<NetworkProfile> {
    const admin = activeMember(viewer);
    if (admin === null || !isAdmin(admin)) throw new ForbiddenError("Only admins can change the network's details.");
    const fields = parseOrThrow(settingsSchema, input);
    // One transaction: the Creates or Deletes the new sharing setting causes are queued if and only if it is saved.
    return inTransaction(this.#db, async (tx) => {
      const before = await this.profile(tx);
      await saveNetworkSettings(tx, fields);
      await this.#log.record(tx, admin, "settings_changed");
      if (before.shareMembersOnlyWithSiblings !== fields.shareMembersOnlyWithSiblings) await this.#sharing.syncSharing(tx);
      return this.profile(tx);
    });
  }
}
