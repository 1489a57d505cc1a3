// Renders one HTML file in Debian's Chromium (never a downloaded browser) and prints JSON:
// axe-core violations, chart widths against their column, the smallest text drawn, and
// whether tables overflow the page at 1280 px or scroll inside their boxes at 390 px.
// Usage: node check_page.js FILE.html [SCREENSHOT_PREFIX]
"use strict";
const path = require("path");
const { chromium } = require("playwright-core");

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run",
];

function measure() {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
  };
  const charts = [...document.querySelectorAll("figure svg")].map((svg) => {
    const column = svg.closest("figure").parentElement;
    const cs = getComputedStyle(column);
    const inner = column.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    return { width: svg.getBoundingClientRect().width, column: inner };
  });
  let smallest = { size: Infinity, text: "" };
  const consider = (size, text) => {
    if (size < smallest.size) smallest = { size, text: text.trim().slice(0, 60) };
  };
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg")) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own && visible(el)) consider(parseFloat(getComputedStyle(el).fontSize), el.textContent);
  }
  for (const text of document.querySelectorAll("svg text")) {
    const svg = text.ownerSVGElement;
    const box = svg.viewBox.baseVal;
    const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
    consider(parseFloat(getComputedStyle(text).fontSize) * scale, text.textContent);
  }
  const page = document.documentElement;
  const tables = [...document.querySelectorAll(".table-scroll")].map((box) => ({
    caption: (box.querySelector("caption") || {}).textContent || "",
    boxWidth: box.clientWidth,
    tableWidth: box.querySelector("table").scrollWidth,
    scrolls: box.scrollWidth > box.clientWidth,
    overflowX: getComputedStyle(box).overflowX,
    right: box.getBoundingClientRect().right,
  }));
  return {
    charts, smallest, tables,
    pageOverflow: page.scrollWidth - page.clientWidth,
    viewport: window.innerWidth,
  };
}

async function main() {
  const file = path.resolve(process.argv[2]);
  const shots = process.argv[3];
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
  try {
    const result = {};
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto("file://" + file);
      const figures = await page.evaluate(measure);
      if (width === 1280) {
        await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
        figures.axe = await page.evaluate(async () => {
          const run = await window.axe.run(document);
          return run.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
        });
      }
      if (shots) await page.screenshot({ path: `${shots}-${width}.png`, fullPage: false });
      result[width] = figures;
      await page.close();
    }
    process.stdout.write(JSON.stringify(result));
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(1);
});
