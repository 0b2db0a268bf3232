//! Comparison, alignment and statistics over projects. No egui.

pub mod compare;
pub mod detect;
pub mod figures;
pub mod stats;
