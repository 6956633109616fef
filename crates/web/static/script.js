// barraiser web app: scripting drill. Loads a chosen file into the editor
// (so the form stays a plain urlencoded POST carrying the CSRF field),
// refuses files that are too big or binary before sending them, lets Tab
// indent in the editor, and shows that the run is in progress.
"use strict";

function wireScriptDrill() {
  const form = document.getElementById("script-form");
  if (!form) return;
  const editor = document.getElementById("script");
  const file = document.getElementById("script-file");
  const note = document.getElementById("file-note");
  const max = Number(editor.dataset.max || 0);
  const kib = (n) => Math.ceil(n / 1024) + " KiB";

  file.addEventListener("change", async () => {
    note.textContent = "";
    const f = file.files && file.files[0];
    if (!f) return;
    if (max && f.size > max) {
      note.textContent = f.name + " is " + kib(f.size) + "; the limit is " + kib(max) + ". Choose the script's source file.";
      file.value = "";
      return;
    }
    const bytes = new Uint8Array(await f.arrayBuffer());
    if (bytes.includes(0)) {
      note.textContent = f.name + " contains NUL bytes, so it is not a text file. Choose the script's source file.";
      file.value = "";
      return;
    }
    editor.value = new TextDecoder("utf-8").decode(bytes);
    const ext = f.name.split(".").pop();
    const want = { py: "python3", sh: "bash", js: "node" }[ext];
    const select = document.getElementById("interpreter");
    if (want && Array.from(select.options).some((o) => o.value === want)) select.value = want;
    note.textContent = "";
  });

  editor.addEventListener("input", () => { note.textContent = ""; });

  editor.addEventListener("keydown", (e) => {
    if (e.key !== "Tab" || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return;
    e.preventDefault();
    editor.setRangeText("    ", editor.selectionStart, editor.selectionEnd, "end");
  });

  form.addEventListener("submit", (e) => {
    const size = new TextEncoder().encode(editor.value).length;
    if (max && size > max) {
      e.preventDefault();
      note.textContent = "The script is " + kib(size) + "; the limit is " + kib(max) + ".";
      return;
    }
    if (!editor.value.trim()) {
      e.preventDefault();
      note.textContent = "The script is empty: paste it or choose a file.";
      return;
    }
    document.getElementById("run-script").disabled = true;
    document.getElementById("running").hidden = false;
  });
}

document.addEventListener("DOMContentLoaded", wireScriptDrill);
