import type { Child } from "hono/jsx";

/**
 * A table of rows under column headings, in a wrapper that scrolls sideways on a narrow
 * screen instead of widening the page. `children` are the rows (`<tr>`).
 */
export function DataTable({ caption, columns, children }: { caption?: string | undefined; columns: string[]; children: Child }) {
  return (
    <div class="table-wrap">
      <table>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
