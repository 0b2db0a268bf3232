#!/usr/bin/env python3
"""Peer benchmark: OpenTimelineIO's cmx_3600 adapter reading the 10,000-event
EDL that `cargo bench --bench import_edl` writes (by default
`$CARGO_TARGET_DIR/bench-edl/edl_10000.edl`; the bench runs this script on
it and prints the ratio to our import in the same run).

Times `otio.adapters.read_from_file(path, rate=25)` best of 3, checks that
the adapter read every event as a clip, and prints:

    clips: 10000
    best_seconds: 1.234

    python3 scripts/bench_peer_otio_edl.py PATH

Needs `pip install opentimelineio==0.18.1 otio-cmx3600-adapter==1.0.0`.
"""

import sys
import time

import opentimelineio as otio

RUNS = 3


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    best = None
    clips = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        timeline = otio.adapters.read_from_file(path, rate=25)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        clips = sum(1 for _ in timeline.find_clips())
    print(f"opentimelineio {otio.__version__}: {path}")
    print(f"clips: {clips}")
    print(f"best_seconds: {best:.4f}")
    if clips != 10000:
        sys.exit(f"expected 10000 clips, the adapter read {clips}")


if __name__ == "__main__":
    main()
