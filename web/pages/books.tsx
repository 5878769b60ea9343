import { LEDGER_CATEGORIES } from "../../src/books/ledger.rules.ts";
import type { BudgetSummary, LedgerEntryView } from "../../src/books/ledger.service.ts";
import { DataTable } from "../components/data-table.tsx";
import { ErrorSummary, Select, TextField } from "../components/fields.tsx";
import { useFormat } from "../components/when.tsx";
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
  const language = useWebContext().var.language;
  const money = new Intl.NumberFormat(language, { style: "currency", currency: summary.currency });
  const amount = (cents: number) => money.format(cents / 100);
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
          <form method="post" action="/books" novalidate>
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
            columns={[t("books.date"), t("books.category"), t("books.note"), t("books.in"), t("books.out"), t("books.balanceColumn")]}
          >
            {[...entries].reverse().map((e) => (
              <tr>
                <td>{useFormat().day(e.date)}</td>
                <td>{t(`books.categories.${e.category}`)}</td>
                <td>
                  {e.note}
                  {e.reversed && ` (${t("books.corrected")})`}
                  {keeper && !e.reversed && e.reversesId === null && (
                    <form method="post" action={`/books/${e.id}/reverse`} class="inline">
                      <button
                        type="submit"
                        aria-label={t("books.reverseLabel", { date: useFormat().day(e.date), amount: amount(e.amountCents) })}
                      >
                        {t("books.reverse")}
                      </button>
                    </form>
                  )}
                </td>
                <td>{e.direction === "in" ? amount(e.amountCents) : ""}</td>
                <td>{e.direction === "out" ? amount(e.amountCents) : ""}</td>
                <td>{amount(e.balanceCents)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      {summary.months.length > 0 && (
        <section aria-labelledby="months-heading">
          <h2 id="months-heading">{t("books.months")}</h2>
          <DataTable columns={[t("books.month"), t("books.in"), t("books.out")]}>
            {[...summary.months].reverse().map((m) => (
              <tr>
                <td>{m.month}</td>
                <td>{amount(m.inCents)}</td>
                <td>{amount(m.outCents)}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
    </>
  );
}
