//! Loading a source file: bytes → text ([`decode_source`]) → [`Document`] ([`parse`]:
//! front matter and comrak, plus the warnings for a document with nothing to show).
//! [`load`] does both for a file.
//!
//! This is the document stage's entry point: the pipeline, book mode and the command line
//! all read Markdown through here, so every reader decodes and warns alike.

use std::path::Path;

use super::{Document, ParseOptions, parse_markdown};
use crate::diagnostics::Diagnostics;

/// Reads the file at `path` and parses it ([`decode_source`], then [`parse`]). Warnings go
/// to `diags` (whose file name the caller chose).
///
/// # Errors
/// The I/O error when the file cannot be read; decoding and parsing never fail.
pub fn load(path: &Path, diags: &mut Diagnostics) -> std::io::Result<Document> {
    let bytes = std::fs::read(path)?;
    let src = decode_source(&bytes, diags);
    Ok(parse(&src, diags))
}

/// Decodes file bytes as UTF-8. Invalid sequences become U+FFFD and one warning gives the
/// line and column of the first one; a UTF-8 byte-order mark is dropped.
pub fn decode_source(bytes: &[u8], diags: &mut Diagnostics) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            let bad = &bytes
                [e.valid_up_to()..(e.valid_up_to() + e.error_len().unwrap_or(1)).min(bytes.len())];
            let hex: Vec<String> = bad.iter().map(|b| format!("{b:02X}")).collect();
            diags.warn(
                line,
                column,
                format!(
                    "invalid UTF-8 (bytes {}); replaced with U+FFFD, the rest of the file is kept",
                    hex.join(" ")
                ),
            );
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// Parses Markdown text ([`parse_markdown`] with default options) and reports documents
/// with nothing to show: an empty file, or front matter with no body.
pub fn parse(src: &str, diags: &mut Diagnostics) -> Document {
    let doc = parse_markdown(src, &ParseOptions::default(), diags);
    if src.trim().is_empty() {
        diags.warn(1, 1, "the file is empty; the output has an empty page");
    } else if doc.blocks.is_empty() && doc.footnotes.is_empty() {
        let line = src.lines().count().max(1);
        diags.warn(line, 1, "the document has front matter but no body text");
    }
    doc
}
