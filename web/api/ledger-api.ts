import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ledgerEntrySchema } from "../../src/books/ledger.service.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { receiptBody, receiptHeaders } from "../receipts.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

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
    receipt: z.string().nullable().openapi({ description: "The receipt's file name (getLedgerReceipt), when one was kept" }),
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

const RECEIPT_TYPES = ["application/pdf", "image/jpeg", "image/png", "image/webp"] as const;
const binary = z.string().openapi({ type: "string", format: "binary" });

/**
 * The open books: createLedgerEntry and attachLedgerReceipt (treasurers, admins),
 * listLedgerEntries, getBudgetSummary and getLedgerReceipt (members). No edit, no delete.
 */
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

  app.openapi(
    createRoute({
      method: "post",
      path: "/ledger/{id}/receipt",
      operationId: "attachLedgerReceipt",
      summary: "Keep the receipt of an entry (treasurers and admins); a receipt is never replaced",
      description: "The body is the file itself: a PDF, or a JPEG, PNG or WebP photo, at most 5 MB. Its type is read from its bytes.",
      security: bearer,
      request: {
        params: IdParam,
        query: z.object({ fileName: z.string().max(200).optional().openapi({ description: "The name to download it by" }) }),
        body: { required: true, content: Object.fromEntries(RECEIPT_TYPES.map((type) => [type, { schema: binary }])) },
      },
      responses: { 201: json(LedgerEntrySchema, "The entry, with its receipt"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const content = new Uint8Array(await c.req.arrayBuffer());
      const entry = await services.ledger.attachReceipt(c.var.viewer, c.req.valid("param").id, {
        fileName: c.req.valid("query").fileName ?? "",
        content,
      });
      return c.json(asJson(entry), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/ledger/{id}/receipt",
      operationId: "getLedgerReceipt",
      summary: "An entry's receipt, as a download (members)",
      security: bearer,
      request: { params: IdParam },
      responses: {
        200: { description: "The file", content: Object.fromEntries(RECEIPT_TYPES.map((type) => [type, { schema: binary }])) },
        ...errors(401, 404),
      },
    }),
    async (c) => {
      const receipt = await services.ledger.receipt(c.var.viewer, c.req.valid("param").id);
      return c.body(receiptBody(receipt.content), 200, receiptHeaders(receipt));
    },
  );
}
