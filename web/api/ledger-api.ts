import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ledgerEntrySchema } from "../../src/books/ledger.service.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const LedgerEntrySchema = z
  .object({
    id: z.uuid(),
    date: z.string(),
    amountCents: z.number().int(),
    direction: z.enum(["in", "out"]),
    category: z.string(),
    note: z.string().nullable(),
    reversesId: z.uuid().nullable().openapi({ description: "The entry this one corrects" }),
    reversed: z.boolean().openapi({ description: "A later entry corrects this one" }),
    balanceCents: z.number().int().openapi({ description: "The balance after this entry, in the books' order" }),
    recordedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("LedgerEntry");

const MonthSchema = z.object({
  month: z.string().openapi({ example: "2026-11" }),
  inCents: z.number().int(),
  outCents: z.number().int(),
  byCategory: z.record(z.string(), z.object({ inCents: z.number().int(), outCents: z.number().int() })),
});

const BudgetSummarySchema = z
  .object({ currency: z.string(), balanceCents: z.number().int(), months: z.array(MonthSchema) })
  .openapi("BudgetSummary");

const asJson = <T extends { createdAt: Date }>(entry: T) => ({ ...entry, createdAt: entry.createdAt.toISOString() });

/** The open books: createLedgerEntry (treasurers, admins), listLedgerEntries and getBudgetSummary (members). No edit, no delete. */
export function registerLedgerOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/ledger",
      operationId: "createLedgerEntry",
      summary: "Record money in or out (treasurers and admins); with `reverses`, the correction of an earlier entry",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: ledgerEntrySchema } } } },
      responses: { 201: json(LedgerEntrySchema, "The entry, with the balance after it"), ...errors(400, 401, 403, 409, 422) },
    }),
    async (c) => c.json(asJson(await services.ledger.record(c.var.viewer, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/ledger",
      operationId: "listLedgerEntries",
      summary: "Every entry in the books' order, each with the running balance (members)",
      security: bearer,
      responses: { 200: json(z.array(LedgerEntrySchema), "The ledger"), ...errors(401) },
    }),
    async (c) => c.json((await services.ledger.list(c.var.viewer)).map(asJson), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/ledger/summary",
      operationId: "getBudgetSummary",
      summary: "The balance, and money in and out per month and per category (members)",
      security: bearer,
      responses: { 200: json(BudgetSummarySchema, "The summary"), ...errors(401) },
    }),
    async (c) => c.json(await services.ledger.summary(c.var.viewer), 200),
  );
}
