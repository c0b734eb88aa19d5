// Frugal chat page. Two modes:
//  - AWS: `config.json` (written by infra/deploy.sh from the stack outputs) names the API and the Cognito
//    hosted UI; the page signs in with the authorization-code flow + PKCE and sends the access token.
//  - dev: no `config.json` (served by `frugal-chat serve`): same-origin API, no sign-in.
//
// Answers stream as Server-Sent Events (`Accept: text/event-stream`) and are rendered as Markdown while
// they arrive. Everything that comes from the model or the user reaches the page as DOM text nodes
// (createElement + textContent), never as HTML, so a CSP with `script-src 'self'` and no
// 'unsafe-inline' holds: this file has no inline handlers, no eval and no style attributes.

const SESSION_KEY = "frugal.session_id";
const TOKEN_KEY = "frugal.token";
const VERIFIER_KEY = "frugal.pkce_verifier";
const SOURCE_LABELS = { smalltalk: "small talk", cache: "cache", model: "model" };

const $ = (id) => document.getElementById(id);
let config = { apiUrl: "", auth: null };

// ---- Errors in plain words

function waitWords(seconds) {
  if (!Number.isFinite(seconds) || seconds <= 10) return "a few seconds";
  if (seconds < 90) return `about ${Math.round(seconds)} seconds`;
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} minutes`;
  return `about ${Math.round(seconds / 3600)} hours`;
}

/** A failure before any part of the answer arrived. `error` is `{code, message, retry_after_secs?}`. */
function describeError(status, error) {
  const code = error?.code;
  const message = error?.message;
  const wait = waitWords(error?.retry_after_secs);
  switch (code) {
    case "throttled": return `Too many requests right now. Please wait ${wait} and try again.`;
    case "budget_exceeded": return `You have used up your chat budget for now. Please try again in ${wait}.`;
    case "deadline_exceeded": return "The answer took too long. Please try again, perhaps with a shorter question.";
    case "model_error": return `The model could not answer: ${message}`;
    case "storage_error": return "Your message could not be saved, so it was not answered. Please try again.";
    case "payload_too_large": return "That message is too long.";
    case "invalid_request": return `That message could not be sent: ${message}`;
    case "unauthorized": return "Your sign-in has expired. Please sign in again.";
    case "not_found": return "That conversation was not found.";
    case "idempotency_conflict": return "This retry does not match the message it retries; please send it again.";
    case "network": return "The chat service cannot be reached. Check your connection.";
    case "stream_lost": return "The connection was lost before the answer arrived. Please try again.";
    default: return message ? `Something went wrong (${status}): ${message}` : `Something went wrong (HTTP ${status}).`;
  }
}

/** A failure after part of the answer was shown: the text stays, this says what happened to the rest. */
function describeCutOff(error) {
  switch (error?.code) {
    case "storage_error": return "Not saved: this answer arrived, but it could not be stored, so it will not be in this conversation's history.";
    case "throttled": return `The answer was cut off because the service is busy. Please wait ${waitWords(error.retry_after_secs)} and try again.`;
    case "deadline_exceeded": return "The answer was cut off because it took too long. Please try again, perhaps with a shorter question.";
    case "model_error": return "The answer was cut off: the model stopped with an error. Please try again.";
    case "budget_exceeded": return `The answer was cut off: you have used up your chat budget for now. Please try again in ${waitWords(error.retry_after_secs)}.`;
    case "stream_lost": return "The connection was lost before the answer was finished. Please try again.";
    default: return `The answer was cut off by an error${error?.message ? `: ${error.message}` : ""}. Please try again.`;
  }
}

// Worth retrying with the same idempotency key: the request may or may not have been served.
const RETRYABLE_STATUS = new Set([0, 429, 502, 503, 504]);
const RETRYABLE_CODES = new Set(["network", "stream_lost", "throttled", "model_error", "deadline_exceeded", "storage_error"]);

// ---- Server-Sent Events

/**
 * An incremental SSE parser: `push` text as it is decoded (events may be split anywhere across chunks),
 * `end` when the body is over. Calls `onEvent({event, data})` once per complete event.
 */
export function createSseParser(onEvent) {
  let buffer = "";
  let event = "";
  let data = [];
  const dispatch = () => {
    if (data.length) onEvent({ event: event || "message", data: data.join("\n") });
    event = "";
    data = [];
  };
  const line = (text) => {
    if (text === "") { dispatch(); return; }
    if (text.startsWith(":")) return; // comment / keep-alive
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  };
  return {
    push(text) {
      buffer += text;
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        // A lone "\r" at the very end may be the first half of "\r\n": wait for the next chunk.
        if (!match || (match[0] === "\r" && match.index === buffer.length - 1)) break;
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
    },
    end() {
      // Lenient on a body that ends without the final blank line; a cut-off JSON line fails to parse later.
      if (buffer) line(buffer.replace(/\r$/, ""));
      buffer = "";
      dispatch();
    },
  };
}

// ---- Markdown, built from DOM nodes only

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])(?:\s+(.*)|$)/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;

const TABLE_DELIMITER = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

const indentOf = (line) => line.match(/^\s*/)[0].length;
const isOrdered = (marker) => /\d/.test(marker);
const startsBlock = (line) => FENCE_OPEN.test(line) || HEADING.test(line) || RULE.test(line)
  || QUOTE.test(line) || (LIST_ITEM.test(line) && LIST_ITEM.exec(line)[3] !== undefined);

const isTableStart = (lines, i) => lines[i].includes("|") && i + 1 < lines.length
  && lines[i + 1].includes("-") && TABLE_DELIMITER.test(lines[i + 1])
  && splitRow(lines[i]).length === splitRow(lines[i + 1]).length;

/** The cells of a table row: outer pipes optional, `\|` is a literal pipe. */
function splitRow(line) {
  let row = line.trim();
  if (row.startsWith("|")) row = row.slice(1);
  if (row.endsWith("|") && !row.endsWith("\\|")) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

function fenceCloses(line, fence) {
  const match = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return Boolean(match) && match[1][0] === fence[0] && match[1].length >= fence.length;
}

/** Splits Markdown text into blocks: code, heading, rule, quote, list, paragraph. */
function parseBlocks(text) {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    const fence = FENCE_OPEN.exec(line);
    if (fence && !(fence[1][0] === "`" && line.slice(fence.index + fence[0].length).includes("`"))) {
      const code = [];
      const indent = indentOf(line);
      i++;
      while (i < lines.length && !fenceCloses(lines[i], fence[1])) {
        code.push(lines[i].replace(new RegExp(`^ {0,${indent}}`), ""));
        i++;
      }
      const closed = i < lines.length;
      if (closed) i++;
      blocks.push({ type: "code", lang: fence[2], code: code.join("\n"), closed });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) { blocks.push({ type: "heading", level: heading[1].length, text: heading[2] }); i++; continue; }
    if (RULE.test(line)) { blocks.push({ type: "rule" }); i++; continue; }
    if (QUOTE.test(line)) {
      const quoted = [];
      while (i < lines.length && lines[i].trim() && (QUOTE.test(lines[i]) || !startsBlock(lines[i]))) {
        const match = QUOTE.exec(lines[i]);
        quoted.push(match ? match[1] : lines[i]);
        i++;
      }
      blocks.push({ type: "quote", blocks: parseBlocks(quoted.join("\n")) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) { i = parseList(lines, i, blocks); continue; }
    if (isTableStart(lines, i)) {
      const align = splitRow(lines[i + 1]).map((cell) => (
        cell.startsWith(":") && cell.endsWith(":") ? "center" : cell.endsWith(":") ? "right" : cell.startsWith(":") ? "left" : ""));
      const table = { type: "table", align, head: splitRow(lines[i]), rows: [] };
      i += 2;
      while (i < lines.length && lines[i].trim() && lines[i].includes("|") && !startsBlock(lines[i])) table.rows.push(splitRow(lines[i++]));
      blocks.push(table);
      continue;
    }
    const paragraph = [line.trim()];
    i++;
    while (i < lines.length && lines[i].trim() && !startsBlock(lines[i]) && !isTableStart(lines, i)) paragraph.push(lines[i++].trim());
    blocks.push({ type: "paragraph", text: paragraph.join("\n") });
  }
  return blocks;
}

function parseList(lines, start, blocks) {
  const first = LIST_ITEM.exec(lines[start]);
  const base = first[1].length;
  const ordered = isOrdered(first[2]);
  const list = { type: "list", ordered, start: ordered ? parseInt(first[2], 10) : 1, items: [] };
  const sibling = (match) => match && match[1].length <= base + 1 && isOrdered(match[2]) === ordered;
  let current = null;
  let contentIndent = 0;
  let i = start;
  while (i < lines.length) {
    const line = lines[i];
    const match = LIST_ITEM.exec(line);
    if (sibling(match)) {
      current = [match[3] ?? ""];
      contentIndent = match[1].length + match[2].length + 1;
      list.items.push(current);
      i++;
      continue;
    }
    if (!line.trim()) {
      let next = i + 1;
      while (next < lines.length && !lines[next].trim()) next++;
      if (next < lines.length && (sibling(LIST_ITEM.exec(lines[next])) || indentOf(lines[next]) > base + 1)) {
        current.push("");
        i++;
        continue;
      }
      break;
    }
    const indent = indentOf(line);
    if (indent > base + 1 || !startsBlock(line)) {
      current.push(line.slice(Math.min(indent, contentIndent)));
      i++;
      continue;
    }
    break;
  }
  list.items = list.items.map((itemLines) => parseBlocks(itemLines.join("\n")));
  blocks.push(list);
  return i;
}

// Earliest match wins; at one position: code span, strong, emphasis.
const INLINE = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__(?![A-Za-z0-9])|\*(?=[^\s*])([\s\S]*?[^\s*])\*(?!\*)|(?<![A-Za-z0-9_])_(?=[^\s_])([\s\S]*?[^\s_])_(?![A-Za-z0-9_])/g;

function appendText(parent, text) {
  const parts = text.split("\n");
  parts.forEach((part, index) => {
    if (index) parent.append(document.createElement("br"));
    if (part) parent.append(document.createTextNode(part));
  });
}

function renderInline(text, parent) {
  INLINE.lastIndex = 0;
  const matches = [...text.matchAll(INLINE)];
  let at = 0;
  for (const match of matches) {
    appendText(parent, text.slice(at, match.index));
    at = match.index + match[0].length;
    if (match[1]) {
      const code = document.createElement("code");
      let inner = match[2].replace(/\n/g, " ");
      if (/^ .*[^ ].* $/.test(inner)) inner = inner.slice(1, -1);
      code.textContent = inner;
      parent.append(code);
    } else if (match[3] !== undefined || match[4] !== undefined) {
      const strong = document.createElement("strong");
      renderInline(match[3] ?? match[4], strong);
      parent.append(strong);
    } else {
      const em = document.createElement("em");
      renderInline(match[5] ?? match[6], em);
      parent.append(em);
    }
  }
  appendText(parent, text.slice(at));
}

function copyButton(code) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy code");
  let timer = 0;
  const show = (label, state) => {
    button.textContent = label;
    button.dataset.state = state;
    clearTimeout(timer);
    timer = setTimeout(() => { button.textContent = "Copy"; delete button.dataset.state; }, 2000);
  };
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code);
      show("Copied", "copied");
    } catch {
      // No clipboard access (permissions, insecure origin): select the code so Ctrl+C works.
      const pre = button.closest(".code-block")?.querySelector("pre");
      if (pre) getSelection()?.selectAllChildren(pre);
      show("Press Ctrl+C", "failed");
    }
  });
  return button;
}

function renderBlock(block, streaming) {
  switch (block.type) {
    case "code": {
      const wrapper = document.createElement("div");
      wrapper.className = "code-block";
      const head = document.createElement("div");
      head.className = "code-head";
      const lang = document.createElement("span");
      lang.className = "lang";
      lang.textContent = block.lang;
      head.append(lang);
      const inProgress = streaming && !block.closed;
      if (inProgress) wrapper.classList.add("in-progress");
      else head.append(copyButton(block.code));
      const pre = document.createElement("pre");
      const code = document.createElement("code");
      if (block.lang) code.dataset.lang = block.lang;
      code.textContent = block.code;
      pre.append(code);
      wrapper.append(head, pre);
      return wrapper;
    }
    case "heading": {
      const heading = document.createElement(`h${Math.min(block.level + 2, 6)}`);
      renderInline(block.text, heading);
      return heading;
    }
    case "rule": return document.createElement("hr");
    case "table": {
      // Wide tables scroll inside the answer instead of stretching it.
      const wrapper = document.createElement("div");
      wrapper.className = "table-wrap";
      const table = document.createElement("table");
      const row = (cells, tag) => {
        const tr = document.createElement("tr");
        block.head.forEach((_, index) => {
          const cell = document.createElement(tag);
          if (block.align[index]) cell.className = `align-${block.align[index]}`;
          renderInline(cells[index] ?? "", cell);
          tr.append(cell);
        });
        return tr;
      };
      const head = document.createElement("thead");
      head.append(row(block.head, "th"));
      const body = document.createElement("tbody");
      body.append(...block.rows.map((cells) => row(cells, "td")));
      table.append(head, body);
      wrapper.append(table);
      return wrapper;
    }
    case "quote": {
      const quote = document.createElement("blockquote");
      quote.append(...block.blocks.map((inner) => renderBlock(inner, streaming)));
      return quote;
    }
    case "list": {
      const list = document.createElement(block.ordered ? "ol" : "ul");
      if (block.ordered && block.start !== 1) list.start = block.start;
      for (const blocks of block.items) {
        const item = document.createElement("li");
        // A tight item (one paragraph) holds its text directly, without a <p>.
        if (blocks.length === 1 && blocks[0].type === "paragraph") renderInline(blocks[0].text, item);
        else item.append(...blocks.map((inner) => renderBlock(inner, streaming)));
        list.append(item);
      }
      return list;
    }
    default: {
      const paragraph = document.createElement("p");
      renderInline(block.text, paragraph);
      return paragraph;
    }
  }
}

/** Markdown text → a DocumentFragment. `streaming`: an unclosed code fence is a block still being written. */
export function renderMarkdown(text, streaming = false) {
  const fragment = document.createDocumentFragment();
  for (const block of parseBlocks(text)) fragment.append(renderBlock(block, streaming));
  return fragment;
}

// ---- Messages

function nearBottom() {
  const scroller = document.scrollingElement ?? document.documentElement;
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
}

function metaLine(meta) {
  const line = document.createElement("span");
  line.className = "meta";
  if (meta.source) {
    const badge = document.createElement("span");
    badge.className = `badge ${meta.source}`;
    badge.dataset.source = meta.source;
    badge.textContent = SOURCE_LABELS[meta.source] ?? meta.source;
    line.append(badge);
  }
  if (typeof meta.cost === "number") line.append(`$${meta.cost.toFixed(6)}`);
  return line;
}

function render(kind, text, meta) {
  const item = document.createElement("li");
  item.className = `msg ${kind}`;
  if (kind === "bot") {
    const body = document.createElement("div");
    body.className = "body";
    body.append(renderMarkdown(text));
    item.append(body);
  } else {
    item.textContent = text;
  }
  if (meta) item.append(metaLine(meta));
  $("messages").append(item);
  item.scrollIntoView({ block: "end" });
  return item;
}

function retryButton(onRetry) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "retry";
  button.textContent = "Retry";
  button.addEventListener("click", () => { if (!inFlight) onRetry(); });
  return button;
}

/** A bot answer that grows as deltas arrive; re-rendered from the whole text at most once per frame. */
class Answer {
  constructor() {
    this.text = "";
    this.frame = 0;
    this.item = document.createElement("li");
    this.item.className = "msg bot streaming";
    this.item.setAttribute("aria-busy", "true");
    this.body = document.createElement("div");
    this.body.className = "body";
    const typing = document.createElement("span");
    typing.className = "typing";
    typing.setAttribute("aria-label", "The answer is on its way");
    typing.append(document.createElement("i"), document.createElement("i"), document.createElement("i"));
    this.body.append(typing);
    this.item.append(this.body);
    $("messages").append(this.item);
    this.item.scrollIntoView({ block: "end" });
  }

  append(text) {
    if (!text) return;
    this.text += text;
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.paint(true); });
  }

  paint(streaming) {
    const follow = nearBottom();
    this.body.replaceChildren(renderMarkdown(this.text, streaming));
    if (follow) this.item.scrollIntoView({ block: "end" });
  }

  /** Stops streaming: final render, then an optional status note and meta line. */
  finish({ state, note, retry, meta } = {}) {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.paint(false);
    this.item.classList.remove("streaming");
    this.item.removeAttribute("aria-busy");
    if (state) this.item.classList.add(state);
    if (note) {
      const status = document.createElement("p");
      status.className = "status";
      status.setAttribute("role", "status");
      status.textContent = note;
      if (retry) status.append(" ", retryButton(retry));
      this.item.append(status);
    }
    if (meta) this.item.append(metaLine(meta));
    if (nearBottom()) this.item.scrollIntoView({ block: "end" });
  }
}

// ---- API

function authHeaders(headers = {}) {
  const all = { "content-type": "application/json", ...headers };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (config.auth && token) all.authorization = `Bearer ${token}`;
  return all;
}

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(`${config.apiUrl}${path}`, { ...options, headers: authHeaders(options.headers) });
  } catch (error) {
    return { ok: false, status: 0, body: { error: { code: "network", message: "The chat service cannot be reached. Check your connection." } } };
  }
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  return { ok: response.ok, status: response.status, body };
}

async function loadHistory() {
  const session = localStorage.getItem(SESSION_KEY);
  if (!session) return;
  const result = await api(`/sessions/${encodeURIComponent(session)}/messages`);
  if (result.status === 404) { localStorage.removeItem(SESSION_KEY); return; }
  if (!result.ok) { render("error", describeError(result.status, result.body?.error)); return; }
  for (const turn of result.body.messages ?? []) {
    render("user", turn.question);
    render("bot", turn.answer, { source: turn.source });
  }
}

function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Reads an SSE body into `answer`. Resolves to the outcome: `{done}`, `{error}` or `{lost: true}` when
 * the body ended without a final event. Rejects when the read fails (abort, network).
 */
async function readEvents(response, answer) {
  let outcome = null;
  const parser = createSseParser(({ event, data }) => {
    if (outcome) return;
    let payload;
    try { payload = JSON.parse(data); } catch { return; }
    if (event === "delta") answer.append(typeof payload.text === "string" ? payload.text : "");
    else if (event === "done") outcome = { done: payload };
    else if (event === "error") outcome = { error: payload?.error ?? payload };
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  while (!outcome) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.push(decoder.decode(value, { stream: true }));
  }
  if (outcome) {
    reader.cancel().catch(() => {});
  } else {
    parser.push(decoder.decode());
    parser.end();
  }
  return outcome ?? { lost: true };
}

let inFlight = null; // the AbortController of the answer being received

function setBusy(controller) {
  inFlight = controller;
  $("send").disabled = Boolean(controller);
  $("send").hidden = Boolean(controller);
  $("stop").hidden = !controller;
}

function stop() {
  inFlight?.abort();
}

// One idempotency key per message, reused by every retry of that message, so a retry after a lost
// answer gets the stored reply instead of a second model call and a second turn.
async function send(text, attempt = { key: newIdempotencyKey(), session: localStorage.getItem(SESSION_KEY) }) {
  if (inFlight) return;
  if (!attempt.retry) render("user", text);
  const payload = { message: text };
  if (attempt.session) payload.session_id = attempt.session;
  const controller = new AbortController();
  setBusy(controller);
  const answer = new Answer();
  const retry = () => { answer.item.remove(); send(text, { ...attempt, retry: true }); };

  // Nothing of the answer arrived: the pending answer gives way to an error line, as before streaming.
  const failEarly = (status, error) => {
    answer.item.remove();
    const item = render("error", describeError(status, error));
    if (RETRYABLE_STATUS.has(status) || RETRYABLE_CODES.has(error?.code)) {
      item.append(" ", retryButton(() => { item.remove(); send(text, { ...attempt, retry: true }); }));
    }
  };
  const complete = (reply) => {
    if (reply.session_id) localStorage.setItem(SESSION_KEY, reply.session_id);
    answer.finish({ meta: { source: reply.source, cost: reply.cost_usd } });
  };

  try {
    const response = await fetch(`${config.apiUrl}/chat`, {
      method: "POST",
      headers: authHeaders({ accept: "text/event-stream", "idempotency-key": attempt.key }),
      body: JSON.stringify(payload),
      signal: controller.signal,
    });
    const type = response.headers.get("content-type") ?? "";
    const retryAfter = Number(response.headers.get("retry-after"));
    const withRetryAfter = (error) => (
      error && typeof error === "object" && error.retry_after_secs === undefined && retryAfter
        ? { ...error, retry_after_secs: retryAfter } : error);
    if (type.startsWith("text/event-stream")) {
      const outcome = await readEvents(response, answer);
      if (controller.signal.aborted) throw new DOMException("stopped", "AbortError");
      outcome.error = withRetryAfter(outcome.error);
      if (outcome.done) {
        complete(outcome.done);
      } else if (!answer.text) {
        failEarly(response.status, outcome.error ?? { code: "stream_lost" });
      } else if (outcome.error?.code === "storage_error") {
        answer.finish({ state: "unsaved", note: describeCutOff(outcome.error), meta: { source: "model" } });
      } else {
        const error = outcome.error ?? { code: "stream_lost" };
        answer.finish({ state: "failed", note: describeCutOff(error), retry: RETRYABLE_CODES.has(error.code) ? retry : null });
      }
      return;
    }
    let body = null;
    try { body = await response.json(); } catch { /* not JSON */ }
    if (controller.signal.aborted) throw new DOMException("stopped", "AbortError");
    if (response.ok && typeof body?.reply === "string") {
      answer.append(body.reply);
      complete(body);
    } else {
      failEarly(response.status, withRetryAfter(body?.error ?? (response.ok ? { message: "unexpected reply" } : null)));
    }
  } catch (error) {
    if (controller.signal.aborted) {
      answer.finish({ state: "stopped", note: answer.text ? "Stopped." : "Stopped before the answer arrived." });
    } else if (answer.text) {
      answer.finish({ state: "failed", note: describeCutOff({ code: "stream_lost" }), retry });
    } else {
      failEarly(0, { code: "network" });
    }
  } finally {
    setBusy(null);
    if (document.activeElement === $("stop") || document.activeElement === document.body) $("input").focus();
  }
}

// ---- Cognito hosted UI, authorization code + PKCE
function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function signIn() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const params = new URLSearchParams({
    response_type: "code", client_id: config.auth.clientId, redirect_uri: config.auth.redirectUri,
    scope: "openid email", code_challenge_method: "S256", code_challenge: challenge,
  });
  location.assign(`https://${config.auth.domain}/oauth2/authorize?${params}`);
}

async function finishSignIn(code) {
  const body = new URLSearchParams({
    grant_type: "authorization_code", client_id: config.auth.clientId, code,
    redirect_uri: config.auth.redirectUri, code_verifier: sessionStorage.getItem(VERIFIER_KEY) ?? "",
  });
  const response = await fetch(`https://${config.auth.domain}/oauth2/token`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body,
  });
  history.replaceState(null, "", location.pathname);
  if (!response.ok) { render("error", "Sign-in failed. Please try again."); return false; }
  const tokens = await response.json();
  sessionStorage.setItem(TOKEN_KEY, tokens.access_token);
  return true;
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  const params = new URLSearchParams({ client_id: config.auth.clientId, logout_uri: config.auth.redirectUri });
  location.assign(`https://${config.auth.domain}/logout?${params}`);
}

async function start() {
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    if (response.ok) config = await response.json();
  } catch { /* dev mode */ }
  $("mode").textContent = config.auth ? "" : "dev mode";
  $("new-chat").addEventListener("click", () => {
    stop();
    localStorage.removeItem(SESSION_KEY);
    $("messages").replaceChildren();
  });
  $("stop").addEventListener("click", stop);
  $("input").addEventListener("keydown", (event) => { if (event.key === "Escape" && inFlight) stop(); });
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("input").value.trim();
    if (!text || inFlight) return;
    $("input").value = "";
    send(text);
  });
  if (config.auth) {
    $("sign-in").addEventListener("click", signIn);
    $("sign-out").addEventListener("click", signOut);
    const code = new URLSearchParams(location.search).get("code");
    if (code) await finishSignIn(code);
    const signedIn = Boolean(sessionStorage.getItem(TOKEN_KEY));
    $("signin").hidden = signedIn;
    $("composer").hidden = !signedIn;
    $("sign-out").hidden = !signedIn;
    if (!signedIn) return;
  }
  await loadHistory();
  document.body.dataset.ready = "true";
}

// Also imported by the Node test for its pure parts (no document there).
if (typeof document !== "undefined") start();
