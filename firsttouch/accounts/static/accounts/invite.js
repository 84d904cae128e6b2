// The invitation link's button (served as a file: no inline script under the CSP).
// Where the phone offers its share sheet (Web Share API) the button shares the link; elsewhere
// it copies the link and says "Copied" in a live region. The link itself stays on the page as
// plain, selectable text, so nothing depends on this script.
(function () {
  var button = document.getElementById("invite-share");
  var status = document.getElementById("invite-share-status");
  if (!button || !status) return;
  var link = button.getAttribute("data-link");
  var canShare = typeof navigator.share === "function";
  var canCopy = !!(navigator.clipboard && navigator.clipboard.writeText);
  if (!canShare && !canCopy) return; // selecting the link by hand still works
  button.textContent = button.getAttribute(canShare ? "data-share-label" : "data-copy-label");
  button.hidden = false;

  function say(text) {
    status.textContent = "";
    // A fresh text node each time, so a second "Copied" is announced again.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function copy() {
    navigator.clipboard.writeText(link).then(
      function () { say(button.getAttribute("data-copied")); },
      function () { say(button.getAttribute("data-not-copied")); }
    );
  }

  button.addEventListener("click", function () {
    if (!canShare) { copy(); return; }
    navigator.share({ title: button.getAttribute("data-share-title"), url: link }).catch(
      function (error) {
        // Closing the share sheet is not a failure; anything else falls back to copying.
        if (!error || error.name !== "AbortError") copy();
      }
    );
  });
})();
