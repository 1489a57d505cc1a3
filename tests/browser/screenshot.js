// A PNG of a page, or of one element of it, in Debian's Chromium (used by
// scripts/screenshots.py for the guides). Never downloads a browser.
// Usage: node screenshot.js FILE.html OUT.png WIDTH [CSS_SELECTOR]
"use strict";
const path = require("path");
const { chromium } = require("playwright-core");

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run",
];

async function main() {
  const [file, out, width, selector] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
    await page.goto("file://" + path.resolve(file));
    if (selector) {
      await page.locator(selector).first().screenshot({ path: out });
    } else {
      await page.screenshot({ path: out, fullPage: true });
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(1);
});
