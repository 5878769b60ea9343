// Turns push on or off for this device, on /notifications/settings. The page works without it:
// only the push button needs JavaScript, and it stays hidden where push is not possible.
(() => {
  const section = document.getElementById("push-device");
  if (!section || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  const button = section.querySelector("button");
  const status = section.querySelector("[role=status]");
  const text = section.dataset;

  async function current() {
    const registration = await navigator.serviceWorker.register("/sw.js");
    return { registration, subscription: await registration.pushManager.getSubscription() };
  }

  function show(on) {
    button.textContent = on ? text.turnOff : text.turnOn;
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  async function send(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const { registration, subscription } = await current();
      if (subscription) {
        await send("/notifications/push/off", { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
        show(false);
        status.textContent = text.off;
      } else {
        if ((await Notification.requestPermission()) !== "granted") {
          status.textContent = text.denied;
          return;
        }
        const created = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: text.key });
        await send("/notifications/push/on", created.toJSON());
        show(true);
        status.textContent = text.on;
      }
    } catch {
      status.textContent = text.failed;
    } finally {
      button.disabled = false;
    }
  });

  current().then(
    ({ subscription }) => {
      show(subscription !== null);
      section.hidden = false;
    },
    () => {},
  );
})();
