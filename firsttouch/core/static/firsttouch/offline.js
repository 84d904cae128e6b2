// Offline logging on the page (decision 0020): registers the service worker, keeps what is
// logged without a connection in the queue (queue.js), shows how many entries are waiting,
// any the server refused, and timers started offline, and sends the queue when the
// connection returns. Every word shown comes from #offline-queue's data attributes.
(function () {
  "use strict";
  var script = document.currentScript;
  if ("serviceWorker" in navigator && script && script.dataset.sw) {
    navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).catch(function () {});
  }
  var box = document.getElementById("offline-queue");
  var Q = window.FirstTouchQueue;
  if (!box || !Q || !window.indexedDB) return;  // logged out: nothing is queued
  var text = box.dataset;
  var user = text.user;
  var el = function (id) { return document.getElementById(id); };
  var lastOutcome = null;
  var shownWaiting = 0;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function hhmm(iso) {
    return new Date(iso).toLocaleTimeString(document.documentElement.lang || undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });  // as the server's H:i
  }

  function localInput(iso) {  // an ISO time as a datetime-local value on this phone's clock
    var d = new Date(iso);
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function fieldLabel(name) {
    return { time: text.fieldTime, start: text.fieldStart, end: text.fieldEnd, ended_at: text.fieldEnded_at }[name] || name;
  }

  function labelOf(kind) { return text["label" + kind.charAt(0).toUpperCase() + kind.slice(1)] || kind; }

  function announce(message) { el("queue-count").textContent = message; }

  function askToSync() {
    if (!navigator.serviceWorker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register("firsttouch-queue");
      return null;
    }).catch(function () {});
  }

  function enqueue(entry) {
    entry.key = Q.newKey();
    entry.user = user;
    entry.status = "waiting";
    return Q.put("entries", entry).then(function () {
      askToSync();
      return render(text.saved.replace("{what}", entry.label));
    });
  }

  // --- Drawing -----------------------------------------------------------------------------

  function countText(n) {
    if (n === 0) return "";
    return n === 1 ? text.one : text.other.replace("{count}", String(n));
  }

  function drawWaiting(waiting) {
    var list = el("queue-waiting");
    list.textContent = "";
    waiting.forEach(function (entry) {
      var item = document.createElement("li");
      item.textContent = entry.label + ", " + hhmm(entry.at);
      list.appendChild(item);
    });
    // A server timer stopped offline is hidden from the running timers.
    document.querySelectorAll("form[data-queue=stop]").forEach(function (form) {
      var stopped = waiting.some(function (e) { return e.hides === form.dataset.timer + ":" + form.dataset.id; });
      var card = form.closest(".timer");
      if (card) card.hidden = stopped;
    });
  }

  function drawTimers(timers) {
    var list = el("queue-timers");
    list.textContent = "";
    timers.forEach(function (timer) {
      var item = el("queue-timer-template").content.firstElementChild.cloneNode(true);
      item.querySelector(".what").textContent = timer.label;
      item.querySelector(".since").textContent = text.since.replace("{time}", hhmm(timer.at));
      var what = item.querySelector(".what");
      what.id = "queue-timer-" + timer.key;
      var button = item.querySelector(".stop");
      button.setAttribute("aria-describedby", what.id);
      button.addEventListener("click", function () { stopLocal(timer); });
      list.appendChild(item);
    });
  }

  function editableFields(entry) {
    return ["time", "start", "end", "ended_at"].filter(function (name) { return entry.body[name]; });
  }

  function drawConflicts(conflicts) {
    var box = el("queue-conflicts");
    box.textContent = "";
    conflicts.forEach(function (entry) {
      var card = el("queue-conflict-template").content.firstElementChild.cloneNode(true);
      var times = editableFields(entry).map(function (name) { return fieldLabel(name) + " " + hhmm(entry.body[name]); });
      card.querySelector(".what").textContent = entry.label;
      card.querySelector(".when").textContent = times.join(", ");
      card.querySelector(".why").textContent = entry.message || "";
      var form = card.querySelector(".edit-form");
      var fields = form.querySelector(".fields");
      editableFields(entry).forEach(function (name) {
        var field = el("queue-field-template").content.firstElementChild.cloneNode(true);
        var input = field.querySelector("input");
        var label = field.querySelector("label");
        input.id = "queue-" + entry.key + "-" + name;
        input.name = name;
        input.value = localInput(entry.body[name]);
        label.htmlFor = input.id;
        label.textContent = fieldLabel(name);
        fields.appendChild(field);
      });
      var edit = card.querySelector(".edit");
      edit.addEventListener("click", function () {
        form.hidden = !form.hidden;
        edit.setAttribute("aria-expanded", String(!form.hidden));
        if (!form.hidden) form.querySelector("input").focus();
      });
      card.querySelector(".discard").addEventListener("click", function () {
        if (window.confirm(text.discardConfirm)) Q.remove("entries", entry.key).then(function () { render(""); });
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        editableFields(entry).forEach(function (name) {
          entry.body[name] = new Date(form.elements[name].value).toISOString();
        });
        if (entry.body.time) entry.at = entry.body.time;
        entry.status = "waiting";
        entry.message = "";
        Q.put("entries", entry).then(function () { return render(""); }).then(sync);
      });
      box.appendChild(card);
    });
  }

  function render(message) {
    return Promise.all([Q.list("entries", user), Q.list("timers", user)]).then(function (found) {
      var waiting = found[0].filter(function (e) { return e.status === "waiting"; });
      var conflicts = found[0].filter(function (e) { return e.status === "conflict"; });
      // The queue just emptied (sent by this page or by the worker's Background Sync).
      var emptied = shownWaiting > 0 || el("queue-count").textContent === text.sent;
      if (!message && emptied && found[0].length === 0) message = text.sent;
      shownWaiting = waiting.length;
      announce([message, countText(waiting.length)].filter(Boolean).join(" "));
      drawWaiting(waiting);
      drawTimers(found[1]);
      drawConflicts(conflicts);
      return found[0].length;
    });
  }

  function showOffline() {
    var offline = !navigator.onLine || (lastOutcome !== null && lastOutcome.offline);
    el("offline-notice").hidden = !offline;
  }

  // --- Logging offline ---------------------------------------------------------------------

  function value(form, name) { return form.elements[name] ? form.elements[name].value : ""; }

  function stopLocal(timer) {
    var now = new Date().toISOString();
    var body = Object.assign({}, timer.body, { start: timer.at, end: now });
    return Q.remove("timers", timer.key).then(function () {
      return enqueue({ method: "POST", path: Q.PATHS[timer.kind], body: body, at: timer.at, label: timer.label });
    }).then(sync);
  }

  function fromForm(form, submitter) {
    var kind = form.dataset.queue;
    var now = new Date().toISOString();
    var baby = Number(value(form, "baby"));
    var shown = form.dataset.queueLabel || (submitter ? submitter.textContent.trim() : "");
    if (kind === "nappy") {
      var what = value(form, "what");
      return enqueue({
        method: "POST", path: Q.PATHS.nappy, at: now, label: labelOf("nappy") + ": " + shown,
        body: { baby: baby, wet: what !== "dirty", dirty: what !== "wet", time: now },
      });
    }
    if (kind === "start") {
      var body = { baby: baby };
      ["kind", "side", "intensity"].forEach(function (name) { if (value(form, name)) body[name] = value(form, name); });
      var label = labelOf(form.dataset.timer) + (form.dataset.queueLabel ? ", " + form.dataset.queueLabel : "");
      var timer = { key: Q.newKey(), user: user, kind: form.dataset.timer, body: body, at: now, label: label };
      return Q.list("timers", user).then(function (timers) {
        var twice = timers.some(function (t) { return t.kind === timer.kind && t.body.baby === baby; });
        return twice ? null : Q.put("timers", timer);  // one running timer of a kind, as online
      }).then(function () { return render(""); });
    }
    if (kind === "stop") {
      var timerKind = form.dataset.timer;
      return enqueue({
        method: "PATCH", path: Q.PATHS[timerKind] + "/" + form.dataset.id, at: now,
        label: shown, body: { end: now }, hides: timerKind + ":" + form.dataset.id,
      });
    }
    if (kind === "entry") {  // an add form (a bottle feed...): its fields are the API's
      var entry = { baby: Number(form.dataset.baby) };
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || field.disabled || field.type === "hidden" || field.type === "submit") return;
        if (field.type === "checkbox") entry[field.name] = field.checked;
        else if (field.type === "radio" && !field.checked) return;
        else if (field.value !== "") entry[field.name] = field.type === "number" ? Number(field.value) : field.value;
      });
      // Left empty, the time is now (the moment it was logged), not when the queue is sent.
      var timeField = form.elements.namedItem("start") ? "start" : "time";
      if (!entry[timeField]) entry[timeField] = now;
      var entryKind = form.dataset.timer;
      return enqueue({
        method: "POST", path: Q.PATHS[entryKind], at: new Date(entry[timeField]).toISOString(),
        label: labelOf(entryKind), body: entry,
      }).then(function () {
        // Back where the form was opened from, as after saving online (a saved page).
        var next = value(form, "next");
        if (next && next.charAt(0) === "/" && next.charAt(1) !== "/") window.location.assign(next);
      });
    }
    if (kind === "finish-massage") {
      return enqueue({
        method: "PATCH", path: Q.PATHS.massage + "/" + form.dataset.id, at: now,
        label: labelOf("massage"), body: { ended_at: now, steps_completed: Number(value(form, "steps_completed")) || 0 },
      });
    }
    return Promise.resolve();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (form.getAttribute("action") === text.logout) return logOut(event, form);
    if (!form.dataset.queue || navigator.onLine) return;  // online: the form posts as usual
    if (form.dataset.timer && !Q.PATHS[form.dataset.timer]) return;  // not a kind kept offline
    event.preventDefault();
    fromForm(form, event.submitter);
  });

  // Logging out forgets the saved pages: the next person on this phone must not see them.
  function logOut(event, form) {
    event.preventDefault();
    Q.list("entries", user).then(function (entries) {
      if (entries.length && !window.confirm(text.logoutConfirm)) return null;
      return Q.setMeta("session", null)
        .then(function () { return window.caches ? caches.delete("firsttouch-pages") : null; })
        .catch(function () { return null; })
        .then(function () { form.submit(); });
    });
  }

  // --- Sending ------------------------------------------------------------------------------

  function sync() {
    if (!navigator.onLine) { showOffline(); return Promise.resolve(); }
    return Q.flush().then(function (outcome) {
      lastOutcome = outcome;
      showOffline();
      return render("");
    });
  }

  window.addEventListener("online", function () { lastOutcome = null; showOffline(); sync(); });
  window.addEventListener("offline", showOffline);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue-changed") render("");
    });
  }

  // Forms a parent may need offline (the bottle feed) are saved now, while online.
  function keepLinkedPages() {
    var urls = Array.prototype.map.call(document.querySelectorAll("a[data-offline-keep]"), function (a) { return a.href; });
    if (!urls.length || !navigator.onLine || !navigator.serviceWorker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "keep", urls: urls });
    });
  }
  keepLinkedPages();

  Q.setMeta("session", { user: user, api: text.api, csrf: csrfToken() })
    .then(function () { showOffline(); return render(""); })
    .then(sync);
})();
