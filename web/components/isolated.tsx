import { useT } from "../env.ts";

const MARK = /\uE000(\d+)\uE001/;

/**
 * A catalogue text whose values people typed (names, areas, handles) are each isolated in
 * `<bdi>`: an Arabic name in an English sentence, or a Latin handle in an Arabic one,
 * keeps its own direction without reordering the words around it. Numbers are left to the
 * catalogue (they format and pluralise as numbers).
 */
export function Isolated({ text, values }: { text: string; values: Record<string, string | number> }) {
  const t = useT();
  const typed: string[] = [];
  const marked = Object.fromEntries(
    Object.entries(values).map(([name, value]) => {
      if (typeof value === "number") return [name, value];
      typed.push(value);
      return [name, `\uE000${typed.length - 1}\uE001`];
    }),
  );
  const parts = String(t(text, marked)).split(MARK);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <bdi>{typed[Number(part)]}</bdi> : part))}</>;
}
