// A mock phone screen and a STAR practice in headless Chromium, clicking
// and typing as a person would.
// Usage: node mock.mjs BASE_URL SCREENSHOT_DIR ANSWERS_JSON_FILE
// ANSWERS_JSON_FILE: {"scenarios": {name: yaml}, "snippets": {id: [{line,
// category, fix}]}, "exercises": {id: python}, "story": title}: the
// reference answers of everything a phone screen can draw, so each round
// can be answered well whichever the seed picked.
import { readFileSync } from "node:fs";
import { check, withPage } from "./lib.mjs";

const [base, shots, answersFile] = process.argv.slice(2);
const answers = JSON.parse(readFileSync(answersFile, "utf8"));

await withPage(shots, async (page) => {
  // Start a phone screen from the mock page
  await page.goto(base + "/mock");
  check(await page.isVisible("#no-mocks"), "no mocks yet");
  await page.click("#start-phone-screen");
  await page.waitForSelector("#round-title");
  check((await page.textContent("#round-kind")) === "Threat model", "round 1 is a threat model");

  // The round clock runs against the 15-minute budget
  const first = await page.textContent("#timer");
  await page.waitForFunction(
    (t) => document.getElementById("timer").textContent !== t,
    first,
  );
  const timer = await page.textContent("#timer");
  check(/^\d+:\d\d \/ 15:00$/.test(timer), "timer shows the budget: " + timer);
  check(/left$/.test(await page.textContent("#time-left")), "time left is shown");
  check(!(await page.locator("#timer.over").count()), "not over the budget yet");

  // Round 1: type the threat model
  const scenario = await page.getAttribute("#hands-on", "data-item");
  check(answers.scenarios[scenario], "a reference model for " + scenario);
  await page.fill("#answer-text", answers.scenarios[scenario]);
  await page.screenshot({ path: shots + "/mock-round.png", fullPage: true });
  await page.click("#submit-answer");
  await page.waitForSelector("#feedback");
  check((await page.textContent("#hands-on-score")).includes("/100"), "threat model graded");
  await page.click("#next-round");

  // Round 2: mark the planted lines by clicking them, then grade
  await page.waitForSelector("#listing");
  check((await page.textContent("#round-kind")) === "Code review", "round 2 is a code review");
  check((await page.textContent("#timer")).endsWith("/ 10:00"), "10-minute budget");
  const snippet = await page.getAttribute("#hands-on", "data-item");
  for (const [i, v] of answers.snippets[snippet].entries()) {
    await page.click(`#listing .line[data-line="${v.line}"]`);
    check((await page.inputValue(`input[name="line_${i}"]`)) === String(v.line), "clicked line fills the row");
    await page.selectOption(`select[name="category_${i}"]`, v.category);
    await page.fill(`input[name="fix_${i}"]`, v.fix);
  }
  await page.click("#submit-answer");
  await page.waitForSelector("#feedback");
  check((await page.textContent("#feedback")).includes("recall 100%"), "every planted issue found");
  await page.click("#next-round");

  // Round 3: the script, run against hidden tests
  await page.waitForSelector("#answer-text");
  check((await page.textContent("#round-kind")) === "Scripting", "round 3 is scripting");
  const exercise = await page.getAttribute("#hands-on", "data-item");
  await page.fill("#answer-text", answers.exercises[exercise]);
  await page.click("#submit-answer");
  await page.waitForSelector("#feedback");
  check((await page.textContent("#feedback")).includes("20/20 tests passed"), "the script passes");
  await page.click("#next-round");

  // Round 4: principles; what is still open is listed until each is told and rated
  // (closing early is refused with a 400, which tests/app.rs covers)
  await page.waitForSelector("#principles");
  check((await page.textContent("#round-kind")) === "Behavioural", "round 4 is behavioural");
  check((await page.textContent("#missing")).includes("rating of"), "unrated principles are listed");
  const principles = await page.$$eval(".principle", (els) => els.map((e) => e.dataset.principle));
  check(principles.length >= 2, "two or three principles asked");
  for (const p of principles) {
    await page.fill(`.principle[data-principle="${p}"] .story-input`, answers.story);
    await page.click(`.principle[data-principle="${p}"] button[value="3"]`);
    await page.waitForSelector(`.principle[data-principle="${p}"] .rated`);
  }
  check((await page.locator(".rated").count()) === principles.length, "every principle rated");
  await page.click("#next-round");

  // The debrief
  await page.waitForSelector("#overall");
  const overall = await page.textContent("#overall");
  const score = Number(/(\d+)\/100/.exec(overall)[1]);
  check(score >= 75, "reference answers and 3/4 ratings score well: " + overall);
  check((await page.locator("#debrief-rounds tbody tr").count()) === 4, "four rounds in the table");
  check((await page.textContent("#next-drills")).length > 20, "next drills listed");
  check((await page.textContent(".warning")).includes(answers.story), "the story told twice is flagged");
  await page.screenshot({ path: shots + "/mock-debrief.png", fullPage: true });

  await page.goto(base + "/mock");
  check((await page.textContent("#mocks")).includes(score + "/100"), "the list shows the score");
  await page.screenshot({ path: shots + "/mock-list.png", fullPage: true });

  // STAR practice: choose a principle, watch the clock, tell, record
  await page.goto(base + "/star");
  await page.click("#practice-link");
  await page.selectOption("#principle", "ownership");
  await page.click("#draw");
  await page.waitForSelector("#practice-prompt");
  check((await page.textContent("#practice-principle")) === "Ownership", "the chosen principle");
  check((await page.textContent("#mapped")).includes(answers.story), "the story that maps is shown");
  const t0 = await page.textContent("#timer");
  await page.waitForFunction((t) => document.getElementById("timer").textContent !== t, t0);
  check((await page.textContent("#timer")).endsWith("/ 4:00"), "timed against the 4-minute end of the bar");
  check((await page.textContent("#band")).startsWith("Under the bar"), "under the 3-minute start of the bar");
  await page.screenshot({ path: shots + "/star-practice.png", fullPage: true });
  await page.selectOption("#story", answers.story);
  await page.click("#told");
  await page.waitForSelector("#told-result");
  check((await page.textContent("#told-result")).includes("short"), "a few seconds is short");
  check(/^0:0\d$/.test(await page.textContent("#told-time")), "the telling time is recorded");
});
