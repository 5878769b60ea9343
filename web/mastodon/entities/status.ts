import type { NetworkProfile } from "../../../src/networks/network-settings.service.ts";
import type { Visibility } from "../../../src/posts/post.schema.ts";
import { type NoteFields, postHashtags, postNoteHtml } from "../../../src/posts/post-note.ts";
import type { SiblingNetwork, TimelineEntry } from "../../../src/timeline/timeline.service.ts";
import { translatorFor } from "../../i18n.ts";
import { type AccountJson, siblingAccount } from "./account.ts";

/** Our visibilities in Mastodon's words (posting maps them back the same way). */
export const MASTODON_VISIBILITY: Record<Visibility, "public" | "unlisted" | "private"> = {
  public: "public",
  members: "unlisted",
  coordinators: "private",
};

export interface StatusContext {
  origin: URL;
  profile: NetworkProfile;
  /** The network's Group account, built once per answer. */
  network: AccountJson;
}

/**
 * A post as a Mastodon Status (4.3): authored by the network (or, for a sibling's post, by
 * that network), its content the same plain text the federated Note carries, never who
 * asked or how to reach them. A later change shows as an edit.
 */
export function statusJson(entry: TimelineEntry, context: StatusContext) {
  if (entry.source === "local") {
    const post = entry.post;
    const url = new URL(`/posts/${post.id}`, context.origin).href;
    return status({
      id: entry.number,
      uri: new URL(`/ap/notes/${post.id}`, context.origin).href,
      url,
      account: context.network,
      fields: post,
      tagsOrigin: context.origin,
      language: post.language,
      visibility: MASTODON_VISIBILITY[post.visibility],
      createdAt: post.createdAt,
      updatedAt: post.updatedAt,
    });
  }
  const post = entry.post;
  const url = post.url ?? post.objectIri;
  return status({
    id: entry.number,
    uri: post.noteIri ?? post.objectIri,
    url,
    account: siblingAccount(entry.origin, context.origin),
    fields: {
      ...post,
      neededBy: post.kind === "request" ? post.untilDate : null,
      availableUntil: post.kind === "offer" ? post.untilDate : null,
    },
    tagsOrigin: new URL(entry.origin.iri).origin,
    language: post.language,
    visibility: post.visibility === "public" ? "public" : "unlisted",
    createdAt: post.publishedAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
  });
}

function status(s: {
  id: number;
  uri: string;
  url: string;
  account: AccountJson;
  fields: NoteFields;
  tagsOrigin: string | URL;
  language: string | null;
  visibility: "public" | "unlisted" | "private";
  createdAt: string;
  updatedAt: string;
}) {
  const tags = postHashtags(s.fields, s.tagsOrigin);
  return plainStatus({
    ...s,
    id: String(s.id),
    content: postNoteHtml(s.fields, translatorFor(s.language ?? ""), tags, s.url),
    tags: tags.map((tag) => ({ name: tag.name.toLowerCase(), url: tag.href })),
  });
}

/** The Status entity around given content; Mycelium has no media, polls, replies or boosts. */
export function plainStatus(s: {
  id: string;
  uri: string;
  url: string;
  account: AccountJson;
  content: string;
  tags: { name: string; url: string }[];
  language: string | null;
  visibility: "public" | "unlisted" | "private" | "direct";
  createdAt: string;
  updatedAt: string;
}) {
  return {
    id: s.id,
    uri: s.uri,
    url: s.url,
    created_at: s.createdAt,
    edited_at: s.updatedAt === s.createdAt ? null : s.updatedAt,
    account: s.account,
    content: s.content,
    visibility: s.visibility,
    sensitive: false,
    spoiler_text: "",
    media_attachments: [],
    mentions: [],
    tags: s.tags,
    emojis: [],
    reblogs_count: 0,
    favourites_count: 0,
    replies_count: 0,
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    reblog: null,
    poll: null,
    card: null,
    language: s.language,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
  };
}

export type StatusJson = ReturnType<typeof status>;

export type { SiblingNetwork };
