// One full threat-model drill in headless Chromium, as a person would do
// it: pick a scenario, watch the clock, type a model with a broken line
// and see the error inline, fix it and see the canvas follow, reload
// (nothing lost), submit a complete model, read the grade beside the
// reference, open the canvas and download both exports.
// Usage: node tm.mjs BASE_URL SCREENSHOT_DIR REFERENCE_YAML_JSON
import { readFile } from "node:fs/promises";
import { check, withPage } from "./lib.mjs";

const [base, shots, referenceJson] = process.argv.slice(2);
const reference = JSON.parse(referenceJson);

const BROKEN = [
  "name: Checkout",
  "actors:",
  "  - {id: shopper, name: Shopper, kind: browzer}",
].join("\n");
const FIXED = [
  "name: Checkout",
  "actors:",
  "  - {id: shopper, name: Shopper, kind: browser}",
  "services:",
  "  - {id: api, name: Checkout API, kind: api-gateway}",
  "flows:",
  "  - {id: pay, from: shopper, to: api, protocol: https}",
].join("\n");

await withPage(shots, async (page) => {
  // The list.
  await page.goto(base + "/tm");
  check(await page.isVisible('tr[data-id="payment-fraud"]'), "payment-fraud is listed");
  check((await page.textContent('tr[data-id="payment-fraud"]')).includes("not tried"), "not tried yet");
  await page.screenshot({ path: shots + "/tm-list.png", fullPage: true });

  // Start: the brief, the starter file and a running clock against 20 minutes.
  await page.click('tr[data-id="payment-fraud"] button');
  await page.waitForSelector("#studio");
  await page.waitForFunction(() => /^\d+:\d\d \/ 20:00$/.test(document.getElementById("timer").textContent));
  check((await page.textContent("#brief")).includes("fraud-scoring vendor"), "the brief is shown");
  check((await page.inputValue("#tm-yaml")).startsWith("# Threat-model drill: Payment"), "starter file in the editor");

  // Type a model with a broken line: the error shows under the editor and in the margin.
  await page.click("#tm-yaml");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(BROKEN, { delay: 5 });
  await page.waitForSelector("#tm-problems li.error");
  const err = await page.textContent("#tm-problems li.error");
  check(err.startsWith("3:") && err.includes("browzer"), "error with its line: " + err);
  check((await page.textContent("#tm-gutter span.error")) === "3", "line 3 marked in the margin");
  check((await page.textContent("#tm-status")).includes("does not parse"), "status says it does not parse");
  await page.screenshot({ path: shots + "/tm-error.png", fullPage: true });

  // Clicking the error puts the cursor on line 3.
  await page.click("#tm-problems li.error");
  const caretLine = await page.$eval("#tm-yaml", (t) => t.value.slice(0, t.selectionStart).split("\n").length);
  check(caretLine === 3, "cursor on the broken line, got " + caretLine);

  // Fix it and add a service and a flow: the canvas follows.
  const before = await page.getAttribute("#tm-diagram", "src");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(FIXED, { delay: 5 });
  await page.waitForFunction(() => document.getElementById("tm-status").classList.contains("ok"));
  await page.waitForFunction((b) => document.getElementById("tm-diagram").getAttribute("src") !== b, before);
  await page.waitForFunction(() => {
    const img = document.getElementById("tm-diagram");
    return img.complete && img.naturalWidth > 0;
  });
  check((await page.textContent("#tm-elements")).includes("Checkout API"), "component listed beside the canvas");
  check((await page.locator("#tm-problems li.error").count()) === 0, "no errors left");
  check((await page.locator("#tm-gutter span.error").count()) === 0, "margin cleared");
  const svg = await page.evaluate(async () => (await fetch(document.getElementById("tm-diagram").src)).text());
  check(svg.includes("Checkout API") && svg.includes("Shopper"), "the canvas draws the components");
  check((await page.textContent("#tm-summary")).includes("2 elements, 1 flows"), "summary updated");
  await page.screenshot({ path: shots + "/tm-studio.png", fullPage: true });

  // A reload loses nothing.
  await page.reload();
  await page.waitForSelector("#studio");
  check((await page.inputValue("#tm-yaml")) === FIXED, "draft restored after reload");

  // Paste a complete model and submit it.
  await page.fill("#tm-yaml", reference);
  await page.click("#tm-submit");
  await page.waitForSelector("#grade");
  const score = Number(await page.textContent("#score"));
  check(score >= 90 && score <= 100, "the complete model scores high: " + score);
  check((await page.locator("#breakdown tbody tr").count()) === 6, "six parts in the breakdown");
  check((await page.textContent("#critical")).includes("store-token"), "critical flow named");
  check(await page.isVisible("#side-by-side #yours") && await page.isVisible("#side-by-side #reference"), "side by side");
  check((await page.locator("#reference tr.missed").count()) === 0, "nothing missed");
  check((await page.textContent("#reference")).includes("Payments table (DynamoDB)"), "reference items listed");
  await page.screenshot({ path: shots + "/tm-graded.png", fullPage: true });

  // The canvas page, printable, and both downloads.
  await page.click("#tm-open-canvas");
  await page.waitForSelector("svg.dfd");
  check((await page.textContent(".page")).includes("Payments table (DynamoDB)"), "canvas shows the model");
  check(await page.isVisible("#tm-toolbar"), "toolbar on screen");
  await page.screenshot({ path: shots + "/tm-canvas.png", fullPage: true });
  await page.emulateMedia({ media: "print" });
  check(!(await page.isVisible("#tm-toolbar")), "toolbar hidden in print");
  await page.emulateMedia({ media: "screen" });
  for (const [link, name, test] of [
    ["#tm-download-html", /-canvas\.html$/, (t) => t.startsWith("<!DOCTYPE html>") && t.includes("Payments table (DynamoDB)")],
    ["#tm-download-tc", /\.tc\.json$/, (t) => Array.isArray(JSON.parse(t).threats)],
  ]) {
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click(link)]);
    check(name.test(dl.suggestedFilename()), "download name " + dl.suggestedFilename());
    const text = await readFile(await dl.path(), "utf8");
    check(test(text), "download content of " + link);
  }

  // Back on the list, the score is there.
  await page.goto(base + "/tm");
  check((await page.textContent('tr[data-id="payment-fraud"]')).includes("best " + score), "score on the list");
});
