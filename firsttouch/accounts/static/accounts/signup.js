// Sign-up (served as a file: no inline script under the CSP).
// Use the phone's time zone so times show as the family lives them.
(function () { var f = document.getElementById("id_time_zone");
  try { if (f) f.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) {} })();
