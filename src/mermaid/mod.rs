#![warn(missing_docs)]
//! Mermaid flowchart support for inkbind.
//!
//! This module turns the text of a Mermaid flowchart (the language documented at
//! <https://mermaid.js.org/syntax/flowchart.html>) into a [`model::Flowchart`].
//! The parser follows the behaviour of Mermaid 12.3's own flowchart grammar
//! (the jison grammar behind `FlowDB`), including its preprocessing steps
//! (front matter, `%%{init}%%` directives, `%%` comments and entity codes).
//!
//! Entry point: [`parse::parse`].

pub mod model;
pub mod parse;

mod config;
mod lexer;
mod preprocess;
mod text;

#[cfg(test)]
mod tests;
