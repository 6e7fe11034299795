//! inkbind: Markdown articles to print-quality PDF and EPUB 3, with Mermaid diagrams drawn
//! natively and CJK typesetting (JLREQ line breaking, per-language glyph forms).
//!
//! Data flows one way (see DESIGN.md): Markdown → [`document::Document`] →
//! [`layout`] (pages) → [`pdf`] writer, and [`document::Document`] → [`epub`] writer.

pub mod book;
pub mod diagnostics;
pub mod document;
pub mod epub;
pub mod fonts;
pub mod highlight;
pub mod layout;
pub mod mermaid;
pub mod pdf;
pub mod pipeline;
pub mod text;
pub mod theme;
