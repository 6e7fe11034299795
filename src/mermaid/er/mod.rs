//! Mermaid entity-relationship diagrams (`erDiagram`,
//! <https://mermaid.js.org/syntax/entityRelationshipDiagram.html>): [`parse`] (source →
//! [`model::ErDiagram`], following `erDiagram.jison` and `erDb.ts` of Mermaid 12.3),
//! [`layout`] (model → entity boxes with attribute tables and routed relationships on the
//! shared layered engine) and [`svg`] (layout → SVG 1.1 with crow's-foot markers), run by
//! `render` for [`crate::mermaid::render`].
//!
//! Owns the ER grammar, model, entity tables and markers; preprocessing, config, labels,
//! measurement, themes and the layered engine come from [`crate::mermaid::common`].

pub mod layout;
pub mod model;
pub mod parse;
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

/// True when the preprocessed source is an ER diagram (Mermaid's `erDetector`:
/// `/^\s*erDiagram/`).
pub(crate) fn detect(pre: &Pre) -> bool {
    let head: String = pre.text.chars.iter().take(9).collect();
    head == "erDiagram"
}

/// Parses, lays out and draws the ER diagram `src`, already preprocessed as `pre`.
///
/// # Errors
/// The first syntax error, as [`parse::parse`] reports it.
pub(crate) fn render(
    src: &str,
    pre: Pre,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Diagram, ParseError> {
    let (er, warnings) = parse::parse_preprocessed(src, pre)?;
    let lay = layout::layout(&er, measure, &opts.layout);
    let svg = svg::write_svg(&er, &lay, opts);
    Ok(Diagram {
        svg,
        width_px: lay.width,
        height_px: lay.height,
        alt_text: svg::alt_text(&er),
        warnings,
        layout: DiagramLayout::Er(lay),
    })
}
