// A PNG of one Adaptive Card as Microsoft's own renderer (the `adaptivecards` package)
// draws it, in Debian's Chromium, with a host config close to Teams' light theme
// (used by scripts/card_screenshots.py for the chair's guide). Never downloads a browser.
// Usage: node card_screenshot.js CARD.json OUT.png [WIDTH] [BUTTON_TO_PRESS]
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run",
];
const DIST = path.join(__dirname, "node_modules", "adaptivecards", "dist");

// Teams' light theme, in the shape of an Adaptive Cards host config.
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif",
  spacing: { small: 4, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E1E1E1" },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: "#FFFFFF",
      foregroundColors: {
        default: { default: "#242424", subtle: "#616161" },
        accent: { default: "#5B5FC7", subtle: "#5B5FC7" },
        attention: { default: "#C4314B", subtle: "#C4314B" },
        good: { default: "#237B4B", subtle: "#237B4B" },
        warning: { default: "#835C00", subtle: "#835C00" },
      },
    },
    emphasis: {
      backgroundColor: "#F5F5F5",
      foregroundColors: { default: { default: "#242424", subtle: "#616161" } },
    },
  },
  actions: {
    maxActions: 6, spacing: "default", buttonSpacing: 8, actionsOrientation: "horizontal",
    actionAlignment: "left", showCard: { actionMode: "inline", inlineTopMargin: 12 },
  },
  inputs: { label: { requiredInputs: { suffix: " *" }, optionalInputs: {} } },
  imageSizes: { small: 40, medium: 80, large: 160 },
};

const CSS = `
  body { margin: 0; padding: 16px; background: #F5F5F5; }
  #card { width: WIDTHpx; border-radius: 6px; overflow: hidden;
          box-shadow: 0 1px 3px rgba(0,0,0,.15); background: #fff; }
  .ac-pushButton { font: 600 14px 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif;
          color: #242424; background: #fff; border: 1px solid #D1D1D1; border-radius: 4px;
          padding: 5px 12px; min-height: 32px; cursor: pointer; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: #5B5FC7; color: #fff;
          border-color: #5B5FC7; }
  .ac-pushButton.style-destructive { color: #C4314B; }
  .ac-input { font: 14px 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif; }
  .ac-textInput, .ac-multichoiceInput, .ac-dateInput, .ac-timeInput, .ac-numberInput {
          border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 8px; min-height: 20px; }
  .ac-textInput.ac-multiline { min-height: 60px; }
  /* the stock CSS draws the "opens more" chevron from an icon font we do not have */
  .ac-pushButton.expandable:after { font: 400 12px sans-serif; content: "\\00A0\\25BE"; }
  .ac-pushButton.expandable.expanded:after { content: "\\00A0\\25B4"; }
  .ac-pushButton.expanded { background: #5B5FC7; color: #fff; border-color: #5B5FC7; }
`;

async function main() {
  const [file, out, width = "600", press] = process.argv.slice(2);
  const card = JSON.parse(fs.readFileSync(file, "utf-8"));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
  try {
    const viewport = { width: Number(width) + 32, height: 600 };
    const page = await browser.newPage({ viewport, locale: "en-GB" });
    await page.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8">
      <style>${fs.readFileSync(path.join(DIST, "adaptivecards.css"), "utf-8")}</style>
      <style>${CSS.replace("WIDTH", width)}</style></head><body><div id="card"></div></body></html>`);
    await page.addScriptTag({ path: path.join(DIST, "adaptivecards.min.js") });
    const problems = await page.evaluate(([json, host]) => {
      const ac = new AdaptiveCards.AdaptiveCard();
      ac.hostConfig = new AdaptiveCards.HostConfig(host);
      const errors = [];
      const context = new AdaptiveCards.SerializationContext();
      ac.parse(json, context);
      for (let i = 0; i < context.eventCount; i++) errors.push(context.getEventAt(i).message);
      document.getElementById("card").appendChild(ac.render());
      return errors;
    }, [card, HOST_CONFIG]);
    for (const p of problems) process.stderr.write(`${path.basename(file)}: ${p}\n`);
    await page.waitForLoadState("networkidle");
    if (press) {
      await page.getByRole("button", { name: press }).first().click();
    }
    await page.locator("#card").screenshot({ path: out });
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(1);
});
