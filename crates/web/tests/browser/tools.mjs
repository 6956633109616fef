// The Tools page in headless Chromium: scan a small vulnerable project
// through the form, read the shared findings table, filter it by severity,
// sort it by a column, open a finding for its evidence and remediation,
// then audit an access log.
// Usage: node tools.mjs BASE_URL SCREENSHOT_DIR PROJECT_DIR
import { check, withPage } from "./lib.mjs";

const [base, shots, project] = process.argv.slice(2);

const visibleRows = (page) =>
  page.$$eval("#findings-table tbody tr", (rs) => rs.filter((r) => !r.hidden).map((r) => ({
    sev: r.dataset.rank, rule: r.dataset.rule, path: r.dataset.path, engine: r.dataset.engine,
  })));

await withPage(shots, async (page) => {
  // The forms
  await page.goto(base + "/tools");
  check(await page.isVisible("#form-scan"), "the scan form");
  check(await page.isVisible("#form-logs"), "the log form");
  check(await page.isChecked("#engine-code") && await page.isChecked("#engine-secrets"), "both engines ticked");

  // The project (bad paths and files are answered 400 with the engine's
  // message in their form: tests/app.rs checks each; here Chromium would
  // log the 400 as a console error)
  await page.fill("#path-scan", project);
  await page.screenshot({ path: shots + "/tools.png", fullPage: true });
  await page.click("#run-scan");
  await page.waitForSelector("#findings-table");
  const all = await visibleRows(page);
  check(all.length >= 3, "findings listed: " + all.length);
  check(all.some((r) => r.rule === "sqli" && r.path.endsWith("app.py")), "the SQL injection in app.py");
  check(all.some((r) => r.rule === "xss" && r.path.endsWith("web.js")), "the XSS in web.js");
  check(all.some((r) => r.engine === "secrets"), "the hard-coded key");
  check((await page.textContent("#shown-count")).trim() === String(all.length), "count of shown rows");
  // worst first by default
  const ranks = all.map((r) => Number(r.sev));
  check(ranks.every((r, i) => i === 0 || ranks[i - 1] >= r), "sorted worst first: " + ranks);

  // Filter: high or worse hides the rest, as you choose
  await page.selectOption("#severity", "high");
  const high = await visibleRows(page);
  check(high.length > 0 && high.length < all.length, `severity filter: ${high.length} of ${all.length}: ${JSON.stringify(all)}`);
  check(high.every((r) => Number(r.sev) >= 3), "only high and critical left");
  check((await page.textContent("#shown-count")).trim() === String(high.length), "count follows the filter");
  check(page.url().includes("severity=high"), "the address keeps the filter: " + page.url());
  await page.selectOption("#severity", "");
  // text filter as you type
  await page.fill("#q", "web.js");
  const js = await visibleRows(page);
  check(js.length >= 1 && js.every((r) => r.path.endsWith("web.js")), "text filter");
  await page.fill("#q", "");

  // Sort by location by clicking its header, then again for the reverse
  await page.click('th a[data-sort="location"]');
  let paths = (await visibleRows(page)).map((r) => r.path);
  check(paths.join("\n") === [...paths].sort().join("\n"), "location ascending: " + paths);
  check((await page.getAttribute('th:has(a[data-sort="location"])', "aria-sort")) === "ascending", "aria-sort");
  await page.click('th a[data-sort="location"]');
  paths = (await visibleRows(page)).map((r) => r.path);
  check(paths[0].endsWith("web.js") && paths[paths.length - 1].endsWith("app.py"), "location descending: " + paths);
  await page.screenshot({ path: shots + "/tools-results.png", fullPage: true });

  // Open the SQL injection by clicking its row (not the link)
  await page.click('#findings-table tr[data-rule="sqli"] td:first-child');
  await page.waitForSelector("#finding-title");
  check((await page.textContent("#finding-location")).includes("app.py:"), "the location");
  const ev = await page.textContent("#evidence");
  check(ev.includes("SELECT * FROM users WHERE name"), "the code line as evidence: " + ev);
  const fix = await page.textContent("#remediation");
  check(fix.trim().length > 40 && (await page.locator("#remediation li.fix").count()) >= 1, "remediation steps: " + fix);
  check((await page.textContent("#categories")).includes("CWE-89"), "CWE shown");
  await page.screenshot({ path: shots + "/tools-finding.png", fullPage: true });
  await page.click("#back-to-table");
  await page.waitForSelector("#findings-table");

  // The log audit finds the brute force
  await page.goto(base + "/tools");
  await page.fill("#path-logs", project + "/access.log");
  await page.click("#run-logs");
  await page.waitForSelector("#findings-table");
  const logRows = await visibleRows(page);
  check(logRows.some((r) => r.rule === "logs/brute-force"), "brute force found: " + JSON.stringify(logRows));
  await page.click('#findings-table tr[data-rule="logs/brute-force"] a');
  await page.waitForSelector("#evidence-facts");
  check((await page.textContent("#evidence-facts")).includes("203.0.113.7") || (await page.textContent("#finding-message")).includes("203.0.113.7"), "the source");

  // Both runs are listed
  await page.goto(base + "/tools");
  check((await page.locator("#runs tbody tr").count()) === 2, "two past runs");
});
