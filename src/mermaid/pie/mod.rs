//! Mermaid pie charts (`pie`, <https://mermaid.js.org/syntax/pie.html>): [`parse`] (source →
//! [`model::Pie`], Mermaid 12's langium grammar), [`layout`] (model → slices, percentages,
//! title and legend placed as `pieRenderer.ts` places them), [`svg`] (layout → SVG 1.1) and
//! `render`, which runs the three for [`crate::mermaid::render`].
//!
//! Owns the pie grammar, model, palette and drawing; preprocessing, config, labels and
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

/// True when the preprocessed source is a pie chart (Mermaid's pie detector).
pub(crate) fn detect(pre: &Pre) -> bool {
    parse::is_pie(&pre.text)
}

/// Parses, lays out and draws the pie chart `src`, already preprocessed as `pre`.
///
/// # Errors
/// The first syntax error or negative value, as [`parse::parse`] reports it.
pub(crate) fn render(
    src: &str,
    pre: Pre,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Diagram, ParseError> {
    let (pie, warnings) = parse::parse_preprocessed(src, pre)?;
    let lay = layout::layout(&pie, measure, &opts.layout);
    let svg = svg::write_svg(&pie, &lay, opts);
    Ok(Diagram {
        svg,
        width_px: lay.width,
        height_px: lay.height,
        alt_text: svg::alt_text(&pie),
        warnings,
        layout: DiagramLayout::Pie(lay),
    })
}
