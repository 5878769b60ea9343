import type { ServerBlockView } from "../../src/safety/server-block.service.ts";
import { DataTable } from "../components/data-table.tsx";
import { ErrorSummary, Select, TextArea, TextField } from "../components/fields.tsx";
import { useFormat } from "../components/when.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";

/** Blocked servers and actors (coordinators): the form to block one, and each block with a way to lift it. */
export function ServerBlocksPage({
  blocks,
  values,
  errors,
}: {
  blocks: ServerBlockView[];
  values: FormValues;
  errors: Record<string, string>;
}) {
  const t = useT();
  return (
    <>
      <h1>{t("serverBlocks.title")}</h1>
      <p>{t("serverBlocks.intro")}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/safety/blocks" novalidate>
        <Select
          name="type"
          label={t("serverBlocks.typeLabel")}
          value={values.type ?? "domain"}
          error={errors.type}
          options={[
            { value: "domain", label: t("serverBlocks.type.domain") },
            { value: "actor", label: t("serverBlocks.type.actor") },
          ]}
        />
        <TextField
          name="target"
          label={t("serverBlocks.targetLabel")}
          hint={t("serverBlocks.targetHint")}
          value={values.target}
          error={errors.target}
        />
        <TextArea
          name="reason"
          label={t("serverBlocks.reasonLabel")}
          hint={t("serverBlocks.reasonHint")}
          value={values.reason}
          error={errors.reason}
          optional
          maxlength={1000}
        />
        <button type="submit">{t("serverBlocks.blockButton")}</button>
      </form>
      <h2>{t("serverBlocks.listTitle")}</h2>
      {blocks.length === 0 ? (
        <p>{t("serverBlocks.none")}</p>
      ) : (
        <DataTable columns={[t("serverBlocks.target"), t("serverBlocks.reasonLabel"), t("serverBlocks.by"), t("members.actions")]}>
          {blocks.map((block) => (
            <tr>
              <td>
                {block.target}
                <span class="hint">{t(`serverBlocks.type.${block.type}`)}</span>
              </td>
              <td>{block.reason ?? ""}</td>
              <td>
                {block.createdBy ?? t("log.formerMember")} · {useFormat().dayOf(block.createdAt)}
              </td>
              <td>
                <form method="post" action={`/safety/blocks/${block.id}/delete`} class="inline">
                  <button type="submit" class="secondary" aria-label={t("serverBlocks.liftFor", { target: block.target })}>
                    {t("serverBlocks.lift")}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
