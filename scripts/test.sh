#!/usr/bin/env bash
# Runs the whole test suite offline:
#  1. installs and starts the local AWS emulator the integration tests talk to (moto server: DynamoDB,
#     CloudWatch, CloudWatch Logs, Lambda and CloudFormation over their real wire protocols), builds
#     the static bootstrap (x86_64 musl) and runs `cargo test --workspace`; then builds the arm64
#     bootstrap the SAM template deploys (`sam build`) and runs the static-bootstrap test on it;
#  2. checks the SAM template's least-privilege rules (Python, cfn-lint's YAML loader);
#  3. drives the chat page in a real headless Chromium against `frugal-chat serve`.
# Needs Rust, Python 3 with pip, Node.js with npm; Chromium from Debian's `chromium` package and
# qemu-user (for the arm64 bootstrap on x86_64), both installed here when running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

pip_install() { python3 -m pip install --quiet --disable-pip-version-check "$@"; }

MOTO_PORT="${FRUGAL_MOTO_PORT:-5599}"
if ! python3 -c 'import moto.server, flask_cors' >/dev/null 2>&1; then
  pip_install 'moto[server]>=5,<6'
fi
if ! curl -fsS "http://127.0.0.1:${MOTO_PORT}/moto-api/" >/dev/null 2>&1; then
  python3 -m moto.server -H 127.0.0.1 -p "${MOTO_PORT}" >/tmp/frugal-moto.log 2>&1 &
  MOTO_PID=$!
  trap 'kill ${MOTO_PID} 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:${MOTO_PORT}/moto-api/" >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
export FRUGAL_TEST_AWS_ENDPOINT="http://127.0.0.1:${MOTO_PORT}"

# Whether the Rust target $1 is installed, after trying `rustup target add` if it was not.
ensure_target() {
  local installed
  # Read whole, not piped into `grep -q` (which may close the pipe early: a failure under pipefail).
  installed="$(rustup target list --installed 2>/dev/null || true)"
  grep -qx "$1" <<<"$installed" || rustup target add "$1"
}
# The absolute path of cargo's target folder.
target_dir() { (cd "${CARGO_TARGET_DIR:-target}" && pwd); }

# The static bootstrap (bench/README.md, "Step 9"): built here so that tests/tests/static_bootstrap.rs
# runs it as Lambda would. Needs the x86_64 musl target (`rustup target add`, tried here).
if [ "$(uname -m)" = x86_64 ]; then
  musl=x86_64-unknown-linux-musl
  if ensure_target "$musl"; then
    echo "== static bootstrap ($musl)"
    cargo build --release --target "$musl" -p frugal-chat
    FRUGAL_STATIC_BOOTSTRAP="$(target_dir)/$musl/release/frugal-chat"
    export FRUGAL_STATIC_BOOTSTRAP
  else
    echo "warning: the $musl target is not installed (rustup missing or offline): the static bootstrap is not tested" >&2
  fi
fi

echo "== cargo test"
cargo test --workspace "$@"

# The bootstrap the SAM template deploys: `sam build` runs infra/chat-function/Makefile (a static arm64
# executable, cargo-zigbuild), and the static-bootstrap test runs what it built, under qemu-aarch64 on
# x86_64 hosts. Needs aws-sam-cli, cargo-zigbuild + ziglang (pip, installed here), the aarch64 musl
# target (rustup target add, tried here) and qemu-user (apt, as root). When one cannot be had it says
# which and skips, with a warning; with CI set (as CI runners do) or FRUGAL_REQUIRE_DEPLOYED_BOOTSTRAP=1
# it fails instead.
deployed_bootstrap() {
  local aarch64=aarch64-unknown-linux-musl runner="" out
  why() { echo "the deployed bootstrap: $*" >&2; }
  command -v sam >/dev/null 2>&1 || pip_install aws-sam-cli || { why "aws-sam-cli could not be installed"; return 1; }
  cargo zigbuild --help >/dev/null 2>&1 || pip_install cargo-zigbuild ziglang \
    || { why "cargo-zigbuild could not be installed (pip install cargo-zigbuild ziglang)"; return 1; }
  ensure_target "$aarch64" || { why "the $aarch64 target is not installed and rustup could not add it"; return 1; }
  if [ "$(uname -m)" != aarch64 ]; then
    if ! command -v qemu-aarch64 >/dev/null 2>&1; then
      [ "$(id -u)" = 0 ] || { why "qemu-aarch64 is missing (Debian: apt-get install qemu-user) and this is not root"; return 1; }
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user >/dev/null; } \
        || { why "qemu-user could not be installed"; return 1; }
    fi
    runner=qemu-aarch64
  fi
  out="$(target_dir)/sam-build" || { why "no target folder"; return 1; }
  SAM_CLI_TELEMETRY=0 sam build --template infra/template.yaml --build-dir "$out" || { why "sam build failed"; return 1; }
  # `--workspace`: the features `cargo test --workspace` built with above, so nothing is rebuilt.
  FRUGAL_STATIC_BOOTSTRAP="$out/ChatFunction/bootstrap" FRUGAL_STATIC_BOOTSTRAP_RUNNER="$runner" \
    cargo test --workspace --test static_bootstrap || { why "its test failed"; return 1; }
}
echo "== the deployed bootstrap (sam build, static arm64)"
if ! deployed_bootstrap; then
  if [ -n "${CI:-}" ] && [ "${CI:-}" != false ] || [ "${FRUGAL_REQUIRE_DEPLOYED_BOOTSTRAP:-}" = 1 ]; then
    echo "the deployed bootstrap is required here (CI or FRUGAL_REQUIRE_DEPLOYED_BOOTSTRAP=1)" >&2
    exit 1
  fi
  echo "warning: the deployed bootstrap was not built or not tested (see above)" >&2
fi

echo "== SAM template rules"
python3 -c 'import cfnlint' >/dev/null 2>&1 || pip_install 'cfn-lint>=1'
python3 -m unittest discover -s infra/tests

echo "== chat page in headless Chromium"
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: install Debian's chromium package (or set CHROMIUM_PATH)" >&2
    exit 1
  fi
fi
(cd tests/browser && npm ci --silent --no-audit --no-fund)
# `cargo test` above built target/debug/frugal-chat (its integration tests run the binary).
node tests/browser/chat.test.mjs
node tests/browser/report.test.mjs
