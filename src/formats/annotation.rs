//! (being written: the annotation exporter)

use crate::model::{Film, Project};

pub fn write(_project: &Project, _films: &[&Film]) -> Result<String, String> {
    Err("not written yet".into())
}
