//! Project files: RON load and save, schema migrations, atomic save with a
//! backup, autosave files. A file that failed to load is never written.

mod document;
mod migrate;

pub use document::Document;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{Project, SCHEMA};

/// The first line of every project file.
const HEADER: &str = "// Découpage project: films, shots, footage and evidence. Edit with care, or in Découpage.\n";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: cannot {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("{}: is a directory, not a project file", path.display())]
    IsDirectory { path: PathBuf },
    #[error("{}: the file is empty", path.display())]
    Empty { path: PathBuf },
    #[error("{}:{line}:{col}: the file is not UTF-8 text (byte {byte:#04x})", path.display())]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        col: usize,
        byte: u8,
    },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{}: written with project schema {found}, but this Découpage knows schemas up to {known}; open it with a newer Découpage",
        path.display()
    )]
    FutureSchema { path: PathBuf, found: u32, known: u32 },
    #[error("{}: schema {found} is not a Découpage project schema", path.display())]
    UnknownSchema { path: PathBuf, found: u32 },
    #[error("{}: cannot migrate from schema {from}: {message}", path.display())]
    Migration { path: PathBuf, from: u32, message: String },
    #[error("{}: cannot write the project: {message}", path.display())]
    Serialize { path: PathBuf, message: String },
}

impl StoreError {
    /// The exit code for the command line: 2 when the file cannot be read
    /// or written at all, 1 when its content is bad.
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::Io { .. } | StoreError::IsDirectory { .. } => 2,
            _ => 1,
        }
    }
}

#[derive(Deserialize)]
struct SchemaProbe {
    schema: u32,
}

fn parse_error(path: &Path, err: ron::error::SpannedError) -> StoreError {
    StoreError::Parse {
        path: path.to_path_buf(),
        line: err.span.start.line,
        col: err.span.start.col,
        message: err.code.to_string(),
    }
}

/// Line and column (1-based) of byte `offset` in `bytes`.
fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    // columns count characters, as editors do
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, col)
}

/// The schema number when the file starts as Découpage writes it
/// (comments, `(`, then `schema: N,`), without parsing the rest: a large
/// project is parsed once, not twice.
fn leading_schema(text: &str) -> Option<u32> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(comment) = rest.strip_prefix("//") {
            rest = comment.split_once('\n').map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("schema")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let number = rest[..digits].parse().ok()?;
    rest[digits..].trim_start().starts_with(',').then_some(number)
}

/// Reads a project from RON text; `path` is only used in messages.
pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Project, StoreError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let (line, col) = line_col(bytes, offset);
        StoreError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            col,
            byte: bytes[offset],
        }
    })?;
    let meaningful = text
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"));
    if !meaningful {
        return Err(StoreError::Empty {
            path: path.to_path_buf(),
        });
    }
    let schema = match leading_schema(text) {
        Some(n) => n,
        // Not where we write it: read the whole file for it.
        None => {
            ron::from_str::<SchemaProbe>(text)
                .map_err(|e| parse_error(path, e))?
                .schema
        }
    };
    match schema {
        SCHEMA => ron::from_str(text).map_err(|e| parse_error(path, e)),
        found if found > SCHEMA => Err(StoreError::FutureSchema {
            path: path.to_path_buf(),
            found,
            known: SCHEMA,
        }),
        found => migrate::from_old_schema(found, text, path),
    }
}

/// Loads a project file, migrating older schemas.
pub fn load(path: &Path) -> Result<Project, StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        action: "read it",
        source,
    };
    if fs::metadata(path).map_err(io)?.is_dir() {
        return Err(StoreError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    let bytes = fs::read(path).map_err(io)?;
    from_bytes(&bytes, path)
}

/// The project as the text of its file.
pub fn to_ron_string(project: &Project) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .escape_strings(false);
    // One buffer: a large project's text is not copied again to add the header.
    let mut text = String::with_capacity(HEADER.len() + 640 * project.shot_count() + 4096);
    text.push_str(HEADER);
    ron::ser::to_writer_pretty(&mut text, project, config)?;
    text.push('\n');
    Ok(text)
}

/// Path of the backup kept by `save`: `NAME.ron.bak`.
/// How a project in `project_dir` stores the path of a media file:
/// relative to the project's folder when the file is inside it (so that the
/// two can move together), else absolute.
pub fn stored_media_path(project_dir: &Path, media: &Path) -> PathBuf {
    let absolute = std::fs::canonicalize(media).unwrap_or_else(|_| media.to_path_buf());
    std::fs::canonicalize(project_dir)
        .ok()
        .and_then(|dir| absolute.strip_prefix(dir).ok().map(Path::to_path_buf))
        .unwrap_or(absolute)
}

pub fn backup_path(path: &Path) -> PathBuf {
    append_extension(path, "bak")
}

/// Path of the autosave file: `NAME.ron.autosave`.
pub fn autosave_path(path: &Path) -> PathBuf {
    append_extension(path, "autosave")
}

fn append_extension(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(ext);
    path.with_file_name(name)
}

/// Writes `text` to `target` through a temporary file beside it, flushed
/// and renamed, so that `target` is either the old file or the new one.
fn write_atomic(target: &Path, text: &str, keep_backup: bool) -> Result<(), StoreError> {
    let io = |action, source| StoreError::Io {
        path: target.to_path_buf(),
        action,
        source,
    };
    if target.is_dir() {
        return Err(StoreError::IsDirectory {
            path: target.to_path_buf(),
        });
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(target.file_name().unwrap_or_default());
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let mut file = fs::File::create(&tmp).map_err(|e| io("create a temporary file beside it", e))?;
        file.write_all(text.as_bytes()).map_err(|e| io("write it", e))?;
        file.sync_all().map_err(|e| io("flush it to disk", e))?;
        drop(file);
        if keep_backup && target.exists() {
            keep_backup_of(target).map_err(|e| io("keep a backup of the previous version", e))?;
        }
        fs::rename(&tmp, target).map_err(|e| io("replace it", e))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Makes the file at `target` its `.bak` too, without copying it where the
/// file system allows: a hard link under a temporary name, renamed over the
/// old backup. The target itself is not touched.
fn keep_backup_of(target: &Path) -> std::io::Result<()> {
    let backup = backup_path(target);
    let mut link_name = std::ffi::OsString::from(".");
    link_name.push(backup.file_name().unwrap_or_default());
    link_name.push(format!(".{}.tmp", std::process::id()));
    let link = backup.with_file_name(link_name);
    let _ = fs::remove_file(&link);
    match fs::hard_link(target, &link) {
        Ok(()) => fs::rename(&link, &backup).inspect_err(|_| {
            let _ = fs::remove_file(&link);
        }),
        // no hard links here: copy
        Err(_) => fs::copy(target, &backup).map(|_| ()),
    }
}

/// Saves the project atomically and keeps the previous file as `NAME.ron.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), StoreError> {
    let text = to_ron_string(project).map_err(|e| StoreError::Serialize {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(path, &text, true)
}

/// Writes the autosave file of the project saved at `path`.
pub fn write_autosave(project: &Project, path: &Path) -> Result<PathBuf, StoreError> {
    let target = autosave_path(path);
    let text = to_ron_string(project).map_err(|e| StoreError::Serialize {
        path: target.clone(),
        message: e.to_string(),
    })?;
    write_atomic(&target, &text, false)?;
    Ok(target)
}

/// The autosave file of `path`, when there is one that is newer than the
/// project file and differs from it: work that the last session did not save.
pub fn newer_autosave(path: &Path) -> Option<PathBuf> {
    let auto = autosave_path(path);
    let auto_time = fs::metadata(&auto).and_then(|m| m.modified()).ok()?;
    match fs::metadata(path).and_then(|m| m.modified()) {
        Ok(saved_time) if saved_time > auto_time => None,
        Ok(_) => {
            let same = matches!((fs::read(path), fs::read(&auto)), (Ok(a), Ok(b)) if a == b);
            (!same).then_some(auto)
        }
        Err(_) => Some(auto),
    }
}

/// Removes the autosave file of `path`, once its work is saved or discarded.
pub fn remove_autosave(path: &Path) {
    let _ = fs::remove_file(autosave_path(path));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_read_from_the_head_of_the_file() {
        assert_eq!(
            leading_schema("// c\n// d\n(\n    schema: 2,\n    title: \"x\""),
            Some(2)
        );
        assert_eq!(leading_schema("(schema:17,"), Some(17));
        // anything else is left to the full parse
        assert_eq!(leading_schema("(title: \"x\", schema: 2)"), None);
        assert_eq!(leading_schema("(schema: 2"), None);
        assert_eq!(leading_schema("(schema: x,"), None);
        assert_eq!(leading_schema(""), None);
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçd\u{fffd}".as_bytes();
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'ç' is two bytes but one column
        assert_eq!(line_col(text, 6), (2, 3));
    }
}
