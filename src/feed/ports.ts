import type { Category, PostKind, PostStatus, Urgency } from "../posts/post.schema.ts";

/** A sibling network's post as it arrived, already read from its ActivityPub form. */
export interface RemotePostInput {
  objectIri: string;
  url: string | null;
  kind: PostKind;
  category: Category;
  title: string;
  details: string;
  quantity: number | null;
  unit: string | null;
  urgency: Urgency;
  area: string;
  approxLocation: { latitude: number; longitude: number } | null;
  untilDate: string | null;
  language: string | null;
  visibility: "public" | "members";
  status: PostStatus;
  publishedAt: Date;
  updatedAt: Date;
}
