//! What a parse reports: [`Warning`]s (something ignored or approximated; the diagram
//! still draws) and [`ParseError`]s (Mermaid would reject the source), both at 1-based
//! line and column positions in the original source text.
//!
//! Shared by every diagram type; knows no diagram's grammar. Positions are computed from
//! the preprocessed text's origin map (`preprocess`).

use std::fmt;

/// A non-fatal problem found while parsing, with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line in the source text.
    pub line: usize,
    /// 1-based column (in characters) in the source text.
    pub column: usize,
    /// What was ignored or approximated.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// A syntax error: the source is not a diagram Mermaid would accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line in the source text.
    pub line: usize,
    /// 1-based column (in characters) in the source text.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// The offending source text (a short excerpt, possibly empty at the end).
    pub near: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {} near \"{}\"",
            self.line, self.column, self.message, self.near
        )
    }
}

impl std::error::Error for ParseError {}
