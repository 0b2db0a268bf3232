//! Speed of the OpenTimelineIO import on a 10,000-clip timeline, beside
//! opentimelineio reading the same file in the same run.
//!
//! The file is made here, deterministically, the way an editing system
//! writes one: a video track of 10,000 `Clip.2`s at 24000/1001 (written as
//! 23.976023976023978) with metadata, a gap every 25 clips, a dissolve
//! every 100, a marker every 50, a speed change every 200; an audio track
//! of 10,000 clips at 48000 beside it. Pretty-printed, as OTIO writes.
//!
//! Run with `cargo bench --bench import_otio`; figures go in BENCHMARKS.md.
//! The peer runs `python3 scripts/bench_peer_otio.py FILE` (best of 3
//! `otio.adapters.read_from_file`); it is skipped, saying so, when python3
//! has no opentimelineio.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use serde_json::{Value, json};

use decoupage::formats::import::ImportOptions;
use decoupage::formats::otio;

const CLIPS: usize = 10_000;

fn rt(value: f64, rate: f64) -> Value {
    json!({"OTIO_SCHEMA": "RationalTime.1", "rate": rate, "value": value})
}

fn tr(start: f64, duration: f64, rate: f64) -> Value {
    json!({"OTIO_SCHEMA": "TimeRange.1", "start_time": rt(start, rate), "duration": rt(duration, rate)})
}

/// A small deterministic generator (xorshift), so that the file is the
/// same on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn clip(i: usize, rng: &mut Rng, rate: f64, audio: bool) -> Value {
    let frames = 12.0 + rng.next(240) as f64;
    let frames = if audio {
        (frames * 48000.0 / rate).round()
    } else {
        frames
    };
    let rate_here = if audio { 48000.0 } else { rate };
    let start = 86400.0 + rng.next(100_000) as f64;
    let reel = format!("A{:03}C{:03}", rng.next(200), rng.next(40));
    let mut effects = vec![];
    if !audio && i % 200 == 7 {
        effects.push(
            json!({"OTIO_SCHEMA": "LinearTimeWarp.1", "name": "", "effect_name": "LinearTimeWarp",
            "time_scalar": 0.5, "metadata": {}}),
        );
    }
    let mut markers = vec![];
    if !audio && i % 50 == 3 {
        markers.push(
            json!({"OTIO_SCHEMA": "Marker.2", "name": format!("note {i}"), "color": "RED",
            "marked_range": tr(start + 2.0, 0.0, rate), "comment": "check the grade", "metadata": {}}),
        );
    }
    json!({
        "OTIO_SCHEMA": "Clip.2",
        "name": format!("{reel} shot {i}"),
        "source_range": tr(start * if audio { 2000.0 } else { 1.0 }, frames, rate_here),
        "effects": effects,
        "markers": markers,
        "enabled": true,
        "metadata": {"editor": {"reel": reel, "tape": format!("T{}", i / 300), "clip_color": "Orange"}},
        "media_references": {"DEFAULT_MEDIA": {
            "OTIO_SCHEMA": "ExternalReference.1", "name": "", "metadata": {},
            "target_url": format!("file:///Volumes/media/day{}/{reel}.{}", i / 500, if audio { "wav" } else { "mov" }),
            "available_range": tr(86400.0 * if audio { 2000.0 } else { 1.0 }, 200_000.0, rate_here),
            "available_image_bounds": null,
        }},
        "active_media_reference_key": "DEFAULT_MEDIA",
    })
}

fn gap(frames: f64, rate: f64) -> Value {
    json!({"OTIO_SCHEMA": "Gap.1", "name": "", "source_range": tr(0.0, frames, rate), "effects": [],
        "markers": [], "enabled": true, "metadata": {}})
}

fn dissolve(rate: f64) -> Value {
    json!({"OTIO_SCHEMA": "Transition.1", "name": "", "transition_type": "SMPTE_Dissolve",
        "in_offset": rt(6.0, rate), "out_offset": rt(6.0, rate), "metadata": {}})
}

/// The 10,000-clip timeline, as text.
pub fn timeline_10k() -> String {
    let rate = 24000.0 / 1001.0;
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    let mut video = Vec::with_capacity(CLIPS + CLIPS / 10);
    let mut audio = Vec::with_capacity(CLIPS);
    for i in 0..CLIPS {
        if i % 25 == 24 {
            video.push(gap(1.0 + rng.next(24) as f64, rate));
        }
        video.push(clip(i, &mut rng, rate, false));
        if i % 100 == 50 && i + 1 < CLIPS {
            video.push(dissolve(rate));
        }
        audio.push(clip(i, &mut rng, rate, true));
    }
    let track = |name: &str, kind: &str, children: Vec<Value>| {
        json!({"OTIO_SCHEMA": "Track.1", "name": name, "kind": kind, "source_range": null, "children": children,
            "effects": [], "markers": [], "enabled": true, "metadata": {}})
    };
    let timeline = json!({
        "OTIO_SCHEMA": "Timeline.1",
        "name": "bench 10k",
        "global_start_time": rt(86400.0, rate),
        "metadata": {},
        "tracks": {"OTIO_SCHEMA": "Stack.1", "name": "tracks", "source_range": null, "effects": [],
            "markers": [], "enabled": true, "metadata": {},
            "children": [track("V1", "Video", video), track("A1", "Audio", audio)]},
    });
    serde_json::to_string_pretty(&timeline).expect("json")
}

/// Runs the peer script on the file; its best time in seconds, if it ran.
fn peer_best(path: &Path) -> Option<f64> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/bench_peer_otio.py");
    let out = match Command::new("python3")
        .arg(script)
        .arg(path)
        .arg(CLIPS.to_string())
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("peer skipped: python3 cannot run ({e})");
            return None;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprint!("{stdout}");
    if !out.status.success() {
        eprintln!("peer skipped: {}", String::from_utf8_lossy(&out.stderr).trim());
        return None;
    }
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("otio_read_best_s: "))
        .and_then(|s| s.trim().parse().ok())
}

fn import_otio_10k(c: &mut Criterion) {
    let text = timeline_10k();
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("bench-10k.otio");
    std::fs::write(&path, &text).expect("write the bench file");
    let bytes = text.as_bytes();
    let options = ImportOptions::default();
    let film = otio::read(&path, bytes, &options).expect("import");
    assert_eq!(
        Ok(&film),
        otio::read_parsing_everything(&path, bytes, &options)
            .as_ref()
            .map_err(|_| ())
    );
    assert_eq!(film.shots.len(), CLIPS);
    eprintln!(
        "otio file: {CLIPS} clips on V1 (+{CLIPS} audio clips), {:.1} MB",
        bytes.len() as f64 / 1e6
    );

    // Ours, best of 5 in this process, for the ratio with the peer.
    let best_ours = (0..5)
        .map(|_| {
            let t = Instant::now();
            black_box(otio::read(&path, black_box(bytes), &options).expect("import"));
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    eprintln!("decoupage_read_best_s: {best_ours:.4}");
    // The fast path (only the track read is parsed) against parsing it all.
    assert!(
        otio::read_fast(&path, bytes, &options).as_ref() == Some(&film),
        "the fast path reads the file as the full parse does"
    );
    let best_full = (0..5)
        .map(|_| {
            let t = Instant::now();
            black_box(otio::read_parsing_everything(&path, black_box(bytes), &options).expect("import"));
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    eprintln!("decoupage_full_parse_best_s: {best_full:.4}");
    if let Some(peer) = peer_best(&path) {
        eprintln!("ratio_otio_over_decoupage: {:.1}", peer / best_ours);
    }

    let mut group = c.benchmark_group("import_otio");
    group.sample_size(20);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("read_10k_clips", |b| {
        b.iter(|| otio::read(&path, black_box(bytes), &options).expect("import"))
    });
    group.finish();
}

criterion_group!(benches, import_otio_10k);
criterion_main!(benches);
