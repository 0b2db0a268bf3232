//! File > Import: a shot list (CSV, TSV, EDL, OTIO, ELAN) read on a worker
//! thread, shown before it joins the project — the report (what was
//! skipped and why, the encoding, the rate), the first shots, the film it
//! becomes or is appended to — and put in as one undoable edit. The
//! reading itself is `formats::import`, as for `decoupage import`.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::formats::csv_shots::{self, ColumnMapping, Field, Preview};
use crate::formats::import::{self, ImportFormat, ImportOptions, ImportedFilm, TrackChoice};
use crate::model::input::{parse_rate, unique_slug};
use crate::model::{Project, Timecode};

/// Where the imported shots go.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A new film with this id.
    New(String),
    /// After the shots of this film.
    Append(String),
}

/// A CSV or TSV table: its first rows, and which field each column holds
/// (guessed, then as the user sets it).
pub struct CsvMapping {
    pub preview: Preview,
    pub mapping: ColumnMapping,
}

/// What the worker gives back: the table's preview (CSV, TSV) and the film.
type ReadResult = (Option<Preview>, Result<ImportedFilm, String>);

enum Reading {
    Busy(Receiver<ReadResult>),
    Done(Box<ImportedFilm>),
    Failed(String),
}

/// The Import dialog, open from the moment a file is chosen until the
/// shots are in or the user cancels.
pub struct ImportDialog {
    pub path: PathBuf,
    pub format: Option<ImportFormat>,
    pub rate: String,
    pub track: String,
    pub tier: String,
    pub description_tiers: String,
    pub note_tiers: String,
    pub target: Target,
    /// The column mapping of a CSV or TSV table, once previewed.
    pub csv: Option<CsvMapping>,
    reading: Reading,
}

/// What the dialog asks of the app this frame.
pub enum ImportAnswer {
    /// Put the shots in (the edit), and say so.
    Import {
        edit: crate::model::Edit,
        film: String,
        message: String,
    },
    Cancel,
}

impl ImportDialog {
    /// Starts reading `path`; the film is new, named after the file.
    pub fn open(path: PathBuf, project: &Project) -> Self {
        let stem = path
            .file_stem()
            .map_or("imported".into(), |s| s.to_string_lossy().into_owned());
        let id = unique_slug(&stem, |id| project.film(id).is_some());
        let mut dialog = ImportDialog {
            format: ImportFormat::from_path(&path),
            path,
            rate: String::new(),
            track: String::new(),
            tier: String::new(),
            description_tiers: String::new(),
            note_tiers: String::new(),
            target: Target::New(id),
            csv: None,
            reading: Reading::Failed(String::new()),
        };
        dialog.read();
        dialog
    }

    fn options(&self) -> Result<ImportOptions, String> {
        let rate = match self.rate.trim() {
            "" => None,
            text => Some(parse_rate(text).map_err(|e| format!("Frame rate: {e}"))?),
        };
        let list = |s: &str| -> Vec<String> {
            s.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect()
        };
        Ok(ImportOptions {
            rate,
            track: Some(self.track.trim())
                .filter(|t| !t.is_empty())
                .map(TrackChoice::parse),
            tier: Some(self.tier.trim().to_string()).filter(|t| !t.is_empty()),
            description_tiers: list(&self.description_tiers),
            note_tiers: list(&self.note_tiers),
        })
    }

    /// Reads the file again with the options as they are now, on a worker.
    pub fn read(&mut self) {
        let options = match self.options() {
            Ok(options) => options,
            Err(e) => {
                self.reading = Reading::Failed(e);
                return;
            }
        };
        let (sender, receiver) = mpsc::channel();
        let (path, format) = (self.path.clone(), self.format);
        let mapping = self.csv.as_ref().map(|c| c.mapping.clone());
        std::thread::spawn(move || {
            let _ = sender.send(read_list(&path, format, mapping, &options));
        });
        self.reading = Reading::Busy(receiver);
    }

    /// The film read, once it is.
    pub fn imported(&self) -> Option<&ImportedFilm> {
        match &self.reading {
            Reading::Done(film) => Some(film),
            _ => None,
        }
    }

    /// Why the file could not be read, if it could not.
    pub fn error(&self) -> Option<&str> {
        match &self.reading {
            Reading::Failed(e) if !e.is_empty() => Some(e),
            _ => None,
        }
    }

    pub fn is_reading(&self) -> bool {
        matches!(self.reading, Reading::Busy(_))
    }

    /// Takes the worker's answer when it has come.
    fn poll(&mut self) {
        if let Reading::Busy(receiver) = &self.reading {
            let (preview, result) = match receiver.try_recv() {
                Ok(answer) => answer,
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => (None, Err(format!("{}: the reading stopped", self.path.display()))),
            };
            if let Some(preview) = preview {
                self.csv = Some(CsvMapping {
                    mapping: preview.guess.clone(),
                    preview,
                });
            }
            self.reading = match result {
                Ok(film) => Reading::Done(Box::new(film)),
                Err(e) => Reading::Failed(e),
            };
        }
    }
}

/// Reads a list on the worker. A CSV or TSV table is previewed first (its
/// header, first rows and guessed mapping), then read with `mapping` when
/// the user has set one, else with the guess.
fn read_list(
    path: &Path,
    format: Option<ImportFormat>,
    mapping: Option<ColumnMapping>,
    options: &ImportOptions,
) -> ReadResult {
    let format = format.or_else(|| ImportFormat::from_path(path));
    if !matches!(format, Some(ImportFormat::Csv | ImportFormat::Tsv)) {
        return (
            None,
            import::import_file(path, format, options).map_err(|e| e.to_string()),
        );
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return (None, Err(format!("{}: {e}", path.display()))),
    };
    let preview = match mapping {
        Some(_) => None,
        None => match csv_shots::preview(&bytes, format.unwrap_or(ImportFormat::Csv)) {
            Ok(preview) => Some(preview),
            Err(e) => return (None, Err(format!("{}: {e}", path.display()))),
        },
    };
    let mapping = mapping.or_else(|| preview.as_ref().map(|p| p.guess.clone()));
    let result = match &mapping {
        Some(mapping) => csv_shots::read_mapped(path, &bytes, mapping, options).map(|mut film| {
            film.report.shots = film.shots.len();
            film
        }),
        None => import::import_bytes(path, &bytes, format.unwrap_or(ImportFormat::Csv), options),
    };
    (preview, result.map_err(|e| e.to_string()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or(path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Shows the dialog; returns what the user decided, if anything.
pub fn import_ui(ctx: &egui::Context, dialog: &mut ImportDialog, project: &Project) -> Option<ImportAnswer> {
    dialog.poll();
    if dialog.is_reading() {
        ctx.request_repaint_after(std::time::Duration::from_millis(30));
    }
    let mut answer = None;
    let mut read_again = false;
    egui::Window::new("Import a shot list")
        .collapsible(false)
        .default_size([760.0, 520.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.strong(file_name(&dialog.path));
                ui.weak(dialog.path.parent().map_or(String::new(), |p| p.display().to_string()));
            });
            egui::Grid::new("import_options")
                .num_columns(4)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    ui.label("Format");
                    egui::ComboBox::from_id_salt("import_format")
                        .selected_text(dialog.format.map_or("?".to_string(), |f| f.as_str().to_uppercase()))
                        .show_ui(ui, |ui| {
                            for f in ImportFormat::ALL {
                                if ui
                                    .selectable_value(&mut dialog.format, Some(f), f.as_str().to_uppercase())
                                    .changed()
                                {
                                    read_again = true;
                                }
                            }
                        })
                        .response
                        .accessible_name("Import format");
                    ui.label("Frame rate");
                    read_again |= ui
                        .add(
                            egui::TextEdit::singleline(&mut dialog.rate)
                                .hint_text("from the file")
                                .desired_width(110.0),
                        )
                        .accessible_name("Import frame rate")
                        .lost_focus();
                    ui.end_row();
                    match dialog.format {
                        Some(ImportFormat::Eaf) => {
                            ui.label("Shot tier");
                            read_again |= ui
                                .add(
                                    egui::TextEdit::singleline(&mut dialog.tier)
                                        .hint_text("the first with annotations"),
                                )
                                .accessible_name("Shot tier")
                                .lost_focus();
                            ui.label("Description tiers");
                            read_again |= ui
                                .add(egui::TextEdit::singleline(&mut dialog.description_tiers).hint_text("tier, tier"))
                                .lost_focus();
                            ui.end_row();
                            ui.label("Note tiers");
                            read_again |= ui
                                .add(egui::TextEdit::singleline(&mut dialog.note_tiers).hint_text("tier, tier"))
                                .lost_focus();
                            ui.end_row();
                        }
                        Some(ImportFormat::Edl | ImportFormat::Otio) => {
                            ui.label("Track");
                            read_again |= ui
                                .add(egui::TextEdit::singleline(&mut dialog.track).hint_text("the first video track"))
                                .accessible_name("Import track")
                                .lost_focus();
                            ui.end_row();
                        }
                        _ => {}
                    }
                });
            if matches!(dialog.format, Some(ImportFormat::Csv | ImportFormat::Tsv))
                && let Some(csv) = &mut dialog.csv
            {
                read_again |= mapping_ui(ui, csv);
            }
            ui.separator();
            if dialog.is_reading() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Reading…");
                });
            } else if let Some(e) = dialog.error() {
                ui.colored_label(ui.visuals().error_fg_color, e);
                ui.weak("Nothing was imported; the project is unchanged.");
            } else if let Some(film) = dialog.imported() {
                report_ui(ui, film);
                ui.separator();
                target_ui(ui, &mut dialog.target, project);
            }
            ui.separator();
            ui.horizontal(|ui| {
                let ready = dialog.imported().is_some_and(|f| !f.shots.is_empty());
                if ui.add_enabled(ready, egui::Button::new("Import")).clicked()
                    && let Some(film) = dialog.imported()
                {
                    let id = match &dialog.target {
                        Target::New(id) | Target::Append(id) => id.clone(),
                    };
                    answer = Some(match import::import_edit(project, &id, film) {
                        Ok(edit) => ImportAnswer::Import {
                            edit,
                            message: import_message(film, &id),
                            film: id,
                        },
                        Err(e) => {
                            dialog.reading = Reading::Failed(e);
                            return;
                        }
                    });
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    answer = Some(ImportAnswer::Cancel);
                }
            });
        });
    if read_again {
        dialog.read();
    }
    answer
}

/// The line the status bar shows after an import.
fn import_message(film: &ImportedFilm, id: &str) -> String {
    let r = &film.report;
    let skipped = match r.skipped.first() {
        None => String::new(),
        Some(first) => format!(
            "; {} skipped, the first at {}: {}",
            r.skipped.len(),
            first.line.map_or(first.place.clone(), |l| format!("line {l}")),
            first.reason
        ),
    };
    format!(
        "Imported {} shots from {} into '{id}'{skipped}",
        film.shots.len(),
        file_name(&r.file)
    )
}

/// What was read: the counts, the notes, what was skipped and why, and the
/// first shots.
fn report_ui(ui: &mut egui::Ui, film: &ImportedFilm) {
    let r = &film.report;
    ui.horizontal_wrapped(|ui| {
        ui.strong(format!("{} shots", film.shots.len()));
        if !film.title.is_empty() {
            ui.label(format!("· “{}”", film.title));
        }
        if let Some(rate) = film.rate {
            ui.label(format!("· {rate} fps"));
        }
        if let (Some(start), Some(rate)) = (film.timecode_start, film.rate)
            && let Ok(tc) = Timecode::from_frame(start.0, rate, film.drop_frame)
        {
            ui.label(format!("· starts at {tc}"));
        }
        if !r.skipped.is_empty() {
            ui.colored_label(ui.visuals().warn_fg_color, format!("· {} skipped", r.skipped.len()));
        }
    });
    let lines = r.lines();
    if lines.len() > 1 {
        egui::CollapsingHeader::new(format!("Report ({} lines)", lines.len() - 1))
            .default_open(!r.skipped.is_empty())
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(110.0)
                    .id_salt("import_report")
                    .show(ui, |ui| {
                        for line in &lines[1..] {
                            ui.label(line.trim_start());
                        }
                    });
            });
    }
    let shots = &film.shots;
    let height = (ui.available_height() - 90.0).clamp(120.0, 320.0);
    ui.push_id("import_preview", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .max_scroll_height(height)
            .column(Column::exact(44.0))
            .column(Column::exact(70.0))
            .column(Column::exact(60.0))
            .column(Column::initial(150.0).clip(true))
            .column(Column::initial(110.0).clip(true))
            .column(Column::exact(70.0))
            .column(Column::exact(70.0))
            .column(Column::remainder().clip(true))
            .header(20.0, |mut header| {
                for h in ["No.", "Start", "Frames", "Clip", "Source", "In", "Out", "Description"] {
                    header.col(|ui| {
                        ui.strong(h);
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, shots.len(), |mut row| {
                    let i = row.index();
                    let s = &shots[i];
                    let source = s.source.as_ref();
                    let opt = |v: Option<i64>| v.map_or("—".to_string(), |v| v.to_string());
                    let cells = [
                        (i + 1).to_string(),
                        opt(s.start.map(|f| f.0)),
                        opt(s.frames()),
                        source.map_or(String::new(), |c| c.clip_name.clone()),
                        source.map_or(String::new(), |c| c.source.clone()),
                        opt(source.and_then(|c| c.source_in).map(|f| f.0)),
                        opt(source.and_then(|c| c.source_out).map(|f| f.0)),
                        s.description.clone(),
                    ];
                    for cell in cells {
                        row.col(|ui| {
                            ui.label(cell);
                        });
                    }
                });
            });
    });
}

/// Which field each column of a table holds: the guess, to correct. Returns
/// whether the mapping changed (and the table must be read again).
fn mapping_ui(ui: &mut egui::Ui, csv: &mut CsvMapping) -> bool {
    let mut changed = false;
    let mapping = &mut csv.mapping;
    egui::CollapsingHeader::new(format!(
        "Columns ({} found; header on line {})",
        csv.preview.headers.len(),
        mapping.header_line
    ))
    .default_open(true)
    .show(ui, |ui| {
        if let Some(note) = &csv.preview.encoding_note {
            ui.colored_label(ui.visuals().warn_fg_color, note);
        }
        egui::ScrollArea::horizontal().id_salt("csv_mapping").show(ui, |ui| {
            egui::Grid::new("csv_mapping_grid")
                .striped(true)
                .spacing([6.0, 3.0])
                .show(ui, |ui| {
                    let columns = csv.preview.headers.len().max(mapping.columns.len());
                    if mapping.columns.len() < columns {
                        mapping.columns.resize(columns, Field::Ignore);
                    }
                    for (i, field) in mapping.columns.iter_mut().enumerate() {
                        let header = csv
                            .preview
                            .headers
                            .get(i)
                            .map_or(format!("column {}", i + 1), Clone::clone);
                        ui.vertical(|ui| {
                            ui.strong(&header);
                            let response = egui::ComboBox::from_id_salt(("csv_field", i))
                                .selected_text(field.label())
                                .width(120.0)
                                .show_ui(ui, |ui| {
                                    let mut picked = false;
                                    for f in Field::ALL {
                                        picked |= ui.selectable_value(field, f, f.label()).changed();
                                    }
                                    picked
                                });
                            response.response.accessible_name(format!("Field of column {header}"));
                            changed |= response.inner.unwrap_or(false);
                        });
                    }
                    ui.end_row();
                    for row in csv.preview.rows.iter().take(4) {
                        for i in 0..columns {
                            ui.add(egui::Label::new(row.get(i).map_or("", String::as_str)).truncate());
                        }
                        ui.end_row();
                    }
                });
        });
        ui.horizontal(|ui| {
            changed |= ui
                .checkbox(&mut mapping.end_inclusive, "End frames are the shot's last frame")
                .changed();
            ui.label("Frames counted from");
            changed |= ui.radio_value(&mut mapping.first_frame, 0, "0").changed();
            changed |= ui.radio_value(&mut mapping.first_frame, 1, "1").changed();
        });
    });
    changed
}

/// A new film, or after the shots of a film already there.
fn target_ui(ui: &mut egui::Ui, target: &mut Target, project: &Project) {
    ui.horizontal(|ui| {
        let new = matches!(target, Target::New(_));
        if ui.radio(new, "A new film, id").clicked() && !new {
            *target = Target::New(unique_slug("imported", |id| project.film(id).is_some()));
        }
        if let Target::New(id) = target {
            ui.add(egui::TextEdit::singleline(id).desired_width(180.0))
                .accessible_name("New film id");
            if project.film(id).is_some() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "taken: the shots would go after that film's",
                );
            }
        }
    });
    if project.films.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        let append = matches!(target, Target::Append(_));
        if ui.radio(append, "After the shots of").clicked() && !append {
            *target = Target::Append(project.films[0].id.clone());
        }
        if let Target::Append(id) = target {
            let title = project.film(id).map_or(id.clone(), |f| f.title.clone());
            egui::ComboBox::from_id_salt("import_append_to")
                .selected_text(title)
                .width(320.0)
                .show_ui(ui, |ui| {
                    for film in &project.films {
                        ui.selectable_value(id, film.id.clone(), &film.title);
                    }
                })
                .response
                .accessible_name("Append to film");
        }
    });
}
