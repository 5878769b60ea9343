// The service worker is used only for push: it shows a notice and opens its page on a click.
// It caches nothing, so every page is always fetched from the site as without it.
self.addEventListener("push", (event) => {
  const notice = event.data ? event.data.json() : null;
  if (!notice) return;
  event.waitUntil(
    self.registration.showNotification(notice.title, { body: notice.body, data: { url: notice.url }, icon: "/icons/icon-192.png" }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = event.notification.data?.url;
  // Only the site's own pages are opened.
  if (url && new URL(url).origin === self.location.origin) event.waitUntil(self.clients.openWindow(url));
});
