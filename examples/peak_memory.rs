//! Peak memory and wall time of the 100,000-shot synthetic project, each
//! step in its own process so that one step's peak does not hide another's:
//!
//! ```text
//! cargo run --release --example peak_memory -- write /tmp/synthetic-100k.ron
//! cargo run --release --example peak_memory -- load /tmp/synthetic-100k.ron
//! ```
//!
//! `write` builds the project and saves it; `load` loads and validates it.
//! Both print the file size, the wall time and the peak resident memory
//! (VmHWM of /proc/self/status) as `key: value` lines.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use decoupage::model::synthetic::synthetic_project;
use decoupage::model::validate;
use decoupage::store;

const FILMS: usize = 1000;
const SHOTS_PER_FILM: usize = 100;

/// Peak resident set size of this process, in kB, from /proc/self/status.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn report_memory(path: &Path) {
    if let Ok(meta) = std::fs::metadata(path) {
        println!("file_bytes: {}", meta.len());
        println!("file_mb: {:.1}", meta.len() as f64 / 1e6);
    }
    match peak_rss_kb() {
        Some(kb) => println!("peak_rss_mb: {:.1}", kb as f64 / 1024.0),
        None => println!("peak_rss_mb: unknown (no /proc/self/status)"),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (step, path) = match args.as_slice() {
        [step, path] if step == "write" || step == "load" => (step.as_str(), Path::new(path)),
        _ => {
            eprintln!("usage: peak_memory write|load PATH");
            return ExitCode::from(2);
        }
    };
    if step == "write" {
        let t = Instant::now();
        let project = synthetic_project(FILMS, SHOTS_PER_FILM);
        println!("generate_s: {:.3}", t.elapsed().as_secs_f64());
        let t = Instant::now();
        if let Err(e) = store::save(&project, path) {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
        println!("save_s: {:.3}", t.elapsed().as_secs_f64());
        println!("shots: {}", project.shot_count());
        report_memory(path);
        return ExitCode::SUCCESS;
    }

    let t = Instant::now();
    let project = match store::load(path) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let load_s = t.elapsed().as_secs_f64();
    let v = Instant::now();
    let problems = validate(&project);
    let validate_s = v.elapsed().as_secs_f64();
    let total_s = t.elapsed().as_secs_f64();
    println!("shots: {}", project.shot_count());
    println!("problems: {}", problems.len());
    println!("load_s: {load_s:.3}");
    println!("validate_s: {validate_s:.3}");
    println!("load_validate_s: {total_s:.3}");
    report_memory(path);
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
