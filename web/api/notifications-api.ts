import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Viewer } from "../../src/members/viewer.ts";
import { NOTIFICATION_KIND_NAMES, type NotificationKind } from "../../src/notifications/kinds.ts";
import { markReadSchema } from "../../src/notifications/notification.service.ts";
import { EMAIL_MODES, type NotificationSettings, preferencesUpdateSchema } from "../../src/notifications/preferences.service.ts";
import { createWatchSchema } from "../../src/notifications/watch.service.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const NotificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.string().openapi({ description: "match_proposed, match_accepted, crisis_declared, …" }),
    text: z.string().openapi({ description: "One sentence in the member's language; never a contact detail or a requester's identity" }),
    url: z.url().openapi({ description: "The page it is about" }),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .openapi("Notification");

/** The member's notifications: reading them and marking them read. */
export function registerNotificationOperations(app: OpenAPIHono<ApiEnv>, services: Services) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/notifications",
      operationId: "listNotifications",
      summary: "The member's notifications, newest first, and how many are unread",
      security: bearer,
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }) },
      responses: {
        200: json(z.object({ items: z.array(NotificationSchema), unreadCount: z.number().int() }), "The newest notifications"),
        ...errors(400, 401),
      },
    }),
    async (c) => {
      return c.json(await services.notifications.list(c.var.viewer, null, c.req.valid("query").limit), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/notifications/read",
      operationId: "markNotificationsRead",
      summary: "Marks some of the member's notifications read (`{ids}`), or all of them (`{all: true}`)",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: markReadSchema } } } },
      responses: {
        200: json(
          z.object({ marked: z.number().int(), unreadCount: z.number().int() }),
          "How many were marked, and how many are left unread",
        ),
        ...errors(400, 401),
      },
    }),
    async (c) => {
      const marked = await services.notifications.markRead(c.var.viewer, c.req.valid("json"));
      return c.json({ marked, unreadCount: await services.notifications.unreadCount(c.var.viewer) }, 200);
    },
  );
}

const PreferenceSchema = z
  .object({
    kind: z.enum(NOTIFICATION_KIND_NAMES as [NotificationKind, ...NotificationKind[]]),
    inApp: z.boolean().openapi({ description: "Shown on the notifications page and counted by the bell" }),
    email: z.boolean().openapi({ description: "Sent by e-mail, once the member's address is verified" }),
    push: z.boolean().openapi({ description: "Pushed to every device where the member turned push on" }),
    emailMode: z.enum(EMAIL_MODES).openapi({
      description: "E-mail at once, or gathered into a daily or weekly digest (crises always go at once)",
    }),
  })
  .openapi("NotificationPreference");

const NotificationSettingsSchema = z
  .object({
    kinds: z.array(PreferenceSchema),
    quietHours: z
      .object({ start: z.string(), end: z.string() })
      .nullable()
      .openapi({ description: "Local times HH:MM: no push or e-mail then, except crises; held ones go when they end" }),
    timeZone: z.string().nullable().openapi({ description: "The member's IANA zone; null: the network's" }),
    digestTime: z.string().openapi({ description: "When digests go out in the member's zone (weekly ones on Mondays)" }),
  })
  .openapi("NotificationSettings");

const toPreferenceJson = (settings: NotificationSettings) => ({
  ...settings,
  kinds: settings.kinds.map(({ kind, inApp, email, push, emailMode }) => ({ kind, inApp, email, push, emailMode })),
});

/** What reaches the member, kind by kind: getNotificationPreferences, updateNotificationPreferences. */
export function registerPreferenceOperations(app: OpenAPIHono<ApiEnv>, services: Services) {
  const answer = json(NotificationSettingsSchema, "Every kind that concerns the member with its channels; quiet hours and time zone");
  app.openapi(
    createRoute({
      method: "get",
      path: "/notifications/preferences",
      operationId: "getNotificationPreferences",
      summary: "For each kind of notification that concerns the member: in the app, by e-mail, by push",
      security: bearer,
      responses: { 200: answer, ...errors(401) },
    }),
    async (c) => c.json(toPreferenceJson(await services.preferences.get(c.var.viewer)), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/notifications/preferences",
      operationId: "updateNotificationPreferences",
      summary: "Changes the channels and e-mail mode of the kinds named (the others keep theirs), quiet hours, time zone",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: preferencesUpdateSchema } } } },
      responses: { 200: answer, ...errors(400, 401, 422) },
    }),
    async (c) => c.json(toPreferenceJson(await services.preferences.update(c.var.viewer, c.req.valid("json"))), 200),
  );
}

const WatchSchema = z
  .object({
    id: z.uuid(),
    kind: z.string().nullable(),
    category: z.string().nullable(),
    area: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Watch");

/** Watches: createWatch, listWatches, deleteWatch. */
export function registerWatchOperations(app: OpenAPIHono<ApiEnv>, services: Services) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/watches",
      operationId: "createWatch",
      summary: "Be told of new posts (that the member may see) of a kind, category and/or area; at least one",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: createWatchSchema } } } },
      responses: { 201: json(WatchSchema, "The new watch"), ...errors(400, 401, 422) },
    }),
    async (c) => c.json(await services.watches.create(c.var.viewer, c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/watches",
      operationId: "listWatches",
      summary: "The member's watches",
      security: bearer,
      responses: { 200: json(z.array(WatchSchema), "Every watch of the member"), ...errors(401) },
    }),
    async (c) => c.json(await services.watches.list(c.var.viewer), 200),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/watches/{id}",
      operationId: "deleteWatch",
      summary: "Stops a watch",
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errors(401, 404) },
    }),
    async (c) => {
      await services.watches.delete(c.var.viewer, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}

const PushSubscriptionSchema = z
  .object({
    endpoint: z.string().openapi({ description: "The push service's https address for this device" }),
    keys: z.object({
      p256dh: z.string().openapi({ description: "P-256 public key, base64url" }),
      auth: z.string().openapi({ description: "16 bytes, base64url" }),
    }),
    expirationTime: z.number().nullable().optional(),
  })
  .openapi("PushSubscription", { description: "What the browser's PushSubscription.toJSON() gives" });

/** Devices where the member turned push on: createPushSubscription, deletePushSubscription. */
export function registerPushOperations(app: OpenAPIHono<ApiEnv>, services: Services) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/push/subscriptions",
      operationId: "createPushSubscription",
      summary: "Turns push on for a device (subscribed with the key of GET /push/key); saving it again changes nothing",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: PushSubscriptionSchema } } } },
      responses: { 204: { description: "Saved" }, ...errors(400, 401) },
    }),
    async (c) => {
      await services.pushDevices.subscribe(c.var.viewer, c.req.valid("json"));
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/push/subscriptions",
      operationId: "deletePushSubscription",
      summary: "Turns push off for a device",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: z.object({ endpoint: z.string() }) } } } },
      responses: { 204: { description: "Removed" }, ...errors(400, 401, 404) },
    }),
    async (c) => {
      await services.pushDevices.unsubscribe(c.var.viewer, c.req.valid("json"));
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/push/key",
      operationId: "getPushKey",
      summary: "The site's VAPID public key (base64url), the applicationServerKey to subscribe with",
      responses: { 200: json(z.object({ publicKey: z.string() }), "The key") },
    }),
    (c) => c.json({ publicKey: services.pushDevices.publicKey }, 200),
  );
}
