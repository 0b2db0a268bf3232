//! Speed of the CMX 3600 import (issue 7) on a 10,000-event list made here
//! (deterministic: the same bytes on every run): cuts, dissolves written as
//! a 0-length "from" line plus a "to" line, speed changes (`M2`), clip-name
//! and source-file comments, at 25 fps from 01:00:00:00.
//!
//! Target: ≤ 200 ms, and ≥ 20× faster than OpenTimelineIO's cmx_3600
//! adapter reading the same file in the same run. The list is written to
//! `$CARGO_TARGET_DIR/bench-edl/edl_10000.edl` (or `DECOUPAGE_BENCH_EDL`);
//! when python3 has opentimelineio and otio-cmx3600-adapter, the bench runs
//! `scripts/bench_peer_otio_edl.py` on it and prints both times and the
//! ratio (best of 3 for the peer, best of 10 for ours).
//!
//! Run with `cargo bench --bench import_edl`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

use decoupage::formats::import::{ImportFormat, ImportOptions, import_bytes};
use decoupage::model::{FrameRate, Timecode};

const EVENTS: usize = 10_000;
const RATE: u32 = 25;

/// A small deterministic generator (no dependency, same numbers everywhere).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn tc(frame: i64) -> String {
    let t = Timecode::from_frame(frame, FrameRate::FPS_25, false).unwrap();
    t.to_string()
}

/// A list of `events` video events: record times contiguous, source times
/// on 40 reels; one event in 20 is a dissolve (two lines, one number), one
/// in 30 has an M2 speed change, so that OpenTimelineIO reads it without
/// any mismatch.
pub fn synthetic_edl(events: usize) -> String {
    let mut rng = Lcg(0x0ED1_3600);
    let mut out = String::with_capacity(events * 160);
    out.push_str("TITLE: SYNTHETIC 10000\nFCM: NON-DROP FRAME\n\n");
    let mut record = 3600 * RATE as i64;
    let width = events.to_string().len().max(3);
    for n in 1..=events {
        let reel = format!("R{:03}", rng.below(40));
        let length = 12 + rng.below(140) as i64;
        let source = 3600 * RATE as i64 * (1 + rng.below(20) as i64) + rng.below(40_000) as i64;
        let clip = format!("SC{:03}_SH{:04}_TK{}", n / 30, n, 1 + rng.below(6));
        if n > 1 && n % 20 == 0 {
            let dissolve = 8 + rng.below(24) as i64;
            out.push_str(&format!(
                "{n:0width$}  {reel:<8} V     C        {} {} {} {}\n",
                tc(source),
                tc(source),
                tc(record),
                tc(record)
            ));
            out.push_str(&format!(
                "{n:0width$}  {reel:<8} V     D    {dissolve:03} {} {} {} {}\n",
                tc(source),
                tc(source + length),
                tc(record),
                tc(record + length)
            ));
            out.push_str("EFFECTS NAME IS CROSS DISSOLVE\n");
            out.push_str(&format!("* FROM CLIP NAME:  PREVIOUS_{n}\n* TO CLIP NAME:  {clip}\n"));
        } else if n % 30 == 0 {
            // Half speed: half the source frames fill the record range.
            let used = length / 2;
            out.push_str(&format!(
                "{n:0width$}  {reel:<8} V     C        {} {} {} {}\n",
                tc(source),
                tc(source + used),
                tc(record),
                tc(record + length)
            ));
            out.push_str(&format!("M2   {reel:<8}       012.5                {}\n", tc(source)));
            out.push_str(&format!("* FROM CLIP NAME:  {clip}\n"));
        } else {
            out.push_str(&format!(
                "{n:0width$}  {reel:<8} V     C        {} {} {} {}\n",
                tc(source),
                tc(source + length),
                tc(record),
                tc(record + length)
            ));
            out.push_str(&format!("* FROM CLIP NAME:  {clip}\n* SOURCE FILE: {clip}.MOV\n"));
        }
        record += length;
    }
    out
}

fn list_path() -> PathBuf {
    if let Ok(p) = std::env::var("DECOUPAGE_BENCH_EDL") {
        return PathBuf::from(p);
    }
    let target =
        std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target").into());
    Path::new(&target).join("bench-edl").join("edl_10000.edl")
}

fn import_edl_10000(c: &mut Criterion) {
    let text = synthetic_edl(EVENTS);
    let path = list_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &text).unwrap();
    let bytes = text.as_bytes();
    let options = ImportOptions {
        rate: Some(FrameRate::FPS_25),
        ..Default::default()
    };
    let read = || import_bytes(&path, bytes, ImportFormat::Edl, &options).unwrap();
    let film = read();
    assert_eq!(film.shots.len(), EVENTS);
    assert!(film.report.skipped.is_empty(), "{:?}", film.report.skipped.first());

    // Ours, best of 10, in this process.
    let ours = (0..10)
        .map(|_| {
            let t = Instant::now();
            black_box(read());
            t.elapsed()
        })
        .min()
        .unwrap();
    eprintln!(
        "list: {} ({} bytes, {EVENTS} events); ours: best of 10 {:.1} ms",
        path.display(),
        bytes.len(),
        ours.as_secs_f64() * 1e3
    );
    assert!(
        ours < Duration::from_millis(200),
        "import took {ours:?}, the target is 200 ms"
    );

    // The peer, same file, same run.
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/bench_peer_otio_edl.py");
    match Command::new("python3").arg(script).arg(&path).output() {
        Ok(o) if o.status.success() => {
            let out = String::from_utf8_lossy(&o.stdout);
            eprint!("{out}");
            let peer = out
                .lines()
                .find_map(|l| l.strip_prefix("best_seconds: "))
                .and_then(|s| s.trim().parse::<f64>().ok());
            if let Some(peer) = peer {
                let ratio = peer / ours.as_secs_f64();
                eprintln!("ratio: opentimelineio / ours = {ratio:.1}x (target >= 20x)");
                assert!(ratio >= 20.0, "only {ratio:.1}x faster than opentimelineio");
            }
        }
        Ok(o) => eprintln!(
            "peer not run: {}",
            String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or("")
        ),
        Err(e) => eprintln!("peer not run: python3: {e}"),
    }

    let mut group = c.benchmark_group("import_edl");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("10000_events", |b| {
        b.iter(|| import_bytes(black_box(&path), black_box(bytes), ImportFormat::Edl, &options).unwrap())
    });
    group.finish();
}

criterion_group!(benches, import_edl_10000);
criterion_main!(benches);
