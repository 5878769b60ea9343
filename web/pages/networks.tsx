import type { SiblingEventView } from "../../src/events/sibling-event.service.ts";
import { activeMember } from "../../src/members/viewer.ts";
import type { RemoteNetwork } from "../../src/networks/network-follow.service.ts";
import type { SiblingPostView } from "../../src/sibling-posts/sibling-post.service.ts";
import { DataTable } from "../components/data-table.tsx";
import { ErrorSummary, TextArea, TextField } from "../components/fields.tsx";
import { useT, useWebContext } from "../env.ts";
import { ReportLink } from "./reports.tsx";
import { SiblingEvents } from "./sibling-events.tsx";

/** Following other networks, and deciding on their follows (coordinators). */
export function NetworksPage({ networks, errors, value }: { networks: RemoteNetwork[]; errors: Record<string, string>; value: string }) {
  const t = useT();
  const state = (s: string | null) => t(`networks.state.${s ?? "none"}`);
  return (
    <>
      <h1>{t("networks.title")}</h1>
      <p>{t("networks.intro")}</p>
      <p>
        <a href="/safety/blocks">{t("serverBlocks.link")}</a>
      </p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/networks" novalidate>
        <TextField name="actor" label={t("networks.follow")} hint={t("networks.followHint")} value={value} error={errors.actor} />
        <button type="submit">{t("networks.followButton")}</button>
      </form>
      <h2>{t("networks.known")}</h2>
      {networks.length === 0 ? (
        <p>{t("networks.none")}</p>
      ) : (
        <DataTable columns={[t("networks.network"), t("networks.theyFollow"), t("networks.weFollow"), t("members.actions")]}>
          {networks.map((n) => (
            <tr>
              <td>
                {n.name ?? n.handle ?? n.actor}
                <span class="hint">{n.handle ?? n.actor}</span>
                {n.sibling && <span class="tag">{t("networks.sibling")}</span>}
              </td>
              <td>{state(n.follower)}</td>
              <td>{state(n.following)}</td>
              <td>
                {n.follower === "pending" && (
                  <>
                    <form method="post" action={`/networks/${n.id}/approve`} class="inline">
                      <button type="submit" aria-label={`${t("networks.approve")}: ${n.name ?? n.actor}`}>
                        {t("networks.approve")}
                      </button>
                    </form>{" "}
                    <form method="post" action={`/networks/${n.id}/reject`} class="inline">
                      <button type="submit" class="secondary" aria-label={`${t("networks.reject")}: ${n.name ?? n.actor}`}>
                        {t("networks.reject")}
                      </button>
                    </form>
                  </>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

interface NearbyPageProps {
  items: SiblingPostView[];
  events: SiblingEventView[];
  errors: Record<string, string>;
  offered: boolean;
}

/** Nearby networks' open posts, then their public gatherings. */
export function NearbyPage({ items, events, errors, offered }: NearbyPageProps) {
  const t = useT();
  const member = activeMember(useWebContext().var.viewer);
  return (
    <>
      <h1>{t("nearby.title")}</h1>
      <p>{t("nearby.intro")}</p>
      {offered && (
        <p class="notice" role="status">
          {t("nearby.offered")}
        </p>
      )}
      {items.length === 0 ? (
        <p>{t("board.empty")}</p>
      ) : (
        <ul class="posts">
          {items.map((item) => (
            <li class="post">
              <h2>{item.url && /^https?:\/\//.test(item.url) ? <a href={item.url}>{item.title}</a> : item.title}</h2>
              <p class="meta">
                <span class="tag">{t(`kind.${item.kind}`)}</span>
                <span class="tag">{t(`category.${item.category}`)}</span>
                <span class={`tag urgency-${item.urgency}`}>{t(`urgency.${item.urgency}`)}</span>
                {item.status !== "open" && <span class="tag">{t(`status.${item.status}`)}</span>}
              </p>
              <p class="meta">
                {t("nearby.from", { network: item.origin.name ?? item.origin.handle ?? item.origin.actor, area: item.area })}
                {member !== null && (
                  <>
                    {" · "}
                    <ReportLink type="remote_post" id={item.id} />
                  </>
                )}
              </p>
              {item.forwarded && (
                <p class="meta">
                  <strong>{item.crisis ? t("nearby.forwardedDuring", { crisis: item.crisis.title }) : t("nearby.forwarded")}</strong>
                </p>
              )}
              {item.quantity !== null && (
                <p class="meta">{t("post.quantity", { quantity: item.quantity, unit: item.unit ?? "" }).trim()}</p>
              )}
              {member && (
                <details open={errors.itemId === item.id}>
                  <summary>{t("nearby.offerHelp")}</summary>
                  <form method="post" action={`/nearby/${item.id}/respond`} novalidate>
                    <TextArea
                      name="message"
                      id={`message-${item.id}`}
                      label={t("nearby.message")}
                      hint={t("nearby.messageHint")}
                      error={errors.itemId === item.id ? errors.message : undefined}
                    />
                    <TextField
                      name="quantity"
                      id={`quantity-${item.id}`}
                      type="number"
                      label={t("field.quantity")}
                      optional
                      error={errors.itemId === item.id ? errors.quantity : undefined}
                    />
                    <button type="submit">{t("nearby.send")}</button>
                  </form>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
      <SiblingEvents events={events} />
    </>
  );
}
