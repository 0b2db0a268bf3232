//! Importers and exporters. No egui.

pub mod corpus;
pub mod table;
