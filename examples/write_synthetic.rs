//! Writes the synthetic benchmark project as a project file and its shot
//! table as CSV, so that other tools can be timed on the same shots:
//!
//! ```text
//! cargo run --release --example write_synthetic -- OUT.ron OUT.csv [FILMS SHOTS_PER_FILM]
//! ```
//!
//! Defaults: 1,000 films of 100 shots.

use std::path::Path;
use std::process::ExitCode;

use decoupage::formats::table::{TableFormat, project_rows, render};
use decoupage::model::synthetic::synthetic_project;
use decoupage::store;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 && args.len() != 4 {
        eprintln!("usage: write_synthetic OUT.ron OUT.csv [FILMS SHOTS_PER_FILM]");
        return ExitCode::from(2);
    }
    let number = |i: usize, default: usize| args.get(i).map_or(Ok(default), |s| s.parse::<usize>());
    let (films, shots) = match (number(2, 1000), number(3, 100)) {
        (Ok(f), Ok(s)) => (f, s),
        _ => {
            eprintln!("FILMS and SHOTS_PER_FILM must be whole numbers");
            return ExitCode::from(2);
        }
    };
    let project = synthetic_project(films, shots);
    if let Err(e) = store::save(&project, Path::new(&args[0])) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let rows = project_rows(&project, &[]);
    let csv = match render(&rows, TableFormat::Csv, &project.title) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(&args[1], csv) {
        eprintln!("{}: cannot write it: {e}", args[1]);
        return ExitCode::FAILURE;
    }
    println!(
        "wrote {} ({} films, {} shots) and {} ({} rows)",
        args[0],
        project.films.len(),
        project.shot_count(),
        args[1],
        rows.len()
    );
    ExitCode::SUCCESS
}
