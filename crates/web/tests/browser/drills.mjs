// The web app in headless Chromium, clicking and typing as a person would.
// Usage: node drills.mjs BASE_URL SCREENSHOT_DIR KEY_JSON
// KEY_JSON: {"snippet": id, "vulns": [{"line", "category", "fix"}]} for the
// first snippet, so the drill can be answered correctly.
import { check, withPage } from "./lib.mjs";

const [base, shots, keyJson] = process.argv.slice(2);
const key = JSON.parse(keyJson);

await withPage(shots, async (page) => {
  // Dashboard
  await page.goto(base + "/");
  check((await page.textContent("#days-left")).includes("days left"), "days left shown");
  check(await page.isVisible("#readiness"), "readiness table");
  await page.screenshot({ path: shots + "/dashboard.png", fullPage: true });

  // Code review: start the first snippet, mark the planted lines, grade
  await page.goto(base + "/review");
  await page.screenshot({ path: shots + "/review-list.png", fullPage: true });
  await page.click(`tr[data-id="${key.snippet}"] button`);
  await page.waitForSelector("#listing");
  await page.waitForFunction(() => /\d+:\d\d/.test(document.getElementById("timer").textContent));
  check((await page.locator("#listing .tok-keyword").count()) > 0, "keywords highlighted");
  check((await page.locator("#listing .tok-string, #listing .tok-comment").count()) > 0, "strings or comments highlighted");
  for (const [i, v] of key.vulns.entries()) {
    await page.click(`#listing .line[data-line="${v.line}"]`);
    check((await page.inputValue(`input[name="line_${i}"]`)) === String(v.line), "clicked line fills the row");
    await page.selectOption(`select[name="category_${i}"]`, v.category);
    await page.fill(`input[name="fix_${i}"]`, v.fix);
  }
  await page.screenshot({ path: shots + "/review-drill.png", fullPage: true });
  await page.click("#submit-answers");
  await page.waitForSelector("#grade");
  const grade = await page.textContent("#grade");
  check(grade.includes("Recall 100%"), "every planted issue found: " + grade);
  check((await page.locator("#outcomes li.missed").count()) === 0, "nothing missed");
  check((await page.locator("#outcomes .key-fix").count()) === key.vulns.length, "the fixed pattern of each issue");
  check((await page.locator("#outcomes .scanner .scan-title").count()) > 0, "the scanner's explanation");
  await page.screenshot({ path: shots + "/review-graded.png", fullPage: true });

  // STAR: type a story, watch the live lint, save it
  await page.goto(base + "/star");
  await page.fill("#title", "Rotated a leaked key");
  await page.fill("#date", "2025-06");
  await page.check('input[value="ownership"]');
  await page.fill("#situation", "We basically had a leaked key.");
  await page.fill("#action", "We kind of rotated it.");
  await page.fill("#result", "It went well.");
  await page.waitForFunction(() => document.querySelectorAll("#lint-issues li.error").length > 0);
  const lint = await page.textContent("#lint-issues");
  check(lint.includes("result-metric"), "the missing metric is flagged live: " + lint);
  check(lint.includes("filler"), "filler is flagged live");
  await page.screenshot({ path: shots + "/star-editor.png", fullPage: true });
  await page.click("#save-story");
  await page.waitForSelector("#flash");
  check((await page.textContent("#stories")).includes("Rotated a leaked key"), "saved story listed");
  check((await page.textContent("#covered")).trim() === "1", "ownership now covered");

  // Questions: reveal, rate
  await page.goto(base + "/questions?kind=technical");
  const prompt = await page.textContent("#prompt");
  check(prompt.length > 10, "a question is shown");
  await page.click("#reveal summary");
  check(await page.isVisible("#key-points"), "key points revealed");
  await page.screenshot({ path: shots + "/questions.png", fullPage: true });
  await page.click("#rate-form button.good");
  await page.waitForSelector("#flash");
  check((await page.textContent("#prompt")) !== prompt, "the queue moved on");

  // The dashboard now shows the drill and the rating
  await page.goto(base + "/");
  const row = await page.textContent('tr[data-drill="code-review"]');
  check(row.includes("/100"), "code review scored on the dashboard: " + row);
  check((await page.locator("svg.chart circle").count()) >= 2, "chart points");
  await page.screenshot({ path: shots + "/dashboard-after.png", fullPage: true });

});
