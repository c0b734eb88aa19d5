// The chat page in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
// against `frugal-chat serve`, with a Bedrock Converse stand-in on loopback.
//
//   node tests/browser/chat.test.mjs          (after `cargo build -p frugal-chat`)
//
// Screenshots go to test-output/browser/.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = path.join(root, "test-output", "browser");
mkdirSync(outDir, { recursive: true });

// A Bedrock Converse stand-in: echoes the last user message; "please throttle" gets a 429, and so does
// the first request that says "throttle once".
function startBedrock() {
  const throttledOnce = new Set();
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const json = JSON.parse(body || "{}");
      const messages = json.messages ?? [];
      const last = messages.at(-1)?.content?.[0]?.text ?? "";
      const once = last.includes("throttle once") && !throttledOnce.has(last);
      if (once) throttledOnce.add(last);
      if (last.includes("please throttle") || once) {
        response.writeHead(429, { "content-type": "application/json", "x-amzn-errortype": "ThrottlingException" });
        response.end(JSON.stringify({ message: "Too many requests" }));
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({
        output: { message: { role: "assistant", content: [{ text: `Stand-in answer to: ${last}` }] } },
        stopReason: "end_turn",
        usage: { inputTokens: 25, outputTokens: 9, totalTokens: 34 },
        metrics: { latencyMs: 5 },
      }));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function startChat(bedrockUrl) {
  const binary = path.join(root, "target", "debug", "frugal-chat");
  const child = spawn(binary, ["serve", "--listen", "127.0.0.1:0", "--web-dir", path.join(root, "infra", "web")], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrockUrl,
      FRUGAL_MAX_ATTEMPTS: "1",
      RUST_LOG: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/listening on (http:\/\/\S+)/);
      if (match) resolve({ child, url: match[1] });
    });
    child.on("exit", (code) => reject(new Error(`frugal-chat exited with ${code}`)));
  });
}

const bedrock = await startBedrock();
const chat = await startChat(`http://127.0.0.1:${bedrock.address().port}`);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

let failed = false;
try {
  const page = await browser.newPage();
  await page.goto(chat.url);
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.textContent("#mode"), "dev mode");

  const bot = page.locator("li.msg.bot");
  await page.fill("#input", "Hello!");
  await page.press("#input", "Enter");
  await bot.nth(0).waitFor();
  assert.equal(await bot.nth(0).locator(".badge").getAttribute("data-source"), "smalltalk");
  assert.match(await bot.nth(0).textContent(), /How can I help/);

  await page.fill("#input", "What is DynamoDB?");
  await page.click("#send");
  await bot.nth(1).waitFor();
  assert.equal(await bot.nth(1).locator(".badge").getAttribute("data-source"), "model");
  assert.match(await bot.nth(1).textContent(), /Stand-in answer to: What is DynamoDB\?/);
  assert.match(await bot.nth(1).textContent(), /\$0\.0000\d\d/);

  // Errors from the API are shown in plain words, and the page keeps working.
  await page.fill("#input", "please throttle this one");
  await page.press("#input", "Enter");
  const error = page.locator("li.msg.error");
  await error.first().waitFor();
  assert.match(await error.first().textContent(), /Too many requests right now/);
  await page.screenshot({ path: path.join(outDir, "chat.png"), fullPage: true });

  // A retry reuses its message's idempotency key; every new message gets a fresh one.
  const keys = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/chat")) {
      keys.push({ key: request.headers()["idempotency-key"], body: request.postData() });
    }
  });
  await page.fill("#input", "throttle once, then answer");
  await page.press("#input", "Enter");
  // The earlier error has a retry button too: wait for this message's own (the second) before
  // clicking, or the click can land on the earlier one while this error is still in flight.
  const retry = page.locator("li.msg.error button.retry").nth(1);
  await retry.waitFor();
  await retry.click();
  await page.locator("li.msg.bot", { hasText: "Stand-in answer to: throttle once, then answer" }).waitFor();
  const tries = keys.filter((k) => k.body.includes("throttle once"));
  assert.equal(tries.length, 2);
  assert.match(tries[0].key, /^[A-Za-z0-9_-]{1,128}$/);
  assert.equal(tries[0].key, tries[1].key);
  const earlier = keys.filter((k) => !k.body.includes("throttle once"));
  assert.ok(earlier.every((k) => k.key !== tries[0].key));

  // Reload: the session's history comes back from the server.
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  const history = page.locator("li.msg");
  await history.nth(1).waitFor();
  assert.equal(await page.locator("li.msg.user").first().textContent(), "What is DynamoDB?");
  assert.match(await page.locator("li.msg.bot").first().textContent(), /Stand-in answer to: What is DynamoDB\?/);
  await page.screenshot({ path: path.join(outDir, "chat-after-reload.png"), fullPage: true });
  console.log(`browser test passed; screenshots in ${outDir}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  chat.child.kill();
  bedrock.close();
}
process.exit(failed ? 1 : 0);
