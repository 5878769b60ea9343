import { Hono } from "hono";
import { parseAmount } from "../../src/books/ledger.rules.ts";
import { canKeepBooks, type LedgerEntryInput } from "../../src/books/ledger.service.ts";
import { InvalidFieldsError } from "../../src/errors.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { type FormValues, fieldErrors, readForm, uploadedFile } from "../forms.ts";
import { BooksPage } from "../pages/books.tsx";
import { receiptBody, receiptHeaders } from "../receipts.ts";
import { requireAdmin, requireSignedIn } from "./auth.ts";

/** The open books for members; treasurers and admins record and correct; admins choose treasurers. */
export function booksRoutes(services: Services) {
  const app = new Hono<WebEnv>();
  const page = async (c: { var: WebEnv["Variables"] }, values: FormValues, errors: Record<string, string>) => (
    <BooksPage
      entries={await services.ledger.list(c.var.viewer)}
      summary={await services.ledger.summary(c.var.viewer)}
      keeper={canKeepBooks(c.var.viewer)}
      values={{ date: new Date().toISOString().slice(0, 10), direction: "in", ...values }}
      errors={errors}
    />
  );

  app.get("/books", requireSignedIn, async (c) => c.render(await page(c, {}, {}), { title: c.var.t("books.title") }));

  app.post("/books", requireSignedIn, async (c) => {
    const values = await readForm(c);
    const receipt = await uploadedFile(c, "receipt");
    try {
      const amountCents = parseAmount(values.amount ?? "");
      if (amountCents === null) throw new InvalidFieldsError({ amount: "use an amount such as 12.50" });
      const entry = {
        date: values.date ?? "",
        amountCents,
        direction: values.direction as LedgerEntryInput["direction"],
        category: values.category as LedgerEntryInput["category"],
        note: values.note ?? "",
      };
      await services.ledger.record(c.var.viewer, entry, receipt);
      return c.redirect("/books", 303);
    } catch (error) {
      const errors = fieldErrors(error);
      c.status(422);
      return c.render(await page(c, values, errors), { title: c.var.t("books.title") });
    }
  });

  app.post("/books/:id/reverse", requireSignedIn, async (c) => {
    await services.ledger.reverse(c.var.viewer, c.req.param("id"));
    return c.redirect("/books", 303);
  });

  app.post("/books/:id/receipt", requireSignedIn, async (c) => {
    const receipt = await uploadedFile(c, "receipt");
    try {
      if (receipt === undefined) throw new InvalidFieldsError({ receipt: "choose a file" });
      await services.ledger.attachReceipt(c.var.viewer, c.req.param("id"), receipt);
      return c.redirect("/books", 303);
    } catch (error) {
      if (!(error instanceof InvalidFieldsError)) throw error;
      c.status(422);
      return c.render(await page(c, {}, fieldErrors(error)), { title: c.var.t("books.title") });
    }
  });

  app.get("/books/:id/receipt", requireSignedIn, async (c) => {
    const receipt = await services.ledger.receipt(c.var.viewer, c.req.param("id"));
    return c.body(receiptBody(receipt.content), 200, receiptHeaders(receipt));
  });

  app.get("/books.csv", requireSignedIn, async (c) => {
    const csv = await services.ledger.csv(c.var.viewer);
    c.header("content-disposition", `attachment; filename="books-${new Date().toISOString().slice(0, 10)}.csv"`);
    return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8", "cache-control": "private, no-store" });
  });

  app.post("/members/:id/treasurer", requireAdmin, async (c) => {
    const { treasurer, until } = await readForm(c);
    services.roleTerms.checkDay(until);
    await services.ledger.setTreasurer(c.var.viewer, c.req.param("id"), treasurer === "on");
    if (treasurer === "on" && until !== undefined)
      await services.roleTerms.setTerm(c.var.viewer, c.req.param("id"), "treasurer", until || null);
    return c.redirect("/members", 303);
  });
  return app;
}
