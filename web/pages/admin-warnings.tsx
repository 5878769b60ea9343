import type { AdminWarning } from "../../src/members/admin-warnings.ts";
import { useT } from "../env.ts";

/** What rests on one person, each with what to do about it (admins, at the top of the members page). */
export function AdminWarnings({ warnings }: { warnings: AdminWarning[] }) {
  const t = useT();
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="warnings-heading" class="alert">
      <h2 id="warnings-heading">{t("warnings.title")}</h2>
      <ul>
        {warnings.map((w) => (
          <li>
            <strong>{t(`warnings.${w.kind}.text`, { ...w })}</strong> {t(`warnings.${w.kind}.suggestion`, { ...w })}
            {w.kind === "one_convenor" && (
              <>
                {" "}
                <a href={`/groups/${w.groupId}`}>{t("warnings.openGroup", { group: w.group })}</a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
