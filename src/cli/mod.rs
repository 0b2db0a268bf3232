//! The `decoupage` subcommands. Exit codes: 0 ok, 1 the data is bad,
//! 2 wrong usage or a file that cannot be read or written.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use std::sync::atomic::AtomicBool;

use crate::analysis::detect::{self, DetectError, DetectOptions, Detection};
use crate::analysis::{compare, stats};
use crate::formats::compare::{self as compare_format, Comparison};
use crate::formats::corpus;
use crate::formats::exchange::{self, ExportFormat};
use crate::formats::import::{self, ImportError, ImportFormat, ImportOptions, TrackChoice};
use crate::formats::plot::{self, FigureKind, ImageFormat, PlotError};
use crate::formats::stats as stats_format;
use crate::model::{Film, FrameRate, Project, validate};
use crate::store;

#[derive(Parser, Debug)]
#[command(
    name = "decoupage",
    version,
    about = "Shot-by-shot analysis of films: frame counts, framing, reused footage, evidence.",
    long_about = "Découpage takes films apart shot by shot.\n\nWith no argument, or with a project file (.ron), it opens the window; with a subcommand it works on the command line.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Project file to open in the window (default: the sample project).
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the films of a project with their shot counts and known lengths.
    Info {
        /// The project file (.ron).
        project: PathBuf,
    },
    /// Check a project; print every problem with where it is. Exit 1 if any.
    Validate {
        /// The project file (.ron).
        project: PathBuf,
    },
    /// Write the shot table, or the films as a timeline for other tools.
    Export {
        /// The project file (.ron).
        project: PathBuf,
        /// Tables: csv, tsv, md, latex, html, xlsx, json. Timelines: edl
        /// (CMX 3600, one film), otio (a track per film), eaf (ELAN, one
        /// film), vtt (WebVTT, one film), jsonld (W3C Web Annotation).
        #[arg(long, short = 'f', value_parser = parse_format)]
        format: ExportFormat,
        /// Only this film (repeat for several); default: every film.
        #[arg(long = "film")]
        films: Vec<String>,
        /// Output file; default: standard output (xlsx needs a file).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Import a shot list (CSV, TSV, CMX 3600 EDL, OpenTimelineIO, ELAN)
    /// into a project, as a new film or after the shots of a film. Prints
    /// what was imported and what was skipped, and why.
    Import {
        /// The shot list.
        file: PathBuf,
        /// The project (.ron); created when it does not exist.
        #[arg(long)]
        into: PathBuf,
        /// The film to create or append to (default: a slug of the file's name).
        #[arg(long)]
        film: Option<String>,
        /// Frame rate of the list (25, 24, 30000/1001, 29.97 ...) when the
        /// file does not give it.
        #[arg(long, value_parser = parse_rate)]
        rate: Option<FrameRate>,
        /// The track that holds the shots (EDL: V, A1, A2 ...; OTIO: a name
        /// or a number from 1); default: the first video track.
        #[arg(long)]
        track: Option<String>,
        /// The ELAN tier whose annotations are shots (default: the first with annotations).
        #[arg(long)]
        tier: Option<String>,
        /// ELAN tiers whose annotations become descriptions (repeat).
        #[arg(long = "description-tier")]
        description_tiers: Vec<String>,
        /// ELAN tiers whose annotations become notes (repeat).
        #[arg(long = "note-tier")]
        note_tiers: Vec<String>,
        /// csv, tsv, edl, otio or eaf; default: from the file's extension.
        #[arg(long, short = 'f', value_parser = parse_import_format)]
        format: Option<ImportFormat>,
    },
    /// Compare films: footage presence, appearances and trims, shared
    /// editing (alignments), reconstructions of footage cut into pieces.
    Compare {
        /// The project file (.ron).
        project: PathBuf,
        /// The films to compare (default: every film).
        films: Vec<String>,
        /// json (the documented contract), md or html.
        #[arg(long, short = 'f', default_value = "json", value_parser = ["json", "md", "html"])]
        format: String,
        /// Output file; default: standard output.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Statistics per film: shot counts, ASL, median, sd, shot scale, reuse share.
    Stats {
        /// The project file (.ron).
        project: PathBuf,
        /// The films (default: every film).
        films: Vec<String>,
        /// csv, json or md.
        #[arg(long, short = 'f', default_value = "md", value_parser = ["csv", "json", "md"])]
        format: String,
        /// Output file; default: standard output.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Write exactly frame N (0-based) of a film as a PNG: MP4/MOV with
    /// H.264 in-process, a folder of numbered images, or anything ffmpeg reads.
    Frame {
        /// The film (a video file, or a folder of numbered images).
        video: PathBuf,
        /// The frame, from 0.
        n: usize,
        /// The PNG to write.
        #[arg(long, short = 'o')]
        output: PathBuf,
        /// Frame rate of a folder of images (a folder cannot tell it).
        #[arg(long, value_parser = parse_rate)]
        rate: Option<crate::model::FrameRate>,
    },
    /// Propose the cuts of a film, found in its frames: hard cuts (the first
    /// frame of each new shot, from 0) and gradual transitions (start-end
    /// kind: dissolve, fade-in, fade-out; end exclusive).
    Detect {
        /// The film (a video file, or a folder of numbered images).
        video: PathBuf,
        /// Print {"frames", "rate", "cuts", "transitions", "seconds"} as JSON.
        #[arg(long)]
        json: bool,
        /// Frame rate of a folder of images (a folder cannot tell it).
        #[arg(long, value_parser = parse_rate)]
        rate: Option<FrameRate>,
        /// Decoding threads (default: one a core).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Draw a figure as SVG or PNG: cutting graph, shot-length
    /// distribution or shot-scale bars, of one film or several on one figure.
    Plot {
        /// The project file (.ron).
        project: PathBuf,
        /// cutting (shot length against position), lengths (distribution of
        /// shot lengths) or scale (shots per framing).
        #[arg(long, short = 'k', value_parser = parse_kind)]
        kind: FigureKind,
        /// Only this film (repeat for several); default: every film.
        #[arg(long = "film")]
        films: Vec<String>,
        /// The file to write: .svg or .png.
        #[arg(long, short = 'o')]
        output: PathBuf,
        /// Width in pixels.
        #[arg(long, default_value_t = plot::DEFAULT_SIZE.0)]
        width: u32,
        /// Height in pixels.
        #[arg(long, default_value_t = plot::DEFAULT_SIZE.1)]
        height: u32,
    },
    /// Create an empty project.
    New {
        /// The project file to create (.ron); an existing file is never overwritten.
        project: PathBuf,
        /// The project's title.
        #[arg(long, short = 't')]
        title: String,
    },
    /// Build a project from a corpus folder of films.csv, footage.csv, shots.csv and evidence.csv.
    ImportCorpus {
        /// The folder holding the CSV files.
        dir: PathBuf,
        /// The project file to write.
        #[arg(long, short = 'o')]
        output: PathBuf,
        /// The project's title (default: the folder's name).
        #[arg(long, short = 't')]
        title: Option<String>,
        /// Give the project the title and notes of the Stakhanov sample.
        #[arg(long, conflicts_with = "title")]
        sample: bool,
    },
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    s.parse()
}

fn parse_import_format(s: &str) -> Result<ImportFormat, String> {
    ImportFormat::parse(s).ok_or_else(|| {
        format!(
            "unknown shot list format '{s}' ({})",
            ImportFormat::ALL.map(|f| f.as_str()).join(", ")
        )
    })
}

fn parse_rate(s: &str) -> Result<FrameRate, String> {
    crate::model::input::parse_rate(s)
}

/// A film that cannot be read is bad data (exit 1); a file that cannot be
/// found or written, or a missing ffmpeg, is a usage problem (exit 2).
fn media_failure(e: crate::media::MediaError) -> Failure {
    use crate::media::MediaError;
    match e {
        MediaError::Frame { .. } | MediaError::Open { .. } => Failure::data(e.to_string()),
        MediaError::PastEnd { .. } | MediaError::NoFfmpeg { .. } | MediaError::Write { .. } => {
            Failure::usage(e.to_string())
        }
    }
}

fn parse_kind(s: &str) -> Result<FigureKind, String> {
    s.parse().map_err(|e: PlotError| e.to_string())
}

/// A failed command: its message and exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }

    fn data(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

impl From<PlotError> for Failure {
    fn from(e: PlotError) -> Self {
        Failure {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

impl From<store::StoreError> for Failure {
    fn from(e: store::StoreError) -> Self {
        Failure {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

/// Runs a subcommand, writing its output to `out`. Returns the exit code
/// of a success (0) or the failure.
pub fn run(command: Command, out: &mut dyn Write) -> Result<(), Failure> {
    let write_err = |e: std::io::Error| Failure::usage(format!("cannot write the output: {e}"));
    match command {
        Command::Info { project: path } => {
            let project = store::load(&path)?;
            out.write_all(info_text(&project, &path).as_bytes())
                .map_err(write_err)?;
            Ok(())
        }
        Command::Validate { project: path } => {
            let project = store::load(&path)?;
            let problems = validate(&project);
            if problems.is_empty() {
                writeln!(
                    out,
                    "{}: no problems in {} films, {} shots, {} footage, {} evidence items",
                    path.display(),
                    project.films.len(),
                    project.shot_count(),
                    project.footage.len(),
                    project.evidence_count()
                )
                .map_err(write_err)?;
                Ok(())
            } else {
                for p in &problems {
                    writeln!(out, "{}: {p}", path.display()).map_err(write_err)?;
                }
                Err(Failure::data(format!(
                    "{}: {} problem{}",
                    path.display(),
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                )))
            }
        }
        Command::Export {
            project: path,
            format,
            films,
            output,
        } => {
            let project = store::load(&path)?;
            for id in &films {
                if project.film(id).is_none() {
                    let known: Vec<&str> = project.films.iter().map(|f| f.id.as_str()).collect();
                    return Err(Failure::usage(format!(
                        "{}: there is no film '{id}' (films: {})",
                        path.display(),
                        known.join(", ")
                    )));
                }
            }
            if output.is_none() && matches!(format, ExportFormat::Table(t) if !t.is_text()) {
                return Err(Failure::usage(
                    "xlsx is a binary workbook: give the file to write with -o FILE.xlsx",
                ));
            }
            let bytes = exchange::export_bytes(&project, &films, format).map_err(|e| match format {
                ExportFormat::Table(_) => Failure::data(e),
                _ => Failure::usage(format!("{}: {e}", path.display())),
            })?;
            match output {
                Some(file) => write_file(&file, &bytes)?,
                None => out.write_all(&bytes).map_err(write_err)?,
            }
            Ok(())
        }
        Command::Import {
            file,
            into,
            film,
            rate,
            track,
            tier,
            description_tiers,
            note_tiers,
            format,
        } => {
            let options = ImportOptions {
                rate,
                track: track.as_deref().map(TrackChoice::parse),
                tier,
                description_tiers,
                note_tiers,
            };
            // Nothing is read into the project before the list has been
            // read whole: a list that fails leaves the project unchanged.
            let mut project = if into.exists() {
                store::load(&into)?
            } else {
                let title = into
                    .file_stem()
                    .map_or("Project".into(), |s| s.to_string_lossy().into_owned());
                crate::model::Project::new(title)
            };
            let imported = import::import_file(&file, format, &options).map_err(|e| match e {
                ImportError::Io { .. } | ImportError::UnknownFormat { .. } => Failure::usage(e.to_string()),
                _ => Failure::data(e.to_string()),
            })?;
            let film_id = film.unwrap_or_else(|| {
                let stem = file
                    .file_stem()
                    .map_or("imported".into(), |s| s.to_string_lossy().into_owned());
                crate::model::input::unique_slug(&stem, |id| project.film(id).is_some())
            });
            let edit = import::import_edit(&project, &film_id, &imported)
                .map_err(|e| Failure::usage(format!("{}: {e}", into.display())))?;
            project
                .apply(edit)
                .map_err(|e| Failure::data(format!("{}: {e}", into.display())))?;
            store::save(&project, &into)?;
            for line in imported.report.lines() {
                writeln!(out, "{line}").map_err(write_err)?;
            }
            writeln!(out, "saved {} (film '{film_id}')", into.display()).map_err(write_err)?;
            Ok(())
        }
        Command::Compare {
            project: path,
            films,
            format,
            output,
        } => {
            let project = store::load(&path)?;
            let chosen = chosen_films(&project, &films, &path)?;
            let comparison = Comparison::new(&project, &chosen);
            let text = match format.as_str() {
                "md" => compare_format::to_markdown(&comparison),
                "html" => compare_format::to_html(&comparison, &format!("{}: comparison", project.title)),
                _ => compare_format::to_json(&comparison).map_err(|e| Failure::data(e.to_string()))?,
            };
            emit(out, output.as_deref(), text.as_bytes())
        }
        Command::Stats {
            project: path,
            films,
            format,
            output,
        } => {
            let project = store::load(&path)?;
            let chosen = chosen_films(&project, &films, &path)?;
            let figures = stats::stats(&project, &chosen);
            let text = match format.as_str() {
                "csv" => stats_format::to_csv(&figures).map_err(|e| Failure::data(e.to_string()))?,
                "json" => stats_format::to_json(&figures).map_err(|e| Failure::data(e.to_string()))?,
                _ => stats_format::to_markdown(&figures),
            };
            emit(out, output.as_deref(), text.as_bytes())
        }
        Command::Frame { video, n, output, rate } => {
            let mut film = crate::media::open(&video, rate).map_err(media_failure)?;
            let picture = film.frame(n).map_err(media_failure)?;
            picture.write_png(&output).map_err(media_failure)?;
            let info = film.info();
            writeln!(
                out,
                "wrote {}: frame {n} of {} ({} frames at {} fps, {}×{}, {})",
                output.display(),
                video.display(),
                info.frames,
                info.rate,
                info.width,
                info.height,
                info.decoder
            )
            .map_err(write_err)?;
            Ok(())
        }
        Command::Detect {
            video,
            json,
            rate,
            threads,
        } => {
            let mut options = DetectOptions::default();
            if let Some(threads) = threads {
                options.threads = threads.max(1);
            }
            let found =
                detect::detect(&video, rate, &options, &|_, _| {}, &AtomicBool::new(false)).map_err(|e| match e {
                    DetectError::Media(e) => media_failure(e),
                    DetectError::Cancelled => Failure::usage("cancelled"),
                })?;
            let text = if json {
                detection_json(&found).map_err(|e| Failure::data(e.to_string()))?
            } else {
                detection_text(&found, &video)
            };
            out.write_all(text.as_bytes()).map_err(write_err)
        }
        Command::Plot {
            project: path,
            kind,
            films,
            output,
            width,
            height,
        } => {
            ImageFormat::from_path(&output)?;
            let project = store::load(&path)?;
            let chosen = chosen_films(&project, &films, &path)?;
            plot::write_figure(&output, &project, kind, &chosen, (width, height))?;
            writeln!(
                out,
                "wrote {}: {} of {}",
                output.display(),
                kind.name(),
                match chosen.as_slice() {
                    [one] => one.title.clone(),
                    _ => format!("{} films", chosen.len()),
                }
            )
            .map_err(write_err)?;
            Ok(())
        }
        Command::New { project: path, title } => {
            if path.exists() {
                return Err(Failure::usage(format!(
                    "{}: already exists; Découpage never overwrites a project with a new one",
                    path.display()
                )));
            }
            store::save(&Project::new(title), &path)?;
            writeln!(out, "created {}", path.display()).map_err(write_err)?;
            Ok(())
        }
        Command::ImportCorpus {
            dir,
            output,
            title,
            sample,
        } => {
            let result = if sample {
                corpus::stakhanov_sample(&dir)
            } else {
                let title = title.unwrap_or_else(|| {
                    dir.file_name()
                        .map_or("Corpus".to_string(), |n| n.to_string_lossy().into_owned())
                });
                corpus::import_corpus(&dir, &title)
            };
            let project = result.map_err(|e| match e {
                corpus::CorpusError::Io { .. } => Failure::usage(e.to_string()),
                _ => Failure::data(e.to_string()),
            })?;
            store::save(&project, &output)?;
            writeln!(
                out,
                "wrote {}: {} films, {} shots, {} footage, {} evidence items",
                output.display(),
                project.films.len(),
                project.shot_count(),
                project.footage.len(),
                project.evidence_count()
            )
            .map_err(write_err)?;
            Ok(())
        }
    }
}

/// The films named on the command line (all when none), or a usage error
/// naming the one that does not exist.
fn chosen_films<'a>(project: &'a Project, ids: &[String], path: &Path) -> Result<Vec<&'a Film>, Failure> {
    compare::select_films(project, ids).map_err(|missing| {
        let known: Vec<&str> = project.films.iter().map(|f| f.id.as_str()).collect();
        Failure::usage(format!(
            "{}: there is no film '{missing}' (films: {})",
            path.display(),
            known.join(", ")
        ))
    })
}

/// Writes to the file when one is given, else to `out`.
fn emit(out: &mut dyn Write, file: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    match file {
        Some(file) => write_file(file, bytes),
        None => out
            .write_all(bytes)
            .map_err(|e| Failure::usage(format!("cannot write the output: {e}"))),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| Failure::usage(format!("{}: cannot write it: {e}", path.display())))
}

/// `decoupage detect --json`: {"frames": N, "rate": "25/1", "cuts": [frame, ...],
/// "transitions": [{"start": s, "end": e, "kind": "dissolve"}], "seconds": t}.
pub fn detection_json(found: &Detection) -> Result<String, serde_json::Error> {
    #[derive(serde::Serialize)]
    struct Transition {
        start: usize,
        end: usize,
        kind: detect::TransitionKind,
    }
    #[derive(serde::Serialize)]
    struct Json {
        frames: usize,
        rate: String,
        cuts: Vec<usize>,
        transitions: Vec<Transition>,
        seconds: f64,
    }
    let json = Json {
        frames: found.frames,
        rate: format!("{}/{}", found.rate.num(), found.rate.den()),
        cuts: found.cuts.iter().map(|c| c.frame).collect(),
        transitions: found
            .transitions
            .iter()
            .map(|t| Transition {
                start: t.start,
                end: t.end,
                kind: t.kind,
            })
            .collect(),
        seconds: (found.seconds * 1000.0).round() / 1000.0,
    };
    Ok(serde_json::to_string_pretty(&json)? + "\n")
}

/// `decoupage detect`: a line for each cut (the first frame of the new
/// shot) and each gradual transition (start-end kind), in order, then what
/// was found.
pub fn detection_text(found: &Detection, video: &Path) -> String {
    let mut lines: Vec<(usize, String)> = found.cuts.iter().map(|c| (c.frame, c.frame.to_string())).collect();
    lines.extend(
        found
            .transitions
            .iter()
            .map(|t| (t.start, format!("{}-{} {}", t.start, t.end, t.kind))),
    );
    lines.sort_by_key(|(frame, _)| *frame);
    let mut out: String = lines.into_iter().map(|(_, line)| line + "\n").collect();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    out.push_str(&format!(
        "{}: {} at {} fps: {}, {} in {:.2} s\n",
        video.display(),
        plural(found.frames, "frame", "frames"),
        found.rate,
        plural(found.cuts.len(), "cut", "cuts"),
        plural(found.transitions.len(), "gradual transition", "gradual transitions"),
        found.seconds
    ));
    out
}

/// The text `decoupage info` prints.
pub fn info_text(project: &Project, path: &Path) -> String {
    let width = |s: &str| s.chars().count();
    let id_w = project.films.iter().map(|f| width(&f.id)).max().unwrap_or(2).max(2);
    let title_w = project
        .films
        .iter()
        .map(|f| width(&f.title))
        .max()
        .unwrap_or(5)
        .clamp(5, 60);
    let pad = |s: &str, w: usize| {
        let s: String = if width(s) > w {
            s.chars().take(w - 1).chain(['…']).collect()
        } else {
            s.to_string()
        };
        let n = width(&s);
        format!("{s}{}", " ".repeat(w - n))
    };
    let mut out = format!("{} ({})\n\n", project.title, path.display());
    out.push_str(&format!(
        "{}  {}  {:>4}  {:>5}  {:>5}  {:>6}\n",
        pad("id", id_w),
        pad("title", title_w),
        "year",
        "shots",
        "known",
        "frames"
    ));
    for film in &project.films {
        out.push_str(&format!(
            "{}  {}  {:>4}  {:>5}  {:>5}  {:>6}\n",
            pad(&film.id, id_w),
            pad(&film.title, title_w),
            film.year.map_or(String::new(), |y| y.to_string()),
            film.shots.len(),
            film.known_lengths(),
            film.known_frames()
        ));
    }
    out.push_str(&format!(
        "\n{} films, {} shots ({} with a known length, {} frames), {} footage, {} evidence items\n",
        project.films.len(),
        project.shot_count(),
        project.films.iter().map(|f| f.known_lengths()).sum::<usize>(),
        project.films.iter().map(|f| f.known_frames()).sum::<i64>(),
        project.footage.len(),
        project.evidence_count()
    ));
    out
}
