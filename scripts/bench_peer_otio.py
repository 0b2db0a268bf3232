#!/usr/bin/env python3
"""Peer benchmark: opentimelineio reading the 10,000-clip timeline that
`benches/import_otio.rs` writes (the bench runs this script on it, in the
same run, and prints the ratio).

Times `otio.adapters.read_from_file(path)`, best of 3, and checks that the
first video track holds the expected number of clips.

    python3 scripts/bench_peer_otio.py FILE [CLIPS]
"""

import sys
import time

import opentimelineio as otio

RUNS = 3


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    expected = int(sys.argv[2]) if len(sys.argv) > 2 else None
    print(f"opentimelineio {otio.__version__}, Python {sys.version.split()[0]}")
    times = []
    clips = None
    for i in range(RUNS):
        t = time.perf_counter()
        timeline = otio.adapters.read_from_file(path)
        times.append(time.perf_counter() - t)
        video = next(t for t in timeline.tracks if t.kind == otio.schema.TrackKind.Video)
        clips = len(list(video.find_clips()))
        del timeline
        print(f"otio_read_s run {i + 1}: {times[-1]:.3f}")
    if expected is not None and clips != expected:
        sys.exit(f"opentimelineio found {clips} clips on the video track, expected {expected}")
    print(f"otio_clips_read: {clips}")
    print(f"otio_read_best_s: {min(times):.4f}")


if __name__ == "__main__":
    main()
