// A Bedrock Runtime stand-in on loopback for the browser test. It speaks
//  - Converse:        POST /model/{modelId}/converse         (JSON), and
//  - ConverseStream:  POST /model/{modelId}/converse-stream  (AWS event-stream binary framing),
// and answers from the last user message (messages[].content[0].text):
//  - "please throttle", and the first request that says "throttle once": HTTP 429 ThrottlingException
//    before the first byte, on both operations;
//  - "slow": streams the first words ("slow code": up to inside an unclosed code fence), then holds the rest until the test calls `release()` on the
//    hold (see `nextHold`); a hold records whether the client hung up while it was held;
//  - "fail midway": streams the first words, then an internalServerException in the stream;
//  - "markdown sample": an answer with Markdown (lists, a code fence) and literal HTML (`MARKDOWN_ANSWER`);
//  - anything else: "Stand-in answer to: <message>".

import http from "node:http";

// ---- CRC32 (IEEE 802.3, as used by the event-stream prelude and message checksums); Node 20 has no
// zlib.crc32.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// ---- AWS event-stream framing

/** One event-stream message; every header value is a string (type 7). */
export function encodeMessage(headers, payload) {
  const headerParts = Object.entries(headers).map(([name, value]) => {
    const nameBytes = Buffer.from(name, "utf8");
    const valueBytes = Buffer.from(value, "utf8");
    const part = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    let at = part.writeUInt8(nameBytes.length, 0);
    at += nameBytes.copy(part, at);
    at = part.writeUInt8(7, at);
    at = part.writeUInt16BE(valueBytes.length, at);
    valueBytes.copy(part, at);
    return part;
  });
  const headerBytes = Buffer.concat(headerParts);
  const payloadBytes = Buffer.from(payload);
  const total = 12 + headerBytes.length + payloadBytes.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  payloadBytes.copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

/** Decodes a buffer of whole messages, checking both CRCs (for the test's own self-check). */
export function decodeMessages(buffer) {
  const messages = [];
  let at = 0;
  while (at < buffer.length) {
    const total = buffer.readUInt32BE(at);
    const headersLength = buffer.readUInt32BE(at + 4);
    if (buffer.readUInt32BE(at + 8) !== crc32(buffer.subarray(at, at + 8))) throw new Error("prelude CRC mismatch");
    if (buffer.readUInt32BE(at + total - 4) !== crc32(buffer.subarray(at, at + total - 4))) throw new Error("message CRC mismatch");
    const headers = {};
    let h = at + 12;
    while (h < at + 12 + headersLength) {
      const nameLength = buffer.readUInt8(h);
      const name = buffer.toString("utf8", h + 1, h + 1 + nameLength);
      h += 1 + nameLength;
      if (buffer.readUInt8(h) !== 7) throw new Error("only string headers are expected");
      const valueLength = buffer.readUInt16BE(h + 1);
      headers[name] = buffer.toString("utf8", h + 3, h + 3 + valueLength);
      h += 3 + valueLength;
    }
    messages.push({ headers, payload: buffer.toString("utf8", at + 12 + headersLength, at + total - 4) });
    at += total;
  }
  return messages;
}

export const event = (type, payload) => encodeMessage(
  { ":message-type": "event", ":event-type": type, ":content-type": "application/json" },
  JSON.stringify(payload),
);

export const exception = (type, message) => encodeMessage(
  { ":message-type": "exception", ":exception-type": type, ":content-type": "application/json" },
  JSON.stringify({ message }),
);

const USAGE = { inputTokens: 25, outputTokens: 9, totalTokens: 34 };

export const MARKDOWN_CODE = 'aws dynamodb list-tables --region us-east-1\necho "<script>alert(1)</script>" | jq .';
export const MARKDOWN_ANSWER = [
  "Here is **how** to list your tables:",
  "",
  "```sh",
  MARKDOWN_CODE,
  "```",
  "",
  'Watch out for <img src=x onerror="window.__pwned=1"> and <b>x</b> in *plain* text.',
  "",
  "- first with `inline code`",
  "- second",
  "",
  "1. one",
  "2. two",
].join("\n");

// "slow code": held inside an unclosed code fence.
export const SLOW_CODE_EARLY = "Some code:\n\n```js\nconst answer = 42;\n";
export const SLOW_CODE_ANSWER = `${SLOW_CODE_EARLY}console.log(answer);\n\`\`\`\n\nThat is all.`;

/** The deltas of an answer: cut at awkward places (inside the fence marker, mid-word). */
function splitAnswer(text) {
  const cuts = [];
  const size = Math.max(4, Math.ceil(text.length / 6));
  for (let at = 0; at < text.length; at += size) cuts.push(text.slice(at, at + size));
  return cuts;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the stand-in. Returns `{ server, url, requests, nextHold, close }`: `requests` lists
 * `{operation, text}` per call; `nextHold()` resolves with the next held stream
 * `{ text, release(), closed }`, where `closed` resolves to true when the client hung up before the
 * stream was finished.
 */
export async function startBedrock() {
  const throttledOnce = new Set();
  const requests = [];
  const holds = [];
  const holdWaiters = [];
  const addHold = (hold) => {
    const waiter = holdWaiters.shift();
    if (waiter) waiter(hold); else holds.push(hold);
  };

  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", async () => {
      const match = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(new URL(request.url, "http://x").pathname);
      if (request.method !== "POST" || !match) {
        response.writeHead(404, { "content-type": "application/json", "x-amzn-errortype": "UnknownOperationException" });
        response.end(JSON.stringify({ message: `no such operation: ${request.method} ${request.url}` }));
        return;
      }
      const operation = match[2];
      let json = {};
      try { json = JSON.parse(body || "{}"); } catch { /* answered below as an echo of "" */ }
      const last = (json.messages ?? []).at(-1)?.content?.[0]?.text ?? "";
      requests.push({ operation, text: last });

      const once = last.includes("throttle once") && !throttledOnce.has(last);
      if (once) throttledOnce.add(last);
      if (last.includes("please throttle") || once) {
        response.writeHead(429, { "content-type": "application/json", "x-amzn-errortype": "ThrottlingException" });
        response.end(JSON.stringify({ message: "Too many requests" }));
        return;
      }

      const slowCode = last.includes("slow code");
      const slow = last.includes("slow");
      const failing = last.includes("fail midway");
      // A held answer: `early` is sent before the hold, the rest after it.
      const early = slowCode ? SLOW_CODE_EARLY : "First words arrive early. ";
      const answer = last.includes("markdown sample") ? MARKDOWN_ANSWER
        : slowCode ? SLOW_CODE_ANSWER
        : slow ? "First words arrive early. Then the rest arrives after the hold. The end."
        : failing ? "This answer starts well, but"
        : `Stand-in answer to: ${last}`;

      if (operation === "converse") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({
          output: { message: { role: "assistant", content: [{ text: answer }] } },
          stopReason: "end_turn",
          usage: USAGE,
          metrics: { latencyMs: 5 },
        }));
        return;
      }

      response.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "stand-in" });
      let hungUp = false;
      const closed = new Promise((resolve) => response.on("close", () => {
        hungUp = !response.writableFinished;
        resolve(hungUp);
      }));
      const send = async (message) => {
        if (hungUp || response.destroyed) return;
        response.write(message);
        await sleep(15); // separate writes, so deltas reach the chat server one by one
      };
      await send(event("messageStart", { role: "assistant" }));
      if (slow) {
        const rest = answer.slice(early.length);
        for (const part of early.match(/\S+\s*/g)) {
          await send(event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: part } }));
        }
        await new Promise((release) => addHold({ text: last, release, closed }));
        for (const part of rest.match(/\S+\s*/g)) {
          await send(event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: part } }));
        }
      } else {
        for (const part of splitAnswer(answer)) {
          await send(event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: part } }));
        }
      }
      if (failing) {
        await send(exception("internalServerException", "The stand-in model broke down mid-answer"));
        response.end();
        return;
      }
      await send(event("contentBlockStop", { contentBlockIndex: 0 }));
      await send(event("messageStop", { stopReason: "end_turn" }));
      await send(event("metadata", { usage: USAGE, metrics: { latencyMs: 5 } }));
      response.end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    nextHold: () => new Promise((resolve) => {
      const hold = holds.shift();
      if (hold) resolve(hold); else holdWaiters.push(resolve);
    }),
    close: () => { server.closeAllConnections?.(); server.close(); },
  };
}
