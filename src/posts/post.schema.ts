import { z } from "zod";
import { postCategory, postKind, postStatus, postUrgency, postVisibility } from "../../db/schema/index.ts";
import { typedText } from "../validation.ts";

export const POST_KINDS = postKind.enumValues;
export const CATEGORIES = postCategory.enumValues;
export const URGENCIES = postUrgency.enumValues;
export const VISIBILITIES = postVisibility.enumValues;
export const STATUSES = postStatus.enumValues;
export type PostKind = (typeof POST_KINDS)[number];
export type Category = (typeof CATEGORIES)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type PostStatus = (typeof STATUSES)[number];

/** Statuses in which a post still asks for (or offers) something. */
export const ACTIVE_STATUSES = ["open", "partially_matched"] as const satisfies readonly PostStatus[];

/** The largest quantity a post, a match or an offer of help may name (ours, or a sibling's). */
export const MAX_QUANTITY = 1_000_000;

/** A quantity as people enter it: a whole number from 1 to MAX_QUANTITY. */
export const quantitySchema = z
  .number({ error: "use a whole number" })
  .int({ error: "use a whole number" })
  .min(1, { error: "use at least 1" })
  .max(MAX_QUANTITY, { error: "is too large" });

/** A language tag as we keep it: `en`, `es`, `pt-BR`… (ours, or a sibling's). */
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;

const optionalText = (max: number, multiline = false) =>
  typedText({ max, multiline })
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

/** The shape of a day; whether it exists and lies within bounds is the domain's rule (src/dates.ts), a 422. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "use a date as YYYY-MM-DD" });

/**
 * Private contact details of the person a post is for: coordinators and the author see
 * them, and the other side of a match (and its volunteer) once the match is accepted.
 */
export const contactSchema = z.object({
  name: optionalText(120),
  phone: optionalText(40),
  email: z
    .union([z.literal(""), z.email({ error: "is not an e-mail address" })])
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional(),
  address: optionalText(300, true),
  notes: optionalText(1000, true),
});
export type ContactInput = z.infer<typeof contactSchema>;

/**
 * The fields of a post, without defaults: a change names only what it changes, so a
 * default must never fill in a field the change left out.
 */
const postFieldShape = {
  kind: z.enum(POST_KINDS, { error: `use one of ${POST_KINDS.join(", ")}` }),
  category: z.enum(CATEGORIES, { error: "choose a category from the list" }),
  title: typedText({ min: 3, max: 120, requiredError: "is required" }),
  details: typedText({ max: 4000, multiline: true }),
  quantity: quantitySchema.nullable(),
  unit: optionalText(30),
  urgency: z.enum(URGENCIES, { error: `use one of ${URGENCIES.join(", ")}` }),
  area: typedText({ min: 1, max: 80, minError: "choose a service area", requiredError: "is required" }),
  latitude: z.number().min(-90, { error: "use -90 to 90" }).max(90, { error: "use -90 to 90" }).nullable(),
  longitude: z.number().min(-180, { error: "use -180 to 180" }).max(180, { error: "use -180 to 180" }).nullable(),
  neededBy: isoDate.nullable(),
  availableUntil: isoDate.nullable(),
  language: z.string().regex(LANGUAGE_CODE, { error: "use a language code such as en or es" }),
  visibility: z.enum(VISIBILITIES, { error: `use one of ${VISIBILITIES.join(", ")}` }),
  showAuthorName: z.boolean(),
  contact: contactSchema,
};

/** A new post as an author or coordinator writes it. Shared by the web form and the API. */
export const postFieldsSchema = z.object({
  ...postFieldShape,
  details: postFieldShape.details.default(""),
  quantity: postFieldShape.quantity.optional(),
  latitude: postFieldShape.latitude.optional(),
  longitude: postFieldShape.longitude.optional(),
  neededBy: postFieldShape.neededBy.optional(),
  availableUntil: postFieldShape.availableUntil.optional(),
  urgency: postFieldShape.urgency.default("normal"),
  language: postFieldShape.language.optional(),
  visibility: postFieldShape.visibility.default("public"),
  showAuthorName: postFieldShape.showAuthorName.default(false),
  contact: postFieldShape.contact.optional(),
  /** A coordinator entering a post for someone without an account (phone or paper intake). */
  onBehalfOfSomeoneElse: z.boolean().default(false),
});
export type PostFieldsInput = z.input<typeof postFieldsSchema>;
export type PostFields = z.output<typeof postFieldsSchema>;

/**
 * A member's edit of a post: any of its fields, a new status, or a renewal. (What other servers
 * are told of it is a `PostChange`, src/posts/ports.ts.)
 */
export const postEditSchema = z
  .object(postFieldShape)
  .partial()
  .extend({
    status: z.enum(["open", "withdrawn", "fulfilled"], { error: "use open, withdrawn or fulfilled" }).optional(),
    /** Extends an open or expired post's time: "still needed". */
    renew: z.boolean().optional(),
  });
export type PostEditInput = z.input<typeof postEditSchema>;
