//! (being written: the webvtt exporter)

use crate::model::{Film, Project};

pub fn write(_project: &Project, _film: &Film) -> Result<String, String> {
    Err("not written yet".into())
}
