//! Mermaid state diagrams (`stateDiagram` / `stateDiagram-v2`,
//! <https://mermaid.js.org/syntax/stateDiagram.html>): [`parse`] (source →
//! [`model::StateDiagram`], following `stateDiagram.jison` and `stateDb.ts`), [`layout`]
//! (model → placed shapes on the shared layered engine, composites as clusters) and
//! [`svg`] (layout → SVG 1.1), run by `render` for [`crate::mermaid::render`].
//!
//! Owns the state grammar, model, shapes and drawing; preprocessing, config, labels,
//! measurement, themes and the layered engine come from [`crate::mermaid::common`].

pub mod json;
pub mod layout;
pub mod model;
pub mod parse;
pub mod shapes;
pub mod svg;

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

/// True when the preprocessed source is a state diagram (Mermaid's detectors: the text
/// starts with `stateDiagram`, which covers `stateDiagram-v2`).
pub(crate) fn detect(pre: &Pre) -> bool {
    let head: String = pre.text.chars.iter().take(12).collect();
    head == "stateDiagram"
}

/// Parses, lays out and draws the state diagram `src`, already preprocessed as `pre`.
///
/// # Errors
/// The first syntax error, as [`parse::parse`] reports it.
pub(crate) fn render(
    src: &str,
    pre: Pre,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Diagram, ParseError> {
    let (sd, warnings) = parse::parse_preprocessed(src, pre)?;
    let lay = layout::layout(&sd, measure, &opts.layout);
    let svg = svg::write_svg(&sd, &lay, opts);
    Ok(Diagram {
        svg,
        width_px: lay.width,
        height_px: lay.height,
        alt_text: svg::alt_text(&sd),
        warnings,
        layout: DiagramLayout::State(lay),
    })
}
