//! Speed on a large project: 1,000 films × 100 shots (100,000 shots, evidence
//! on one shot in ten), from `decoupage::model::synthetic`.
//!
//! Run with `cargo bench --bench project`; figures go in BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

use decoupage::formats::table::{TableFormat, project_rows, render};
use decoupage::model::synthetic::synthetic_project;
use decoupage::model::validate;
use decoupage::store;

const FILMS: usize = 1000;
const SHOTS_PER_FILM: usize = 100;

fn project_100k(c: &mut Criterion) {
    let project = synthetic_project(FILMS, SHOTS_PER_FILM);
    let text = store::to_ron_string(&project).expect("serialize");
    let bytes = text.as_bytes();
    let path = Path::new("synthetic-100k.ron");
    eprintln!(
        "project: {} films, {} shots, {} with evidence, {} footage; RON file {:.1} MB",
        project.films.len(),
        project.shot_count(),
        project
            .films
            .iter()
            .flat_map(|f| &f.shots)
            .filter(|s| !s.evidence.is_empty())
            .count(),
        project.footage.len(),
        bytes.len() as f64 / 1e6
    );
    assert!(validate(&project).is_empty());

    let mut group = c.benchmark_group("project_100k_shots");
    // Each iteration takes 0.1 to 2 s: ten samples of a few iterations each,
    // flat sampling, so that the whole run takes about three minutes.
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(20));

    group.bench_function("load", |b| {
        b.iter(|| store::from_bytes(black_box(bytes), path).expect("load"))
    });
    group.bench_function("validate", |b| b.iter(|| validate(black_box(&project))));
    group.bench_function("load_and_validate", |b| {
        b.iter(|| {
            let loaded = store::from_bytes(black_box(bytes), path).expect("load");
            let problems = validate(&loaded);
            assert!(problems.is_empty());
            loaded
        })
    });

    let dir = tempfile::tempdir().expect("temporary directory");
    let target = dir.path().join("synthetic-100k.ron");
    group.bench_function("save", |b| {
        b.iter(|| store::save(black_box(&project), &target).expect("save"))
    });
    group.bench_function("serialize_only", |b| {
        b.iter(|| store::to_ron_string(black_box(&project)).expect("serialize"))
    });
    group.bench_function("export_csv", |b| {
        b.iter(|| {
            let rows = project_rows(black_box(&project), &[]);
            render(&rows, TableFormat::Csv, &project.title).expect("csv")
        })
    });
    group.finish();
}

criterion_group!(benches, project_100k);
criterion_main!(benches);
