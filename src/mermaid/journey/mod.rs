//! Mermaid user journeys (`journey`, <https://mermaid.js.org/syntax/userJourney.html>):
//! [`parse`] (source → [`model::Journey`], Mermaid 12's jison grammar), [`layout`] (model →
//! legend, section and task boxes, faces and the arrow line placed as
//! `journeyRenderer.ts` places them), [`svg`] (layout → SVG 1.1) and `render`, which runs
//! the three for [`crate::mermaid::render`].
//!
//! Owns the journey grammar, model, palette and drawing; preprocessing, config, labels and
//! measurement come from [`crate::mermaid::common`]. Knows no other diagram type.

pub mod layout;
pub mod model;
pub mod parse;
pub mod svg;
pub mod theme;

#[cfg(test)]
mod tests;

use super::common::measure::TextMeasure;
use super::common::preprocess::Pre;
use super::common::svg::SvgOptions;
use super::{Diagram, DiagramLayout};
use model::ParseError;

pub use parse::parse;

/// True when the preprocessed source is a user journey (Mermaid's journey detector).
pub(crate) fn detect(pre: &Pre) -> bool {
    parse::is_journey(&pre.text)
}

/// Parses, lays out and draws the journey `src`, already preprocessed as `pre`.
///
/// # Errors
/// The first syntax error, as [`parse::parse`] reports it.
pub(crate) fn render(
    src: &str,
    pre: Pre,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Diagram, ParseError> {
    let (j, warnings) = parse::parse_preprocessed(src, pre)?;
    let lay = layout::layout(&j, measure, &opts.layout);
    let svg = svg::write_svg(&j, &lay, opts);
    Ok(Diagram {
        svg,
        width_px: lay.width,
        height_px: lay.height,
        alt_text: svg::alt_text(&j),
        warnings,
        layout: DiagramLayout::Journey(lay),
    })
}
