import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import type { Measurement } from "./measure.ts";

export interface DriverRun {
  driver: "pglite" | "postgres";
  /** The main run's network size; figure 7 sets other sizes beside it. */
  posts: number;
  seconds: number;
  measurements: Measurement[];
}

export interface BenchReport {
  date: string;
  quick: boolean;
  machine: { cores: number; cpu: string; memoryGb: number; node: string };
  runs: DriverRun[];
}

export function machine(): BenchReport["machine"] {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
  };
}

function formatNumber(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString("en");
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function row(m: Measurement): string {
  const cells = m.error
    ? [
        m.figure,
        m.label,
        `error: ${m.error.replaceAll("|", "\\|").replaceAll("\n", " ")}`,
        "",
        "",
        m.target?.text ?? "",
        "not measured",
        "",
      ]
    : [
        m.figure,
        m.label,
        `${formatNumber(m.value!)} ${m.unit}`,
        m.ceiling === null ? "" : `${formatNumber(m.ceiling.value)} ${m.unit} (${m.ceiling.label})`,
        m.ratio === null ? "" : `${Math.round(m.ratio * 100)}%`,
        m.target?.text ?? "",
        m.target === null || m.target.met === null ? "" : m.target.met ? "yes" : "**no**",
        m.notes ?? "",
      ];
  return `| ${cells.join(" | ")} |`;
}

const GROWTH_LABELS: Record<string, string> = {
  "reads.board.rps": "board `/`, 50 connections",
  "reads.board.p99_ms": "board `/`, p99",
  "reads.listPosts.rps": "`listPosts`, 50 connections",
  "reads.listPosts.p99_ms": "`listPosts`, p99",
  "reads.outbox.rps": "outbox first page, 50 connections",
  "reads.outbox.p99_ms": "outbox first page, p99",
  "memory.rss_idle_mb": "RSS idle",
  "matching.suggest_ms": "one request's suggestions (median)",
  "matching.full_pass_s": "full matching pass (a tenth of the posts open per kind)",
};

/**
 * Figure 7 as its own table: each growing figure (a row) at each network size (a column),
 * the main run's size among them, so a slope shows at a glance.
 */
function growthTable(run: DriverRun): string[] {
  const steps = new Map<number, Map<string, Measurement>>();
  for (const m of run.measurements) {
    const match = /^growth\.(\d+)\.(.+)$/.exec(m.id);
    if (match === null) continue;
    const posts = Number(match[1]);
    if (!steps.has(posts)) steps.set(posts, new Map());
    steps.get(posts)!.set(match[2]!, m);
  }
  if (steps.size === 0) return [];
  const ids = [...new Set([...steps.values()].flatMap((byId) => [...byId.keys()]))];
  steps.set(run.posts, new Map(run.measurements.map((m) => [m.id, m])));
  const sizes = [...steps.keys()].sort((a, b) => a - b);
  const cell = (m: Measurement | undefined) => (m === undefined ? "" : m.error ? "error" : `${formatNumber(m.value!)} ${m.unit}`);
  const label = (id: string) => GROWTH_LABELS[id] ?? id;
  return [
    "",
    "### 7. Growth: the same figures at other network sizes",
    "",
    `| Figure | ${sizes.map((n) => `${n.toLocaleString("en")} posts`).join(" | ")} |`,
    `| --- | ${sizes.map(() => "---").join(" | ")} |`,
    ...ids.map((id) => `| ${label(id)} | ${sizes.map((n) => cell(steps.get(n)!.get(id))).join(" | ")} |`),
  ];
}

export function toMarkdown(report: BenchReport): string {
  const { machine: m } = report;
  const lines = [
    `# Benchmark results${report.quick ? " (quick run: tiny sizes, not comparable)" : ""}`,
    "",
    `${report.date}, ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}.`,
    "Ratio: the share of the ceiling reached (value ÷ ceiling for a rate, ceiling ÷ value for a time or a size).",
  ];
  for (const run of report.runs) {
    lines.push(
      "",
      `## ${run.driver === "pglite" ? "PGlite (embedded)" : "PostgreSQL"} — driver \`${run.driver}\`, ${Math.round(run.seconds)} s`,
      "",
      "| Figure | Measure | Value | Ceiling | Ratio | Target | Met | Notes |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      ...run.measurements.filter((m) => !m.id.startsWith("growth.")).map(row),
      ...growthTable(run),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Writes latest.json and latest.md into `dir`; resolves to their paths. */
export function writeReport(report: BenchReport, dir: string): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, "latest.json");
  const markdown = join(dir, "latest.md");
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdown, toMarkdown(report));
  return { json, markdown };
}
