//! Importers and exporters. No egui.

pub mod annotation;
pub mod compare;
pub mod corpus;
pub mod csv_shots;
pub mod eaf;
pub mod edl;
pub mod exchange;
pub mod import;
pub mod otio;
pub mod plot;
pub mod stats;
pub mod table;
pub mod webvtt;
