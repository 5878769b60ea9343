import type { PostContactRow, PostWithNames } from "../../db/queries/posts.ts";
import type { Viewer } from "../members/viewer.ts";
import { canEdit, canSeePrivateDetails, isAuthor } from "./post.policy.ts";
import type { Category, PostKind, PostStatus, Urgency, Visibility } from "./post.schema.ts";

export interface ContactView {
  name: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  notes: string | null;
}

/**
 * A post as one viewer may see it. The privacy rules live here: `author` is set only for
 * an offer whose author chose to show their name; `private` (who it is from, and the
 * contact) only for coordinators and the author.
 */
export interface PostView {
  id: string;
  kind: PostKind;
  category: Category;
  title: string;
  details: string;
  quantity: number | null;
  unit: string | null;
  urgency: Urgency;
  area: string;
  /** At most a point snapped to about 1 km. */
  approxLocation: { latitude: number; longitude: number } | null;
  neededBy: string | null;
  availableUntil: string | null;
  language: string;
  visibility: Visibility;
  status: PostStatus;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  author: { displayName: string } | null;
  /** What this viewer may do with it. */
  canEdit: boolean;
  mine: boolean;
  private: {
    authorUsername: string | null;
    enteredForSomeoneElse: boolean;
    contact: ContactView | null;
  } | null;
}

export function toPostView(row: PostWithNames, viewer: Viewer, contact: PostContactRow | undefined): PostView {
  const { post } = row;
  const shownName = post.kind === "offer" && post.showAuthorName ? (row.authorDisplayName ?? row.authorUsername) : null;
  const privateDetails = canSeePrivateDetails(viewer, post);
  return {
    id: post.id,
    kind: post.kind,
    category: post.category,
    title: post.title,
    details: post.details,
    quantity: post.quantity,
    unit: post.unit,
    urgency: post.urgency,
    area: row.areaName,
    approxLocation:
      post.approxLatitude === null || post.approxLongitude === null
        ? null
        : { latitude: post.approxLatitude, longitude: post.approxLongitude },
    neededBy: post.kind === "request" ? post.untilDate : null,
    availableUntil: post.kind === "offer" ? post.untilDate : null,
    language: post.language,
    visibility: post.visibility,
    status: post.status,
    createdAt: post.createdAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
    expiresAt: post.expiresAt.toISOString(),
    author: shownName === null ? null : { displayName: shownName },
    canEdit: canEdit(viewer, post),
    mine: isAuthor(viewer, post),
    private: privateDetails
      ? {
          authorUsername: row.authorUsername,
          enteredForSomeoneElse: post.authorId === null,
          contact: toContactView(contact),
        }
      : null,
  };
}

/** A stored contact as views show it (only ever to those allowed to see it). */
export function toContactView(contact: PostContactRow | undefined): ContactView | null {
  return contact
    ? { name: contact.name, phone: contact.phone, email: contact.email, address: contact.address, notes: contact.notes }
    : null;
}
