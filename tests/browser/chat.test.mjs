// The chat page in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
// against `frugal-chat serve`, with a Bedrock Runtime stand-in on loopback (Converse JSON and
// ConverseStream event-stream: ./bedrock-stand-in.mjs).
//
//   node tests/browser/chat.test.mjs          (after `cargo build -p frugal-chat`)
//
// A few reply shapes the server does not produce on demand (a JSON reply, a cut connection, an answer
// that was not saved) are served to the page by Playwright's request routing.
// FRUGAL_CHAT_BINARY names another build of the server (default target/debug/frugal-chat).
// Screenshots go to test-output/browser/.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import {
  crc32, decodeMessages, event, exception, MARKDOWN_CODE, startBedrock,
} from "./bedrock-stand-in.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = path.join(root, "test-output", "browser");
mkdirSync(outDir, { recursive: true });

// A stuck stream must fail the test, not hang it.
setTimeout(() => { console.error("browser test timed out"); process.exit(1); }, 180_000).unref();

function within(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms); }),
  ]);
}

// ---- Checks that need no browser: the stand-in's framing and the page's SSE parser.

function checkEventStreamFraming() {
  assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
  const bytes = Buffer.concat([
    event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "héllo" } }),
    exception("throttlingException", "slow down"),
  ]);
  const [delta, error] = decodeMessages(bytes);
  assert.equal(bytes.readUInt32BE(0), 12 + bytes.readUInt32BE(4) + Buffer.byteLength(delta.payload) + 4);
  assert.deepEqual(delta.headers, { ":message-type": "event", ":event-type": "contentBlockDelta", ":content-type": "application/json" });
  assert.equal(JSON.parse(delta.payload).delta.text, "héllo");
  assert.equal(error.headers[":exception-type"], "throttlingException");
}

async function checkSseParser() {
  // app.js is a browser module; load it as one (its start() only runs where there is a document).
  const source = readFileSync(path.join(root, "infra", "web", "app.js"), "utf8");
  const { createSseParser } = await import(`data:text/javascript,${encodeURIComponent(source)}`);
  const stream = ": keep-alive\r\n\r\nevent: delta\r\ndata: {\"text\":\"a\\nb\"}\r\n\r\n"
    + "event: delta\ndata:{\"text\":\"é\"}\n\n"
    + "event: done\ndata: {\"session_id\":\"s\",\"source\":\"model\"}\n\n";
  const expected = [
    { event: "delta", data: "{\"text\":\"a\\nb\"}" },
    { event: "delta", data: "{\"text\":\"é\"}" },
    { event: "done", data: "{\"session_id\":\"s\",\"source\":\"model\"}" },
  ];
  // Every way of cutting the stream in two (and one character at a time) gives the same events.
  for (let cut = 0; cut <= stream.length; cut++) {
    const events = [];
    const parser = createSseParser((e) => events.push(e));
    parser.push(stream.slice(0, cut));
    parser.push(stream.slice(cut));
    parser.end();
    assert.deepEqual(events, expected, `cut at ${cut}`);
  }
  const events = [];
  const parser = createSseParser((e) => events.push(e));
  for (const char of stream) parser.push(char);
  parser.end();
  assert.deepEqual(events, expected);
}

checkEventStreamFraming();
await checkSseParser();

// ---- The page against the real server

function startChat(bedrockUrl) {
  const binary = process.env.FRUGAL_CHAT_BINARY ?? path.join(root, "target", "debug", "frugal-chat");
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

// The CSP CloudFront sends: the page must work under it without a single violation.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
  + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const bedrock = await startBedrock();
const chat = await startChat(bedrock.url);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

let failed = false;
const holds = [];
try {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.route((url) => url.pathname === "/" || url.pathname.endsWith(".html"), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": CSP } });
  });
  const chatTypes = [];
  page.on("response", (response) => {
    if (response.request().method() === "POST" && response.url().endsWith("/chat")) {
      chatTypes.push(response.headers()["content-type"] ?? "");
    }
  });

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
  // The page asked for SSE and the server streamed (small talk included); the model was asked to stream.
  assert.ok(chatTypes.length >= 2 && chatTypes.every((type) => type.startsWith("text/event-stream")), chatTypes.join(", "));
  assert.ok(bedrock.requests.some((r) => r.operation === "converse-stream" && r.text === "What is DynamoDB?"));

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
  await page.locator("li.msg.bot", { hasText: "Stand-in answer to: throttle once, then answer" }).locator(".badge").waitFor();
  const tries = keys.filter((k) => k.body.includes("throttle once"));
  assert.equal(tries.length, 2);
  assert.match(tries[0].key, /^[A-Za-z0-9_-]{1,128}$/);
  assert.equal(tries[0].key, tries[1].key);
  const earlier = keys.filter((k) => !k.body.includes("throttle once"));
  assert.ok(earlier.every((k) => k.key !== tries[0].key));

  // Streaming: the first words are on screen while the model is still holding back the rest.
  await page.fill("#input", "Tell me something slow");
  await page.press("#input", "Enter");
  const slowHold = await within(bedrock.nextHold(), 15_000, "the stand-in to hold the slow answer");
  holds.push(slowHold);
  const slow = page.locator("li.msg.bot", { hasText: "First words arrive early." });
  await slow.waitFor({ timeout: 10_000 });
  assert.ok(await slow.evaluate((item) => item.classList.contains("streaming")));
  assert.doesNotMatch(await slow.textContent(), /The end\./);
  assert.equal(await slow.locator(".badge").count(), 0);
  assert.ok(await page.isVisible("#stop"));
  await page.screenshot({ path: path.join(outDir, "chat-streaming.png"), fullPage: true });
  slowHold.release();
  await slow.locator(".badge").waitFor();
  assert.match(await slow.textContent(), /First words arrive early\. Then the rest arrives after the hold\. The end\./);
  assert.match(await slow.textContent(), /\$0\.0000\d\d/);
  assert.equal(await slow.locator(".badge").getAttribute("data-source"), "model");
  assert.ok(await page.isHidden("#stop"));

  // Stop: aborts a held answer; the model call is hung up, the text so far stays, marked stopped.
  await page.fill("#input", "Another slow one, please");
  await page.press("#input", "Enter");
  const stopHold = await within(bedrock.nextHold(), 15_000, "the stand-in to hold the answer to stop");
  holds.push(stopHold);
  const stopped = page.locator("li.msg.bot", { hasText: "First words arrive early." }).nth(1);
  await stopped.waitFor({ timeout: 10_000 });
  await page.click("#stop");
  await page.locator("li.msg.bot.stopped").waitFor();
  assert.match(await stopped.locator(".status").textContent(), /Stopped/);
  assert.match(await stopped.textContent(), /First words arrive early\./);
  assert.doesNotMatch(await stopped.textContent(), /The end\./);
  assert.ok(await within(stopHold.closed, 10_000, "the chat server to hang up the stopped model call"),
    "the model stream was finished instead of hung up");
  assert.ok(await page.isVisible("#send"));
  await page.fill("#input", "What comes after stop?");
  await page.press("#input", "Enter");
  await page.locator("li.msg.bot", { hasText: "Stand-in answer to: What comes after stop?" }).locator(".badge").waitFor();

  // Markdown: a code block with a working copy button; HTML in the answer is only ever text.
  await page.fill("#input", "A markdown sample, please");
  await page.press("#input", "Enter");
  const markdown = page.locator("li.msg.bot", { hasText: "how to list your tables" });
  await markdown.locator(".badge").waitFor();
  const code = markdown.locator("pre > code");
  assert.equal(await code.count(), 1);
  assert.equal(await code.textContent(), MARKDOWN_CODE);
  assert.equal(await code.getAttribute("data-lang"), "sh");
  assert.equal(await markdown.locator("strong").textContent(), "how");
  assert.equal(await markdown.locator("em").textContent(), "plain");
  assert.deepEqual(await markdown.locator("ul > li").allTextContents(), ["first with inline code", "second"]);
  assert.equal(await markdown.locator("ul > li code").textContent(), "inline code");
  assert.deepEqual(await markdown.locator("ol > li").allTextContents(), ["one", "two"]);
  assert.match(await markdown.textContent(), /Watch out for <img src=x onerror="window\.__pwned=1"> and <b>x<\/b> in plain text\./);
  assert.equal(await markdown.locator("img, b, script").count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  const copy = markdown.locator("button.copy");
  await copy.click();
  await markdown.locator("button.copy", { hasText: "Copied" }).waitFor({ timeout: 1_500 });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), MARKDOWN_CODE);
  await page.screenshot({ path: path.join(outDir, "chat-markdown.png"), fullPage: true });

  // An unclosed code fence renders as a code block in progress while the answer streams.
  await page.fill("#input", "Some slow code, please");
  await page.press("#input", "Enter");
  const codeHold = await within(bedrock.nextHold(), 15_000, "the stand-in to hold inside a code fence");
  holds.push(codeHold);
  const growing = page.locator("li.msg.bot", { hasText: "Some code:" });
  await growing.locator(".code-block.in-progress pre > code").waitFor({ timeout: 10_000 });
  assert.equal(await growing.locator("pre > code").textContent(), "const answer = 42;\n");
  assert.equal(await growing.locator("button.copy").count(), 0);
  codeHold.release();
  await growing.locator(".badge").waitFor();
  assert.equal(await growing.locator(".code-block.in-progress").count(), 0);
  assert.equal(await growing.locator("pre > code").textContent(), "const answer = 42;\nconsole.log(answer);");
  assert.equal(await growing.locator("button.copy").count(), 1);
  assert.equal((await growing.locator("p").allTextContents()).at(-1), "That is all.");

  // A service error after some of the answer: the text stays, marked as failed, with plain words.
  await page.fill("#input", "Please fail midway");
  await page.press("#input", "Enter");
  const cut = page.locator("li.msg.bot.failed");
  await cut.waitFor();
  assert.match(await cut.textContent(), /This answer starts well, but/);
  assert.match(await cut.locator(".status").textContent(), /The answer was cut off/);
  assert.equal(await cut.locator("button.retry").count(), 1);
  assert.ok(await page.isVisible("#send"));
  await page.screenshot({ path: path.join(outDir, "chat-cut-off.png"), fullPage: true });
  assert.deepEqual(problems, []);

  // Replies the page must also understand, whatever the server in front of it does: the JSON reply
  // shape (a server or proxy that does not stream), and an SSE body that ends without done/error.
  const session = await page.evaluate(() => localStorage.getItem("frugal.session_id"));
  await page.route("**/chat", (route) => route.fulfill({
    status: 200,
    contentType: "application/json",
    body: JSON.stringify({ session_id: session, reply: "A **JSON** reply", source: "cache", usage: { input_tokens: 0, output_tokens: 0 }, cost_usd: 0 }),
  }), { times: 1 });
  await page.fill("#input", "Answer in JSON");
  await page.press("#input", "Enter");
  const json = page.locator("li.msg.bot", { hasText: "A JSON reply" });
  await json.locator(".badge").waitFor();
  assert.equal(await json.locator(".badge").getAttribute("data-source"), "cache");
  assert.equal(await json.locator("strong").textContent(), "JSON");
  await page.route("**/chat", (route) => route.fulfill({
    status: 200,
    contentType: "text/event-stream",
    body: 'event: delta\ndata: {"text":"Half an ans"}\n\nevent: delta\ndata: {"te',
  }), { times: 1 });
  await page.fill("#input", "Lose the connection");
  await page.press("#input", "Enter");
  const lost = page.locator("li.msg.bot.failed", { hasText: "Half an ans" });
  await lost.waitFor();
  assert.match(await lost.locator(".status").textContent(), /connection was lost/);
  assert.equal(await lost.locator("button.retry").count(), 1);
  assert.equal(await page.evaluate(() => localStorage.getItem("frugal.session_id")), session);
  await page.route("**/chat", (route) => route.fulfill({
    status: 200,
    contentType: "text/event-stream",
    body: 'event: delta\ndata: {"text":"Arrived in full"}\n\nevent: error\ndata: {"code":"storage_error","message":"history store unavailable"}\n\n',
  }), { times: 1 });
  await page.fill("#input", "Answer but do not save");
  await page.press("#input", "Enter");
  const unsaved = page.locator("li.msg.bot.unsaved", { hasText: "Arrived in full" });
  await unsaved.waitFor();
  assert.match(await unsaved.locator(".status").textContent(), /^Not saved/);
  assert.equal(await unsaved.locator("button.retry").count(), 0);

  // Reload: the session's history comes back from the server.
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  const history = page.locator("li.msg");
  await history.nth(1).waitFor();
  assert.equal(await page.locator("li.msg.user").first().textContent(), "What is DynamoDB?");
  assert.match(await page.locator("li.msg.bot").first().textContent(), /Stand-in answer to: What is DynamoDB\?/);
  const restored = page.locator("li.msg.bot", { hasText: "how to list your tables" });
  assert.equal(await restored.locator("pre > code").textContent(), MARKDOWN_CODE);
  assert.equal(await restored.locator("img").count(), 0);
  await page.screenshot({ path: path.join(outDir, "chat-after-reload.png"), fullPage: true });
  assert.deepEqual(problems, []);
  console.log(`browser test passed; screenshots in ${outDir}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  for (const hold of holds) hold.release();
  await browser.close();
  chat.child.kill();
  bedrock.close();
}
process.exit(failed ? 1 : 0);
