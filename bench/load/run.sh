#!/usr/bin/env bash
# Requests/s and latency per path of `frugal-chat serve` (release, in-memory history, Bedrock stand-in
# with 50 ms latency), measured with wrk on loopback. Needs wrk (Debian package `wrk`).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# Two builds, so the bench's dependencies are not unified into the chat binary's features.
cargo build --release --quiet -p frugal-chat --bin frugal-chat
cargo build --release --quiet -p frugal-bench --bin bedrock_stand_in
target/release/bedrock_stand_in --latency-ms 50 > /tmp/frugal-stand-in.url &
stand_in=$!
sleep 0.5
AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_EC2_METADATA_DISABLED=true \
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME="$(cat /tmp/frugal-stand-in.url)" RUST_LOG=warn \
  target/release/frugal-chat serve --listen 127.0.0.1:3900 > /dev/null 2>&1 &
chat=$!
trap 'kill $stand_in $chat 2>/dev/null || true' EXIT
sleep 0.5
curl -s localhost:3900/chat -d '{"message":"What is the capital of France?"}' > /dev/null   # prime the cache
run() {
  echo "== $1"
  BODY="$2" SESSIONS="${4:-0}" wrk -t2 -c"${3:-32}" -d"${DURATION:-10s}" --latency -s bench/load/post.lua http://127.0.0.1:3900/chat \
    | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" || true
}
run "greeting (small talk)" '{"message":"Hello!"}'
run "cache hit" '{"message":"What is the capital of France?"}'
run "model (50 ms stand-in, history in memory, a new session per request)" '' 32 1
