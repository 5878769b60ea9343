import type { Services } from "../../src/services.ts";
import { networkAccount } from "./entities/account.ts";

/** The network's profile and counts, and its Group account, read together for one answer. */
export async function networkFacts(services: Services, origin: URL) {
  const [profile, stats] = await Promise.all([services.settings.profile(), services.stats()]);
  const account = networkAccount(profile, origin, { statuses: stats.publicPosts, lastStatusAt: null }, NETWORK_SINCE);
  return { profile, stats, account };
}

/** Mastodon wants an account's creation date; the network's is not recorded, so a fixed one. */
const NETWORK_SINCE = new Date("2026-01-01T00:00:00Z");
