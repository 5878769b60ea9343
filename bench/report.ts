import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import type { Measurement } from "./measure.ts";

export interface DriverRun {
  driver: "pglite" | "postgres";
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
      ...run.measurements.map(row),
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
