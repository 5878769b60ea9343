import type { MonthTotals } from "../../src/books/ledger.rules.ts";
import { LEDGER_CATEGORIES } from "../../src/books/ledger.rules.ts";
import type { BudgetSummary, LedgerEntryView, PublicBooks } from "../../src/books/ledger.service.ts";
import { DataTable } from "../components/data-table.tsx";
import { ErrorSummary, Select, TextField } from "../components/fields.tsx";
import { useT, useWebContext } from "../env.ts";
import type { FormValues } from "../forms.ts";

/** The open books for members: the balance, the ledger newest first, the months, and (treasurers) the form. */
export function BooksPage({
  entries,
  summary,
  keeper,
  values,
  errors,
}: {
  entries: LedgerEntryView[];
  summary: BudgetSummary;
  keeper: boolean;
  values: FormValues;
  errors: Record<string, string>;
}) {
  const t = useT();
  const amount = useMoney(summary.currency);
  return (
    <>
      <h1>{t("books.title")}</h1>
      <p>{t("books.intro")}</p>
      <p>
        <strong>{t("books.balance", { amount: amount(summary.balanceCents) })}</strong> <a href="/books.csv">{t("books.csv")}</a>
      </p>
      <ErrorSummary errors={errors} />
      {keeper && (
        <section aria-labelledby="record-heading">
          <h2 id="record-heading">{t("books.record")}</h2>
          <form method="post" action="/books" enctype="multipart/form-data" novalidate>
            <TextField name="date" type="date" label={t("books.date")} value={values.date} error={errors.date} />
            <TextField
              name="amount"
              label={t("books.amount", { currency: summary.currency })}
              hint={t("books.amountHint")}
              value={values.amount}
              error={errors.amount ?? errors.amountCents}
              maxlength={20}
            />
            <Select
              name="direction"
              label={t("books.direction")}
              value={values.direction}
              error={errors.direction}
              options={[
                { value: "in", label: t("books.in") },
                { value: "out", label: t("books.out") },
              ]}
            />
            <Select
              name="category"
              label={t("books.category")}
              value={values.category}
              error={errors.category}
              options={LEDGER_CATEGORIES.map((c) => ({ value: c, label: t(`books.categories.${c}`) }))}
            />
            <TextField name="note" label={t("books.note")} value={values.note} error={errors.note} maxlength={500} optional />
            <ReceiptField error={errors.receipt} />
            <button type="submit">{t("books.save")}</button>
          </form>
        </section>
      )}
      <section aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">{t("books.ledger")}</h2>
        {entries.length === 0 ? (
          <p>{t("books.empty")}</p>
        ) : (
          <DataTable
            columns={[
              t("books.date"),
              t("books.category"),
              t("books.note"),
              t("books.in"),
              t("books.out"),
              t("books.balanceColumn"),
              t("books.receipt"),
            ]}
          >
            {[...entries].reverse().map((e) => (
              <tr>
                <td>{e.date}</td>
                <td>{t(`books.categories.${e.category}`)}</td>
                <td>
                  {e.note}
                  {e.reversed && ` (${t("books.corrected")})`}
                  {keeper && !e.reversed && e.reversesId === null && (
                    <form method="post" action={`/books/${e.id}/reverse`} class="inline">
                      <button type="submit" aria-label={t("books.reverseLabel", { date: e.date, amount: amount(e.amountCents) })}>
                        {t("books.reverse")}
                      </button>
                    </form>
                  )}
                </td>
                <td>{e.direction === "in" ? amount(e.amountCents) : ""}</td>
                <td>{e.direction === "out" ? amount(e.amountCents) : ""}</td>
                <td>{amount(e.balanceCents)}</td>
                <td>
                  <Receipt entry={e} keeper={keeper} label={t("books.entryLabel", { date: e.date, amount: amount(e.amountCents) })} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      {summary.months.length > 0 && <MonthTotalsTable months={summary.months} currency={summary.currency} />}
    </>
  );
}

function ReceiptField({ error, id }: { error: string | undefined; id?: string }) {
  const t = useT();
  const hint = t("books.receiptHint");
  return (
    <TextField
      name="receipt"
      id={id}
      type="file"
      accept="application/pdf,image/jpeg,image/png,image/webp"
      label={t("books.receipt")}
      hint={hint}
      error={error}
      optional
    />
  );
}

/** An entry's receipt to download, or (treasurers) a form to add the one that came later. */
function Receipt({ entry, keeper, label }: { entry: LedgerEntryView; keeper: boolean; label: string }) {
  const t = useT();
  if (entry.receipt !== null) {
    return (
      <a href={`/books/${entry.id}/receipt`} aria-label={t("books.receiptOf", { entry: label })}>
        {entry.receipt}
      </a>
    );
  }
  if (!keeper) return null;
  return (
    <details>
      <summary aria-label={t("books.addReceiptTo", { entry: label })}>{t("books.addReceipt")}</summary>
      <form method="post" action={`/books/${entry.id}/receipt`} enctype="multipart/form-data">
        <ReceiptField id={`receipt-${entry.id}`} error={undefined} />
        <button type="submit">{t("books.attach")}</button>
      </form>
    </details>
  );
}

/** Cents as the reader's language writes an amount of the network's currency. */
function useMoney(currency: string): (cents: number) => string {
  const money = new Intl.NumberFormat(useWebContext().var.language, { style: "currency", currency });
  return (cents) => money.format(cents / 100);
}

/** Money in and out per month, newest first. */
function MonthTotalsTable({ months, currency }: { months: MonthTotals[]; currency: string }) {
  const t = useT();
  const amount = useMoney(currency);
  return (
    <section aria-labelledby="months-heading">
      <h2 id="months-heading">{t("books.months")}</h2>
      <DataTable columns={[t("books.month"), t("books.in"), t("books.out")]}>
        {[...months].reverse().map((m) => (
          <tr>
            <td>{m.month}</td>
            <td>{amount(m.inCents)}</td>
            <td>{amount(m.outCents)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** The books on the public summary: totals per month and per category over the last twelve months, nothing more. */
export function PublicBooksTotals({ books }: { books: PublicBooks }) {
  const t = useT();
  const amount = useMoney(books.currency);
  const byCategory = new Map<string, { inCents: number; outCents: number }>();
  for (const month of books.months) {
    for (const [category, totals] of Object.entries(month.byCategory)) {
      const sum = byCategory.get(category) ?? { inCents: 0, outCents: 0 };
      byCategory.set(category, { inCents: sum.inCents + totals.inCents, outCents: sum.outCents + totals.outCents });
    }
  }
  return (
    <>
      <p>{t("summary.booksIntro")}</p>
      <MonthTotalsTable months={books.months} currency={books.currency} />
      <section aria-labelledby="book-categories-heading">
        <h2 id="book-categories-heading">{t("summary.booksByCategory")}</h2>
        <DataTable columns={[t("books.category"), t("books.in"), t("books.out")]}>
          {[...byCategory].map(([category, totals]) => (
            <tr>
              <td>{t(`books.categories.${category}`)}</td>
              <td>{amount(totals.inCents)}</td>
              <td>{amount(totals.outCents)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </>
  );
}
