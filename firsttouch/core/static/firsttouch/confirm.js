// A form with data-confirm asks before it is sent (removing a member, revoking a key).
// A file rather than onsubmit="..." attributes: the Content Security Policy allows no inline script.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form instanceof HTMLFormElement ? form.getAttribute("data-confirm") : null;
  if (question && !window.confirm(question)) event.preventDefault();
});
