// The massage log form's helpers (served as a file: the Content Security Policy allows no inline script).
// The advice for the oil being typed shows as soon as it is recognised (content/safety.toml).
(function () {
  var input = document.querySelector("input[name=oil]");
  var box = document.getElementById("typed-oil-advice");
  if (!input || !box) return;
  input.addEventListener("input", function () {
    var typed = input.value.toLowerCase().split(/\s+/).join(" ");
    var found = null;
    document.querySelectorAll("#oil-advice li[data-words]").forEach(function (li) {
      if (found) return;
      li.dataset.words.split("|").forEach(function (w) { if (w && typed.indexOf(w) !== -1) found = li; });
    });
    box.innerHTML = found ? found.innerHTML : "";
    box.hidden = !found;
  });
})();
// The wand guidance is read before the wand is used: open it as soon as the wand is chosen.
(function () {
  var details = document.querySelector("details.wand-details");
  document.querySelectorAll("input[name=tool]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (details && radio.checked && radio.value === "wand") details.open = true;
    });
  });
})();
