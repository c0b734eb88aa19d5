// Frugal chat page. Two modes:
//  - AWS: `config.json` (written by infra/deploy.sh from the stack outputs) names the API and the Cognito
//    hosted UI; the page signs in with the authorization-code flow + PKCE and sends the access token.
//  - dev: no `config.json` (served by `frugal-chat serve`): same-origin API, no sign-in.

const SESSION_KEY = "frugal.session_id";
const TOKEN_KEY = "frugal.token";
const VERIFIER_KEY = "frugal.pkce_verifier";
const SOURCE_LABELS = { smalltalk: "small talk", cache: "cache", model: "model" };

const $ = (id) => document.getElementById(id);
let config = { apiUrl: "", auth: null };

function describeError(status, body) {
  const code = body?.error?.code;
  const message = body?.error?.message;
  switch (code) {
    case "throttled": return "Too many requests right now. Please wait a few seconds and try again.";
    case "deadline_exceeded": return "The answer took too long. Please try again, perhaps with a shorter question.";
    case "model_error": return `The model could not answer: ${message}`;
    case "storage_error": return "Your message could not be saved, so it was not answered. Please try again.";
    case "payload_too_large": return "That message is too long.";
    case "invalid_request": return `That message could not be sent: ${message}`;
    case "unauthorized": return "Your sign-in has expired. Please sign in again.";
    case "not_found": return "That conversation was not found.";
    case "idempotency_conflict": return "This retry does not match the message it retries; please send it again.";
    default: return message ? `Something went wrong (${status}): ${message}` : `Something went wrong (HTTP ${status}).`;
  }
}

function render(kind, text, meta) {
  const item = document.createElement("li");
  item.className = `msg ${kind}`;
  item.textContent = text;
  if (meta) {
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
    item.append(line);
  }
  $("messages").append(item);
  item.scrollIntoView({ block: "end" });
  return item;
}

async function api(path, options = {}) {
  const headers = { "content-type": "application/json", ...(options.headers ?? {}) };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (config.auth && token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(`${config.apiUrl}${path}`, { ...options, headers });
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
  if (!result.ok) { render("error", describeError(result.status, result.body)); return; }
  for (const turn of result.body.messages ?? []) {
    render("user", turn.question);
    render("bot", turn.answer, { source: turn.source });
  }
}

// Statuses worth retrying with the same idempotency key: the request may or may not have been served.
const RETRYABLE = new Set([0, 429, 502, 503, 504]);

function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// One idempotency key per message, reused by every retry of that message, so a retry after a lost
// answer gets the stored reply instead of a second model call and a second turn.
async function send(text, attempt = { key: newIdempotencyKey(), session: localStorage.getItem(SESSION_KEY) }) {
  if (!attempt.retry) render("user", text);
  const payload = { message: text };
  if (attempt.session) payload.session_id = attempt.session;
  $("send").disabled = true;
  try {
    const result = await api("/chat", {
      method: "POST",
      headers: { "idempotency-key": attempt.key },
      body: JSON.stringify(payload),
    });
    if (!result.ok) {
      const item = render("error", describeError(result.status, result.body));
      if (RETRYABLE.has(result.status)) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "retry";
        button.textContent = "Retry";
        button.addEventListener("click", () => {
          item.remove();
          send(text, { ...attempt, retry: true });
        });
        item.append(" ", button);
      }
      return;
    }
    const reply = result.body;
    if (reply.session_id) localStorage.setItem(SESSION_KEY, reply.session_id);
    render("bot", reply.reply, { source: reply.source, cost: reply.cost_usd });
  } finally {
    $("send").disabled = false;
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
  $("new-chat").addEventListener("click", () => { localStorage.removeItem(SESSION_KEY); $("messages").replaceChildren(); });
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("input").value.trim();
    if (!text) return;
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

start();
