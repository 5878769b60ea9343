import { stringify } from "csv-stringify/sync";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { CATEGORIES, POST_KINDS, STATUSES, URGENCIES } from "../../src/posts/post.schema.ts";
import type { PostQuery } from "../../src/posts/post.service.ts";
import type { Services } from "../../src/services.ts";
import { parseOrThrow } from "../../src/validation.ts";
import type { WebEnv } from "../env.ts";
import { BoardPage } from "../pages/board.tsx";
import { PrintPage } from "../pages/print.tsx";
import { requireCoordinator } from "./auth.ts";

/** The board's filters as they come in a query string; an empty field means "any". */
export const boardQuerySchema = z.object({
  q: z.string().max(200, { error: "use at most 200 characters" }).optional(),
  kind: z.enum(POST_KINDS, { error: `use one of ${POST_KINDS.join(", ")}` }).optional(),
  category: z.enum(CATEGORIES, { error: "use a category from the list" }).optional(),
  area: z.string().max(80).optional(),
  urgency: z.enum(URGENCIES, { error: `use one of ${URGENCIES.join(", ")}` }).optional(),
  status: z.enum(STATUSES, { error: `use one of ${STATUSES.join(", ")}` }).optional(),
  page: z.coerce.number({ error: "use a page number" }).int().min(1, { error: "use 1 or more" }).max(10_000).optional(),
});

function readQuery(c: Context): PostQuery {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ""));
  const { q, page, ...rest } = parseOrThrow(boardQuerySchema, raw);
  return { ...rest, text: q, page };
}

export function boardRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  app.get("/", async (c) => {
    const query = readQuery(c);
    const [page, areas] = await Promise.all([services.posts.list(c.var.viewer, query), services.areas.list()]);
    return c.render(<BoardPage page={page} query={query} areas={areas} />, { title: c.var.t("board.title") });
  });

  app.get("/print", requireCoordinator, async (c) => {
    const posts = await services.posts.listForExport(c.var.viewer, { ...readQuery(c), kind: "request" });
    return c.render(<PrintPage posts={posts} />, { title: c.var.t("print.title") });
  });

  app.get("/exports/posts.csv", requireCoordinator, async (c) => {
    const posts = await services.posts.listForExport(c.var.viewer, readQuery(c));
    const rows = posts.map((p) => [
      p.id,
      p.kind,
      p.category,
      p.title,
      p.area,
      p.urgency,
      p.status,
      p.quantity ?? "",
      p.unit ?? "",
      p.neededBy ?? p.availableUntil ?? "",
      p.visibility,
      p.createdAt,
      new URL(`/posts/${p.id}`, c.var.origin).href,
    ]);
    const csv = stringify(
      rows.map((row) => row.map(neutraliseFormula)),
      {
        header: true,
        columns: [
          "id",
          "kind",
          "category",
          "title",
          "area",
          "urgency",
          "status",
          "quantity",
          "unit",
          "until",
          "visibility",
          "created",
          "url",
        ],
      },
    );
    c.header("content-disposition", `attachment; filename="posts-${new Date().toISOString().slice(0, 10)}.csv"`);
    return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8" });
  });

  return app;
}

/** A cell a spreadsheet would run as a formula (=, +, -, @) is prefixed so it stays text. */
function neutraliseFormula(cell: string | number): string | number {
  return typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
