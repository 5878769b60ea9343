/**
 * A horizontal bar chart drawn on the server as SVG: requests and offers side by side for
 * each row. No JavaScript; the same numbers are in a table beside it, so the chart is
 * one image with a text alternative rather than something a screen reader walks through.
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
  const summary = shown.map((r) => `${r.label}: ${r.requests} ${labels.requests}, ${r.offers} ${labels.offers}`).join("; ");
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" style={`max-width:${width}px`} role="img" aria-label={`${title}. ${summary}`}>
      <title>{title}</title>
      <g font-size="12" font-family="system-ui, sans-serif" fill="#1a1a1a">
        <rect x={labelWidth} y="4" width="12" height="12" fill="#a30000" />
        <text x={labelWidth + 16} y="14">{labels.requests}</text>
        <rect x={labelWidth + 110} y="4" width="12" height="12" fill="#0b5394" />
        <text x={labelWidth + 126} y="14">{labels.offers}</text>
        {shown.map((r, i) => {
          const y = 26 + i * rowHeight;
          const requests = (r.requests / max) * barArea;
          const offers = (r.offers / max) * barArea;
          return (
            <g>
              <text x={labelWidth - 6} y={y + 18} text-anchor="end">{r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label}</text>
              <rect x={labelWidth} y={y + 2} width={requests} height="13" fill="#a30000" />
              <text x={labelWidth + requests + 4} y={y + 13}>{r.requests}</text>
              <rect x={labelWidth} y={y + 16} width={offers} height="13" fill="#0b5394" />
              <text x={labelWidth + offers + 4} y={y + 27}>{r.offers}</text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
