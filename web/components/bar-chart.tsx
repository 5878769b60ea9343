import { escapeHtml } from "../../src/text.ts";
import { useWebContext } from "../env.ts";
import { directionOf } from "../i18n.ts";

interface ChartRow {
  label: string;
  requests: number;
  offers: number;
}

const LABEL_WIDTH = 150;
const BAR_AREA = 300;
const ROW_HEIGHT = 34;

/**
 * The chart's SVG. Right to left, it is the mirror image of left to right: labels at the right, bars growing
 * leftwards from them, numbers at the bars' ends, the legend from the right. Each x is measured from the side the
 * reading starts at, and the text's `direction` makes `text-anchor` mirror too; the text itself is never flipped.
 */
export function barChartSvg(
  rows: ChartRow[],
  labels: { requests: string; offers: string },
  direction: "ltr" | "rtl",
): { svg: string; width: number; height: number } {
  const shown = rows.slice(0, 12);
  const max = Math.max(1, ...shown.map((r) => Math.max(r.requests, r.offers)));
  const height = shown.length * ROW_HEIGHT + 30;
  const width = LABEL_WIDTH + BAR_AREA + 40;
  const x = (fromStart: number, length = 0) => (direction === "rtl" ? width - fromStart - length : fromStart);
  const text = (at: number, y: number, value: string | number, anchor = "start") =>
    `<text x="${x(at)}" y="${y}" text-anchor="${anchor}">${escapeHtml(String(value))}</text>`;
  const rect = (at: number, y: number, length: number, height: number, fill: string) =>
    `<rect x="${x(at, length)}" y="${y}" width="${length}" height="${height}" fill="${fill}"/>`;
  const bars = shown.map((r, i) => {
    const y = 26 + i * ROW_HEIGHT;
    const requests = (r.requests / max) * BAR_AREA;
    const offers = (r.offers / max) * BAR_AREA;
    const label = r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label;
    return (
      text(LABEL_WIDTH - 6, y + 18, label, "end") +
      rect(LABEL_WIDTH, y + 2, requests, 13, "#a30000") +
      text(LABEL_WIDTH + requests + 4, y + 13, r.requests) +
      rect(LABEL_WIDTH, y + 16, offers, 13, "#0b5394") +
      text(LABEL_WIDTH + offers + 4, y + 27, r.offers)
    );
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<g font-size="12" font-family="system-ui, sans-serif" fill="#1a1a1a" direction="${direction}">` +
    `${rect(LABEL_WIDTH, 4, 12, 12, "#a30000")}${text(LABEL_WIDTH + 16, 14, labels.requests)}` +
    `${rect(LABEL_WIDTH + 110, 4, 12, 12, "#0b5394")}${text(LABEL_WIDTH + 126, 14, labels.offers)}` +
    `${bars.join("")}</g></svg>`;
  return { svg, width, height };
}

/**
 * A horizontal bar chart drawn on the server: requests and offers side by side for each
 * row, mirrored on right-to-left pages. No JavaScript. It is an <img> of an SVG with the
 * numbers in its alt text (and in a table beside it), so assistive technology reads one
 * image with a text alternative instead of walking through loose SVG shapes and labels.
 */
export function BarChart({ title, rows, labels }: { title: string; rows: ChartRow[]; labels: { requests: string; offers: string } }) {
  const { svg, width, height } = barChartSvg(rows, labels, directionOf(useWebContext().var.language));
  const alt = `${title}: ${rows
    .slice(0, 12)
    .map((r) => `${r.label} ${r.requests} ${labels.requests}, ${r.offers} ${labels.offers}`)
    .join("; ")}`;
  return (
    <img class="chart" src={`data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`} alt={alt} width={width} height={height} />
  );
}
