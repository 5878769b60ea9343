import type { Member } from "../../../src/members/member.service.ts";
import type { NetworkProfile } from "../../../src/networks/network-settings.service.ts";
import { escapeHtml } from "../../../src/text.ts";
import { NETWORK_ACCOUNT_NUMBER, type SiblingNetwork } from "../../../src/timeline/timeline.service.ts";

/** The network's own Group account; fixed, below the numbers rows take (db/schema/mastodon-ids.ts). */
export const NETWORK_ACCOUNT_ID = String(NETWORK_ACCOUNT_NUMBER);

/** Mastodon shows an account's creation as midnight of that day. */
const day = (date: Date) => `${date.toISOString().slice(0, 10)}T00:00:00.000Z`;

function images(origin: URL) {
  const avatar = new URL("/mastodon/avatar.png", origin).href;
  return {
    avatar,
    avatar_static: avatar,
    header: new URL("/mastodon/header.png", origin).href,
    header_static: new URL("/mastodon/header.png", origin).href,
  };
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== "")
    .map((p) => `<p>${escapeHtml(p).replaceAll("\n", "<br>")}</p>`)
    .join("");
}

export interface AccountCounts {
  statuses: number;
  lastStatusAt: Date | null;
}

/** A Mastodon Account entity (4.3) with the fields every account has. */
function account(fields: {
  id: string;
  username: string;
  acct: string;
  displayName: string;
  note: string;
  url: string;
  uri: string;
  group: boolean;
  createdAt: Date;
  counts: AccountCounts;
  origin: URL;
}) {
  return {
    id: fields.id,
    username: fields.username,
    acct: fields.acct,
    url: fields.url,
    uri: fields.uri,
    display_name: fields.displayName,
    note: fields.note,
    ...images(fields.origin),
    locked: false,
    fields: [],
    emojis: [],
    bot: false,
    group: fields.group,
    discoverable: fields.group,
    indexable: false,
    hide_collections: true,
    noindex: !fields.group,
    roles: [],
    created_at: day(fields.createdAt),
    last_status_at: fields.counts.lastStatusAt === null ? null : fields.counts.lastStatusAt.toISOString().slice(0, 10),
    statuses_count: fields.counts.statuses,
    followers_count: 0,
    following_count: 0,
  };
}

export type AccountJson = ReturnType<typeof account>;

/** The network, which authors every status an app shows: a Group, as it is in ActivityPub. */
export function networkAccount(profile: NetworkProfile, origin: URL, counts: AccountCounts, createdAt: Date): AccountJson {
  return account({
    id: NETWORK_ACCOUNT_ID,
    username: profile.handle,
    acct: profile.handle,
    displayName: profile.name,
    note: paragraphs(profile.summary),
    url: new URL("/", origin).href,
    uri: new URL(`/actors/${profile.handle}`, origin).href,
    group: true,
    createdAt,
    counts,
    origin,
  });
}

/**
 * A member, as only that member sees it (verify_credentials): members have no public
 * profile, and their own posts appear under the network's name.
 */
export function memberAccount(member: Member, origin: URL, counts: AccountCounts): AccountJson {
  return account({
    id: String(member.mastodonId),
    username: member.username,
    acct: member.username,
    displayName: member.displayName ?? member.username,
    note: "",
    url: new URL("/account", origin).href,
    uri: new URL("/account", origin).href,
    group: false,
    createdAt: member.createdAt,
    counts,
    origin,
  });
}

/** verify_credentials adds what the member set for posting. */
export function credentialAccount(member: Member, origin: URL, counts: AccountCounts) {
  return {
    ...memberAccount(member, origin, counts),
    source: {
      privacy: "unlisted",
      sensitive: false,
      language: null,
      note: "",
      fields: [],
      follow_requests_count: 0,
      hide_collections: true,
      discoverable: false,
      indexable: false,
    },
  };
}

/** A sibling network, as the author of the posts it shares with us (a remote Group account). */
export function siblingAccount(network: SiblingNetwork, origin: URL): AccountJson {
  const host = new URL(network.iri).host;
  const username = network.handle?.replace(/^@/, "").split("@")[0] || host;
  return account({
    id: String(network.mastodonId),
    username,
    acct: `${username}@${host}`,
    displayName: network.name ?? username,
    note: "",
    url: network.url ?? network.iri,
    uri: network.iri,
    group: true,
    createdAt: network.updatedAt,
    counts: { statuses: 0, lastStatusAt: null },
    origin,
  });
}
