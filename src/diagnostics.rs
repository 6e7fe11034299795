//! Warnings and errors with source positions.
//!
//! Library code never prints: every stage pushes [`Diagnostic`]s into a [`Diagnostics`] sink
//! and the CLI decides how to show them (`file:line:col: warning: message`, the format of
//! GCC and rustc that editors and CI annotators understand).

use std::fmt;

/// How bad a diagnostic is. `--strict` turns any [`Severity::Warning`] into a failed document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something could not be shown as written; the rest of the document still renders.
    Warning,
    /// The document could not be rendered at all.
    Error,
}

/// One message about a document, tied to a 1-based line and column of its source
/// (line 0 means "the whole file").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// Source file as the user named it; empty for in-memory input.
    pub file: String,
    /// 1-based line; 0 when the message concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// What happened, with the offending text quoted.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let file = if self.file.is_empty() {
            "<input>"
        } else {
            &self.file
        };
        match (self.line, self.column) {
            (0, _) => write!(f, "{file}: {kind}: {}", self.message),
            (l, 0) => write!(f, "{file}:{l}: {kind}: {}", self.message),
            (l, c) => write!(f, "{file}:{l}:{c}: {kind}: {}", self.message),
        }
    }
}

/// A sink for diagnostics of one document. The file name is stamped on every entry.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    file: String,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty sink whose entries name `file`.
    pub fn new(file: impl Into<String>) -> Self {
        Diagnostics {
            file: file.into(),
            items: Vec::new(),
        }
    }

    /// Records a warning at a 1-based `line` and `column`.
    pub fn warn(&mut self, line: usize, column: usize, message: impl Into<String>) {
        self.push(Severity::Warning, line, column, message.into());
    }

    /// Records an error at a 1-based `line` and `column`.
    pub fn error(&mut self, line: usize, column: usize, message: impl Into<String>) {
        self.push(Severity::Error, line, column, message.into());
    }

    fn push(&mut self, severity: Severity, line: usize, column: usize, message: String) {
        let d = Diagnostic {
            severity,
            file: self.file.clone(),
            line,
            column,
            message,
        };
        // The same message at the same place is reported once (a missing glyph repeated
        // a thousand times is one problem).
        if !self.items.contains(&d) {
            self.items.push(d);
        }
    }

    /// Records a warning about another file (a book's chapter, its `book.yaml`).
    pub fn warn_in(&mut self, file: &str, line: usize, column: usize, message: impl Into<String>) {
        let d = Diagnostic {
            severity: Severity::Warning,
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        };
        if !self.items.contains(&d) {
            self.items.push(d);
        }
    }

    /// Moves every entry of `other` here, keeping the file names they carry (book mode
    /// collects each chapter's sink into the book's).
    pub fn append(&mut self, other: Diagnostics) {
        for d in other.items {
            if !self.items.contains(&d) {
                self.items.push(d);
            }
        }
    }

    /// All entries in the order they were found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// True when an error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
}

/// A short reason for a failed read: "not found", "permission denied", "is a directory", …
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "not found".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string().to_lowercase(),
    }
}

/// Quotes a piece of offending source for a message, shortened to 60 characters.
pub fn quote(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trimmed = one_line.trim();
    if trimmed.chars().count() > 60 {
        let head: String = trimmed.chars().take(57).collect();
        format!("\"{head}...\"")
    } else {
        format!("\"{trimmed}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_file_line_column() {
        let mut d = Diagnostics::new("post.md");
        d.warn(3, 7, "missing image \"a.png\"");
        d.warn(3, 7, "missing image \"a.png\"");
        assert_eq!(d.items().len(), 1);
        assert_eq!(
            d.items()[0].to_string(),
            "post.md:3:7: warning: missing image \"a.png\""
        );
    }

    #[test]
    fn quote_shortens() {
        assert_eq!(quote("a\nb"), "\"a b\"");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), 62);
    }
}
