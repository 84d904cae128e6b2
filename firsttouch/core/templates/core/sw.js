{% autoescape off %}// firsttouch's service worker (decision 0020), rendered by firsttouch.core.pwa.
// The app shell is saved on install; the baby's pages are fetched network first and the last
// copy seen is shown offline; staff pages and the API are never stored.
"use strict";
var VERSION = "{{ version }}";
var SHELL_CACHE = "firsttouch-shell-" + VERSION;
var PAGES_CACHE = "firsttouch-pages";
var SHELL = {{ shell }};
var OFFLINE_URL = {{ offline_url }};
var PAGE_PREFIXES = {{ page_prefixes }};
var LOGIN_URL = {{ login_url }};
var SYNC_TAG = "firsttouch-queue";

importScripts({{ queue_script }}, {{ push_script }});

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then(function (cache) { return cache.addAll(SHELL); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("firsttouch-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keepsPage(path) {
  return path === "/" || PAGE_PREFIXES.some(function (prefix) {
    return prefix !== "/" && path.indexOf(prefix) === 0;
  });
}

// Save a page as it was just served; a redirect is saved as one too, so "/" opens offline.
function remember(request, response) {
  var final = new URL(response.url || request.url);
  if (final.pathname === LOGIN_URL) return caches.delete(PAGES_CACHE);  // the session ended
  var type = response.headers.get("Content-Type") || "";
  var control = response.headers.get("Cache-Control") || "";
  if (!response.ok || type.indexOf("text/html") < 0 || control.indexOf("no-store") >= 0) return null;
  if (!keepsPage(final.pathname)) return null;
  return caches.open(PAGES_CACHE).then(function (cache) {
    if (!response.redirected) return cache.put(request, response);
    return cache.put(final.href, response).then(function () {
      return cache.put(request.url, Response.redirect(final.href, 302));
    });
  });
}

function page(event) {
  var request = event.request;
  var keep = keepsPage(new URL(request.url).pathname);
  return fetch(request).then(function (response) {
    if (keep) event.waitUntil(Promise.resolve(remember(request, response.clone())));
    else if (new URL(response.url).pathname === LOGIN_URL) event.waitUntil(caches.delete(PAGES_CACHE));
    return response;
  }).catch(function () {
    var saved = keep
      ? caches.open(PAGES_CACHE).then(function (cache) { return cache.match(request); })
      : Promise.resolve(undefined);
    return saved.then(function (found) {
      return found || caches.match(OFFLINE_URL).then(function (fallback) {
        return fallback || Response.error();
      });
    });
  });
}

// Static files: the saved copy at once, refreshed in the background for the next visit.
function staticFile(event) {
  var request = event.request;
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(request).then(function (saved) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      if (saved) {
        event.waitUntil(fresh.catch(function () { return null; }));
        return saved;
      }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) event.respondWith(staticFile(event));
  else if (request.mode === "navigate") event.respondWith(page(event));
});

function tellPages() {
  return self.clients.matchAll({ type: "window" }).then(function (pages) {
    pages.forEach(function (client) { client.postMessage({ type: "queue-changed" }); });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(self.FirstTouchQueue.flush().then(function (outcome) {
    return tellPages().then(function () {
      // Failing the sync asks the browser to try again later, when still not all sent.
      if (outcome.offline || outcome.held) throw new Error("Entries are still waiting.");
    });
  }));
});

// A page asks for the forms it links to be saved now (data-offline-keep), unless they are.
function keep(urls) {
  return caches.open(PAGES_CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      var target = new URL(url, self.location.href);
      if (target.origin !== self.location.origin || !keepsPage(target.pathname)) return null;
      var request = new Request(target.href, { credentials: "same-origin" });
      return cache.match(request).then(function (saved) {
        if (saved) return null;
        return fetch(request).then(function (response) { return remember(request, response); });
      }).catch(function () { return null; });
    }));
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "clear-pages") event.waitUntil(caches.delete(PAGES_CACHE));
  else if (data.type === "keep" && Array.isArray(data.urls)) event.waitUntil(keep(data.urls.slice(0, 10)));
});
{% endautoescape %}
