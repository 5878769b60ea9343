import { z } from "zod";

// Mastodon's API entities as docs.joinmastodon.org defines them (4.3), strict: an unknown
// key, a wrong type or a null where Mastodon never sends one fails the check.

const id = z.string().regex(/^\d+$/, "an id is a string of digits");
const isoDate = z.iso.datetime({ offset: true });

export const Application = z.strictObject({
  id: z.string(),
  name: z.string(),
  website: z.string().nullable(),
  scopes: z.array(z.string()),
  redirect_uri: z.string(),
  redirect_uris: z.array(z.string()),
});

export const CredentialApplication = Application.extend({
  client_id: z.string(),
  client_secret: z.string(),
  client_secret_expires_at: z.number().int(),
}).strict();

export const Token = z.strictObject({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  scope: z.string(),
  created_at: z.number().int(),
});

export const MastodonError = z.object({ error: z.string(), error_description: z.string().optional() });

export { id, isoDate };

const url = z.url();

export const Account = z.strictObject({
  id,
  username: z.string(),
  acct: z.string(),
  url,
  uri: url,
  display_name: z.string(),
  note: z.string(),
  avatar: url,
  avatar_static: url,
  header: url,
  header_static: url,
  locked: z.boolean(),
  fields: z.array(z.strictObject({ name: z.string(), value: z.string(), verified_at: isoDate.nullable() })),
  emojis: z.array(z.never()),
  bot: z.boolean(),
  group: z.boolean(),
  discoverable: z.boolean().nullable(),
  indexable: z.boolean(),
  hide_collections: z.boolean().nullable(),
  noindex: z.boolean().nullable(),
  roles: z.array(z.never()),
  created_at: isoDate,
  last_status_at: z.iso.date().nullable(),
  statuses_count: z.number().int().min(0),
  followers_count: z.number().int().min(0),
  following_count: z.number().int().min(0),
});

export const CredentialAccount = Account.extend({
  source: z.strictObject({
    privacy: z.enum(["public", "unlisted", "private", "direct"]),
    sensitive: z.boolean(),
    language: z.string().nullable(),
    note: z.string(),
    fields: z.array(z.unknown()),
    follow_requests_count: z.number().int(),
    hide_collections: z.boolean().nullable(),
    discoverable: z.boolean().nullable(),
    indexable: z.boolean(),
  }),
}).strict();

const statusLimits = z.strictObject({
  max_characters: z.number().int().positive(),
  max_media_attachments: z.number().int(),
  characters_reserved_per_url: z.number().int(),
});
const mediaLimits = {
  supported_mime_types: z.array(z.string()),
  image_size_limit: z.number().int(),
  image_matrix_limit: z.number().int(),
  video_size_limit: z.number().int(),
  video_frame_rate_limit: z.number().int(),
  video_matrix_limit: z.number().int(),
};
const pollLimits = z.strictObject({
  max_options: z.number().int(),
  max_characters_per_option: z.number().int(),
  min_expiration: z.number().int(),
  max_expiration: z.number().int(),
});
const version = z.string().regex(/^4\.3\.0 \(compatible; Mycelium \d+\.\d+\.\d+\)$/);

export const InstanceV2 = z.strictObject({
  domain: z.string(),
  title: z.string(),
  version,
  source_url: url,
  description: z.string(),
  usage: z.strictObject({ users: z.strictObject({ active_month: z.number().int() }) }),
  thumbnail: z.strictObject({ url }),
  icon: z.array(z.never()),
  languages: z.array(z.string().length(2)),
  configuration: z.strictObject({
    urls: z.strictObject({
      streaming: z.string().regex(/^wss?:\/\//),
      status: z.string().nullable(),
      about: url,
      privacy_policy: url.nullable(),
      terms_of_service: url.nullable(),
    }),
    vapid: z.strictObject({ public_key: z.string() }),
    accounts: z.strictObject({ max_featured_tags: z.number().int(), max_pinned_statuses: z.number().int() }),
    statuses: statusLimits,
    media_attachments: z.strictObject({ ...mediaLimits, description_limit: z.number().int() }),
    polls: pollLimits,
    translation: z.strictObject({ enabled: z.boolean() }),
  }),
  registrations: z.strictObject({
    enabled: z.boolean(),
    approval_required: z.boolean(),
    message: z.string().nullable(),
    url: url.nullable(),
  }),
  api_versions: z.strictObject({ mastodon: z.number().int() }),
  contact: z.strictObject({ email: z.string(), account: Account.nullable() }),
  rules: z.array(z.never()),
});

export const InstanceV1 = z.strictObject({
  uri: z.string(),
  title: z.string(),
  short_description: z.string(),
  description: z.string(),
  email: z.string(),
  version,
  urls: z.strictObject({ streaming_api: z.string().regex(/^wss?:\/\//) }),
  stats: z.strictObject({ user_count: z.number().int(), status_count: z.number().int(), domain_count: z.number().int() }),
  thumbnail: url.nullable(),
  languages: z.array(z.string()),
  registrations: z.boolean(),
  approval_required: z.boolean(),
  invites_enabled: z.boolean(),
  configuration: z.strictObject({
    accounts: z.strictObject({ max_featured_tags: z.number().int() }),
    statuses: statusLimits,
    media_attachments: z.strictObject(mediaLimits),
    polls: pollLimits,
  }),
  contact_account: Account.nullable(),
  rules: z.array(z.never()),
});

export const Preferences = z.strictObject({
  "posting:default:visibility": z.enum(["public", "unlisted", "private", "direct"]),
  "posting:default:sensitive": z.boolean(),
  "posting:default:language": z.string().nullable(),
  "reading:expand:media": z.enum(["default", "show_all", "hide_all"]),
  "reading:expand:spoilers": z.boolean(),
  "reading:autoplay:gifs": z.boolean(),
});

export const Marker = z.strictObject({ last_read_id: id, version: z.number().int(), updated_at: isoDate });
export const Markers = z.strictObject({ home: Marker.optional(), notifications: Marker.optional() });

export const Status = z.strictObject({
  id,
  uri: url,
  url,
  created_at: isoDate,
  edited_at: isoDate.nullable(),
  account: Account,
  content: z.string().min(1),
  visibility: z.enum(["public", "unlisted", "private", "direct"]),
  sensitive: z.boolean(),
  spoiler_text: z.string(),
  media_attachments: z.array(z.never()),
  mentions: z.array(z.never()),
  tags: z.array(z.strictObject({ name: z.string().regex(/^[\p{Ll}\p{N}_]+$/u), url })),
  emojis: z.array(z.never()),
  reblogs_count: z.number().int(),
  favourites_count: z.number().int(),
  replies_count: z.number().int(),
  in_reply_to_id: id.nullable(),
  in_reply_to_account_id: id.nullable(),
  reblog: z.null(),
  poll: z.null(),
  card: z.null(),
  language: z.string().nullable(),
  favourited: z.boolean(),
  reblogged: z.boolean(),
  muted: z.boolean(),
  bookmarked: z.boolean(),
});

export const Relationship = z.strictObject({
  id,
  following: z.boolean(),
  showing_reblogs: z.boolean(),
  notifying: z.boolean(),
  languages: z.array(z.string()).nullable(),
  followed_by: z.boolean(),
  blocking: z.boolean(),
  blocked_by: z.boolean(),
  muting: z.boolean(),
  muting_notifications: z.boolean(),
  requested: z.boolean(),
  requested_by: z.boolean(),
  domain_blocking: z.boolean(),
  endorsed: z.boolean(),
  note: z.string(),
});
