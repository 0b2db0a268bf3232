//! The project as data. No egui, no files, no threads.

pub mod edit;
pub mod history;
pub mod input;
pub mod ops;
pub mod project;
pub mod registry;
pub mod synthetic;
pub mod time;
pub mod validate;
pub mod vocab;

pub use edit::{Edit, EditError, FilmField};
pub use history::History;
pub use project::*;
pub use time::{ClockTime, FeetFrames, Frame, FrameRange, FrameRate, Gauge, TimeError, Timecode};
pub use validate::{Location, Problem, validate};
pub use vocab::{Term, Vocabularies};
