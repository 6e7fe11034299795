//! A parsed Mermaid pie chart: what Mermaid's `pieDb` holds after parsing
//! (`packages/mermaid/src/diagrams/pie/pieDb.ts`) plus the config the renderer reads.
//!
//! Owns the data types only; no grammar, no geometry.

pub use crate::mermaid::common::error::{ParseError, Warning};

/// One slice, as `"label" : value` declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    /// The label as written between the quotes (escapes such as `\"` resolved, not trimmed).
    pub label: String,
    /// The value, ≥ 0 (Mermaid rejects negative values).
    pub value: f64,
}

/// A pie chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pie {
    /// `title …` (the last one), else the front matter `title`.
    pub title: Option<String>,
    /// `accTitle: …`.
    pub acc_title: Option<String>,
    /// `accDescr: …` or `accDescr { … }` (lines kept).
    pub acc_descr: Option<String>,
    /// `pie showData`: the legend shows each value after its label.
    pub show_data: bool,
    /// Slices in source order; a repeated label keeps its first value and position.
    pub slices: Vec<Slice>,
    /// `pie.textPosition` (0 = centre, 1 = rim; default 0.75): where percentages sit.
    pub text_position: f32,
    /// Theme name from the config (`default`, `forest`, `neutral`, `dark`, `base`).
    pub theme: Option<String>,
    /// `themeVariables` from the config, in order (pie1..pie12, pieOuterStrokeWidth, …).
    pub theme_variables: Vec<(String, String)>,
}

impl Pie {
    /// Sum of all slice values.
    pub fn total(&self) -> f64 {
        self.slices.iter().map(|s| s.value).sum()
    }
}
