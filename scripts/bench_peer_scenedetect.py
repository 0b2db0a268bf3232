#!/usr/bin/env python3
"""Peer benchmark: PySceneDetect's ContentDetector and AdaptiveDetector
(default settings, the OpenCV backend) against `decoupage detect` on the
same films, in the same run, on the same machine and load.

For each film: the time of the whole `scenedetect.detect(path, detector)`
(opening, decoding and detecting), best of RUNS, in this process; and the
time of our whole `decoupage detect --json --threads 2 FILM` process, best
of RUNS. Prints seconds, frames per second and our throughput over theirs.
On the montage (tests/fixtures/montage.mp4) it also scores every detector
against montage.truth.json: precision and recall of the hard cuts (exact
frame, and within a frame), and how many of the true dissolves and fades
each one reports anything at (a cut or a transition within a frame of it).

    bash scripts/test_films.sh
    cargo build --release
    python3 scripts/bench_peer_scenedetect.py [--ours target/release/decoupage] [--runs 5]

Installs PySceneDetect 0.7.2 (which brings opencv-python) when missing.
"""

import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILMS = [
    os.path.join(ROOT, "target/films/bigbuckbunny.mp4"),
    os.path.join(ROOT, "target/films/bikes.mp4"),
    os.path.join(ROOT, "tests/fixtures/montage.mp4"),
]
TRUTH = os.path.join(ROOT, "tests/fixtures/montage.truth.json")

try:
    import scenedetect
except ImportError:
    subprocess.check_call(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "scenedetect==0.7.2"]
    )
    import scenedetect
import cv2
from scenedetect import AdaptiveDetector, ContentDetector


def load():
    return os.getloadavg()


def theirs(path, make):
    """Cut frames (first frame of each new scene) and seconds of one run."""
    start = time.perf_counter()
    scenes = scenedetect.detect(path, make())
    seconds = time.perf_counter() - start
    return [s.frame_num for s, _ in scenes[1:]], seconds


def ours(binary, path, threads):
    start = time.perf_counter()
    out = subprocess.run([binary, "detect", "--json", "--threads", str(threads), path], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    found = json.loads(out.stdout)
    return found["cuts"], [(t["start"], t["end"], t["kind"]) for t in found["transitions"]], seconds, found["frames"]


def score(cuts, transitions, truth):
    true_cuts = truth["cuts"]
    exact = sum(1 for c in cuts if c in true_cuts)
    near = sum(1 for c in cuts if any(abs(c - t) <= 1 for t in true_cuts))
    n = max(len(cuts), 1)
    m = max(len(true_cuts), 1)
    hits = 0
    for t in truth["transitions"]:
        lo, hi = t["start"] - 1, t["end"] + 1
        if any(lo <= c <= hi for c in cuts) or any(s <= hi and lo <= e for s, e, _ in transitions):
            hits += 1
    return {
        "found": len(cuts),
        "precision": exact / n,
        "recall": exact / m,
        "precision±1": near / n,
        "recall±1": sum(1 for t in true_cuts if any(abs(c - t) <= 1 for c in cuts)) / m,
        "transitions": f"{hits}/{len(truth['transitions'])}",
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", default=os.path.join(ROOT, "target/release/decoupage"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    print(f"PySceneDetect {scenedetect.__version__}, OpenCV {cv2.__version__}, {os.cpu_count()} cores")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in load())}")
    truth = json.load(open(TRUTH))
    detectors = {"ContentDetector": ContentDetector, "AdaptiveDetector": AdaptiveDetector}
    accuracy = {}
    for path in FILMS:
        if not os.path.exists(path):
            print(f"{path}: missing; run scripts/test_films.sh")
            continue
        name = os.path.basename(path)
        times = {}
        results = {}
        # Interleaved runs: a change of load hits every detector alike.
        for _ in range(args.runs):
            for label, make in detectors.items():
                cuts, seconds = theirs(path, make)
                times[label] = min(times.get(label, 1e9), seconds)
                results[label] = (cuts, [])
            cuts, transitions, seconds, frames = ours(args.ours, path, args.threads)
            times["decoupage"] = min(times.get("decoupage", 1e9), seconds)
            results["decoupage"] = (cuts, transitions)
        print(f"\n{name}: {frames} frames, best of {args.runs}")
        for label, seconds in times.items():
            cuts, transitions = results[label]
            print(
                f"  {label:17} {seconds:7.3f} s  {frames / seconds:7.1f} frames/s  "
                f"cuts {cuts}" + (f" transitions {transitions}" if transitions else "")
            )
        for label in detectors:
            print(f"  decoupage / {label}: {times[label] / times['decoupage']:.2f}× the throughput")
        if name == "montage.mp4":
            for label, (cuts, transitions) in results.items():
                accuracy[label] = score(cuts, transitions, truth)
    if accuracy:
        print(f"\nmontage.mp4 against montage.truth.json ({len(truth['cuts'])} hard cuts, {len(truth['transitions'])} transitions)")
        print(f"  {'detector':17} found  precision  recall  precision±1  recall±1  transitions")
        for label, s in accuracy.items():
            print(
                f"  {label:17} {s['found']:5}  {s['precision']:9.2f}  {s['recall']:6.2f}  "
                f"{s['precision±1']:11.2f}  {s['recall±1']:8.2f}  {s['transitions']:>11}"
            )
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in load())}")


if __name__ == "__main__":
    main()
