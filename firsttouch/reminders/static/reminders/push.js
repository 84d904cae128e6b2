// "Reminders on this device": turn Web Push on and off for this browser, and send a test.
// Every sentence shown comes from the page (data-say-* attributes), written by the server in
// the person's language. A file, not inline script: the Content Security Policy allows none.
(function () {
  var section = document.getElementById("push");
  if (!section) return;
  var d = section.dataset;
  var state = document.getElementById("push-state");
  var on = document.getElementById("push-on");
  var off = document.getElementById("push-off");
  var test = document.getElementById("push-test");
  var csrf = section.querySelector("input[name=csrfmiddlewaretoken]").value;

  function say(text) { state.textContent = text; }
  function show(subscribed) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    test.hidden = !subscribed;
    say(subscribed ? d.sayOn : d.sayOff);
  }
  function busy(flag) { [on, off, test].forEach(function (b) { b.disabled = flag; }); }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }
  // The Push API wants the server's key as bytes; the page carries it as base64url.
  function keyBytes(text) {
    var b64 = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  // The app's service worker (data-worker: /sw.js, which imports the push handlers), already
  // registered by every page; registered here too in case this page came before it.
  function registration() {
    return navigator.serviceWorker.getRegistration("/").then(function (found) {
      return found || navigator.serviceWorker.register(d.worker, { scope: "/" });
    }).then(function () { return navigator.serviceWorker.ready; });
  }
  function current() {
    return navigator.serviceWorker.getRegistration("/").then(function (found) {
      return found ? found.pushManager.getSubscription() : null;
    });
  }
  function fail() { busy(false); say(d.sayFailed); }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    on.disabled = true;
    say(d.sayUnsupported);
    return;
  }

  current().then(function (subscription) {
    if (!subscription) return show(false);
    return post(d.statusUrl, { endpoint: subscription.endpoint }).then(function (answer) {
      show(answer.subscribed);
    });
  }).catch(function () { show(false); });

  on.addEventListener("click", function () {
    busy(true);
    say(d.sayWorking);
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { busy(false); say(d.sayDenied); return; }
      return registration().then(function (reg) {
        return reg.pushManager.getSubscription().then(function (existing) {
          return existing || reg.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(d.publicKey)
          });
        });
      }).then(function (subscription) {
        return post(d.subscribeUrl, subscription.toJSON());
      }).then(function () { busy(false); show(true); });
    }).catch(fail);
  });

  off.addEventListener("click", function () {
    busy(true);
    say(d.sayWorking);
    current().then(function (subscription) {
      if (!subscription) return;
      return post(d.unsubscribeUrl, { endpoint: subscription.endpoint }).then(function () {
        return subscription.unsubscribe();
      });
    }).then(function () { busy(false); show(false); }).catch(fail);
  });

  test.addEventListener("click", function () {
    busy(true);
    current().then(function (subscription) {
      if (!subscription) throw new Error("no subscription");
      return post(d.testUrl, { endpoint: subscription.endpoint });
    }).then(function (answer) {
      busy(false);
      say(answer.sent ? d.sayTestSent : d.sayTestFailed);
    }).catch(function () { busy(false); say(d.sayTestFailed); });
  });
})();
