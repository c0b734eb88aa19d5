#!/usr/bin/env bash
# Remakes chat/startup-<target>.order: the functions a cold start of the release `frugal-chat` runs
# (a greeting first, then a model question over TLS, then one with its history in DynamoDB), in the order the linker is to place them at the
# start of `.text` (see chat/build.rs and bench/README.md, "Step 8").
#
#   scripts/startup-order.sh                            # x86_64-unknown-linux-gnu (`cargo build --release`)
#   scripts/startup-order.sh x86_64-unknown-linux-musl  # the static bootstrap (bench/README.md, "Step 9")
#
# How: links the release bootstrap with a link map, runs both cold starts under valgrind's callgrind
# (the local Runtime API and the TLS stand-in of `coldstart`), and maps every instruction callgrind
# saw executed in the bootstrap to the function section the map places there.
#
# Run it after a dependency or toolchain update (the names carry the crates' metadata hashes): it
# prints how many names of the old file the new build still has. Needs valgrind and python3; x86_64
# Linux only (the files are not used elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[ "$(uname -m)" = x86_64 ] || { echo "x86_64 only: the order files are for x86_64 targets" >&2; exit 1; }
triple="${1:-x86_64-unknown-linux-gnu}"
case "$triple" in
  x86_64-unknown-linux-gnu) target_args=(); out_dir=release ;;
  x86_64-unknown-linux-musl) target_args=(--target "$triple"); out_dir="$triple/release" ;;
  *) echo "no order file for $triple (lld is used only for the x86_64 targets)" >&2; exit 1 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
target="${CARGO_TARGET_DIR:-target}"

# Built on their own: one `cargo build` with both would unify features (bench/README.md).
FRUGAL_CHAT_LINK_MAP="$work/frugal-chat.map" cargo build --release "${target_args[@]}" -p frugal-chat
cargo build --release -p frugal-bench --bin coldstart
[ -s "$work/frugal-chat.map" ] || { echo "no link map: is the linker lld (chat/build.rs)?" >&2; exit 1; }
cp "$target/$out_dir/frugal-chat" "$work/bootstrap"

# `coldstart` kills the process it started once the answer is posted; valgrind runs behind a shell
# so that it outlives that, sees the Runtime API go away, and writes its profile when the bootstrap exits.
cat >"$work/under-callgrind.sh" <<EOF
#!/bin/sh
valgrind --tool=callgrind --dump-instr=yes --compress-pos=no --compress-strings=no \
  --callgrind-out-file="$work/callgrind.\$1" "$work/bootstrap" >"$work/valgrind.\$1.log" 2>&1 &
wait
EOF
chmod +x "$work/under-callgrind.sh"
coldstart="$target/release/coldstart"
"$coldstart" --runs 1 --env FRUGAL_HISTORY_STORE=memory -- "$work/under-callgrind.sh" greeting >/dev/null
"$coldstart" --runs 1 --question --tls --ca-only --env FRUGAL_HISTORY_STORE=memory \
  -- "$work/under-callgrind.sh" question >/dev/null
# As deployed: the history in DynamoDB (the stand-in answers for it over the same TLS).
"$coldstart" --runs 1 --question --tls --ca-only --env FRUGAL_TABLE_NAME=frugal \
  -- "$work/under-callgrind.sh" dynamodb >/dev/null
for run in greeting question dynamodb; do
  for _ in $(seq 1 100); do [ -s "$work/callgrind.$run" ] && break; sleep 0.2; done
  [ -s "$work/callgrind.$run" ] || { echo "callgrind wrote no profile for the $run run" >&2; exit 1; }
done

python3 - "$work/frugal-chat.map" "chat/startup-$triple.order" "$work/callgrind.greeting" "$work/callgrind.question" "$work/callgrind.dynamodb" <<'EOF'
import bisect, os, sys

map_path, out_path, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
sections, names = [], set()
for line in open(map_path):
    # lld's map: VMA LMA Size Align Out/In, an input section as "object:(.text.<symbol>)".
    parts = line.split(None, 4)
    if len(parts) < 5 or ":(.text." not in parts[4]:
        continue
    name = parts[4].strip().split(":(.text.", 1)[1][:-1]
    for prefix in ("unlikely.", "hot.", "startup.", "exit.", "split."):
        name = name.removeprefix(prefix)
    size = int(parts[2], 16)
    if size:
        sections.append((int(parts[0], 16), size, name))
        names.add(name)
sections.sort()
starts = [s[0] for s in sections]

order, seen = [], set()
for run in runs:
    in_bootstrap = False
    for line in open(run):
        if line.startswith("ob="):
            in_bootstrap = line.rstrip().endswith("/bootstrap")
        elif in_bootstrap and line.startswith("0x"):
            address = int(line.split()[0], 16)
            i = bisect.bisect_right(starts, address) - 1
            if i >= 0 and address < starts[i] + sections[i][1] and sections[i][2] not in seen:
                seen.add(sections[i][2])
                order.append(sections[i][2])
    size = sum(s[1] for s in sections if s[2] in seen)
    print(f"{os.path.basename(run)}: {len(order)} functions, {size / 1024:.0f} KiB of code so far")

if os.path.exists(out_path):
    old = [l.strip() for l in open(out_path) if l.strip()]
    kept = sum(1 for n in old if n in names)
    print(f"the previous file: {kept} of {len(old)} names still in this build")
with open(out_path, "w") as out:
    out.write("\n".join(order) + "\n")
print(f"wrote {out_path}: {len(order)} functions")
EOF
echo "relink with the new order: cargo build --release ${target_args[*]} -p frugal-chat"
