// barraiser web app: tools: scans and audits with one findings table.
// The table already filters and sorts on the server (?q=&severity=&engine=
// &sort=&dir=); this script does the same in the page as you type, choose
// or click a column, keeps the address bar in step so a reload or a shared
// link shows the same view, and opens a finding when its row is clicked.
// No framework; nothing is written as HTML.
"use strict";

(function () {
  // ---- the forms on /tools: say that a run is under way
  document.querySelectorAll("form.tool-form").forEach((form) => {
    form.addEventListener("submit", () => {
      const note = form.querySelector(".running");
      if (note) note.hidden = false;
      const button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
    });
  });

  const table = document.getElementById("findings-table");
  const filter = document.getElementById("filter");
  if (!table || !filter) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const q = document.getElementById("q");
  const severity = document.getElementById("severity");
  const engine = document.getElementById("engine");
  const sortInput = document.getElementById("sort");
  const dirInput = document.getElementById("dir");
  const shownCount = document.getElementById("shown-count");
  const RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

  // ---- filter
  function apply() {
    const needle = q.value.trim().toLowerCase();
    const min = severity.value === "" ? -1 : RANK[severity.value];
    const eng = engine.value;
    let shown = 0;
    for (const r of rows) {
      const ok =
        Number(r.dataset.rank) >= min &&
        (eng === "" || r.dataset.engine === eng) &&
        (needle === "" || r.dataset.hay.includes(needle));
      r.hidden = !ok;
      if (ok) shown++;
    }
    shownCount.textContent = String(shown);
    remember();
  }

  // ---- sort
  function place(a, b) {
    if (a.dataset.path !== b.dataset.path) return a.dataset.path < b.dataset.path ? -1 : 1;
    const l = Number(a.dataset.line) - Number(b.dataset.line);
    return l !== 0 ? l : Number(a.dataset.n) - Number(b.dataset.n);
  }
  function text(key) {
    return (a, b) => a.dataset[key].localeCompare(b.dataset[key], undefined, { sensitivity: "base" });
  }
  const COMPARE = {
    severity: (a, b) => Number(a.dataset.rank) - Number(b.dataset.rank),
    rule: text("rule"),
    title: text("title"),
    engine: text("engine"),
    location: place,
  };
  function sortBy(key, dir) {
    const cmp = COMPARE[key];
    if (!cmp) return;
    const sign = dir === "desc" ? -1 : 1;
    rows.sort((a, b) => sign * cmp(a, b) || place(a, b));
    for (const r of rows) body.appendChild(r);
    table.querySelectorAll("th").forEach((th) => {
      const link = th.querySelector("a[data-sort]");
      const active = link && link.dataset.sort === key;
      th.setAttribute("aria-sort", active ? (dir === "asc" ? "ascending" : "descending") : "none");
    });
    sortInput.value = key;
    dirInput.value = dir;
    remember();
  }

  // ---- the address bar follows the view
  function remember() {
    const p = new URLSearchParams();
    if (q.value.trim() !== "") p.set("q", q.value.trim());
    if (severity.value !== "") p.set("severity", severity.value);
    if (engine.value !== "") p.set("engine", engine.value);
    p.set("sort", sortInput.value);
    p.set("dir", dirInput.value);
    history.replaceState(null, "", location.pathname + "?" + p.toString());
  }

  q.addEventListener("input", apply);
  severity.addEventListener("change", apply);
  engine.addEventListener("change", apply);
  filter.addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
  });
  table.querySelectorAll("th a[data-sort]").forEach((a) => {
    a.addEventListener("click", (e) => {
      e.preventDefault();
      const key = a.dataset.sort;
      let dir;
      if (sortInput.value === key) dir = dirInput.value === "asc" ? "desc" : "asc";
      else dir = key === "severity" ? "desc" : "asc";
      sortBy(key, dir);
    });
  });

  // ---- a click anywhere on a row opens the finding (the title is a link
  // for the keyboard and for pages without this script)
  for (const r of rows) {
    r.addEventListener("click", (e) => {
      if (e.target.closest("a")) return;
      location.assign(r.dataset.href);
    });
  }
})();
