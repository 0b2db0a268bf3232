//! Comparison, alignment and statistics over projects. No egui.

pub mod compare;
pub mod figures;
pub mod stats;
