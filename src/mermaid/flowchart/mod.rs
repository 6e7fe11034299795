//! Mermaid flowcharts (`graph` / `flowchart`, <https://mermaid.js.org/syntax/flowchart.html>):
//! [`parse`] (source → [`model::Flowchart`]; its own `lexer`), [`layout`] (model →
//! placed boxes and routed curves, on the shared layered engine), [`svg`] (layout → SVG
//! 1.1) and `render`, which runs the three for [`crate::mermaid::render`].
//!
//! Owns the flowchart grammar, model, node shapes and drawing. Shared machinery
//! (preprocessing, config, labels, measurement, themes, writer helpers, the layered
//! engine) comes from [`crate::mermaid::common`]; nothing here knows other diagram types
//! or any caller outside `mermaid`.

pub mod layout;
pub mod model;
pub mod parse;
pub mod svg;

mod lexer;

#[cfg(test)]
mod tests;

use super::common::measure::TextMeasure;
use super::common::preprocess::Pre;
use super::common::svg::SvgOptions;
use super::{Diagram, DiagramLayout};
use model::ParseError;

/// True when the preprocessed source is a flowchart (Mermaid's flowchart detector).
pub(crate) fn detect(pre: &Pre) -> bool {
    parse::is_flowchart(&pre.text)
}

/// Parses, lays out and draws the flowchart `src`, already preprocessed as `pre`.
///
/// # Errors
/// The first syntax error, as [`parse::parse`] reports it.
pub(crate) fn render(
    src: &str,
    pre: Pre,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Diagram, ParseError> {
    let (fc, warnings) = parse::parse_preprocessed(src, pre)?;
    let lay = layout::layout(&fc, measure, &opts.layout);
    let svg = svg::write_svg(&fc, &lay, opts);
    Ok(Diagram {
        svg,
        width_px: lay.width,
        height_px: lay.height,
        alt_text: svg::alt_text(&fc),
        warnings,
        layout: DiagramLayout::Flowchart(lay),
    })
}
