//! The window's speed on the 100k-shot synthetic project, headless: the CPU
//! time of a frame while the shot table scrolls, an edit and its undo, and
//! opening the sample to its first frame. No rendering, no GPU: egui's own
//! layout and tessellation, as the window runs them every frame.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use decoupage::model::synthetic::{compilation_project, synthetic_project};
use decoupage::model::{Edit, Project};
use decoupage::store::Document;
use decoupage::ui::compare::CompareTab;
use decoupage::ui::{App, Mode};
use eframe::egui;

const SIZE: egui::Vec2 = egui::vec2(1280.0, 780.0);

fn raw_input(events: Vec<egui::Event>, time: f64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
        time: Some(time),
        events,
        ..Default::default()
    }
}

/// One frame of the whole window, with the pointer over the shot table
/// scrolling down by `delta` points.
fn frame(ctx: &egui::Context, app: &mut App, delta: f32, time: f64) -> egui::FullOutput {
    let over_table = egui::pos2(640.0, 400.0);
    let events = vec![
        egui::Event::PointerMoved(over_table),
        egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -delta),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        },
    ];
    ctx.run_ui(raw_input(events, time), |ui| app.show(ui))
}

fn window_on(project: Project, film: &str) -> (egui::Context, App) {
    let mut app = App::with_document(Document::from_project(project, None));
    app.view.select_film(Some(film.to_string()));
    let ctx = egui::Context::default();
    // settle the layout before measuring
    for i in 0..3 {
        tessellate(&ctx, frame(&ctx, &mut app, 0.0, i as f64 / 60.0));
    }
    (ctx, app)
}

/// The window in `mode` on every film of `project`, once the comparison
/// the worker computes has arrived.
fn compare_window_on(project: Project, mode: Mode) -> (egui::Context, App) {
    let mut app = App::with_document(Document::from_project(project, None));
    app.view.mode = mode;
    let ctx = egui::Context::default();
    let start = Instant::now();
    let mut i = 0;
    while app.analysis.ready().is_none() {
        tessellate(&ctx, frame(&ctx, &mut app, 0.0, i as f64 / 60.0));
        std::thread::sleep(Duration::from_millis(5));
        i += 1;
    }
    println!(
        "compare_200_films: comparison ready {:.3} s after the first frame ({i} frames drawn meanwhile)",
        start.elapsed().as_secs_f64()
    );
    for _ in 0..3 {
        i += 1;
        tessellate(&ctx, frame(&ctx, &mut app, 0.0, i as f64 / 60.0));
    }
    (ctx, app)
}

/// What the window does with a frame's output before the GPU: tessellation.
fn tessellate(ctx: &egui::Context, output: egui::FullOutput) -> usize {
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

/// Frame times (CPU) over `n` frames of steady scrolling; prints the median
/// and 95th percentile, which is what the target is stated in.
fn report_frames(name: &str, ctx: &egui::Context, app: &mut App, n: usize) {
    let mut times: Vec<Duration> = (0..n)
        .map(|i| {
            let start = Instant::now();
            let out = frame(ctx, app, 120.0, 10.0 + i as f64 / 60.0);
            black_box(tessellate(ctx, out));
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: median {:.3} ms, p95 {:.3} ms, max {:.3} ms over {n} scrolling frames",
        ms(times[n / 2]),
        ms(times[n * 95 / 100]),
        ms(times[n - 1])
    );
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("window");
    group.sample_size(30).measurement_time(Duration::from_secs(8));

    // 1,000 films × 100 shots: the film list holds 1,000 films.
    let (ctx, mut app) = window_on(synthetic_project(1000, 100), "film-0500");
    report_frames("frame_1000_films_x_100_shots", &ctx, &mut app, 600);
    let mut t = 100.0;
    group.bench_function("frame_scrolling_1000_films_x_100_shots", |b| {
        b.iter(|| {
            t += 1.0 / 60.0;
            tessellate(&ctx, frame(&ctx, &mut app, 120.0, t))
        })
    });

    // One film of 100,000 shots: the table virtualizes its rows.
    let (ctx, mut app) = window_on(synthetic_project(1, 100_000), "film-0000");
    report_frames("frame_1_film_x_100000_shots", &ctx, &mut app, 600);
    group.bench_function("frame_scrolling_1_film_x_100000_shots", |b| {
        b.iter(|| {
            t += 1.0 / 60.0;
            tessellate(&ctx, frame(&ctx, &mut app, 120.0, t))
        })
    });

    // The Compare view on 200 films × 100 shots (19,900 pairs aligned on a
    // worker once; the frames then draw what was computed), scrolling the
    // presence matrix, and the Shared editing tab with every pair listed.
    let (ctx, mut app) = compare_window_on(compilation_project(200, 100), Mode::Compare);
    report_frames("frame_compare_presence_200_films", &ctx, &mut app, 300);
    group.bench_function("frame_compare_presence_200_films", |b| {
        b.iter(|| {
            t += 1.0 / 60.0;
            tessellate(&ctx, frame(&ctx, &mut app, 120.0, t))
        })
    });
    app.view.compare.tab = CompareTab::Editing;
    report_frames("frame_compare_editing_200_films", &ctx, &mut app, 300);
    app.view.mode = Mode::Statistics;
    report_frames("frame_statistics_200_films", &ctx, &mut app, 300);

    // An edit and its undo on the 100k-shot project.
    let mut doc = Document::from_project(synthetic_project(1000, 100), None);
    let film = doc.project.films[500].id.clone();
    let mut shot = doc.project.films[500].shots[50].clone();
    shot.framing = Some("ECU".into());
    group.bench_function("edit_replace_shot_100k", |b| {
        b.iter(|| {
            doc.apply(Edit::ReplaceShot {
                film: film.clone(),
                index: 50,
                shot: Box::new(shot.clone()),
            })
            .unwrap();
            doc.undo().unwrap();
        })
    });
    group.bench_function("edit_bulk_framing_100_shots_100k", |b| {
        let edits: Vec<Edit> = (0..100)
            .map(|i| {
                let mut s = doc.project.films[500].shots[i].clone();
                s.framing = Some("LS".into());
                Edit::ReplaceShot {
                    film: film.clone(),
                    index: i,
                    shot: Box::new(s),
                }
            })
            .collect();
        b.iter(|| {
            doc.apply(Edit::Batch {
                label: "set framing".into(),
                edits: edits.clone(),
            })
            .unwrap();
            doc.undo().unwrap();
        })
    });

    // Opening the sample project to the first frame.
    let sample = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"));
    group.bench_function("open_sample_to_first_frame", |b| {
        b.iter(|| {
            let mut app = App::new(Some(sample.clone()));
            let ctx = egui::Context::default();
            tessellate(&ctx, frame(&ctx, &mut app, 0.0, 0.0))
        })
    });
    group.finish();
}

criterion_group!(window, benches);
criterion_main!(window);
