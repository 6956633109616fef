// barraiser web app: the drill timer, line marking in code review, and
// live STAR lint. No framework; text goes in with textContent only.
"use strict";

function startTimer() {
  const t = document.getElementById("timer");
  if (!t) return;
  const start = Date.now() - Number(t.dataset.elapsed || 0) * 1000;
  const bar = Number(t.dataset.bar || 0);
  const tick = () => {
    const s = Math.floor((Date.now() - start) / 1000);
    const text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    t.textContent = text + (bar ? " / " + Math.floor(bar / 60) + ":00" : "");
    t.classList.toggle("over", bar > 0 && s > bar);
  };
  tick();
  setInterval(tick, 1000);
}

function addFindingRow() {
  const body = document.querySelector("#findings tbody");
  const rows = body.querySelectorAll("tr.finding");
  const last = rows[rows.length - 1];
  const row = last.cloneNode(true);
  const i = rows.length;
  row.querySelectorAll("input, select").forEach((el) => {
    el.name = el.name.replace(/_\d+$/, "_" + i);
    if (el.tagName === "INPUT") el.value = "";
  });
  body.appendChild(row);
  return row;
}

function markLine(n) {
  let input = Array.from(document.querySelectorAll(".line-input")).find((el) => !el.value);
  if (!input) input = addFindingRow().querySelector(".line-input");
  input.value = n;
  const fix = input.closest("tr").querySelector(".fix-input");
  if (fix) fix.focus();
  document.querySelectorAll('.line[data-line="' + n + '"]').forEach((b) => b.classList.add("marked"));
}

function wireReview() {
  if (!document.getElementById("answers")) return;
  document.querySelectorAll("#listing .line").forEach((b) => {
    b.addEventListener("click", () => markLine(b.dataset.line));
  });
  const add = document.getElementById("add-finding");
  if (add) add.addEventListener("click", addFindingRow);
}

function wireStar() {
  const form = document.getElementById("story-form");
  if (!form) return;
  const csrf = document.getElementById("csrf").value;
  let timer = null;
  const run = async () => {
    const draft = {
      title: form.title.value,
      date: form.date.value,
      principles: Array.from(form.querySelectorAll('input[name="principle"]:checked')).map((c) => c.value),
      situation: form.situation.value,
      task: form.task.value,
      action: form.action.value,
      result: form.result.value,
    };
    const r = await fetch("/api/star/lint", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrf },
      body: JSON.stringify(draft),
    });
    if (!r.ok) return;
    const lint = await r.json();
    document.getElementById("lint-summary").textContent =
      lint.words + " words, " + lint.spoken + " spoken, \"I\" share " + lint.i_share;
    const list = document.getElementById("lint-issues");
    list.replaceChildren();
    for (const i of lint.issues) {
      const li = document.createElement("li");
      li.className = i.severity;
      const strong = document.createElement("strong");
      strong.textContent = i.severity + "[" + i.check + "]";
      li.appendChild(strong);
      li.appendChild(document.createTextNode(" " + (i.part ? i.part + " " : "") + i.message));
      list.appendChild(li);
    }
    if (lint.issues.length === 0) {
      const li = document.createElement("li");
      li.textContent = "Meets every bar.";
      list.appendChild(li);
    }
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  startTimer();
  wireReview();
  wireStar();
});
