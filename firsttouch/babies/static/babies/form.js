// The baby form (served as a file: no inline script under the CSP).
// Show the weeks field only for babies born early.
(function () {
  var box = document.getElementById("id_born_early"), weeks = document.getElementById("id_gestational_weeks");
  if (!box || !weeks) return;
  var field = weeks.closest(".field");
  function sync() { field.hidden = !box.checked; }
  box.addEventListener("change", sync); sync();
})();
