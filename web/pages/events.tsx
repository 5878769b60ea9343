import type { EventView } from "../../src/events/event.view.ts";
import { activeMember } from "../../src/members/viewer.ts";
import { Notice } from "../components/fields.tsx";
import { When } from "../components/when.tsx";
import { useT, useWebContext } from "../env.ts";

/** Upcoming events: public ones for visitors, members-only ones too for members. */
export function EventsPage({ events, canCreate }: { events: EventView[]; canCreate: boolean }) {
  const t = useT();
  return (
    <>
      <h1>{t("events.title")}</h1>
      {canCreate && (
        <p>
          <a href="/events/new">{t("events.new")}</a>
        </p>
      )}
      {events.length === 0 ? (
        <p>{t("events.none")}</p>
      ) : (
        <ul class="posts">
          {events.map((event) => (
            <li class="post">
              <h2>
                <a href={`/events/${event.id}`} dir="auto">
                  {event.title}
                </a>
              </h2>
              <EventMeta event={event} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function EventMeta({ event }: { event: EventView }) {
  const t = useT();
  return (
    <p class="meta">
      <span class="tag">{t(`events.kind.${event.kind}`)}</span>
      {event.status === "cancelled" && <span class="tag">{t("events.cancelled")}</span>}
      {event.visibility === "members" && <span class="tag">{t("events.membersOnly")}</span>} <When iso={event.startsAt} /> –{" "}
      <When iso={event.endsAt} /> · {[event.place, event.area].filter(Boolean).join(", ")}
    </p>
  );
}

/** One event: when and where, the answer buttons, the agenda and minutes for members, and the organiser's tools. */
export function EventPage({ event, answered }: { event: EventView; answered: boolean }) {
  const t = useT();
  const member = activeMember(useWebContext().var.viewer);
  const full = event.capacity !== null && event.goingCount >= event.capacity;
  return (
    <article>
      {answered && event.myStatus !== null && <Notice>{t(`events.your.${event.myStatus}`)}</Notice>}
      <h1 dir="auto">{event.title}</h1>
      <EventMeta event={event} />
      {event.description && (
        <p class="pre-line" dir="auto">
          {event.description}
        </p>
      )}
      <dl class="details">
        <dt>{t("events.where")}</dt>
        <dd>{[event.place, event.address, event.area].filter(Boolean).join(", ")}</dd>
        {event.onlineUrl && (
          <>
            <dt>{t("events.online")}</dt>
            <dd>
              <a href={event.onlineUrl} rel="noopener nofollow">
                {event.onlineUrl}
              </a>
            </dd>
          </>
        )}
        <dt>{t("events.going")}</dt>
        <dd>
          {event.capacity === null
            ? t("events.goingCount", { count: event.goingCount })
            : t("events.goingOf", { count: event.goingCount, capacity: event.capacity })}
          {event.waitlistCount > 0 && ` · ${t("events.waitlistCount", { count: event.waitlistCount })}`}
        </dd>
        {event.organiser && (
          <>
            <dt>{t("events.organiser")}</dt>
            <dd>{event.organiser}</dd>
          </>
        )}
      </dl>
      <p>
        <a href={`/events/${event.id}.ics`}>{t("events.calendar")}</a>
      </p>
      {member && event.status === "confirmed" && (
        <form method="post" action={`/events/${event.id}/rsvp`}>
          <fieldset>
            <legend>{event.myStatus ? t(`events.your.${event.myStatus}`) : t("events.answer")}</legend>
            {full && event.myStatus !== "going" && <p class="hint">{t("events.full")}</p>}
            {(["going", "maybe", "not_going"] as const).map((response) => (
              <button type="submit" name="response" value={response}>
                {t(`events.respond.${response}`)}
              </button>
            ))}
          </fieldset>
        </form>
      )}
      {!member && <p class="hint">{t("events.signInToAnswer")}</p>}
      {member && event.kind === "assembly" && <Assembly event={event} />}
      {event.canEdit && <OrganiserTools event={event} />}
    </article>
  );
}

function Assembly({ event }: { event: EventView }) {
  const t = useT();
  return (
    <>
      <section aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">{t("events.agenda")}</h2>
        {event.agenda.length === 0 ? (
          <p>{t("events.noAgenda")}</p>
        ) : (
          <ol>
            {event.agenda.map((item) => (
              <li>
                {item.title}
                {item.decision && (
                  <>
                    {" "}
                    (<a href={`/decisions/${item.decision}`}>{t("events.decision")}</a>)
                  </>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="minutes-heading">
        <h2 id="minutes-heading">{t("events.minutes")}</h2>
        <p class="pre-line" dir="auto">
          {event.minutes ?? t("events.noMinutes")}
        </p>
      </section>
    </>
  );
}

function OrganiserTools({ event }: { event: EventView }) {
  const t = useT();
  return (
    <section aria-labelledby="organise-heading">
      <h2 id="organise-heading">{t("events.organise")}</h2>
      {event.attendees !== null && event.attendees.length > 0 && (
        <ul>
          {event.attendees.map((a) => (
            <li>
              {a.name}: {t(`events.status.${a.status}`)}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`/events/${event.id}/edit`}>{t("events.edit")}</a>
      </p>
      {event.status === "confirmed" && (
        <form method="post" action={`/events/${event.id}/cancel`}>
          <button type="submit">{t("events.cancel")}</button>
        </form>
      )}
    </section>
  );
}
