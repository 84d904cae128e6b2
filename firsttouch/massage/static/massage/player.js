/* The guided massage player: one step at a time, a timer, a pulse at the stroke pace.
 * Plain JavaScript, no build. Steps arrive as JSON (json_script "player-steps").
 * Keys: Space pauses, ArrowLeft/ArrowRight move between steps. Every word it shows comes
 * translated from the page (data-t-* on #player, with {n}-style blanks): none is written here. */
(function () {
  "use strict";

  var dataNode = document.getElementById("player-steps");
  if (!dataNode) return;
  var steps = JSON.parse(dataNode.textContent);
  if (!steps.length) return;

  function el(id) { return document.getElementById(id); }
  var ui = {
    count: el("step-count"), phase: el("step-phase"), title: el("step-title"),
    how: el("step-how"), meta: el("step-meta"), avoid: el("step-avoid"),
    timer: el("step-timer"), strokes: el("stroke-count"), pulse: el("pulse"),
    status: el("player-status"), back: el("player-back"), next: el("player-next"),
    pause: el("player-pause"), finish: el("player-finish"), stopEarly: el("player-stop-early"),
    sound: el("player-sound"), dialog: el("stop-dialog"), stopCancel: el("stop-cancel"),
    finishForm: el("finish-form"), stopForm: el("stop-form"), player: el("player"),
    resumeNote: el("resume-note"), stopAdvice: el("stop-signs-advice")
  };

  /* A sentence from the page in the reader's language, its {name} blanks filled in. */
  function words(key, values) {
    var text = ui.player.getAttribute("data-t-" + key) || "";
    return text.replace(/\{(\w+)\}/g, function (blank, name) {
      return values && name in values ? String(values[name]) : blank;
    });
  }

  var index = 0;
  var remaining = steps[0].seconds;
  var paused = false;
  var done = steps.map(function () { return false; });
  var tickTimer = null;
  var audio = null;
  var wakeLock = null;

  /* Where the player is, kept in localStorage so a reload or a phone lock picks up at the same
   * step with the same time left. Keyed by session; ignored if the session's start differs. */
  var storeKey = "firsttouch.player." + ui.player.getAttribute("data-session");
  var startedAt = ui.player.getAttribute("data-started");

  function savePosition() {
    try {
      localStorage.setItem(storeKey, JSON.stringify(
        { startedAt: startedAt, index: index, remaining: remaining, done: done }));
    } catch (e) { /* private mode or storage full: the player still works */ }
  }

  function forgetPosition() {
    try { localStorage.removeItem(storeKey); } catch (e) { /* nothing saved */ }
  }

  function restorePosition() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { saved = null; }
    if (!saved || saved.startedAt !== startedAt) return false;
    if (typeof saved.index !== "number" || saved.index < 0 || saved.index >= steps.length) return false;
    index = saved.index;
    remaining = Math.max(0, Math.min(steps[index].seconds, Number(saved.remaining) || 0));
    if (Array.isArray(saved.done) && saved.done.length === steps.length) {
      done = saved.done.map(Boolean);
    }
    return true;
  }

  function formatTime(seconds) {
    var s = Math.max(0, seconds);
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }

  function strokeText(step) {
    if (step.repetitions <= 1) return "";
    var elapsed = step.seconds - remaining;
    var n = Math.floor(elapsed * step.pace / 60) + 1;
    if (n > step.repetitions) return words("rest");
    return words("stroke", { n: n, total: step.repetitions });
  }

  function restartPulse(step) {
    ui.pulse.classList.remove("beating");
    void ui.pulse.offsetWidth; /* reflow so the animation starts again from the top */
    ui.pulse.style.animationDuration = (60 / step.pace) + "s";
    ui.pulse.classList.add("beating");
    ui.pulse.style.animationPlayState = paused ? "paused" : "running";
  }

  // The step's drawing: every picture the routine uses is in the page; show the current one.
  function showPicture(name) {
    var drawings = document.querySelectorAll("#step-picture [data-picture]");
    for (var i = 0; i < drawings.length; i++) {
      drawings[i].classList.toggle("is-hidden", drawings[i].getAttribute("data-picture") !== name);
    }
  }

  function render(announce) {
    var step = steps[index];
    ui.count.textContent = words("step", { n: index + 1, total: steps.length });
    ui.phase.textContent = step.phase;
    ui.phase.hidden = !step.phase;
    ui.title.textContent = step.region + ": " + step.stroke;
    ui.how.textContent = step.how;
    showPicture(step.picture);
    ui.meta.textContent = step.repetitions > 1
      ? words("meta-times", { n: step.repetitions, pressure: step.pressure })
      : words("meta", { pressure: step.pressure });
    ui.avoid.textContent = step.avoid;
    ui.avoid.hidden = !step.avoid;
    ui.back.disabled = index === 0;
    ui.next.disabled = index === steps.length - 1;
    ui.finish.classList.toggle("secondary", index !== steps.length - 1);
    updateClock();
    restartPulse(step);
    restartTick(step);
    if (announce) {
      ui.status.textContent = words("step-status",
        { n: index + 1, total: steps.length, title: ui.title.textContent });
    }
  }

  function updateClock() {
    ui.timer.textContent = formatTime(remaining);
    ui.strokes.textContent = strokeText(steps[index]);
    savePosition();
  }

  function go(to) {
    if (to < 0 || to >= steps.length) return;
    if (to > index) done[index] = true;
    index = to;
    remaining = steps[index].seconds;
    render(true);
  }

  function setPaused(value) {
    paused = value;
    ui.pause.textContent = paused ? words("resume") : words("pause");
    ui.pause.setAttribute("aria-label", paused ? words("resume") : words("pause"));
    ui.pause.setAttribute("aria-pressed", paused ? "true" : "false");
    ui.pulse.style.animationPlayState = paused ? "paused" : "running";
    ui.status.textContent = paused ? words("paused") : "";
    if (!paused) ui.resumeNote.hidden = true;
  }

  function everySecond() {
    if (paused || remaining <= 0) return;
    remaining -= 1;
    updateClock();
    if (remaining > 0) return;
    done[index] = true;
    if (index < steps.length - 1) {
      go(index + 1);
    } else {
      ui.pulse.style.animationPlayState = "paused";
      ui.strokes.textContent = words("all-done");
      ui.status.textContent = words("all-done-status");
    }
  }

  /* Optional soft tick (off by default), synthesised so no sound file is needed. */
  function beep() {
    if (!audio || paused || !ui.sound.checked) return;
    var osc = audio.createOscillator();
    var gain = audio.createGain();
    osc.type = "sine";
    osc.frequency.value = 330;
    gain.gain.setValueAtTime(0.04, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.18);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.2);
  }

  function restartTick(step) {
    if (tickTimer) clearInterval(tickTimer);
    tickTimer = setInterval(beep, 60000 / step.pace);
  }

  function enableSound() {
    if (!ui.sound.checked || audio) return;
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx) audio = new Ctx();
  }

  /* Keep the screen on while the caregiver's hands are busy, where the browser allows it. */
  function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; })
      .catch(function () { /* not allowed here (battery saver, old browser): fine */ });
  }

  function isSpace(event) { return event.key === " " || event.code === "Space"; }

  function completedCount(finishing) {
    var count = done.filter(Boolean).length;
    if (finishing && index === steps.length - 1 && !done[index]) count += 1;
    return count;
  }

  function fillCompleted(form, finishing) {
    form.querySelector("input[name=steps_completed]").value = completedCount(finishing);
  }

  var pausedBeforeDialog = false;
  function openStopDialog() {
    pausedBeforeDialog = paused;
    setPaused(true);
    fillCompleted(ui.stopForm, false);
    if (typeof ui.dialog.showModal === "function") ui.dialog.showModal();
    else ui.dialog.setAttribute("open", "");
  }
  /* A stop sign (colour or breathing change) ends the session: what to do shows at once and
   * "Keep going" goes away; the only way on is to end the session. */
  function stopSignTicked() {
    return ui.stopForm.querySelector("label.stop-sign input:checked") !== null;
  }
  function syncStopSigns() {
    var urgent = stopSignTicked();
    if (ui.stopAdvice) ui.stopAdvice.hidden = !urgent;
    ui.stopCancel.hidden = urgent;
    if (urgent && ui.stopAdvice && ui.stopAdvice.scrollIntoView) {
      ui.stopAdvice.scrollIntoView({ block: "nearest" });
    }
  }
  ui.stopForm.addEventListener("change", syncStopSigns);

  function closeStopDialog() {
    if (stopSignTicked()) return;
    if (typeof ui.dialog.close === "function") ui.dialog.close();
    else ui.dialog.removeAttribute("open");
    setPaused(pausedBeforeDialog);
    ui.stopEarly.focus();
  }

  ui.next.addEventListener("click", function () { go(index + 1); });
  ui.back.addEventListener("click", function () { go(index - 1); });
  ui.pause.addEventListener("click", function () { setPaused(!paused); });
  ui.stopEarly.addEventListener("click", openStopDialog);
  ui.stopCancel.addEventListener("click", closeStopDialog);
  ui.dialog.addEventListener("cancel", function (event) { event.preventDefault(); closeStopDialog(); });
  ui.sound.addEventListener("change", enableSound);
  ui.finishForm.addEventListener("submit", function () {
    fillCompleted(ui.finishForm, true);
    forgetPosition();
  });
  ui.stopForm.addEventListener("submit", function () {
    fillCompleted(ui.stopForm, false);
    forgetPosition();
  });

  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (ui.dialog.open || /^(INPUT|TEXTAREA|SELECT)$/.test(tag)) return;
    if (isSpace(event)) {
      /* Space always pauses, even with a button focused (Enter still presses buttons). */
      event.preventDefault();
      setPaused(!paused);
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      go(index + 1);
    } else if (event.key === "ArrowLeft") {
      event.preventDefault();
      go(index - 1);
    }
  });
  document.addEventListener("keyup", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    /* Buttons fire their click on Space's keyup: stop that so Space only pauses. */
    if (isSpace(event) && !ui.dialog.open && !/^(INPUT|TEXTAREA|SELECT)$/.test(tag)) {
      event.preventDefault();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !wakeLock) keepAwake();
    if (document.visibilityState !== "visible") wakeLock = null;
  });

  var resumed = restorePosition();
  render(false);
  if (resumed) {
    setPaused(true);
    ui.resumeNote.hidden = false;
    ui.status.textContent = words("picked-up", { n: index + 1, total: steps.length });
  }
  setInterval(everySecond, 1000);
  keepAwake();
  // Its buttons answer from now on (a tap before the deferred script ran did nothing).
  el("player").dataset.ready = "true";
})();
