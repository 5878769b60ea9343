import { Hono } from "hono";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { SmsCardPage } from "../pages/sms-card.tsx";

/** /sms-card: the message grammar as a printable page, for anyone (it names no person). */
export function smsCardRoutes(services: Services, smsNumber: string | null) {
  const app = new Hono<WebEnv>();
  app.get("/sms-card", async (c) => {
    const areas = (await services.areas.list()).map((area) => area.name);
    return c.render(<SmsCardPage areas={areas} number={smsNumber} />, { title: c.var.t("smsCard.title") });
  });
  return app;
}
