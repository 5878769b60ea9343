import { isAlwaysImmediate } from "../../src/notifications/kinds.ts";
import type { NotificationService, NotificationView } from "../../src/notifications/notification.service.ts";
import { EMAIL_MODES, type NotificationSettings } from "../../src/notifications/preferences.service.ts";
import { ErrorSummary, Notice, Select, TextField } from "../components/fields.tsx";
import { When } from "../components/when.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";

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
          <button type="submit" class="secondary">
            {t("notifications.markAllRead")}
          </button>
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
                <When iso={item.createdAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * Kind by kind, whether a notice shows in the app, goes by e-mail (at once or in a digest) and
 * by push; and quiet hours. A plain form, no script.
 */
export function NotificationSettingsPage({
  settings,
  saved,
  emailReady,
  pushKey,
  values,
  errors = {},
}: {
  settings: NotificationSettings;
  saved: boolean;
  emailReady: boolean;
  pushKey: string;
  values?: FormValues;
  errors?: Record<string, string>;
}) {
  const t = useT();
  const { kinds, quietHours } = settings;
  const zone = settings.timeZone ?? t("notificationSettings.networkZone");
  return (
    <>
      <h1>{t("notificationSettings.title")}</h1>
      <ErrorSummary errors={errors} />
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
            <label class="choice">
              <input type="checkbox" name={`push:${pref.kind}`} checked={pref.push} /> {t("notificationSettings.push")}
            </label>
            {isAlwaysImmediate(pref.kind) ? (
              <p class="hint">{t("notificationSettings.alwaysAtOnce")}</p>
            ) : (
              <Select
                name={`emailMode:${pref.kind}`}
                label={t("notificationSettings.emailMode")}
                value={values?.[`emailMode:${pref.kind}`] ?? pref.emailMode}
                options={EMAIL_MODES.map((mode) => ({ value: mode, label: t(`notificationSettings.modes.${mode}`) }))}
              />
            )}
          </fieldset>
        ))}
        <fieldset>
          <legend>{t("notificationSettings.quietHours")}</legend>
          <p class="hint">{t("notificationSettings.quietHint", { zone, digestTime: settings.digestTime })}</p>
          <TextField
            name="quietStart"
            type="time"
            label={t("notificationSettings.quietStart")}
            value={values?.quietStart ?? quietHours?.start ?? ""}
            error={errors["quietHours.start"]}
            optional
          />
          <TextField
            name="quietEnd"
            type="time"
            label={t("notificationSettings.quietEnd")}
            value={values?.quietEnd ?? quietHours?.end ?? ""}
            error={errors["quietHours.end"] ?? errors.quietHours}
            optional
          />
        </fieldset>
        <button type="submit">{t("notificationSettings.save")}</button>
      </form>
      {/* Shown by /push.js only where the browser can receive pushes; without JavaScript it stays hidden. */}
      <section
        id="push-device"
        aria-labelledby="push-device-heading"
        hidden
        data-key={pushKey}
        data-turn-on={t("notificationSettings.pushTurnOn")}
        data-turn-off={t("notificationSettings.pushTurnOff")}
        data-on={t("notificationSettings.pushOn")}
        data-off={t("notificationSettings.pushOff")}
        data-denied={t("notificationSettings.pushDenied")}
        data-failed={t("notificationSettings.pushFailed")}
      >
        <h2 id="push-device-heading">{t("notificationSettings.pushDevice")}</h2>
        <p>{t("notificationSettings.pushExplained")}</p>
        <button type="button" aria-pressed="false">
          {t("notificationSettings.pushTurnOn")}
        </button>
        <p role="status"></p>
      </section>
      <script src="/push.js" defer></script>
    </>
  );
}

type DeliveryReport = Awaited<ReturnType<NotificationService["deliveryReport"]>>;

/** For admins: recent e-mail and push deliveries with the other side's answer (no message bodies), and failing addresses. */
export function DeliveriesPage({ report }: { report: DeliveryReport }) {
  const t = useT();
  return (
    <>
      <h1>{t("deliveries.title")}</h1>
      <section aria-labelledby="failing-heading">
        <h2 id="failing-heading">{t("deliveries.failing")}</h2>
        {report.failingAddresses.length === 0 ? (
          <p>{t("deliveries.noneFailing")}</p>
        ) : (
          <ul>
            {report.failingAddresses.map((row) => (
              <li>
                {row.username}: <code>{row.email}</code> ({row.failingSince === null ? "" : <When iso={row.failingSince} />})
              </li>
            ))}
          </ul>
        )}
      </section>
      <DeliveryTable id="email" heading={t("deliveries.email")} rows={report.email} />
      <DeliveryTable id="push" heading={t("deliveries.push")} rows={report.push} />
      <DeliveryTable id="sms" heading={t("deliveries.sms")} rows={report.sms} />
    </>
  );
}

/** One channel's recent deliveries: when, to whom, what kind, how it went; never the message. */
function DeliveryTable({ id, heading, rows }: { id: string; heading: string; rows: DeliveryReport["email"] }) {
  const t = useT();
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("deliveries.when")}</th>
              <th scope="col">{t("deliveries.member")}</th>
              <th scope="col">{t("deliveries.kind")}</th>
              <th scope="col">{t("deliveries.status")}</th>
              <th scope="col">{t("deliveries.result")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>
                  <When iso={row.updatedAt} />
                </td>
                <td>{row.username}</td>
                <td>{row.kind}</td>
                <td>
                  {t(`deliveries.statuses.${row.status}`)} ({row.attempts})
                </td>
                <td>{row.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
