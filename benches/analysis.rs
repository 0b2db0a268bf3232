//! Speed of the comparison of films (issue 6) on 200 films × 100 shots with
//! realistic reuse, from `decoupage::model::synthetic::compilation_project`:
//! the presence matrix, the 19,900 pairwise alignments and the statistics of
//! every film; and the similarity orders of the Compare view's columns and
//! rows.
//!
//! Run with `cargo bench --bench analysis` (about two minutes); figures go in
//! BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

use decoupage::analysis::compare::{all_pairs, film_order_by_similarity, footage_order_by_presence, presence};
use decoupage::analysis::stats::stats;
use decoupage::model::synthetic::compilation_project;
use decoupage::model::{Film, validate};

const FILMS: usize = 200;
const SHOTS_PER_FILM: usize = 100;

fn comparison_200_films(c: &mut Criterion) {
    let project = compilation_project(FILMS, SHOTS_PER_FILM);
    assert!(validate(&project).is_empty());
    let films: Vec<&Film> = project.films.iter().collect();
    let pairs = all_pairs(&films);
    let mean = pairs.iter().map(|a| a.score).sum::<f64>() / pairs.len() as f64;
    let best = pairs.iter().map(|a| a.score).fold(0.0, f64::max);
    eprintln!(
        "project: {} films, {} shots, {} footage; {} pairs, mean similarity {mean:.3}, best {best:.3}; {} threads available",
        project.films.len(),
        project.shot_count(),
        project.footage.len(),
        pairs.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    assert_eq!(pairs.len(), FILMS * (FILMS - 1) / 2);

    let mut group = c.benchmark_group("compare_200_films");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("presence", |b| {
        b.iter(|| presence(black_box(&project), black_box(&films)))
    });
    group.bench_function("all_pairs", |b| b.iter(|| all_pairs(black_box(&films))));
    group.bench_function("stats", |b| b.iter(|| stats(black_box(&project), black_box(&films))));
    // from the alignments and the matrix already computed
    group.bench_function("film_order", |b| {
        b.iter(|| film_order_by_similarity(black_box(&films), black_box(&pairs)))
    });
    let matrix = presence(&project, &films);
    let order = film_order_by_similarity(&films, &pairs);
    group.bench_function("footage_order", |b| {
        b.iter(|| footage_order_by_presence(black_box(&matrix), black_box(&order)))
    });
    group.finish();
}

criterion_group!(benches, comparison_200_films);
criterion_main!(benches);
