/* firsttouch tracking: ticking timers and fields that show only when they apply. No build. */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // Every element with data-since shows the time elapsed since then, as h:mm:ss. It is
  // looked up on each tick so timers swapped in by htmx polling keep ticking.
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-since]").forEach(function (el) {
      var since = Date.parse(el.getAttribute("data-since"));
      if (isNaN(since)) { return; }
      var s = Math.max(0, Math.floor((now - since) / 1000));
      el.textContent = Math.floor(s / 3600) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
    });
  }
  tick();
  setInterval(tick, 1000);

  // data-show-when="field=value": show the field (and send it) only for that answer.
  function currentValue(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) { return input.value || "on"; }
      } else {
        return input.value;
      }
    }
    return "";
  }

  function applyConditions(form) {
    form.querySelectorAll("[data-show-when]").forEach(function (input) {
      var rule = input.getAttribute("data-show-when").split("=");
      var show = currentValue(form, rule[0]) === rule[1];
      var wrapper = input.closest(".field") || input;
      wrapper.hidden = !show;
      input.disabled = !show;
    });
  }

  // Quick amounts: a button with data-fill="<input id>" puts its data-value in that input.
  document.querySelectorAll("[data-fill]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-fill"));
      if (!input) { return; }
      input.value = button.getAttribute("data-value");
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });

  document.querySelectorAll("form.entry-form").forEach(function (form) {
    applyConditions(form);
    form.addEventListener("change", function () { applyConditions(form); });
  });
})();
