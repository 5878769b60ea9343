import type { SiblingEventView } from "../../src/events/sibling-event.service.ts";
import { truncate } from "../../src/text.ts";
import { useT } from "../env.ts";
import { When } from "./matching.tsx";

/** The public gatherings of the networks we follow, soonest first (on the Nearby networks page). */
export function SiblingEvents({ events }: { events: SiblingEventView[] }) {
  const t = useT();
  return (
    <section aria-labelledby="sibling-events">
      <h2 id="sibling-events">{t("nearby.events")}</h2>
      {events.length === 0 ? (
        <p>{t("nearby.noEvents")}</p>
      ) : (
        <ul class="posts">
          {events.map((event) => (
            <li class="post">
              <h3>{event.url && /^https?:\/\//.test(event.url) ? <a href={event.url}>{event.title}</a> : event.title}</h3>
              <p class="meta">
                {event.status === "cancelled" && <span class="tag">{t("events.cancelled")}</span>}
                {event.online && <span class="tag">{t("nearby.online")}</span>} <When iso={event.startsAt} />
                {event.endsAt && (
                  <>
                    {" – "}
                    <When iso={event.endsAt} />
                  </>
                )}
                {(event.place || event.address) && ` · ${[event.place, event.address].filter(Boolean).join(", ")}`}
              </p>
              <p class="meta">
                {t("nearby.eventFrom", { network: event.origin.name ?? event.origin.handle ?? event.origin.actor })}
                {event.remainingCapacity !== null &&
                  event.status === "confirmed" &&
                  ` · ${t("nearby.placesLeft", { count: event.remainingCapacity })}`}
              </p>
              {event.description && (
                <p class="pre-line">{event.description.length > 400 ? `${truncate(event.description, 400)}…` : event.description}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
