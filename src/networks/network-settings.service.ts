import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { findNetworkSettings, saveNetworkSettings } from "../../db/queries/network-settings.ts";
import { executorFor, inTransaction } from "../../db/transaction.ts";
import { ForbiddenError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import { activeMember, isAdmin, type Viewer } from "../members/viewer.ts";
import { parseOrThrow, typedText } from "../validation.ts";

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
}

/** What the environment gives; the rest are switches an admin sets. */
export type ProfileDefaults = Pick<NetworkProfile, "handle" | "name" | "summary">;
export type SettingsInput = Omit<NetworkProfile, "handle">;

const settingsSchema = z.object({
  name: typedText({ min: 1, max: 100, minError: "is required" }),
  summary: typedText({ max: 1000, multiline: true }),
  shareMembersOnlyWithSiblings: z.boolean(),
  peerToPeerClaims: z.boolean(),
  publicSummary: z.boolean(),
});

/**
 * The network's name and summary: what an admin saved on the settings page, else what the
 * environment says (NETWORK_NAME, NETWORK_SUMMARY).
 */
export class NetworkSettingsService {
  readonly #db: Database;
  readonly #defaults: ProfileDefaults;
  readonly #log: CoordinatorLogService;
  readonly #onSharingChanged: () => Promise<void>;

  /** `onSharingChanged` re-sends members-only posts to (or withdraws them from) siblings. */
  constructor(
    db: Database,
    defaults: ProfileDefaults,
    log: CoordinatorLogService,
    onSharingChanged: () => Promise<void>,
  ) {
    this.#db = db;
    this.#defaults = defaults;
    this.#log = log;
    this.#onSharingChanged = onSharingChanged;
  }

  get handle(): string {
    return this.#defaults.handle;
  }

  async profile(): Promise<NetworkProfile> {
    // Read inside the caller's transaction, if any (PGlite has a single connection).
    const saved = await findNetworkSettings(executorFor(this.#db));
    return {
      handle: this.#defaults.handle,
      name: saved?.name ?? this.#defaults.name,
      summary: saved?.summary ?? this.#defaults.summary,
      shareMembersOnlyWithSiblings: saved?.shareMembersOnlyWithSiblings ?? false,
      peerToPeerClaims: saved?.peerToPeerClaims ?? false,
      publicSummary: saved?.publicSummary ?? false,
    };
  }

  async update(
    viewer: Viewer,
    input: SettingsInput,
  ): Promise<NetworkProfile> {
    const admin = activeMember(viewer);
    if (admin === null || !isAdmin(admin)) throw new ForbiddenError("Only admins can change the network's details.");
    const fields = parseOrThrow(settingsSchema, input);
    const before = await this.profile();
    await inTransaction(this.#db, async (tx) => {
      await saveNetworkSettings(tx, fields);
      await this.#log.record(admin, "settings_changed");
    });
    if (before.shareMembersOnlyWithSiblings !== fields.shareMembersOnlyWithSiblings) await this.#onSharingChanged();
    return this.profile();
  }
}
