// Runs axe-core on generated pages in the installed Chromium, at a desktop
// and a phone width, with every rule axe runs by default (WCAG 2.0–2.2 A
// and AA, and best practices). Prints each violation and exits 1 if any.
//
//   node tests/axe/run.mjs PAGE…      (a PAGE is an .html file or a URL)
//
// CHROMIUM names the browser (default /usr/bin/chromium). Used by
// tests/it/axe.rs; `npm ci` in this folder installs axe-core and
// puppeteer-core (no browser download: the machine's Chromium is driven).
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import axe from "axe-core";
import puppeteer from "puppeteer-core";

const WIDTHS = [1280, 375];
const pages = process.argv.slice(2);
if (pages.length === 0) {
  console.error("usage: node run.mjs PAGE…");
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
  ],
});

let violations = 0;
try {
  const page = await browser.newPage();
  for (const target of pages) {
    const url = /^[a-z]+:\/\//.test(target) ? target : pathToFileURL(resolve(target)).href;
    for (const width of WIDTHS) {
      await page.setViewport({ width, height: 900 });
      await page.goto(url, { waitUntil: "load" });
      await page.evaluate(axe.source);
      const results = await page.evaluate(() =>
        // Every rule axe enables by default; none switched off.
        window.axe.run(document, { resultTypes: ["violations"] }),
      );
      for (const v of results.violations) {
        for (const node of v.nodes) {
          violations += 1;
          console.log(`${target} @${width}px: ${v.id} (${v.impact}) ${node.target.join(" ")}`);
          console.log(`  ${v.help}`);
          if (node.failureSummary) {
            console.log("  " + node.failureSummary.replaceAll("\n", "\n  "));
          }
        }
      }
      console.log(`${target} @${width}px: ${results.violations.length} rules violated, ${results.passes?.length ?? 0} passed`);
    }
  }
} finally {
  await browser.close();
}
if (violations > 0) {
  console.log(`${violations} violations`);
  process.exit(1);
}
