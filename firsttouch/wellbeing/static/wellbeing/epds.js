// Show the safety block the moment a safety item (EPDS item 10) gets an answer scored above 0,
// before anything is sent. The block is rendered by the server (hidden), so the same help is
// there without JavaScript once the form is submitted.
// Every change of a safety item is also saved at once as her draft (save_draft=1, never
// finished): the clinic's urgent alert is raised at that first save, so a mother who answers
// item 10 and closes the page is not lost. Saves go one after another, so two quick changes
// cannot start two drafts.
(function () {
  "use strict";
  var block = document.getElementById("safety-live");  // absent once a draft shows the help
  var first = document.querySelector("input[data-safety-item]");
  var form = first ? first.closest("form") : null;
  if (!form) return;
  var safetyNames = {};
  document.querySelectorAll("input[data-safety-item]").forEach(function (input) {
    safetyNames[input.name] = true;
  });
  function triggered() {
    return Array.prototype.some.call(
      document.querySelectorAll("input[data-safety-item]:checked"),
      function (input) { return input.hasAttribute("data-triggers-safety"); });
  }
  function sync(reveal) {
    if (!block) return;
    var show = triggered();
    var wasHidden = block.hidden;
    block.hidden = !show;
    if (show && wasHidden && reveal) {
      block.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  }
  var saving = Promise.resolve();
  function saveDraft() {
    if (!form || !window.fetch || !window.FormData) return;
    var data = new FormData(form);
    data.set("save_draft", "1");
    saving = saving.then(function () {
      return fetch(form.getAttribute("action") || window.location.href, {
        method: "POST", body: data, credentials: "same-origin"
      }).then(function (reply) {
        if (reply.ok) form.setAttribute("data-draft-saved", "1");
      }).catch(function () { /* the button still saves it; the help is already shown */ });
    });
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.name && safetyNames[target.name]) {
      sync(true);
      saveDraft();
    }
  });
  sync(false);
})();
