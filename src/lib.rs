//! Découpage: shot-by-shot analysis of films for film scholars.
//!
//! Layers, each using only the ones above it: `model` (the project as
//! data), `store` (project files), `formats` (imports and exports), `media` (decoding the films
//! themselves), `cli`
//! (the subcommands) and `ui` (the window).

pub mod analysis;
pub mod cli;
pub mod formats;
pub mod media;
pub mod model;
pub mod store;
pub mod ui;
