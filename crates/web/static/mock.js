// barraiser web app: the round clock of a mock interview and of a STAR
// practice. The shared timer (app.js) counts up and turns red past the
// budget; this adds what a candidate watches in a real round: the time
// left, and for a STAR telling where it sits against the 3-4 minute band.
// Text goes in with textContent only.
"use strict";

function mmss(s) {
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

// #time-left[data-elapsed][data-bar]: "12:03 left", then "over by 0:41".
function startTimeLeft() {
  const el = document.getElementById("time-left");
  if (!el) return;
  const start = Date.now() - Number(el.dataset.elapsed || 0) * 1000;
  const bar = Number(el.dataset.bar || 0);
  const clock = document.getElementById("round-clock");
  const tick = () => {
    const s = Math.floor((Date.now() - start) / 1000);
    const over = s > bar;
    el.textContent = over ? "over by " + mmss(s - bar) : mmss(bar - s) + " left";
    el.classList.toggle("over", over);
    if (clock) clock.classList.toggle("over", over);
  };
  tick();
  setInterval(tick, 1000);
}

// #band[data-elapsed][data-low][data-high]: where a telling is against the
// 3-4 minute bar, so the candidate knows when to land the result.
function startBand() {
  const el = document.getElementById("band");
  if (!el) return;
  const start = Date.now() - Number(el.dataset.elapsed || 0) * 1000;
  const low = Number(el.dataset.low);
  const high = Number(el.dataset.high);
  const tick = () => {
    const s = Math.floor((Date.now() - start) / 1000);
    let state, text;
    if (s < low) {
      state = "under";
      text = "Under the bar: " + mmss(low - s) + " until 3:00.";
    } else if (s <= high) {
      state = "inside";
      text = "Inside the 3-4 minute bar: land the result now.";
    } else {
      state = "over";
      text = "Over 4:00 by " + mmss(s - high) + ": wrap up.";
    }
    el.textContent = text;
    el.dataset.state = state;
  };
  tick();
  setInterval(tick, 1000);
}

// "Close anyway" relabels the button so the choice is explicit.
function wireForce() {
  const force = document.getElementById("force");
  const button = document.getElementById("next-round");
  if (!force || !button) return;
  const label = button.textContent;
  force.addEventListener("change", () => {
    button.textContent = force.checked ? label + " (open parts score 0)" : label;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  startTimeLeft();
  startBand();
  wireForce();
});
