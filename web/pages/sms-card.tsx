import { useT } from "../env.ts";

/** The card's rows: the grammar's own words in both languages side by side, whatever the page's language. */
const ROWS: [label: string, englishText: string, spanishText: string][] = [
  ["ask", "NEED FOOD 2 East side", "NECESITO COMIDA 2 Centro"],
  ["offer", "OFFER RIDE Riverside mornings", "OFREZCO TRANSPORTE Centro"],
  ["status", "STATUS", "ESTADO"],
  ["cancel", "CANCEL R7K2", "CANCELAR R7K2"],
  ["stop", "STOP", "ALTO"],
  ["start", "START", "INICIO"],
  ["help", "HELP", "AYUDA"],
];

const WORDS_EN =
  "food, meals, groceries, shelter, ride, childcare, medication, someone to talk to, company, tech help, " +
  "translation, paperwork, money, clothes, diapers, blankets, tools, space, pet care";
const WORDS_ES =
  "comida, mercado, refugio, transporte, aventón, niños, medicinas, apoyo emocional, compañía, " +
  "traducción, trámites, dinero, ropa, pañales, cobijas, herramientas, espacio, mascota";

/** A printable one-page card of the SMS grammar in English and Spanish (/sms-card). */
export function SmsCardPage({ areas, number }: { areas: string[]; number: string | null }) {
  const t = useT();
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
            <th scope="col" lang="en">
              English
            </th>
            <th scope="col" lang="es">
              Español
            </th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([label, englishText, spanishText]) => (
            <tr>
              <th scope="row">{t(`smsCard.rows.${label}`)}</th>
              <td lang="en">
                <code>{englishText}</code>
              </td>
              <td lang="es">
                <code>{spanishText}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p lang="en">{WORDS_EN}</p>
      <p lang="es">{WORDS_ES}</p>
      {areas.length > 0 && (
        <p>
          {t("smsCard.areas")}: {areas.join(", ")}
        </p>
      )}
      <p>{t("smsCard.after")}</p>
    </>
  );
}
