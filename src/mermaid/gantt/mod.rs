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

pub mod axis;
pub mod layout;
pub mod svg;

use super::common::measure::TextMeasure;
use super::common::preprocess::Pre;
use super::common::svg::SvgOptions;
use super::{Diagram, DiagramLayout};
use model::ParseError;

/// True when the preprocessed source is a gantt chart (Mermaid's detector: `^\s*gantt`).
pub(crate) fn detect(pre: &Pre) -> bool {
    let head: String = pre.text.chars.iter().take(5).collect();
    head.eq_ignore_ascii_case("gantt")
}

/// Parses, lays out and draws the gantt chart `src`, already preprocessed as `pre`, with
/// "today" at [`DEFAULT_TODAY_MS`] so output never depends on the clock.
///
/// # Errors
/// The first syntax error or unreadable date, as [`parse::parse`] reports it.
pub(crate) fn render(
    src: &str,
    pre: Pre,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Diagram, ParseError> {
    let (g, warnings) = parse::parse_preprocessed(src, pre, DEFAULT_TODAY_MS)?;
    let lay = layout::layout(&g, measure, &opts.layout);
    let svg = svg::write_svg(&g, &lay, opts);
    Ok(Diagram {
        svg,
        width_px: lay.width,
        height_px: lay.height,
        alt_text: svg::alt_text(&g),
        warnings,
        layout: DiagramLayout::Gantt(lay),
    })
}
