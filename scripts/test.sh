#!/usr/bin/env bash
# Runs the whole test suite offline: installs and starts the local AWS emulator the integration
# tests talk to (moto server, DynamoDB over the real wire protocol), then `cargo test --workspace`.
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_PORT="${FRUGAL_MOTO_PORT:-5599}"
if ! python3 -c 'import moto.server, flask_cors' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check 'moto[server]>=5,<6'
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

cargo test --workspace "$@"
