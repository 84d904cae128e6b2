// Show the safety block the moment a safety item (EPDS item 10) gets an answer scored above 0,
// before anything is sent. The block is rendered by the server (hidden), so the same help is
// there without JavaScript once the form is submitted.
(function () {
  "use strict";
  var block = document.getElementById("safety-live");
  if (!block) return;
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
    var show = triggered();
    var wasHidden = block.hidden;
    block.hidden = !show;
    if (show && wasHidden && reveal) {
      block.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.name && safetyNames[target.name]) sync(true);
  });
  sync(false);
})();
