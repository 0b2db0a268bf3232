//! (being written: CSV/TSV shot lists in)

use std::path::Path;

use super::import::{ImportError, ImportFormat, ImportOptions, ImportedFilm};

pub fn read(
    path: &Path,
    _bytes: &[u8],
    _format: ImportFormat,
    _options: &ImportOptions,
) -> Result<ImportedFilm, ImportError> {
    Err(ImportError::invalid(path, "CSV import is not written yet"))
}
