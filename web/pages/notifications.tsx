import type { NotificationView } from "../../src/notifications/notification.service.ts";
import type { KindPreference } from "../../src/notifications/preferences.service.ts";
import { Notice } from "../components/fields.tsx";
import { useT } from "../env.ts";

/** The member's notifications, newest first; unread ones say so in words, not only by looks. */
export function NotificationsPage({ items, unreadCount }: { items: NotificationView[]; unreadCount: number }) {
  const t = useT();
  return (
    <>
      <h1>{t("notifications.title")}</h1>
      <p>{t("notifications.unread", { count: unreadCount })}</p>
      <p>
        <a href="/notifications/settings">{t("notificationSettings.title")}</a>
      </p>
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

/** Kind by kind, whether a notice shows in the app and goes by e-mail; a plain form, no script. */
export function NotificationSettingsPage({ kinds, saved, emailReady }: { kinds: KindPreference[]; saved: boolean; emailReady: boolean }) {
  const t = useT();
  return (
    <>
      <h1>{t("notificationSettings.title")}</h1>
      {saved && (
        <Notice>
          <p>{t("notificationSettings.saved")}</p>
        </Notice>
      )}
      {!emailReady && (
        <p>
          {t("notificationSettings.noEmail")} <a href="/account">{t("notificationSettings.addEmail")}</a>
        </p>
      )}
      <form method="post" action="/notifications/settings">
        {kinds.map((pref) => (
          <fieldset>
            <legend>{t(`notificationKinds.${pref.kind}`)}</legend>
            <label class="choice">
              <input type="checkbox" name={`inApp:${pref.kind}`} checked={pref.inApp} /> {t("notificationSettings.inApp")}
            </label>
            <label class="choice">
              <input type="checkbox" name={`email:${pref.kind}`} checked={pref.email} /> {t("notificationSettings.email")}
            </label>
          </fieldset>
        ))}
        <button type="submit">{t("notificationSettings.save")}</button>
      </form>
    </>
  );
}
