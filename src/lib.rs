//! inkbind: Markdown articles to print-quality PDF and EPUB 3, with Mermaid diagrams drawn
//! natively and CJK typesetting (JLREQ line breaking, per-language glyph forms).
//!
//! Data flows one way (see DESIGN.md): Markdown → [`document::Document`] →
//! [`layout`] (pages) → [`pdf`] writer, and [`document::Document`] → [`epub`] writer.
//!
//! ```
//! use inkbind::diagnostics::Diagnostics;
//! use inkbind::pipeline::{self, RenderOptions};
//!
//! let mut diags = Diagnostics::new("note.md");
//! let doc = pipeline::parse("---\ntitle: 組版\n---\n\n本文は<strong>太字</strong>です。\n", &mut diags);
//! assert_eq!(doc.metadata.lang.as_deref(), Some("ja"));
//! let (pdf, pages) = pipeline::to_pdf(&doc, &RenderOptions::default(), &mut diags).unwrap();
//! assert!(pdf.starts_with(b"%PDF-") && pages == 1);
//! let epub = pipeline::to_epub(&doc, &RenderOptions::default(), &mut diags).unwrap();
//! assert!(epub.starts_with(b"PK"));
//! assert!(diags.items().is_empty());
//! ```

pub mod book;
pub mod diagnostics;
pub mod diagram;
pub mod document;
pub mod epub;
pub mod fonts;
pub mod highlight;
pub mod layout;
pub mod mermaid;
pub mod pdf;
pub mod pipeline;
pub mod resource;
pub mod text;
pub mod theme;
