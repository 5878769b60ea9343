import { z } from "zod";
import { typedText } from "../validation.ts";
import { MAX_SLUG, PAGE_VISIBILITIES, RESERVED_SLUGS, SLUG_PATTERN } from "./handbook.rules.ts";

export const MAX_PAGE_BODY = 100_000;
export const MAX_NOTE = 200;

export const slugSchema = z
  .string({ error: "give the page's address" })
  .trim()
  .toLowerCase()
  .min(1, { error: "give the page's address" })
  .max(MAX_SLUG, { error: `use at most ${MAX_SLUG} characters` })
  .regex(SLUG_PATTERN, { error: "use lowercase letters, digits and single hyphens, e.g. how-to-ask" })
  .refine((slug) => !RESERVED_SLUGS.includes(slug), { error: "this address is the handbook's own; choose another" });

const revisionNumber = z.number({ error: "use the revision number you started from" }).int().min(1);

/** savePage: a page's whole text; `baseRevision` is the revision the writer started from (none for a new page). */
export const savePageSchema = z.object({
  slug: slugSchema,
  title: typedText({ min: 1, max: 200, minError: "give the page a title" }),
  body: typedText({ max: MAX_PAGE_BODY, multiline: true }),
  visibility: z.enum(PAGE_VISIBILITIES, { error: `use one of: ${PAGE_VISIBILITIES.join(", ")}` }),
  baseRevision: revisionNumber.optional(),
  note: typedText({ max: MAX_NOTE }).optional(),
});
export type SavePageInput = z.input<typeof savePageSchema>;

/** proposePageEdit: the page's new title and text as a member would have it, from the revision they read. */
export const proposeEditSchema = z.object({
  title: typedText({ min: 1, max: 200, minError: "give the page a title" }),
  body: typedText({ max: MAX_PAGE_BODY, multiline: true }),
  baseRevision: revisionNumber,
  note: typedText({ max: MAX_NOTE }).optional(),
});
export type ProposeEditInput = z.input<typeof proposeEditSchema>;

/** restorePageRevision: the page's current revision as the one restoring it read it (optional), and a note. */
export const restoreSchema = z.object({ baseRevision: revisionNumber.optional(), note: typedText({ max: MAX_NOTE }).optional() });
export type RestoreInput = z.input<typeof restoreSchema>;

/** Search words: up to ten, each up to 100 characters. */
export function searchTerms(query: string | undefined): string[] {
  return (query ?? "")
    .split(/\s+/)
    .map((term) => term.slice(0, 100))
    .filter((term) => term !== "")
    .slice(0, 10);
}
