#!/usr/bin/env python3
"""Peer benchmark: pympi-ling reading the same 100,000 shots as an ELAN file.

Reads the shot table that `examples/write_synthetic.rs` wrote (CSV), writes
the shots as an ELAN .eaf with pympi (one tier "shots", one annotation per
shot, times in ms at 25 fps, films laid end to end on one timeline), checks
that pympi reads back every annotation, then times `pympi.Elan.Eaf(path)`
reading it, best of 3.

With --ours BINARY --ron PATH it also times our own load + validate of the
same shots in the same run (`BINARY load PATH`, the peak_memory example,
each run its own process, best of 3) and prints the ratio.

    python3 scripts/bench_peer_pympi.py --csv shots.csv --eaf shots.eaf \
        [--ours target/release/examples/peak_memory --ron project.ron]
"""

import argparse
import csv
import os
import subprocess
import sys
import time

import pympi

MS_PER_FRAME = 40  # 25 fps
RUNS = 3


def write_eaf(csv_path, eaf_path):
    eaf = pympi.Elan.Eaf(author="decoupage bench")
    eaf.add_tier("shots")
    if "default" in eaf.tiers:
        eaf.remove_tier("default")
    count = 0
    offset = 0  # start of the current film on the common timeline, in frames
    film = None
    film_end = 0
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["film_id"] != film:
                offset += film_end
                film, film_end = row["film_id"], 0
            start = int(row["start_frame"])
            frames = int(row["frames"])
            film_end = max(film_end, start + frames)
            value = f"{row['film_id']} {row['shot_no']}: {row['description']}"
            eaf.add_annotation(
                "shots",
                (offset + start) * MS_PER_FRAME,
                (offset + start + frames) * MS_PER_FRAME,
                value,
            )
            count += 1
    if os.path.exists(eaf_path):
        os.remove(eaf_path)
    eaf.to_file(eaf_path)
    return count


def time_pympi(eaf_path):
    times = []
    annotations = None
    for _ in range(RUNS):
        t = time.perf_counter()
        eaf = pympi.Elan.Eaf(eaf_path)
        times.append(time.perf_counter() - t)
        annotations = len(eaf.get_annotation_data_for_tier("shots"))
        del eaf
    return times, annotations


def time_ours(binary, ron_path):
    times = []
    for _ in range(RUNS):
        out = subprocess.run([binary, "load", ron_path], check=True, capture_output=True, text=True).stdout
        fields = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
        if fields.get("problems") != "0" or fields.get("shots") != "100000":
            sys.exit(f"unexpected output from {binary}:\n{out}")
        times.append(float(fields["load_validate_s"]))
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", required=True, help="shot table written by write_synthetic")
    parser.add_argument("--eaf", required=True, help="ELAN file to write and read")
    parser.add_argument("--ours", help="path of the built peak_memory example")
    parser.add_argument("--ron", help="project file of the same shots, for --ours")
    args = parser.parse_args()

    version = getattr(pympi, "__version__", "?")
    print(f"pympi-ling {version}, Python {sys.version.split()[0]}")
    t = time.perf_counter()
    written = write_eaf(args.csv, args.eaf)
    print(f"eaf_write_s: {time.perf_counter() - t:.3f} ({written} annotations)")
    print(f"eaf_mb: {os.path.getsize(args.eaf) / 1e6:.1f}")

    times, annotations = time_pympi(args.eaf)
    if annotations != written or annotations != 100_000:
        sys.exit(f"pympi read back {annotations} annotations, expected {written} (100000)")
    print(f"pympi_annotations_read: {annotations}")
    for i, s in enumerate(times, 1):
        print(f"pympi_read_s run {i}: {s:.3f}")
    best_pympi = min(times)
    print(f"pympi_read_best_s: {best_pympi:.3f}")

    if args.ours:
        if not args.ron:
            sys.exit("--ours needs --ron")
        ours = time_ours(args.ours, args.ron)
        for i, s in enumerate(ours, 1):
            print(f"decoupage_load_validate_s run {i}: {s:.3f}")
        best_ours = min(ours)
        print(f"decoupage_load_validate_best_s: {best_ours:.3f}")
        print(f"ratio_decoupage_over_pympi: {best_ours / best_pympi:.2f}")
        print(f"ratio_pympi_over_decoupage: {best_pympi / best_ours:.2f}")


if __name__ == "__main__":
    main()
