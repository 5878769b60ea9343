import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { findNetworkSettings, saveNetworkSettings } from "../../db/queries/network-settings.ts";
import { executorFor, inTransaction } from "../../db/transaction.ts";
import { ForbiddenError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import { activeMember, isAdmin, type Viewer } from "../members/viewer.ts";
import { parseOrThrow } from "../validation.ts";

/** The network's own public description. The handle is fixed by configuration. */
export interface NetworkProfile {
  handle: string;
  name: string;
  summary: string;
  /** Members-only posts also go to sibling networks (never to other followers). */
  shareMembersOnlyWithSiblings: boolean;
}

const settingsSchema = z.object({
  name: z.string().trim().min(1, { error: "is required" }).max(100, { error: "use at most 100 characters" }),
  summary: z.string().trim().max(1000, { error: "use at most 1000 characters" }),
  shareMembersOnlyWithSiblings: z.boolean(),
});

/**
 * The network's name and summary: what an admin saved on the settings page, else what the
 * environment says (NETWORK_NAME, NETWORK_SUMMARY).
 */
export class NetworkSettingsService {
  readonly #db: Database;
  readonly #defaults: Omit<NetworkProfile, "shareMembersOnlyWithSiblings">;
  readonly #log: CoordinatorLogService;
  readonly #onSharingChanged: () => Promise<void>;

  /** `onSharingChanged` re-sends members-only posts to (or withdraws them from) siblings. */
  constructor(
    db: Database,
    defaults: Omit<NetworkProfile, "shareMembersOnlyWithSiblings">,
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
    };
  }

  async update(
    viewer: Viewer,
    input: { name: string; summary: string; shareMembersOnlyWithSiblings: boolean },
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
