//! Mermaid mindmaps (`mindmap`, <https://mermaid.js.org/syntax/mindmap.html>): [`parse`]
//! (source → [`model::Mindmap`], following `mindmap.jison` and `mindmapDb.ts`: an
//! indentation-based tree of nodes with shapes, icons and classes), [`layout`] (model →
//! placed nodes and curved edges) and [`svg`] (layout → SVG 1.1), run by `render` for
//! [`crate::mermaid::render`].
//!
//! Layout differs from Mermaid on purpose: Mermaid places mindmap nodes with the
//! force-directed cose-bilkent algorithm, whose result depends on random starts; here the
//! tree is laid out deterministically, the root in the middle and its branches split
//! between a right and a left side, each subtree in its own band so nodes never overlap
//! ([`layout`]). Shapes, sizes, branch colours and edge widths follow Mermaid's default
//! theme.
//!
//! Owns the mindmap grammar, model, layout and drawing; preprocessing, config, labels,
//! measurement and the SVG writer come from [`crate::mermaid::common`].

pub mod layout;
pub mod model;
pub mod parse;
pub mod svg;

mod lexer;

#[cfg(test)]
mod tests;

pub use parse::parse;

use super::common::measure::TextMeasure;
use super::common::preprocess::Pre;
use super::common::svg::SvgOptions;
use super::{Diagram, DiagramLayout};
use model::ParseError;

/// True when the preprocessed source is a mindmap (Mermaid's detector: the text starts
/// with `mindmap`, case-sensitive).
pub(crate) fn detect(pre: &Pre) -> bool {
    let head: String = pre.text.chars.iter().take(7).collect();
    head == "mindmap"
}

/// Parses, lays out and draws the mindmap `src`, already preprocessed as `pre`.
///
/// # Errors
/// The first syntax error, as [`parse::parse`] reports it.
pub(crate) fn render(
    src: &str,
    pre: Pre,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Diagram, ParseError> {
    let (mm, warnings) = parse::parse_preprocessed(src, pre)?;
    let lay = layout::layout(&mm, measure, &opts.layout);
    let svg = svg::write_svg(&mm, &lay, opts);
    Ok(Diagram {
        svg,
        width_px: lay.width,
        height_px: lay.height,
        alt_text: svg::alt_text(&mm),
        warnings,
        layout: DiagramLayout::Mindmap(lay),
    })
}
