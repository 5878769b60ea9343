import type { Context } from "hono";
import { Hono } from "hono";
import type { EventView } from "../../src/events/event.view.ts";
import { isCoordinator } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { checked, type FormValues, fieldErrors, localDateTime, numberOrNull, readForm, textOrNull } from "../forms.ts";
import { EventFormPage } from "../pages/event-form.tsx";
import { EventPage, EventsPage } from "../pages/events.tsx";
import { requireSignedIn } from "./auth.ts";

const DECISION_AT_END = /\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** An event form's fields, as createEvent and updateEvent take them. */
function eventInput(values: FormValues) {
  return {
    title: values.title ?? "",
    description: values.description ?? "",
    kind: values.kind ?? "",
    startsAt: values.startsAt ?? "",
    endsAt: values.endsAt ?? "",
    area: values.area ?? "",
    place: textOrNull(values.place),
    address: textOrNull(values.address),
    addressPublic: checked(values.addressPublic),
    onlineUrl: textOrNull(values.onlineUrl),
    capacity: numberOrNull(values.capacity),
    visibility: values.visibility ?? "",
  };
}

/** An assembly's agenda typed one item per line, each optionally ending with a decision's id. */
function agendaInput(text: string) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const decision = DECISION_AT_END.exec(line)?.[1] ?? null;
      return { title: decision === null ? line : line.replace(DECISION_AT_END, ""), decision };
    });
}

function formValuesOf(event: EventView): FormValues {
  return {
    title: event.title,
    description: event.description,
    kind: event.kind,
    startsAt: localDateTime(event.startsAt),
    endsAt: localDateTime(event.endsAt),
    area: event.area,
    place: event.place ?? "",
    address: event.address ?? "",
    addressPublic: event.addressPublic ? "on" : "",
    onlineUrl: event.onlineUrl ?? "",
    capacity: event.capacity === null ? "" : String(event.capacity),
    visibility: event.visibility,
    agenda: event.agenda.map((item) => (item.decision ? `${item.title} ${item.decision}` : item.title)).join("\n"),
    minutes: event.minutes ?? "",
  };
}

/** Events: the list, one event with its answers, the calendar file, and the organiser's form. */
export function eventRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  const formPage = async (c: Context<WebEnv>, eventId: string | null, values: FormValues, errors: Record<string, string>) =>
    c.render(<EventFormPage eventId={eventId} areas={await services.areas.list()} values={values} errors={errors} />, {
      title: c.var.t(eventId === null ? "events.new" : "events.edit"),
    });

  app.get("/events", async (c) => {
    const canCreate = isCoordinator(c.var.viewer) || (c.var.viewer !== null && c.var.profile.membersCreateEvents);
    return c.render(<EventsPage events={await services.events.list(c.var.viewer)} canCreate={canCreate} />, {
      title: c.var.t("events.title"),
    });
  });

  app.get("/events/new", requireSignedIn, (c) => formPage(c, null, { kind: "distribution", visibility: "public" }, {}));

  app.post("/events", requireSignedIn, async (c) => {
    const values = await readForm(c);
    try {
      const event = await services.events.create(c.var.viewer, eventInput(values));
      return c.redirect(`/events/${event.id}`, 303);
    } catch (error) {
      const errors = fieldErrors(error, c.var.t);
      c.status(422);
      return formPage(c, null, values, errors);
    }
  });

  app.get("/events/:file{[0-9a-fA-F-]{36}\\.ics}", async (c) => {
    const ics = await services.events.calendarFile(c.var.viewer, c.req.param("file").replace(/\.ics$/, ""));
    return c.body(ics, 200, { "content-type": "text/calendar; charset=utf-8", "cache-control": "private, no-store" });
  });

  app.get("/events/:id", async (c) => {
    const event = await services.events.get(c.var.viewer, c.req.param("id"));
    return c.render(<EventPage event={event} answered={c.req.query("answered") === "1"} />, { title: event.title });
  });

  app.post("/events/:id/rsvp", requireSignedIn, async (c) => {
    const values = await readForm(c);
    await services.events.rsvp(c.var.viewer, c.req.param("id"), { response: values.response ?? "" });
    return c.redirect(`/events/${c.req.param("id")}?answered=1`, 303);
  });

  app.post("/events/:id/cancel", requireSignedIn, async (c) => {
    await services.events.cancel(c.var.viewer, c.req.param("id"));
    return c.redirect(`/events/${c.req.param("id")}`, 303);
  });

  app.get("/events/:id/edit", requireSignedIn, async (c) => {
    const event = await services.events.get(c.var.viewer, c.req.param("id"));
    if (!event.canEdit) return c.redirect(`/events/${event.id}`, 303);
    return formPage(c, event.id, formValuesOf(event), {});
  });

  app.post("/events/:id/edit", requireSignedIn, async (c) => {
    const id = c.req.param("id");
    const values = await readForm(c);
    const assembly = values.kind === "assembly";
    try {
      const extras = assembly ? { agenda: agendaInput(values.agenda ?? ""), minutes: textOrNull(values.minutes) } : {};
      await services.events.update(c.var.viewer, id, { ...eventInput(values), ...extras });
      return c.redirect(`/events/${id}`, 303);
    } catch (error) {
      const errors = fieldErrors(error, c.var.t);
      c.status(422);
      return formPage(c, id, values, errors);
    }
  });

  return app;
}
