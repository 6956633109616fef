// barraiser web app: threat-model studio. The editor posts the model to
// /tm/attempt/{id}/check a moment after typing stops; the server saves the
// draft and answers with its parse errors and lint findings (line and
// column) and what the canvas holds. The diagram is an <img> of
// diagram.svg, reloaded when the model parses, so no server markup is ever
// inserted by script: text goes in with textContent only.
"use strict";

function tmGutter(gutter, text, problems) {
  const lines = Math.max(1, text.split("\n").length);
  const marks = new Map();
  for (const p of problems) {
    const now = marks.get(p.line);
    if (p.severity === "error" || !now) marks.set(p.line, p.severity === "error" ? "error" : "warning");
  }
  const spans = [];
  for (let n = 1; n <= lines; n++) {
    const s = document.createElement("span");
    s.textContent = String(n);
    const m = marks.get(n);
    if (m) s.className = m;
    spans.push(s);
  }
  gutter.replaceChildren(...spans);
}

function tmJump(textarea, line, column) {
  const lines = textarea.value.split("\n");
  let pos = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) pos += lines[i].length + 1;
  pos += Math.max(0, column - 1);
  textarea.focus();
  textarea.setSelectionRange(pos, pos);
  // Bring the line into view: line height times line index.
  const lh = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
  textarea.scrollTop = Math.max(0, (line - 3) * lh);
}

function tmShow(els, check) {
  const { textarea, gutter, status, problems, summary, names, diagram } = els;
  status.className = check.ok ? "ok" : "bad";
  status.textContent = check.ok
    ? "The model parses." + (check.saved ? " Draft saved." : "")
    : "The model does not parse: fix the errors below." + (check.saved ? " Draft saved." : "");
  const items = check.problems.map((p) => {
    const li = document.createElement("li");
    li.className = p.severity;
    li.dataset.line = p.line;
    li.dataset.column = p.column;
    const pos = document.createElement("strong");
    pos.textContent = p.line + ":" + p.column;
    li.appendChild(pos);
    let text = " " + p.severity + (p.rule ? " [" + p.rule + "]" : "") + ": " + p.message;
    if (p.help) text += " (" + p.help + ")";
    li.appendChild(document.createTextNode(text));
    return li;
  });
  problems.replaceChildren(...items);
  tmGutter(gutter, textarea.value, check.problems);
  // While the model does not parse, the canvas is the last one that did.
  summary.classList.toggle("stale", !check.ok);
  names.classList.toggle("stale", !check.ok);
  if (check.ok) {
    summary.textContent =
      check.elements.length + " elements, " + check.flows.length + " flows; the engine finds " +
      check.threats + " threats (" + check.high + " high or critical)." +
      (check.critical ? " Most critical flow: " + check.critical + "." : "");
    names.replaceChildren(...check.elements.map((n) => {
      const li = document.createElement("li");
      li.textContent = n;
      return li;
    }));
    diagram.src = diagram.src.replace(/\?.*$/, "") + "?v=" + Date.now();
  }
}

function tmFailure(els, message) {
  els.status.className = "bad";
  els.status.textContent = message;
}

async function tmSend(els, body, contentType) {
  let r;
  try {
    r = await fetch("/tm/attempt/" + els.id + "/check", {
      method: "POST",
      headers: { "content-type": contentType, "x-csrf-token": els.csrf },
      body,
    });
  } catch (e) {
    tmFailure(els, "The server did not answer; your text is still here. (" + e + ")");
    return null;
  }
  const type = r.headers.get("content-type") || "";
  if (type.startsWith("application/json")) {
    const check = await r.json();
    if (check.yaml !== undefined) els.textarea.value = check.yaml;
    tmShow(els, check);
    return check;
  }
  // The guard answers in plain text (too large, CSRF refused).
  tmFailure(els, (await r.text()) || "The check failed with status " + r.status + ".");
  return null;
}

function wireStudio() {
  const studio = document.getElementById("studio");
  if (!studio) return;
  const els = {
    id: studio.dataset.id,
    csrf: document.getElementById("csrf").value,
    textarea: document.getElementById("tm-yaml"),
    gutter: document.getElementById("tm-gutter"),
    status: document.getElementById("tm-status"),
    problems: document.getElementById("tm-problems"),
    summary: document.getElementById("tm-summary"),
    names: document.getElementById("tm-elements"),
    diagram: document.getElementById("tm-diagram"),
  };
  let timer = null;
  els.textarea.addEventListener("input", () => {
    tmGutter(els.gutter, els.textarea.value, []);
    els.status.className = "";
    els.status.textContent = "Checking…";
    clearTimeout(timer);
    timer = setTimeout(() => tmSend(els, JSON.stringify({ yaml: els.textarea.value }), "application/json"), 400);
  });
  els.textarea.addEventListener("scroll", () => {
    els.gutter.scrollTop = els.textarea.scrollTop;
  });
  els.problems.addEventListener("click", (ev) => {
    const li = ev.target.closest("li");
    if (li && li.dataset.line) tmJump(els.textarea, Number(li.dataset.line), Number(li.dataset.column));
  });
  // Tab indents (two spaces) instead of leaving the editor.
  els.textarea.addEventListener("keydown", (ev) => {
    if (ev.key !== "Tab" || ev.shiftKey) return;
    ev.preventDefault();
    const t = els.textarea;
    t.setRangeText("  ", t.selectionStart, t.selectionEnd, "end");
    t.dispatchEvent(new Event("input"));
  });
  const file = document.getElementById("tm-file");
  file.addEventListener("change", async () => {
    const f = file.files[0];
    if (!f) return;
    // Raw bytes: the server says where a file is not UTF-8 text.
    await tmSend(els, await f.arrayBuffer(), "application/octet-stream");
    file.value = "";
  });
}

function wireCanvasPage() {
  const print = document.getElementById("tm-print");
  if (print) print.addEventListener("click", () => window.print());
}

document.addEventListener("DOMContentLoaded", () => {
  wireStudio();
  wireCanvasPage();
});
