//! Importers and exporters. No egui.

pub mod compare;
pub mod corpus;
pub mod plot;
pub mod stats;
pub mod table;
