//! Mermaid gantt charts (`gantt`, <https://mermaid.js.org/syntax/gantt.html>): [`parse`]
//! (source → [`model::GanttChart`], following `gantt.jison` and `ganttDb.js`, dates resolved
//! in UTC with a fixed "today"), then layout and SVG.
//!
//! Owns the gantt grammar, date arithmetic, model and drawing; preprocessing, config and
//! measurement come from [`crate::mermaid::common`].

pub mod date;
pub mod model;
pub mod parse;

mod db;
mod lexer;

pub use parse::{DEFAULT_TODAY_MS, parse, parse_at};
