// Shared by every browser script: launch Debian's Chromium through
// playwright-core, collect script errors and CSP violations, and a check
// that fails the run with a message.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

export function check(cond, msg) {
  if (!cond) throw new Error("assertion failed: " + msg);
}

// Opens a browser and one page; `run(page, errors)` does the clicking.
// Usage inside a script: await withPage(shots, async (page) => { ... });
export async function withPage(shots, run) {
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  try {
    await run(page);
    check(errors.length === 0, "no script errors or CSP violations: " + errors.join("; "));
    console.log("browser: all checks passed");
  } finally {
    await browser.close();
  }
}
