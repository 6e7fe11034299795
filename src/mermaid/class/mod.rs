//! Mermaid class diagrams (`classDiagram`, `classDiagram-v2`,
//! <https://mermaid.js.org/syntax/classDiagram.html>): [`parse`] (source →
//! [`model::ClassDiagram`], with its own `lexer` and the `db` actions of Mermaid's
//! `ClassDB`), [`member`] (member text and generics), [`layout`] (class boxes, notes and
//! namespaces on the shared layered engine), [`svg`] (layout → SVG 1.1) and `render`,
//! which runs them for [`crate::mermaid::render`].
//!
//! Owns the class grammar, model, box sizes and drawing. Shared machinery (preprocessing,
//! config, sanitising, measurement, themes, the layered engine) comes from
//! [`crate::mermaid::common`]; nothing here knows other diagram types.

pub mod json;
pub mod layout;
pub mod member;
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

/// True when the preprocessed source is a class diagram (Mermaid's class detectors).
pub(crate) fn detect(pre: &Pre) -> bool {
    parse::is_class_diagram(&pre.text)
}

/// Parses, lays out and draws the class diagram `src`, already preprocessed as `pre`.
///
/// # Errors
/// The first syntax error, as [`parse::parse`] reports it.
pub(crate) fn render(
    src: &str,
    pre: Pre,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Diagram, ParseError> {
    let (d, warnings) = parse::parse_preprocessed(src, pre)?;
    let lay = layout::layout(&d, measure, &opts.layout);
    let svg = svg::write_svg(&d, &lay, opts);
    let title_h = if d.title.is_some() {
        lay.line_height + 8.0
    } else {
        0.0
    };
    Ok(Diagram {
        svg,
        width_px: lay.width.max(1.0),
        height_px: (lay.height + title_h).max(1.0),
        alt_text: svg::alt_text(&d),
        warnings,
        layout: DiagramLayout::Class(lay),
    })
}
