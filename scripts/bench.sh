#!/usr/bin/env bash
# Speed benchmarks on the 100,000-shot synthetic project, in one run:
#   1. criterion: load, validate, load+validate, save, serialize, CSV export
#   2. peak memory of writing and of loading+validating, each its own process
#   3. peer: pympi-ling reading the same shots as an ELAN .eaf, and the ratio
# Figures go in BENCHMARKS.md. Usage: scripts/bench.sh [OUT_DIR]
set -euo pipefail

cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d -t decoupage-bench.XXXXXX)}"
mkdir -p "$out"
target="${CARGO_TARGET_DIR:-target}"

echo "== machine"
date -u '+date: %Y-%m-%d %H:%M UTC'
echo "nproc: $(nproc)"
lscpu | grep 'Model name' || true
rustc --version
python3 --version
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

if ! python3 -c 'import pympi' 2>/dev/null; then
    echo "== installing pympi-ling"
    python3 -m pip install --quiet pympi-ling
fi

echo "== building (release)"
cargo build --release --example peak_memory --example write_synthetic

echo "== criterion: cargo bench --bench project"
cargo bench --bench project

echo "== peak memory: write (generate + save), then load + validate"
"$target/release/examples/peak_memory" write "$out/synthetic-100k.ron"
"$target/release/examples/peak_memory" load "$out/synthetic-100k.ron"

echo "== peer: pympi-ling"
"$target/release/examples/write_synthetic" "$out/peer.ron" "$out/peer.csv"
python3 scripts/bench_peer_pympi.py --csv "$out/peer.csv" --eaf "$out/peer.eaf" \
    --ours "$target/release/examples/peak_memory" --ron "$out/peer.ron"

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== files in $out"
ls -l "$out"
