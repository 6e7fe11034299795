#![warn(missing_docs)]
//! Mermaid flowchart support for inkbind.
//!
//! This module turns the text of a Mermaid flowchart (the language documented at
//! <https://mermaid.js.org/syntax/flowchart.html>) into a [`model::Flowchart`].
//! The parser follows the behaviour of Mermaid 12.3's own flowchart grammar
//! (the jison grammar behind `FlowDB`), including its preprocessing steps
//! (front matter, `%%{init}%%` directives, `%%` comments and entity codes).
//!
//! Entry points: [`parse::parse`] (source → model), [`layout::layout`] (model → placed
//! boxes and routed curves, measured through [`TextMeasure`]), [`svg::write_svg`] (layout →
//! SVG 1.1) and [`render`], which does all three. Nothing here depends on the rest of
//! inkbind: label sizes come through the [`TextMeasure`] trait, which `crate::fonts::measure`
//! implements with the bundled fonts.

pub mod layout;
pub mod model;
pub mod parse;
pub mod svg;

mod config;
mod lexer;
mod preprocess;
mod text;

#[cfg(test)]
mod tests;

use std::fmt;

pub use layout::{Layout, LayoutOptions, layout_json};
pub use svg::SvgOptions;

/// Measures label text for the layout. All lengths are in px.
///
/// Implementations: [`SimpleMeasure`] (fixed em widths, deterministic, std-only) and
/// `inkbind::fonts::measure::FontMeasure` (shapes with the bundled Noto Sans CJK faces in
/// the document language, so the layout measures with the fonts that draw the labels).
pub trait TextMeasure {
    /// Advance width of one line of `text` (no line breaks) at `font_size` px, bold or
    /// regular.
    fn width(&self, text: &str, font_size: f32, bold: bool) -> f32;

    /// Distance between baselines of consecutive label lines at `font_size` px
    /// (default 1.5 × the size, Mermaid's 24 px at 16 px).
    fn line_height(&self, font_size: f32) -> f32 {
        font_size * 1.5
    }

    /// Byte offsets in `text` where a line may be broken when a label is wrapped; each
    /// offset is the start of the next line (spaces stay at the end of the previous one).
    /// The default allows breaks after spaces and around CJK characters; the font
    /// measurer uses the project's UAX #14 + JLREQ line breaker instead.
    fn break_opportunities(&self, text: &str) -> Vec<usize> {
        default_breaks(text)
    }
}

/// Breaks after runs of spaces and before/after wide (CJK) characters, except before
/// closing punctuation such as `、。」）` (a small subset of JLREQ's kinsoku rules).
pub fn default_breaks(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if let Some(p) = prev {
            let after_space = p == ' ' && c != ' ';
            let cjk = (is_wide(p) || is_wide(c)) && c != ' ';
            let no_start =
                "、。，．,.」』）)】〕〉》！？!?ー々ゃゅょっャュョッ：；:;…‥".contains(c);
            let no_end = "「『（(【〔〈《".contains(p);
            if after_space || (cjk && !no_start && !no_end) {
                out.push(i);
            }
        }
        prev = Some(c);
    }
    out
}

/// East Asian Wide/Fullwidth characters (CJK ideographs, kana, Hangul, full-width forms,
/// CJK punctuation), as used by [`SimpleMeasure`].
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

/// A deterministic measurer needing no fonts: wide (CJK) characters are 1 em, others
/// 0.6 em (bold 0.65 em). Used by tests and as a fallback.
#[derive(Debug, Clone, Copy, Default)]
pub struct SimpleMeasure;

impl TextMeasure for SimpleMeasure {
    fn width(&self, text: &str, font_size: f32, bold: bool) -> f32 {
        let narrow = if bold { 0.65 } else { 0.6 };
        text.chars()
            .map(|c| if is_wide(c) { 1.0 } else { narrow })
            .sum::<f32>()
            * font_size
    }
}

/// A rendered flowchart.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The SVG document (SVG 1.1, presentation attributes only).
    pub svg: String,
    /// Width of the drawing, px (the SVG's `width`).
    pub width_px: f32,
    /// Height of the drawing, px.
    pub height_px: f32,
    /// Alternative text: accTitle / title, accDescr, else a generated summary.
    pub alt_text: String,
    /// Parser warnings (unsupported directives, shapes, …).
    pub warnings: Vec<model::Warning>,
    /// The layout the SVG was drawn from.
    pub layout: Layout,
}

/// Why a diagram could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// Another Mermaid diagram type (`sequenceDiagram`, `pie`, `classDiagram`, `gantt`,
    /// `stateDiagram`, …): not supported yet; show the source as code with a note.
    Unsupported {
        /// The diagram keyword as written, e.g. `sequenceDiagram`.
        diagram: String,
    },
    /// A flowchart with a syntax error (line, column, offending text).
    Syntax(model::ParseError),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Unsupported { diagram } => {
                write!(f, "Mermaid `{diagram}` diagrams are not supported yet")
            }
            RenderError::Syntax(e) => write!(f, "Mermaid syntax error: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// Mermaid diagram keywords other than flowcharts.
const OTHER_DIAGRAMS: &[&str] = &[
    "sequenceDiagram",
    "classDiagram",
    "classDiagram-v2",
    "stateDiagram",
    "stateDiagram-v2",
    "erDiagram",
    "journey",
    "gantt",
    "pie",
    "quadrantChart",
    "requirementDiagram",
    "requirement",
    "gitGraph",
    "mindmap",
    "timeline",
    "zenuml",
    "sankey-beta",
    "sankey",
    "xychart-beta",
    "xychart",
    "block-beta",
    "block",
    "packet-beta",
    "packet",
    "kanban",
    "architecture-beta",
    "architecture",
    "C4Context",
    "C4Container",
    "C4Component",
    "C4Dynamic",
    "C4Deployment",
    "radar-beta",
    "treemap-beta",
    "treemap",
    "info",
    "flowchart-elk",
];

/// If `src` is a Mermaid diagram of another type, its keyword.
pub fn other_diagram_kind(src: &str) -> Option<String> {
    let pre = preprocess::preprocess(src);
    let text: String = pre.text.chars.iter().take(64).collect();
    let word: String = text
        .trim_start()
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ';' && *c != ':')
        .collect();
    OTHER_DIAGRAMS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(&word))
        .map(|k| k.to_string())
}

/// Parses, lays out and draws a flowchart.
///
/// # Errors
/// [`RenderError::Unsupported`] for other diagram types (the caller shows the source as
/// code with a note), [`RenderError::Syntax`] for a flowchart Mermaid would reject.
pub fn render(
    src: &str,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Rendered, RenderError> {
    let (fc, warnings) = match parse::parse(src) {
        Ok(r) => r,
        Err(e) => {
            return Err(match other_diagram_kind(src) {
                Some(diagram) => RenderError::Unsupported { diagram },
                None => RenderError::Syntax(e),
            });
        }
    };
    let lay = layout::layout(&fc, measure, &opts.layout);
    let svg = svg::write_svg(&fc, &lay, opts);
    Ok(Rendered {
        svg,
        width_px: lay.width,
        height_px: lay.height,
        alt_text: svg::alt_text(&fc),
        warnings,
        layout: lay,
    })
}
