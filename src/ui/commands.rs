//! What panels ask for. Panels read the project and push commands; the
//! app applies them in one place after drawing (`App::run_commands`).

use std::path::PathBuf;

use crate::formats::exchange::ExportFormat;
use crate::formats::plot::FigureKind;
use crate::model::Edit;

use super::view::Message;

#[derive(Debug, Clone)]
pub enum Command {
    /// Apply an edit as one undo step.
    Edit(Edit),
    /// Typing in a field: folds into the previous edit with the same key,
    /// so that a field edit is one undo step, not one per keystroke.
    EditMerging {
        edit: Edit,
        key: String,
    },
    /// The field being typed in lost focus: the next edit is a new step.
    CloseStep,
    Undo,
    Redo,
    /// Show a film (and no shot).
    SelectFilm(String),
    /// Show a shot of a film, selecting it alone and scrolling to it.
    SelectShot {
        film: String,
        index: usize,
    },
    /// A line for the status bar.
    Message(Message),
    New,
    /// Ask which project to open.
    Open,
    OpenPath(PathBuf),
    Save,
    /// Ask where to save.
    SaveAs,
    SaveAsPath(PathBuf),
    /// Ask where to write a figure of the chosen films.
    AskExportFigure(FigureKind),
    /// Write a figure of the chosen films (SVG or PNG by the extension).
    ExportFigure {
        kind: FigureKind,
        path: PathBuf,
    },
    /// Ask which video file or folder of scans is the film's media.
    AskLinkMedia(String),
    /// Link the film being linked to this media, once it has been read.
    LinkMediaPath(PathBuf),
    /// Ask which shot list to import.
    Import,
    /// Read a shot list and show it before it joins the project.
    ImportPath(PathBuf),
    /// Ask where to export the shots in a format.
    AskExport(ExportFormat),
    /// Write the shots (of the selected film, or of every film, as the
    /// File > Export menu says) in a format.
    ExportPath {
        format: ExportFormat,
        path: PathBuf,
    },
    /// Two shots, (film, shot index), in two viewers locked together.
    SideBySide {
        a: (String, usize),
        b: (String, usize),
    },
    Quit,
}

impl Command {
    pub fn info(text: impl Into<String>) -> Self {
        Command::Message(Message::Info(text.into()))
    }

    pub fn error(text: impl Into<String>) -> Self {
        Command::Message(Message::Error(text.into()))
    }
}
