//! The whole conversion for one document: source bytes → [`Document`] → PDF / EPUB bytes.
//! The CLI, the tests and the benchmarks all go through these functions.

use std::path::PathBuf;

use crate::book::Book;
use crate::diagnostics::Diagnostics;
use crate::document::Document;
use crate::fonts::{FontError, Shaper};
use crate::layout::{LaidOut, LayoutOptions, layout_document};
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
    /// EPUB: leave the subset CJK font out (`--no-embed-fonts`). By default the EPUB embeds
    /// the subset of the bundled face its text uses.
    pub no_embed_fonts: bool,
    /// EPUB: Mermaid diagrams as PNG instead of SVG (`--epub-diagrams png`).
    pub epub_diagrams_png: bool,
    /// Where images may be read from (`--resource-path`, `--allow-outside`).
    pub resources: crate::resource::ResourcePolicy,
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

/// Source loading is the document stage's ([`crate::document::source`]); these stay here
/// for callers of the one-document pipeline.
pub use crate::document::{decode_source, parse};

/// Lays out and writes a PDF; returns the bytes and the page count.
///
/// # Errors
/// [`RenderError::Font`] when fonts are missing, [`RenderError::Pdf`] when writing fails.
pub fn to_pdf(
    doc: &Document,
    opts: &RenderOptions,
    diags: &mut Diagnostics,
) -> Result<(Vec<u8>, usize), RenderError> {
    let laid = layout(doc, opts, diags)?;
    let bytes = write_pdf(&laid, &doc.metadata, opts.source_date_epoch)?;
    Ok((bytes, laid.pages.len()))
}

/// Lays out a document into pages (the PDF's content before writing): theme with the
/// front matter's overrides, the theme's fonts, then [`layout_document`].
///
/// # Errors
/// [`RenderError::Font`] when the fonts cannot be loaded.
pub fn layout(
    doc: &Document,
    opts: &RenderOptions,
    diags: &mut Diagnostics,
) -> Result<LaidOut, RenderError> {
    let mut shaper = Shaper::new()?;
    let mut theme = opts.theme.clone();
    if let Err(e) = theme.apply_front_matter(&doc.metadata.extra) {
        let (line, col) = front_matter_key_position(&doc.source, &e);
        diags.warn(
            line,
            col,
            format!("front matter theme setting ignored: {e}"),
        );
        theme = opts.theme.clone();
    }
    let fonts = resolve_fonts(&theme, diags);
    shaper.set_extra_fallbacks(resolve_fallbacks(&theme, diags));
    let lo = LayoutOptions {
        theme,
        source_dir: opts.source_dir.clone(),
        fonts,
        resources: opts.resources.clone(),
    };
    Ok(layout_document(doc, &lo, &mut shaper, diags))
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
    crate::epub::write_epub(doc, &epub_options(opts), diags)
        .map_err(|e| RenderError::Epub(e.to_string()))
}

fn epub_options(opts: &RenderOptions) -> crate::epub::EpubOptions {
    crate::epub::EpubOptions {
        source_dir: opts.source_dir.clone(),
        source_date_epoch: opts.source_date_epoch,
        embed_fonts: !opts.no_embed_fonts,
        diagrams_png: opts.epub_diagrams_png,
        resources: opts.resources.clone(),
    }
}

/// Writes a [`Book`] as one EPUB 3 file (see [`crate::epub::write_epub_book`]).
/// `opts.source_dir` is not used: each chapter's images resolve against its own file.
///
/// # Errors
/// [`RenderError::Epub`] when packaging fails.
pub fn book_to_epub(
    book: &Book,
    opts: &RenderOptions,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>, RenderError> {
    crate::epub::write_epub_book(book, &epub_options(opts), diags)
        .map_err(|e| RenderError::Epub(e.to_string()))
}

/// Best-effort position of the front-matter key an error message names.
fn front_matter_key_position(src: &str, message: &str) -> (usize, usize) {
    for key in ["inkbind", "papersize", "page_size", "fontsize", "font_size"] {
        if (message.contains(key) || (key == "inkbind" && message.starts_with("inkbind")))
            && let Some(i) = src
                .lines()
                .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        {
            return (i + 1, 1);
        }
    }
    (2, 1)
}

/// The theme's `[fonts] fallback` families as faces (unknown ones are a warning).
fn resolve_fallbacks(
    theme: &crate::theme::Theme,
    diags: &mut Diagnostics,
) -> Vec<(crate::fonts::FaceKey, crate::fonts::FaceKey)> {
    theme
        .fonts
        .fallback
        .iter()
        .filter_map(|name| {
            let f = crate::fonts::resolve_family(name);
            if f.is_none() {
                diags.warn(
                    0,
                    0,
                    format!("theme fallback font {name:?} is not installed"),
                );
            }
            f
        })
        .collect()
}

/// The theme's font families as faces; an unknown family is a warning and the bundled
/// face is used instead.
pub fn resolve_fonts(
    theme: &crate::theme::Theme,
    diags: &mut Diagnostics,
) -> crate::layout::inline::FontChoice {
    let mut pick = |role: &str, name: &str| {
        if name.trim().is_empty() {
            return None;
        }
        let found = crate::fonts::resolve_family(name);
        if found.is_none() {
            diags.warn(0, 0, format!("theme font {role} = {name:?} is not installed; the bundled Noto Sans CJK is used"));
        }
        found
    };
    let f = &theme.fonts;
    crate::layout::inline::FontChoice {
        cjk: pick("body", &f.body),
        latin: pick("latin", &f.latin),
        mono: pick("mono", &f.mono),
        heading: pick("heading", &f.heading),
    }
}

/// Lays out and writes a [`Book`] as one PDF: title page, contents with page numbers,
/// chapters on new pages, running headers with the chapter title, outline of chapters →
/// headings. Returns the bytes and the page count.
///
/// # Errors
/// [`RenderError::Font`] when fonts are missing, [`RenderError::Pdf`] when writing fails.
pub fn book_to_pdf(
    book: &Book,
    opts: &RenderOptions,
    diags: &mut Diagnostics,
) -> Result<(Vec<u8>, usize), RenderError> {
    let mut shaper = Shaper::new()?;
    let mut theme = opts.theme.clone();
    if let Err(e) = theme.apply_front_matter(&book.metadata.extra) {
        diags.warn(0, 0, format!("book theme setting ignored: {e}"));
        theme = opts.theme.clone();
    }
    let fonts = resolve_fonts(&theme, diags);
    shaper.set_extra_fallbacks(resolve_fallbacks(&theme, diags));
    let lo = LayoutOptions {
        theme,
        source_dir: opts.source_dir.clone(),
        fonts,
        resources: opts.resources.clone(),
    };
    let laid = crate::layout::book::layout_book(book, &lo, &mut shaper, diags);
    let bytes = write_pdf(&laid, &book.metadata, opts.source_date_epoch)?;
    Ok((bytes, laid.pages.len()))
}

/// Output formats of [`render_mermaid`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagramFormat {
    /// SVG 1.1 with `<text>` labels in the bundled font family.
    Svg,
    /// PNG at 2× (resvg).
    Png,
    /// A one-page PDF, labels as real text.
    Pdf,
    /// The laid-out graph as JSON (nodes, edges, subgraphs, px).
    Json,
}

/// Draws one Mermaid flowchart in a format. Labels are measured with the bundled face of
/// `lang`. Parser warnings go to `diags` with the source's line and column.
///
/// # Errors
/// A message to print after the file name: `line:col: error: …` for a syntax error,
/// ` error: …` for an unsupported diagram type or a failure to write the format.
pub fn render_mermaid(
    src: &str,
    lang: &str,
    format: DiagramFormat,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>, String> {
    let m = crate::diagram::FontMeasure::new(lang).map_err(|e| format!(" error: {e}"))?;
    let opts = crate::mermaid::SvgOptions {
        font_family: m.family().to_string(),
        ..Default::default()
    };
    let r = crate::mermaid::render(src, &m, &opts).map_err(|e| match e {
        crate::mermaid::RenderError::Syntax(p) => {
            format!(
                "{}:{}: error: Mermaid syntax error: {} near {}",
                p.line,
                p.column,
                p.message,
                crate::diagnostics::quote(&p.near)
            )
        }
        other => format!(" error: {other}"),
    })?;
    for w in &r.warnings {
        diags.warn(w.line, w.column, w.message.clone());
    }
    for (line, col, msg) in crate::diagram::missing_glyph_warnings(&m.take_missing(), src, 1) {
        diags.warn(line, col, msg);
    }
    match format {
        DiagramFormat::Svg => Ok(r.svg.into_bytes()),
        DiagramFormat::Json => Ok(crate::mermaid::layout_json(&r.layout).into_bytes()),
        DiagramFormat::Png => crate::epub::diagram::convert(&r.svg, r.width_px, r.height_px, true)
            .map(|c| c.0)
            .map_err(|e| format!(" error: {e}")),
        DiagramFormat::Pdf => {
            let fontdb = crate::fonts::svg_fontdb().map_err(|e| format!(" error: {e}"))?;
            let uo = usvg::Options {
                fontdb,
                ..Default::default()
            };
            let (svg, simplified) = crate::diagram::simplify_emoji_sequences(&r.svg);
            if let Some(msg) = crate::diagram::simplified_warning(&simplified) {
                diags.warn(1, 1, msg);
            }
            let tree = usvg::Tree::from_str(&svg, &uo).map_err(|e| format!(" error: {e}"))?;
            crate::pdf::svg_page(&tree).map_err(|e| format!(" error: {e}"))
        }
    }
}
