//! Mermaid sequence diagrams (`sequenceDiagram`,
//! <https://mermaid.js.org/syntax/sequenceDiagram.html>): [`parse`] (source →
//! [`model::Sequence`], with its own `lexer` and Mermaid's `SequenceDB` rules in `db`),
//! [`layout`] (model → participant columns, message rows, notes, blocks, activations; the
//! vertical placement of Mermaid's `sequenceRenderer.ts`) and [`svg`] (layout → SVG 1.1),
//! and `render`, which runs the three for [`crate::mermaid::render`].
//!
//! Owns the sequence grammar, model and drawing; shared machinery (preprocessing, config,
//! labels, measurement, themes, writer helpers) comes from [`crate::mermaid::common`].

pub mod layout;
pub mod model;
pub mod parse;
pub mod svg;

mod colors;
mod db;
mod lexer;

#[cfg(test)]
mod tests;

pub use parse::parse;

use super::common::measure::TextMeasure;
use super::common::preprocess::Pre;
use super::common::svg::SvgOptions;
use super::{Diagram, DiagramLayout};
use model::ParseError;

/// True when the preprocessed source starts with `sequenceDiagram` (Mermaid's
/// `sequenceDetector`: `/^\s*sequenceDiagram/`).
pub(crate) fn detect(pre: &Pre) -> bool {
    let head: String = pre.text.chars.iter().take(15).collect();
    head == "sequenceDiagram"
}

/// Parses, lays out and draws the sequence diagram `src`, already preprocessed as `pre`.
///
/// # Errors
/// The first syntax or database error, as [`parse::parse`] reports it.
pub(crate) fn render(
    src: &str,
    pre: Pre,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Diagram, ParseError> {
    let (seq, warnings) = parse::parse_preprocessed(src, pre)?;
    let lay = layout::layout(&seq, measure, &opts.layout);
    let svg = svg::write_svg(&seq, &lay, opts);
    Ok(Diagram {
        svg,
        width_px: lay.width_px,
        height_px: lay.height_px,
        alt_text: svg::alt_text(&seq),
        warnings,
        layout: DiagramLayout::Sequence(lay),
    })
}
