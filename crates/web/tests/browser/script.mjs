// The scripting drill in headless Chromium, as a person would use it.
// Usage: node script.mjs BASE_URL SCREENSHOT_DIR EXERCISE_JSON
// EXERCISE_JSON: {"id", "sample", "reference", "tests"} of one exercise, from
// the script-drill crate's content (the reference is its correct solution).
import { readFileSync } from "node:fs";
import { check, withPage } from "./lib.mjs";

const [base, shots, exJson] = process.argv.slice(2);
const ex = JSON.parse(exJson);

// Counts 404s but prints every address in input order: no sort, no top ten.
const wrong = [
  "import sys",
  "counts = {}",
  "for line in sys.stdin:",
  "    parts = line.split()",
  "    if len(parts) > 8 and parts[8] == '404':",
  "        counts[parts[0]] = counts.get(parts[0], 0) + 1",
  "for ip in counts:",
  "    print(ip, counts[ip])",
  "",
].join("\n");

await withPage(shots, async (page) => {
  // The list
  await page.goto(base + "/script");
  check((await page.locator("#exercises tbody tr").count()) >= 10, "every exercise listed");
  const row = page.locator(`tr[data-id="${ex.id}"]`);
  check((await row.locator(".best").textContent()).includes("none"), "no best score yet");
  await page.screenshot({ path: shots + "/script-list.png", fullPage: true });

  // Start, read, download the sample
  await row.locator("button").click();
  await page.waitForSelector("#statement");
  await page.waitForFunction(() => /\d+:\d\d/.test(document.getElementById("timer").textContent));
  check((await page.textContent("#sample-input")) === ex.sample, "sample shown");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click("#sample-download"),
  ]);
  check(download.suggestedFilename() === ex.id + "-sample.txt", "download named " + download.suggestedFilename());
  check(readFileSync(await download.path(), "utf8") === ex.sample, "downloaded file is the sample input");

  // A file that is too big is refused before anything is sent
  await page.setInputFiles("#script-file", {
    name: "huge.py",
    mimeType: "text/x-python",
    buffer: Buffer.alloc(300 * 1024, "#"),
  });
  await page.waitForFunction(() => document.getElementById("file-note").textContent.length > 0);
  check((await page.textContent("#file-note")).includes("the limit is 256 KiB"), "oversize file named");
  check((await page.inputValue("#script")) === "", "editor untouched");

  // Type the wrong script and run it
  await page.click("#script");
  await page.keyboard.type(wrong);
  check((await page.inputValue("#script")) === wrong, "typed script in the editor");
  await page.screenshot({ path: shots + "/script-drill.png", fullPage: true });
  await page.click("#run-script");
  await page.waitForSelector("#result", { timeout: 60000 });
  const verdict = await page.textContent("#verdict");
  check(!verdict.startsWith(ex.tests + "/"), "not every test passes: " + verdict);
  check(await page.isVisible("#failure-diff"), "the first failing diff is shown");
  const diff = await page.textContent("#failure-diff");
  check(diff.includes("--- expected") && diff.includes("+++ got"), "a unified diff: " + diff);
  check((await page.locator("#failure-diff .add, #failure-diff .del").count()) > 0, "changed lines marked");
  check((await page.textContent("#failure-input")).length > 0, "the failing input is shown");
  check((await page.locator("#tests tr.failed").count()) > 0, "failed tests marked");
  check((await page.textContent("#ran-script")).includes("counts.get(parts[0], 0)"), "the script that ran");
  await page.screenshot({ path: shots + "/script-failed.png", fullPage: true });

  // Try again: the editor holds the last script; load the right one from a file
  await page.click("#try-again");
  await page.waitForSelector("#script-form");
  check((await page.inputValue("#script")) === wrong, "the previous script carried over");
  await page.setInputFiles("#script-file", {
    name: "solution.py",
    mimeType: "text/x-python",
    buffer: Buffer.from(ex.reference),
  });
  await page.waitForFunction((want) => document.getElementById("script").value === want, ex.reference);
  check((await page.inputValue("#interpreter")) === "python3", "python chosen for a .py file");
  await page.click("#run-script");
  await page.waitForSelector("#result", { timeout: 60000 });
  const passed = await page.textContent("#verdict");
  check(passed.startsWith(ex.tests + "/" + ex.tests + " hidden tests passed"), "all pass: " + passed);
  check((await page.locator("#failure").count()) === 0, "no failure section");
  check((await page.locator("#tests tr.passed").count()) === ex.tests, "every test row passed");
  check((await page.textContent("#figures")).includes("peak memory"), "time and memory shown");
  await page.screenshot({ path: shots + "/script-passed.png", fullPage: true });

  // The list now shows the best score
  await page.goto(base + "/script");
  check((await page.locator(`tr[data-id="${ex.id}"] .best`).textContent()).includes("100/100"), "best score listed");
});
