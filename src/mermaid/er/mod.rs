//! Mermaid entity-relationship diagrams (`erDiagram`,
//! <https://mermaid.js.org/syntax/entityRelationshipDiagram.html>): [`parse`] (source →
//! [`model::ErDiagram`], following `erDiagram.jison` and `erDb.ts` of Mermaid 12.3),
//! [`layout`] (model → entity boxes with attribute tables and routed relationships on the
//! shared layered engine) and [`svg`] (layout → SVG 1.1 with crow's-foot markers), run by
//! `render` for [`crate::mermaid::render`].
//!
//! Owns the ER grammar, model, entity tables and markers; preprocessing, config, labels,
//! measurement, themes and the layered engine come from [`crate::mermaid::common`].

pub mod model;
pub mod parse;

mod db;
mod lexer;

pub use parse::parse;

use super::common::preprocess::Pre;

/// True when the preprocessed source is an ER diagram (Mermaid's `erDetector`:
/// `/^\s*erDiagram/`).
pub(crate) fn detect(pre: &Pre) -> bool {
    let head: String = pre.text.chars.iter().take(9).collect();
    head == "erDiagram"
}
