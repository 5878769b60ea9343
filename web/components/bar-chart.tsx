import { escapeHtml } from "../../src/text.ts";

/**
 * A horizontal bar chart drawn on the server: requests and offers side by side for each
 * row. No JavaScript. It is an <img> of an SVG with the numbers in its alt text (and in a
 * table beside it), so assistive technology reads one image with a text alternative
 * instead of walking through loose SVG shapes and labels.
 */
export function BarChart({
  title,
  rows,
  labels,
}: {
  title: string;
  rows: { label: string; requests: number; offers: number }[];
  labels: { requests: string; offers: string };
}) {
  const shown = rows.slice(0, 12);
  const max = Math.max(1, ...shown.map((r) => Math.max(r.requests, r.offers)));
  const labelWidth = 150;
  const barArea = 300;
  const rowHeight = 34;
  const height = shown.length * rowHeight + 30;
  const width = labelWidth + barArea + 40;
  const text = (x: number, y: number, value: string | number, anchor = "start") =>
    `<text x="${x}" y="${y}" text-anchor="${anchor}">${escapeHtml(String(value))}</text>`;
  const bars = shown.map((r, i) => {
    const y = 26 + i * rowHeight;
    const requests = (r.requests / max) * barArea;
    const offers = (r.offers / max) * barArea;
    const label = r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label;
    return (
      text(labelWidth - 6, y + 18, label, "end") +
      `<rect x="${labelWidth}" y="${y + 2}" width="${requests}" height="13" fill="#a30000"/>` +
      text(labelWidth + requests + 4, y + 13, r.requests) +
      `<rect x="${labelWidth}" y="${y + 16}" width="${offers}" height="13" fill="#0b5394"/>` +
      text(labelWidth + offers + 4, y + 27, r.offers)
    );
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<g font-size="12" font-family="system-ui, sans-serif" fill="#1a1a1a">` +
    `<rect x="${labelWidth}" y="4" width="12" height="12" fill="#a30000"/>${text(labelWidth + 16, 14, labels.requests)}` +
    `<rect x="${labelWidth + 110}" y="4" width="12" height="12" fill="#0b5394"/>${text(labelWidth + 126, 14, labels.offers)}` +
    `${bars.join("")}</g></svg>`;
  const alt = `${title}: ${shown.map((r) => `${r.label} ${r.requests} ${labels.requests}, ${r.offers} ${labels.offers}`).join("; ")}`;
  return (
    <img class="chart" src={`data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`} alt={alt} width={width} height={height} />
  );
}
