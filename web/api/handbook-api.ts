import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { PAGE_VISIBILITIES } from "../../src/handbook/handbook.rules.ts";
import { proposeEditSchema, restoreSchema, savePageSchema } from "../../src/handbook/handbook.schema.ts";
import { HANDOVER_ROLES } from "../../src/handbook/orientation.service.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const SlugParam = z.object({
  slug: z
    .string()
    .max(200)
    .openapi({ param: { name: "slug", in: "path" } }),
});
const RevisionParams = SlugParam.extend({
  revision: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "revision", in: "path" } }),
});

const PageSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  visibility: z.enum(PAGE_VISIBILITIES),
  revision: z.number().int().openapi({ description: "Grows by one per save" }),
  updatedAt: z.string(),
  updatedBy: z.string().nullable().openapi({ description: "The username of whoever saved the newest revision" }),
});

const PageSchema = PageSummarySchema.extend({
  body: z.string().openapi({ description: "The page's Markdown" }),
  html: z.string().openapi({ description: "The Markdown rendered and sanitised" }),
  toc: z.array(z.object({ level: z.number().int(), id: z.string(), text: z.string() })).openapi({ description: "Headings, with anchors" }),
  canEdit: z.boolean(),
  canPropose: z.boolean().openapi({ description: "Whether the caller may propose an edit (members who cannot edit)" }),
}).openapi("HandbookPage");

const RevisionSummarySchema = z.object({
  revision: z.number().int(),
  title: z.string(),
  visibility: z.enum(PAGE_VISIBILITIES),
  author: z.string().nullable(),
  acceptedBy: z.string().nullable().openapi({ description: "The coordinator who accepted it, for a proposed edit" }),
  note: z.string().nullable(),
  restoredFrom: z.number().int().nullable(),
  createdAt: z.string(),
  readable: z.boolean().openapi({ description: "Whether the caller may read this revision's text" }),
});

const DiffLineSchema = z.object({ change: z.enum(["same", "added", "removed"]), text: z.string() });

const ProposalSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    pageTitle: z.string(),
    status: z.enum(["open", "accepted", "declined"]),
    proposer: z.string().nullable(),
    baseRevision: z.number().int(),
    stale: z.boolean().openapi({ description: "The page moved on since: it can only be declined (or copied by hand)" }),
    title: z.string(),
    body: z.string(),
    note: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    revision: z.number().int().nullable().openapi({ description: "The revision an accepted proposal became" }),
    createdAt: z.string(),
  })
  .openapi("HandbookProposal");

const slugOrNull = z.string().nullable();
const HandbookSettingsSchema = z.object({
  welcomeSlug: slugOrNull,
  agreementsSlug: slugOrNull,
  handoverSlugs: z.partialRecord(z.enum(HANDOVER_ROLES), z.string()),
});

const OrientationSchema = z.object({
  welcome: PageSchema.nullable(),
  agreements: PageSchema.nullable(),
  acceptedAt: z.string().nullable(),
  needsAcceptance: z.boolean(),
});

/** The handbook: pages, revisions, proposed edits, and orientation. */
export function registerHandbookOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  const { handbook, handbookProposals: proposals, orientation } = services;
  const route = <R extends Parameters<typeof createRoute>[0]>(config: R) => createRoute({ security: bearer, ...config });

  app.openapi(
    route({
      method: "get",
      path: "/handbook",
      operationId: "listPages",
      summary: "The handbook pages the caller may read, by title; `q` keeps those holding every word (titles first)",
      request: { query: z.object({ q: z.string().max(500).optional() }) },
      responses: { 200: json(z.array(PageSummarySchema), "Pages"), ...errors(400) },
    }),
    async (c) => c.json(await handbook.list(c.var.viewer, c.req.valid("query").q), 200),
  );

  app.openapi(
    route({
      method: "post",
      path: "/handbook",
      operationId: "savePage",
      summary:
        "Write a page (coordinators): a new one without baseRevision, or the next revision from baseRevision. " +
        "A stale or missing baseRevision for a page that exists answers 409",
      request: { body: { required: true, content: { "application/json": { schema: savePageSchema } } } },
      responses: {
        200: json(PageSchema, "The page, at its new revision"),
        201: json(PageSchema, "The new page"),
        ...errors(400, 401, 403, 409, 422),
      },
    }),
    async (c) => {
      const page = await handbook.save(c.var.viewer, c.req.valid("json"));
      return c.json(page, page.revision === 1 ? 201 : 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/handbook/proposals",
      operationId: "listPageProposals",
      summary: "Coordinators: the open proposed edits (of one page with `slug`); members: their own",
      request: { query: z.object({ slug: z.string().max(200).optional() }) },
      responses: { 200: json(z.array(ProposalSchema), "Proposed edits"), ...errors(400, 401, 404) },
    }),
    async (c) => c.json(await proposals.list(c.var.viewer, c.req.valid("query").slug), 200),
  );

  app.openapi(
    route({
      method: "get",
      path: "/handbook/proposals/{id}",
      operationId: "getPageProposal",
      summary: "One proposed edit (coordinators, and the member who proposed it)",
      request: { params: IdParam },
      responses: { 200: json(ProposalSchema, "The proposed edit"), ...errors(401, 404) },
    }),
    async (c) => c.json(await proposals.get(c.var.viewer, c.req.valid("param").id), 200),
  );

  for (const decision of ["accept", "decline"] as const) {
    app.openapi(
      route({
        method: "post",
        path: `/handbook/proposals/{id}/${decision}`,
        operationId: decision === "accept" ? "acceptPageProposal" : "declinePageProposal",
        summary:
          decision === "accept"
            ? "Coordinators: the proposed edit becomes the page's next revision (by the proposer); 409 if the page moved on"
            : "Coordinators: decline the proposed edit; the proposer is told",
        request: { params: IdParam },
        responses: { 200: json(ProposalSchema, "The proposed edit, decided"), ...errors(401, 403, 404, 409) },
      }),
      async (c) => c.json(await proposals[decision](c.var.viewer, c.req.valid("param").id), 200),
    );
  }

  app.openapi(
    route({
      method: "get",
      path: "/handbook/settings",
      operationId: "getHandbookSettings",
      summary: "The welcome page, the agreements page and the handover checklist of each role (handbook slugs)",
      responses: { 200: json(HandbookSettingsSchema, "The settings") },
    }),
    async (c) => c.json(await orientation.settings(), 200),
  );

  app.openapi(
    route({
      method: "put",
      path: "/handbook/settings",
      operationId: "updateHandbookSettings",
      summary: "Admins choose the welcome page, the agreements page and the handover checklists (each an existing page, or null)",
      request: { body: { required: true, content: { "application/json": { schema: HandbookSettingsSchema.partial() } } } },
      responses: { 200: json(HandbookSettingsSchema, "The settings"), ...errors(400, 401, 403, 422) },
    }),
    async (c) => c.json(await orientation.updateSettings(c.var.viewer, c.req.valid("json")), 200),
  );

  app.openapi(
    route({
      method: "get",
      path: "/handbook/{slug}",
      operationId: "getPage",
      summary: "One page, with its sanitised HTML and table of contents; 404 to anyone it is not written for",
      request: { params: SlugParam },
      responses: { 200: json(PageSchema, "The page"), ...errors(404) },
    }),
    async (c) => c.json(await handbook.get(c.var.viewer, c.req.valid("param").slug), 200),
  );

  app.openapi(
    route({
      method: "get",
      path: "/handbook/{slug}/revisions",
      operationId: "listPageRevisions",
      summary: "A page's history, newest first: who, when, a note",
      request: { params: SlugParam },
      responses: { 200: json(z.array(RevisionSummarySchema), "Revisions"), ...errors(404) },
    }),
    async (c) => c.json(await handbook.revisions(c.var.viewer, c.req.valid("param").slug), 200),
  );

  app.openapi(
    route({
      method: "get",
      path: "/handbook/{slug}/revisions/{revision}",
      operationId: "getPageRevision",
      summary: "One revision's text, if it was written for the caller",
      request: { params: RevisionParams },
      responses: { 200: json(RevisionSummarySchema.extend({ body: z.string(), html: z.string() }), "The revision"), ...errors(400, 404) },
    }),
    async (c) => {
      const { slug, revision } = c.req.valid("param");
      return c.json(await handbook.revision(c.var.viewer, slug, revision), 200);
    },
  );

  app.openapi(
    route({
      method: "post",
      path: "/handbook/{slug}/revisions/{revision}/restore",
      operationId: "restorePageRevision",
      summary: "Coordinators: an old revision becomes the page's next revision (a restore is a save)",
      request: { params: RevisionParams, body: { required: false, content: { "application/json": { schema: restoreSchema } } } },
      responses: { 200: json(PageSchema, "The page, at its new revision"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { slug, revision } = c.req.valid("param");
      return c.json(await handbook.restore(c.var.viewer, slug, revision, c.req.valid("json") ?? {}), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/handbook/{slug}/diff",
      operationId: "getPageDiff",
      summary: "The difference between two revisions of a page, line by line",
      request: {
        params: SlugParam,
        query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
      },
      responses: {
        200: json(
          z.object({
            from: RevisionSummarySchema,
            to: RevisionSummarySchema,
            title: z.array(DiffLineSchema).nullable(),
            lines: z.array(DiffLineSchema),
          }),
          "The difference",
        ),
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const { from, to } = c.req.valid("query");
      return c.json(await handbook.diff(c.var.viewer, c.req.valid("param").slug, from, to), 200);
    },
  );

  app.openapi(
    route({
      method: "post",
      path: "/handbook/{slug}/proposals",
      operationId: "proposePageEdit",
      summary: "Members propose a new title and text for a page they can read, from the revision they read; coordinators are told",
      request: { params: SlugParam, body: { required: true, content: { "application/json": { schema: proposeEditSchema } } } },
      responses: { 201: json(ProposalSchema, "The proposed edit"), ...errors(400, 401, 404, 409, 422) },
    }),
    async (c) => c.json(await proposals.propose(c.var.viewer, c.req.valid("param").slug, c.req.valid("json")), 201),
  );

  app.openapi(
    route({
      method: "get",
      path: "/me/orientation",
      operationId: "getOrientation",
      summary: "The network's welcome page and agreements as the caller may read them, and when they accepted the agreements",
      responses: { 200: json(OrientationSchema, "Orientation"), ...errors(401) },
    }),
    async (c) => c.json(await orientation.orientation(c.var.viewer), 200),
  );

  app.openapi(
    route({
      method: "post",
      path: "/me/agreements",
      operationId: "acceptAgreements",
      summary: "Accept the network's agreements (once; the date is recorded)",
      responses: { 200: json(OrientationSchema, "Orientation"), ...errors(401, 422) },
    }),
    async (c) => c.json(await orientation.accept(c.var.viewer), 200),
  );
}
