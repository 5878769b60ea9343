import { useT } from "../env.ts";
import { When } from "./when.tsx";

/** The safety team's private notes on a report or a case: who wrote each (or "a former member"), when, and the words. */
export function NotesList({ notes }: { notes: readonly { author: string | null; at: string; text: string }[] }) {
  const t = useT();
  if (notes.length === 0) return <p>{t("safety.noNotes")}</p>;
  return (
    <ul>
      {notes.map((n) => (
        <li>
          <span class="meta">
            {n.author ?? t("log.formerMember")} · <When iso={n.at} />
          </span>
          <p class="message" dir="auto">
            {n.text}
          </p>
        </li>
      ))}
    </ul>
  );
}
