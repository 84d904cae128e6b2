// The service worker's part of reminders as notifications: show a pushed reminder, and open
// its page when it is tapped. Kept apart so the app's service worker (/sw.js) takes it with
// importScripts() beside its own work. Every word arrives in the push, written by the server
// in the person's language; this file holds none.
self.addEventListener("push", function (event) {
  var message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "firsttouch", {
      body: message.body || "",
      tag: message.tag || "firsttouch",
      data: { url: message.url || "/" }
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var wanted = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  // Only ever a page of this site, whatever a message says.
  var target = wanted.origin === self.location.origin ? wanted.href : self.location.origin + "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === target && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(target);
    })
  );
});
