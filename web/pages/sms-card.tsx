import { SMS_LANGUAGES, type SmsLanguage, smsLanguage } from "../../src/sms/languages/index.ts";
import { useT, useWebContext } from "../env.ts";
import { LANGUAGES, type Language } from "../i18n.ts";

type Row = "ask" | "offer" | "status" | "cancel" | "stop" | "start" | "help";
const ROWS: Row[] = ["ask", "offer", "status", "cancel", "stop", "start", "help"];

/** What to text for a row, in one language: the card's examples and each keyword's first word. */
function textFor(language: SmsLanguage, row: Row): string {
  const { card, words } = SMS_LANGUAGES[language];
  if (row === "ask" || row === "offer") return card[row];
  if (row === "cancel") return `${words.cancel[0]!.toUpperCase()} R7K2`;
  return words.keywords[row][0]!.toUpperCase();
}

/**
 * A printable one-page card of the SMS grammar (/sms-card): the page's language beside
 * English and Spanish, each in the grammar's own words, with the network's areas.
 */
export function SmsCardPage({ areas, number }: { areas: string[]; number: string | null }) {
  const t = useT();
  const page = smsLanguage(useWebContext().var.language) ?? "en";
  const columns = [...new Set<SmsLanguage>([page, "en", "es"])];
  return (
    <>
      <h1>{t("smsCard.title")}</h1>
      <p>{t("smsCard.intro")}</p>
      {number !== null && (
        <p>
          <strong>{t("smsCard.number", { number })}</strong>
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">{t("smsCard.todo")}</th>
            {columns.map((language) => (
              <th scope="col" lang={language}>
                {language in LANGUAGES ? LANGUAGES[language as Language] : language}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr>
              <th scope="row">{t(`smsCard.rows.${row}`)}</th>
              {columns.map((language) => (
                <td lang={language} dir="auto">
                  <code>{textFor(language, row)}</code>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {columns.map((language) => (
        <p lang={language} dir="auto">
          {SMS_LANGUAGES[language].card.words.join(" · ")}
        </p>
      ))}
      {areas.length > 0 && (
        <p>
          {t("smsCard.areas")}: {areas.join(", ")}
        </p>
      )}
      <p>{t("smsCard.after")}</p>
    </>
  );
}
