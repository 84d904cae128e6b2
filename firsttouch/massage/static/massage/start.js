// The safety check before a massage (served as a file: no inline script under the CSP).
// "Which areas?" matters only after a Yes: show it then, so the check stays short.
(function () {
  document.querySelectorAll("fieldset.regions").forEach(function (regions) {
    var question = regions.previousElementSibling;
    if (!question || !question.matches("fieldset.question")) return;
    function sync() {
      var yes = question.querySelector("input[value=yes]");
      regions.hidden = !(yes && yes.checked) && !regions.classList.contains("has-error");
    }
    question.addEventListener("change", sync);
    sync();
  });
  // The wand guidance is read before the wand is used: shown as soon as it is chosen.
  var guidance = document.getElementById("wand-guidance");
  var tool = document.querySelector("fieldset.tool");
  if (guidance && tool) {
    var syncWand = function () {
      var wand = tool.querySelector("input[value=wand]");
      guidance.hidden = !(wand && wand.checked);
    };
    tool.addEventListener("change", syncWand);
    syncWand();
  }
})();
