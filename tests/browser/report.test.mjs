// The HTML report of `frugal analyze` in a real headless Chromium (Debian's /usr/bin/chromium driven
// by playwright-core): two functions simulated from the Azure trace, analysed, opened from disk.
//
//   node tests/browser/report.test.mjs        (after `cargo build -p frugal-analyzer`)
//
// FRUGAL_BINARY names another build of the CLI (default: target/debug/frugal under CARGO_TARGET_DIR,
// else ./target). The report and a full-page screenshot go to target/browser/.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = path.join(root, "target", "browser");
mkdirSync(outDir, { recursive: true });
const binary = process.env.FRUGAL_BINARY
  ?? path.join(path.resolve(root, process.env.CARGO_TARGET_DIR ?? "target"), "debug", "frugal");

setTimeout(() => { console.error("report browser test timed out"); process.exit(1); }, 180_000).unref();

// ---- The report: two simulated functions in one snapshot, one name that needs escaping.

const frugal = (...args) => execFileSync(binary, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const work = mkdtempSync(path.join(os.tmpdir(), "frugal-report-"));
const trace = path.join(root, "data", "azure-functions-2019", "invocations.csv");
const simulated = [
  ["chat-api <prod> & \"beta\"", ["--memory", "1024", "--provisioned", "10"]],
  ["event-fanout", ["--function", "b9226e5e41", "--memory", "256", "--provisioned", "2"]],
].map(([name, options], i) => {
  const file = path.join(work, `${i}.json`);
  frugal("simulate", "--trace", trace, ...options, "--output", file);
  const snapshot = JSON.parse(readFileSync(file, "utf8"));
  for (const f of snapshot.functions) f.name = name;
  return snapshot;
});
const snapshot = { ...simulated[0], functions: simulated.flatMap((s) => s.functions) };
const WARNING = "event-fanout: a warning the report must show once";
snapshot.warnings = [...(snapshot.warnings ?? []), WARNING];
const snapshotFile = path.join(work, "snapshot.json");
writeFileSync(snapshotFile, JSON.stringify(snapshot));
const reportFile = path.join(outDir, "report.html");
frugal("analyze", "--from-file", snapshotFile, "--format", "html", "--quiet", "--output", reportFile);
const report = JSON.parse(frugal("analyze", "--from-file", snapshotFile, "--format", "json"));
rmSync(work, { recursive: true, force: true });

// ---- The page

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  // Standalone: the page asks for nothing but itself.
  page.on("request", (request) => {
    if (request.url() !== pathToFileURL(reportFile).href) problems.push(`request: ${request.url()}`);
  });
  await page.goto(pathToFileURL(reportFile).href);
  // Kept whatever follows: the picture is what a reader would see.
  const screenshot = path.join(outDir, "report.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`report page screenshot: ${path.relative(root, screenshot)}`);

  // The headline: before → after, the saving and how many functions change.
  const s = report.summary;
  const headline = await page.textContent("#headline");
  assert.match(headline, /^(Saves \$[\d.]+ per month \([\d.]+ %\)|Costs \$[\d.]+ more per month|No saving)/, headline);
  if (s.monthly_saving > 0.005) {
    assert.ok(headline.includes(`$${s.monthly_cost_before.toFixed(2)} → $${s.monthly_cost_after.toFixed(2)}`), headline);
    assert.ok(headline.includes(`(${(s.saving_share * 100).toFixed(1)} %)`), headline);
  }
  assert.ok(headline.includes(`${s.functions_changed} of 2 functions changed`), headline);

  // The summary: one row per function, in the report's order, names as written (escaped, not markup).
  const names = await page.$$eval("#summary tr td:first-child", (cells) => cells.map((c) => c.textContent));
  assert.deepEqual(names, report.functions.map((f) => f.name));
  const headings = await page.$$eval("section.function h2", (hs) => hs.map((h) => h.textContent));
  assert.deepEqual(headings, report.functions.map((f) => f.name));

  // The warning is said once.
  const text = await page.textContent("body");
  assert.equal(text.split(WARNING).length - 1, 1, "the warning appears once");

  // Each function: the evidence, the bill by part, and three charts with named axes and marks.
  const sections = await page.$$("section.function");
  assert.equal(sections.length, report.functions.length);
  for (const [i, section] of sections.entries()) {
    const f = report.functions[i];
    const sectionText = await section.textContent();
    assert.ok(sectionText.includes(f.evidence), `${f.name}: evidence`);
    assert.ok(sectionText.includes("provisioned environments"), `${f.name}: cost by part`);
    const chartTexts = async (kind) => section.$eval(`figure.${kind} svg`, (svg) =>
      [...svg.querySelectorAll("text")].map((t) => t.textContent.trim()));
    const cost = await chartTexts("cost");
    for (const expected of ["Memory (MB, log scale)", "Monthly cost (USD)"]) {
      assert.ok(cost.includes(expected), `${f.name}: cost chart has ${expected}: ${cost}`);
    }
    assert.ok(cost.some((t) => t.startsWith(`recommended: ${f.recommended.memory_mb} MB × ${f.recommended.provisioned}`)),
      `${f.name}: the recommended point is named: ${cost}`);
    for (const curve of f.curves) {
      assert.ok(cost.includes(`${curve.level} provisioned`), `${f.name}: level ${curve.level} is labelled: ${cost}`);
    }
    const duration = await chartTexts("duration");
    for (const expected of ["Duration (ms)", "Percentile of invocations"]) {
      assert.ok(duration.includes(expected), `${f.name}: duration chart has ${expected}: ${duration}`);
    }
    for (const name of ["p50", "p90", "p99", "p99.9", "max"]) {
      assert.ok(duration.some((t) => new RegExp(`^${name.replace(".", "\\.")}: [\\d,.]+ ms$`).test(t)),
        `${f.name}: ${name} is named with its value in ms: ${duration}`);
    }
    const concurrency = await chartTexts("concurrency");
    for (const expected of ["Time (hours)", "Concurrent executions", `recommended: ${f.provisioned_concurrency.recommended} provisioned`]) {
      assert.ok(concurrency.includes(expected), `${f.name}: concurrency chart has ${expected}: ${concurrency}`);
    }
  }

  // Readable: no chart text runs out of its chart, and the labels placed on the plot do not overlap.
  const layout = await page.$$eval("figure svg", (svgs) => svgs.map((svg) => {
    const view = svg.viewBox.baseVal;
    const frame = svg.getBoundingClientRect();
    const scale = frame.width / view.width;
    // Client rectangles, so rotated axis titles count as drawn; in the chart's own units.
    const boxes = [...svg.querySelectorAll("text")].map((t) => {
      const r = t.getBoundingClientRect();
      return {
        text: t.textContent.trim(),
        box: { x: (r.x - frame.x) / scale, y: (r.y - frame.y) / scale, width: r.width / scale, height: r.height / scale },
      };
    });
    const outside = boxes.filter(({ box }) => box.x < -1 || box.y < -1
      || box.x + box.width > view.width + 1 || box.y + box.height > view.height + 1).map((b) => b.text);
    const overlapping = [];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const w = Math.min(a.box.x + a.box.width, b.box.x + b.box.width) - Math.max(a.box.x, b.box.x);
        const h = Math.min(a.box.y + a.box.height, b.box.y + b.box.height) - Math.max(a.box.y, b.box.y);
        if (w > 2 && h > 2 && a.text && b.text) overlapping.push(`${a.text} / ${b.text}`);
      }
    }
    return { outside, overlapping };
  }));
  for (const { outside, overlapping } of layout) {
    assert.deepEqual(outside, [], "chart text within the chart");
    assert.deepEqual(overlapping, [], "chart texts do not overlap");
  }

  assert.deepEqual(problems, []);
  console.log("report page: ok");
} finally {
  await browser.close();
}
