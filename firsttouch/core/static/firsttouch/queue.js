// The offline queue (decision 0020): entries logged on this phone while it had no connection,
// kept in IndexedDB and sent to the JSON API when the connection returns. Loaded by every page
// (offline.js draws it) and by the service worker (Background Sync), so both send the same way.
// Each entry carries an Idempotency-Key made when it was logged: a resend after a lost answer
// creates nothing new on the server.
(function (root) {
  "use strict";
  var DB_NAME = "firsttouch-offline";
  var STORES = ["entries", "timers", "meta"];
  // The API path of each kind a page can queue.
  var PATHS = { nappy: "nappies", sleep: "sleep", feed: "feeds", crying: "crying", massage: "massage-sessions" };
  // Answers that mean "this entry, as it is, will never be accepted": shown to the parent.
  var REFUSED = [400, 404, 409, 422];

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        STORES.forEach(function (name) {
          if (db.objectStoreNames.contains(name)) return;
          if (name === "meta") db.createObjectStore(name);
          else db.createObjectStore(name, { keyPath: "key" });
        });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(store, mode);
        var request = work(transaction.objectStore(store));
        var result;
        if (request) request.onsuccess = function () { result = request.result; };
        transaction.oncomplete = function () { db.close(); resolve(result); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function byTime(a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; }

  function list(store, user) {
    return run(store, "readonly", function (s) { return s.getAll(); }).then(function (rows) {
      return (rows || []).filter(function (row) { return row.user === user; }).sort(byTime);
    });
  }

  function put(store, row) { return run(store, "readwrite", function (s) { return s.put(row); }); }
  function remove(store, key) { return run(store, "readwrite", function (s) { return s.delete(key); }); }
  function getMeta(name) { return run("meta", "readonly", function (s) { return s.get(name); }); }
  function setMeta(name, value) { return run("meta", "readwrite", function (s) { return s.put(value, name); }); }

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var bytes = root.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // The API's one error shape, as a sentence or two for the parent.
  function describe(answer) {
    var error = answer && answer.error;
    if (!error) return "";
    var parts = [error.message];
    Object.keys(error.fields || {}).forEach(function (field) {
      (error.fields[field] || []).forEach(function (message) {
        if (parts.indexOf(message) < 0) parts.push(message);
      });
    });
    return parts.filter(Boolean).join(" ");
  }

  // Send one entry: "sent", "refused" (kept as a conflict) or "held" (kept, try later).
  function send(entry, session) {
    var init = {
      method: entry.method,
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": session.csrf,
        "Idempotency-Key": entry.key,
      },
      body: JSON.stringify(entry.body),
    };
    return fetch(session.api + entry.path, init).then(
      function (response) {
        if (response.ok) return remove("entries", entry.key).then(function () { return "sent"; });
        if (REFUSED.indexOf(response.status) < 0) return "held";
        return response.json().catch(function () { return null; }).then(function (answer) {
          entry.status = "conflict";
          entry.message = describe(answer);
          entry.httpStatus = response.status;
          return put("entries", entry).then(function () { return "refused"; });
        });
      },
      function () { return "offline"; }
    );
  }

  var sending = null;

  // Send every waiting entry of the logged-in user, oldest first; stop at the first that
  // cannot be sent now (no network, logged out, server busy), so the order is kept.
  function flush() {
    if (sending) return sending;
    // One sender at a time across the page and the service worker (Web Locks): the second
    // finds the queue already sent instead of racing it.
    var locks = root.navigator && root.navigator.locks;
    sending = locks ? locks.request("firsttouch-queue", flushNow) : flushNow();
    var done = function () { sending = null; };
    sending.then(done, done);
    return sending;
  }

  function flushNow() {
    return getMeta("session").then(function (session) {
      var outcome = { sent: 0, refused: 0, offline: false, held: false };
      if (!session || !session.user) return outcome;
      return list("entries", session.user).then(function (entries) {
        var waiting = entries.filter(function (e) { return e.status === "waiting"; });
        return waiting.reduce(function (chain, entry) {
          return chain.then(function (go) {
            if (!go) return false;
            return send(entry, session).then(function (result) {
              if (result === "sent") outcome.sent += 1;
              else if (result === "refused") outcome.refused += 1;
              else if (result === "offline") outcome.offline = true;
              else outcome.held = true;
              return result === "sent" || result === "refused";
            });
          });
        }, Promise.resolve(true));
      }).then(function () { return outcome; });
    });
  }

  root.FirstTouchQueue = {
    PATHS: PATHS,
    list: list,
    put: put,
    remove: remove,
    getMeta: getMeta,
    setMeta: setMeta,
    newKey: newKey,
    flush: flush,
  };
})(self);
