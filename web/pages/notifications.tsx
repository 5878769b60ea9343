import type { NotificationView } from "../../src/notifications/notification.service.ts";
import { useT } from "../env.ts";

/** The member's notifications, newest first; unread ones say so in words, not only by looks. */
export function NotificationsPage({ items, unreadCount }: { items: NotificationView[]; unreadCount: number }) {
  const t = useT();
  return (
    <>
      <h1>{t("notifications.title")}</h1>
      <p>{t("notifications.unread", { count: unreadCount })}</p>
      {unreadCount > 0 && (
        <form method="post" action="/notifications/read">
          <input type="hidden" name="all" value="true" />
          <button type="submit" class="secondary">{t("notifications.markAllRead")}</button>
        </form>
      )}
      {items.length === 0 ? (
        <p>{t("notifications.empty")}</p>
      ) : (
        <ul class="posts">
          {items.map((item) => (
            <li class={item.read ? "post" : "post unread"}>
              {!item.read && <strong class="tag">{t("notifications.new")}</strong>}
              <a href={`/notifications/${item.id}`}>{item.text}</a>
              <p class="meta">
                <time datetime={item.createdAt}>{new Date(item.createdAt).toLocaleString(t("notifications.locale"), { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" })} UTC</time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
