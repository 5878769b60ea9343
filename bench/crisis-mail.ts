import { members } from "../db/schema/index.ts";
import type { RunningInstance } from "../src/instance.ts";
import type { Member } from "../src/members/member.service.ts";
import { createSmtpMailer } from "../src/notifications/smtp-mailer.ts";
import { halfOfCeiling, type Measurement, measurement, runPool, waitUntil } from "./measure.ts";
import type { ServerProcess } from "./processes.ts";

const BATCH = 1_000;
/** As many messages in flight as the delivery workers hand over at once (one batch). */
const IN_FLIGHT = 50;

export const CRISIS_MAIL_FIGURE = "6. Crisis e-mail";

interface SinkStats {
  smtpPort: number;
  received: number;
}

/** The sink's SMTP URL, for the instance's SMTP_URL. */
export async function sinkSmtpUrl(sink: ServerProcess): Promise<string> {
  const { smtpPort } = (await (await fetch(`${sink.url}/stats`)).json()) as SinkStats;
  return `smtp://127.0.0.1:${smtpPort}`;
}

/**
 * Figure 6: a crisis declared to a network where `count` members have a verified address:
 * every one of them is e-mailed through the notification pipeline (written with the crisis,
 * sent by the workers) into a local SMTP sink in another process. Messages per second and
 * the time from the declaration to the last message handed over; the ceiling is this process
 * sending as many messages of the same size to the same sink through the same mailer
 * (nodemailer, pooled), `IN_FLIGHT` at a time, with no database or queue.
 */
export async function measureCrisisMail(
  instance: RunningInstance,
  coordinator: Member,
  sink: ServerProcess,
  size: { count: number; timeoutMs: number },
): Promise<Measurement[]> {
  const stats = async () => (await (await fetch(`${sink.url}/stats`)).json()) as SinkStats;
  const db = instance.database.db;
  const verifiedAt = new Date();
  for (let start = 0; start < size.count; start += BATCH) {
    await db.insert(members).values(
      Array.from({ length: Math.min(BATCH, size.count - start) }, (_, i) => ({
        username: `mail_${start + i}`,
        email: `mail_${start + i}@sink.test`,
        emailVerifiedAt: verifiedAt,
      })),
    );
  }
  const area = (await instance.services.areas.list())[0]!;
  await fetch(`${sink.url}/reset`, { method: "POST" });
  const started = performance.now();
  await instance.services.crises.declare(coordinator, {
    title: "Flooding along the river",
    areas: [area.name],
    categories: ["shelter", "food"],
    severity: "severe",
  });
  const declaredMs = performance.now() - started;
  await waitUntil(async () => (await stats()).received >= size.count, size.timeoutMs, `${size.count} crisis e-mails handed over`);
  const seconds = (performance.now() - started) / 1000;

  // The ceiling: the same number of messages of about the same size, straight to the sink.
  await fetch(`${sink.url}/reset`, { method: "POST" });
  const mailer = createSmtpMailer(new URL(await sinkSmtpUrl(sink)), "Bench <bench@sink.test>");
  const text = `A crisis was declared: Flooding along the river.\n\nOpen: ${instance.config.origin.href}crises/x\n`.padEnd(600, " ");
  const ceilingMs = await runPool(size.count, IN_FLIGHT, (i) =>
    mailer.send({
      to: `mail_${i}@sink.test`,
      subject: "bench: A crisis was declared: Flooding along the river.",
      text,
      html: `<p>${text}</p>`,
      headers: { "List-Unsubscribe": "<https://example.org/unsubscribe/x>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    }),
  );
  if ((await stats()).received !== size.count) throw new Error("the ceiling's messages did not all reach the sink");

  const rate = measurement({
    id: "crisis_mail.messages_per_s",
    figure: CRISIS_MAIL_FIGURE,
    label: `a crisis e-mailed to ${size.count.toLocaleString("en")} members`,
    value: size.count / seconds,
    unit: "messages/s",
    direction: "higher",
    ceiling: { label: `nodemailer pool straight to the sink, ${IN_FLIGHT} in flight`, value: (size.count * 1000) / ceilingMs },
    notes: `declaring (writing ${size.count.toLocaleString("en")} notices and deliveries) took ${(declaredMs / 1000).toFixed(1)} s`,
  });
  rate.target = halfOfCeiling(rate.ratio);
  const last = measurement({
    id: "crisis_mail.last_handover_s",
    figure: CRISIS_MAIL_FIGURE,
    label: "from the declaration to the last message handed over",
    value: seconds,
    unit: "s",
    direction: "lower",
    ceiling: { label: "the same messages straight to the sink", value: ceilingMs / 1000 },
  });
  return [rate, last];
}
