import type { PublicBooks } from "../../src/books/ledger.service.ts";
import type { Dashboard, PublicSummary, UnmetRequest } from "../../src/matching/dashboard.service.ts";
import { BarChart } from "../components/bar-chart.tsx";
import { DataTable } from "../components/data-table.tsx";
import { useT } from "../env.ts";
import { PublicBooksTotals } from "./books.tsx";

function CountTable({
  caption,
  column,
  rows,
}: {
  caption: string;
  column: string;
  rows: { label: string; requests: number; offers: number }[];
}) {
  const t = useT();
  return (
    <DataTable caption={caption} columns={[column, t("dashboard.requests"), t("dashboard.offers")]}>
      {rows.map((r) => (
        <tr>
          <th scope="row">{r.label}</th>
          <td>{r.requests}</td>
          <td>{r.offers}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Counts as a chart and as a table: the chart for a glance, the table for the numbers. */
function Breakdown({
  id,
  heading,
  column,
  rows,
}: {
  id: string;
  heading: string;
  column: string;
  rows: { label: string; requests: number; offers: number }[];
}) {
  const t = useT();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {rows.length === 0 ? (
        <p>{t("dashboard.nothingOpen")}</p>
      ) : (
        <>
          <BarChart title={heading} rows={rows} labels={{ requests: t("dashboard.requests"), offers: t("dashboard.offers") }} />
          <CountTable caption={heading} column={column} rows={rows} />
        </>
      )}
    </section>
  );
}

function UnmetList({ requests }: { requests: UnmetRequest[] }) {
  const t = useT();
  return (
    <ul class="posts">
      {requests.map((r) => (
        <li class="post">
          <h3>
            <a href={`/posts/${r.id}`}>{r.title}</a>
          </h3>
          <p class="meta">
            <span class={`tag urgency-${r.urgency}`}>{t(`urgency.${r.urgency}`)}</span>
            {t(`category.${r.category}`)} · {r.area} · {t("dashboard.waiting", { count: r.waitingDays })}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function DashboardPage({ dashboard }: { dashboard: Dashboard }) {
  const t = useT();
  const median = (m: { medianHours: number | null; matched: number }) =>
    m.medianHours === null ? t("dashboard.noMatches") : t("dashboard.median", { hours: m.medianHours, count: m.matched });
  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      <dl class="details">
        <dt>{t("dashboard.timeToMatch7")}</dt>
        <dd>{median(dashboard.timeToMatch.days7)}</dd>
        <dt>{t("dashboard.timeToMatch30")}</dt>
        <dd>{median(dashboard.timeToMatch.days30)}</dd>
      </dl>
      <section aria-labelledby="gaps-heading">
        <h2 id="gaps-heading">{t("dashboard.gaps", { count: dashboard.gaps.total })}</h2>
        <p class="hint">{t("dashboard.gapsHint")}</p>
        {dashboard.gaps.total === 0 ? <p>{t("dashboard.noGaps")}</p> : <UnmetList requests={dashboard.gaps.requests} />}
      </section>
      <section aria-labelledby="oldest-heading">
        <h2 id="oldest-heading">{t("dashboard.oldest")}</h2>
        {dashboard.oldestUnmet.length === 0 ? <p>{t("dashboard.nothingOpen")}</p> : <UnmetList requests={dashboard.oldestUnmet} />}
      </section>
      <Breakdown
        id="by-category"
        heading={t("dashboard.byCategory")}
        column={t("field.category")}
        rows={dashboard.byCategory.map((r) => ({ label: t(`category.${r.category}`), requests: r.requests, offers: r.offers }))}
      />
      <Breakdown
        id="by-area"
        heading={t("dashboard.byArea")}
        column={t("field.area")}
        rows={dashboard.byArea.map((r) => ({ label: r.area, requests: r.requests, offers: r.offers }))}
      />
    </>
  );
}

/** The public summary: counts only. */
export function SummaryPage({ summary, books }: { summary: PublicSummary; books: PublicBooks | null }) {
  const t = useT();
  return (
    <>
      <h1>{t("summary.title")}</h1>
      <p>{t("summary.intro")}</p>
      <dl class="details">
        <dt>{t("summary.openRequests")}</dt>
        <dd>{summary.open.requests}</dd>
        <dt>{t("summary.openOffers")}</dt>
        <dd>{summary.open.offers}</dd>
        <dt>{t("summary.completed")}</dt>
        <dd>{summary.completedLast30Days}</dd>
      </dl>
      <Breakdown
        id="by-category"
        heading={t("dashboard.byCategory")}
        column={t("field.category")}
        rows={summary.byCategory.map((r) => ({ label: t(`category.${r.category}`), requests: r.requests, offers: r.offers }))}
      />
      {books !== null && <PublicBooksTotals books={books} />}
    </>
  );
}
