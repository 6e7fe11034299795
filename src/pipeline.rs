//! The whole conversion for one document: source bytes → [`Document`] → PDF / EPUB bytes.
//! The CLI, the tests and the benchmarks all go through these functions.

use std::path::PathBuf;

use crate::diagnostics::Diagnostics;
use crate::document::{Document, ParseOptions, parse_markdown};
use crate::fonts::{FontError, Shaper};
use crate::layout::{LayoutOptions, layout_document};
use crate::pdf::{PdfError, write_pdf};
use crate::theme::Theme;

/// Settings shared by both backends.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Folder of the Markdown file (images resolve against it).
    pub source_dir: PathBuf,
    /// Page look for the PDF.
    pub theme: Theme,
    /// `SOURCE_DATE_EPOCH` (seconds, UTC) for reproducible timestamps.
    pub source_date_epoch: Option<i64>,
}

/// Why a document produced no output.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Fonts could not be loaded.
    #[error(transparent)]
    Font(#[from] FontError),
    /// The PDF writer failed.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The EPUB writer failed.
    #[error("EPUB writer: {0}")]
    Epub(String),
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

/// Parses Markdown and reports documents with nothing to show.
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

/// Lays out and writes a PDF; returns the bytes and the page count.
///
/// # Errors
/// [`RenderError::Font`] when fonts are missing, [`RenderError::Pdf`] when writing fails.
pub fn to_pdf(
    doc: &Document,
    opts: &RenderOptions,
    diags: &mut Diagnostics,
) -> Result<(Vec<u8>, usize), RenderError> {
    let mut shaper = Shaper::new()?;
    let lo = LayoutOptions {
        theme: opts.theme.clone(),
        source_dir: opts.source_dir.clone(),
        fonts: Default::default(),
    };
    let laid = layout_document(doc, &lo, &mut shaper, diags);
    let bytes = write_pdf(&laid, &doc.metadata, opts.source_date_epoch)?;
    Ok((bytes, laid.pages.len()))
}

/// Writes an EPUB 3 of the document.
///
/// # Errors
/// [`RenderError::Epub`] when packaging fails.
pub fn to_epub(
    doc: &Document,
    opts: &RenderOptions,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>, RenderError> {
    let eo = crate::epub::EpubOptions {
        source_dir: opts.source_dir.clone(),
        source_date_epoch: opts.source_date_epoch,
    };
    crate::epub::write_epub(doc, &eo, diags).map_err(|e| RenderError::Epub(e.to_string()))
}
