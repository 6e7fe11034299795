//! EPUB 3 writer: [`Document`] → one `.epub` file in memory ([`write_epub`]), or a
//! [`Book`] → one `.epub` with a chapter file per Markdown file ([`write_epub_book`]).
//!
//! Follows EPUB 3.3 (W3C Recommendation, 2023) and is checked with EPUBCheck (0 errors,
//! 0 warnings). The package holds:
//! - `OEBPS/chapter.xhtml` (single document) or `OEBPS/chapter_N.xhtml` (book, N from 1):
//!   XHTML content documents written from the IR (never from comrak's HTML; see
//!   [`xhtml`](self) for the element mapping), each with the title block from its front
//!   matter (title, subtitle, author, date, description), EPUB 3 footnotes
//!   (`epub:type="noteref"` / `"footnote"`) with back links at the end, and
//!   `xml:lang`/`lang` from its language. Raw HTML never reaches them as HTML: the document
//!   builder keeps only the safe inline subset (scripts, event attributes, `iframe` & co.
//!   dropped with a warning, unknown tags shown as text, `<details>`/`<summary>` as plain
//!   blocks);
//! - `OEBPS/cover.xhtml` and `OEBPS/images/cover.ext` (manifest `cover-image`) when a book
//!   has a cover;
//! - `OEBPS/stylesheet.css`: `templates/epub.css`, compiled in, plus the `@font-face`
//!   rules of the embedded fonts;
//! - `OEBPS/fonts/NotoSansCJK-XX-subset.otf` ([`EpubOptions::embed_fonts`]): the glyphs the
//!   text uses, one face per CJK region present (see `fonts.rs`);
//! - `OEBPS/images/image-N.ext`: local images (PNG, JPEG, GIF, WebP → PNG, SVG; the type is
//!   read from the file's bytes), never fetched from the network; a book packages each file
//!   once;
//! - `OEBPS/images/diagram-N.svg` (or `.png`): Mermaid flowcharts drawn by
//!   [`crate::mermaid::render`], text turned into paths (see `diagram.rs`), shown with
//!   `<img alt="…">`;
//! - `OEBPS/nav.xhtml` (EPUB 3 navigation document: every chapter with its headings of the
//!   two highest levels nested below it, plus landmarks) and `OEBPS/toc.ncx` (EPUB 2
//!   readers);
//! - `OEBPS/content.opf`: title (and subtitle as a refined second `dc:title`), creators,
//!   language, date, description, subjects, identifier and `dcterms:modified`.
//!
//! Packaging uses epub-builder 0.8.3 (OPF, nav, NCX), then the ZIP is rewritten for
//! deterministic bytes and to repair the OPF (see `package.rs` for why the crate's `Zip`
//! trait could not be implemented instead). Same input and options → byte-identical output:
//! no clock, no random UUID; timestamps come from `SOURCE_DATE_EPOCH`
//! (reproducible-builds.org), else the document's (book's latest chapter's) date.

pub(crate) mod diagram;
mod fonts;
mod gsub;
mod package;
mod xhtml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};

use crate::book::Book;
use crate::diagnostics::{Diagnostics, quote};
use crate::document::{Block, Document, Inline, Metadata};

/// The stylesheet every EPUB carries (`templates/epub.css`).
pub const STYLESHEET: &str = include_str!("../../templates/epub.css");

/// Options for [`write_epub`] and [`write_epub_book`].
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// Directory that relative image paths are resolved against: the Markdown file's
    /// directory. Empty means the current directory. (Book chapters use their own file's
    /// directory.)
    pub source_dir: PathBuf,
    /// `SOURCE_DATE_EPOCH` (seconds since 1970-01-01 UTC, see reproducible-builds.org):
    /// when set it becomes `dcterms:modified` and the ZIP entries' timestamp. Else the
    /// document's date at 00:00:00Z is used, else 1980-01-01T00:00:00Z.
    pub source_date_epoch: Option<i64>,
    /// Embed the subset of the bundled Noto Sans CJK face(s) the text uses (OpenType/CFF,
    /// `fonts/*.otf`, referenced from `@font-face` in the stylesheet). Off by default in the
    /// library; the `inkbind` command turns it on unless `--no-embed-fonts`.
    pub embed_fonts: bool,
    /// Mermaid diagrams as PNG (rasterised) instead of SVG resources.
    pub diagrams_png: bool,
    /// Where images may be read from (`--resource-path`, `--allow-outside`).
    pub resources: crate::resource::ResourcePolicy,
}

/// Why an EPUB could not be written. Problems inside the document (a missing image, an
/// unknown link target) are never errors: they are warnings in the [`Diagnostics`] sink.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// epub-builder failed to render the OPF, nav or NCX, or to zip them.
    #[error("EPUB packaging failed: {0}")]
    Builder(#[from] epub_builder::Error),
    /// Reading back or writing the ZIP container failed.
    #[error("EPUB ZIP container: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// An in-memory write failed.
    #[error("EPUB writing: {0}")]
    Io(#[from] std::io::Error),
    /// epub-builder's output did not look as expected (a bug or a changed dependency).
    #[error("EPUB writer internal error: {0}")]
    Internal(String),
}

/// Writes `doc` as an EPUB 3 file and returns its bytes.
///
/// Warnings (with the Markdown line and column where known) go to `diags`: images that are
/// remote (never fetched), missing or of an unsupported type are replaced by their alt text
/// in a framed span; links that cannot resolve inside the book become plain text; Mermaid
/// diagrams and math are shown as source. The result validates with EPUBCheck whatever the
/// input.
///
/// # Errors
/// Only when packaging itself fails ([`EpubError`]); never because of document content.
pub fn write_epub(
    doc: &Document,
    opts: &EpubOptions,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>, EpubError> {
    let md = &doc.metadata;
    let lang = book_lang(md.lang.as_deref(), diags);
    let meta_title = md
        .title
        .as_deref()
        .map(|t| xhtml::clean_text(t).trim().to_string())
        .filter(|t| !t.is_empty());
    let show_title = meta_title.is_some();
    let title = meta_title
        .or_else(|| first_heading(&doc.blocks))
        .unwrap_or_else(|| "Untitled".to_string());

    let mut ids = xhtml::IdMap::new();
    xhtml::assign_ids(doc, xhtml::CHAPTER_FILE, &mut BTreeSet::new(), &mut ids);
    let mut store = xhtml::ImageStore::default();
    let chapter = xhtml::write_chapter(
        doc,
        &xhtml::ChapterMeta {
            lang: &lang,
            title: &title,
            show_title,
            file: xhtml::CHAPTER_FILE,
            section_id: None,
        },
        opts,
        &mut xhtml::Shared {
            ids: &ids,
            images: &mut store,
            quiet_file_links: false,
        },
        diags,
    );
    let part = Part {
        file: xhtml::CHAPTER_FILE.to_string(),
        title: title.clone(),
        lang: lang.clone(),
        xhtml: chapter.xhtml,
        toc: chapter.toc,
    };
    package(md, title, lang, vec![part], store, None, opts)
}

/// Writes a [`Book`] as one EPUB 3 file: `OEBPS/chapter_N.xhtml` per chapter (N from 1,
/// each with the chapter title, author, date and description under the chapter heading,
/// in the chapter's own language), a cover page (`cover.xhtml`) when the book has a cover
/// image, a nav document and an NCX listing every chapter with its headings (two levels).
/// Links between chapters (already `#id` after [`Book`] assembly) become
/// `chapter_N.xhtml#id`; images shared by chapters are packaged once.
///
/// Warnings of a chapter carry the chapter's file name.
///
/// # Errors
/// Only when packaging itself fails ([`EpubError`]).
pub fn write_epub_book(
    book: &Book,
    opts: &EpubOptions,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>, EpubError> {
    let md = &book.metadata;
    let lang = book_lang(md.lang.as_deref(), diags);
    let title = xhtml::clean_text(book.title()).trim().to_string();
    let title = if title.is_empty() {
        "Untitled".to_string()
    } else {
        title
    };
    let files: Vec<String> = (1..=book.chapters.len())
        .map(|i| format!("chapter_{i}.xhtml"))
        .collect();
    let mut ids = xhtml::IdMap::new();
    let mut used = BTreeSet::new();
    for (ch, file) in book.chapters.iter().zip(&files) {
        used.insert(ch.id.clone());
        ids.insert(ch.id.clone(), (file.clone(), String::new()));
    }
    for (ch, file) in book.chapters.iter().zip(&files) {
        xhtml::assign_ids(&ch.document, file, &mut used, &mut ids);
    }
    let mut store = xhtml::ImageStore::default();
    let mut parts = Vec::with_capacity(book.chapters.len());
    for (ch, file) in book.chapters.iter().zip(&files) {
        let mut cd = Diagnostics::new(ch.source_path.display().to_string());
        let ch_lang = match ch.document.metadata.lang.as_deref() {
            Some(l) => xhtml::valid_lang(l).unwrap_or_else(|| lang.clone()),
            None => lang.clone(),
        };
        let ch_title = xhtml::clean_text(&ch.title).trim().to_string();
        let copts = EpubOptions {
            source_dir: ch
                .source_path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            ..opts.clone()
        };
        let chapter = xhtml::write_chapter(
            &ch.document,
            &xhtml::ChapterMeta {
                lang: &ch_lang,
                title: &ch_title,
                show_title: ch.show_title,
                file,
                section_id: Some(&ch.id),
            },
            &copts,
            &mut xhtml::Shared {
                ids: &ids,
                images: &mut store,
                quiet_file_links: true,
            },
            &mut cd,
        );
        diags.append(cd);
        // A chapter titled by its first heading: that heading is the chapter's nav entry,
        // so its sub-headings move up instead of repeating it.
        let mut toc = chapter.toc;
        if !ch.show_title && toc.first().is_some_and(|e| e.title == ch_title) {
            let first = toc.remove(0);
            toc.splice(0..0, first.children);
        }
        parts.push(Part {
            file: file.clone(),
            title: if ch_title.is_empty() {
                format!("{}", parts.len() + 1)
            } else {
                ch_title
            },
            lang: ch_lang,
            xhtml: chapter.xhtml,
            toc,
        });
    }
    let cover = match md.cover.as_deref() {
        Some(c) => read_cover(Path::new(c), diags),
        None => None,
    };
    package(md, title, lang, parts, store, cover, opts)
}

/// One content document of the package.
struct Part {
    file: String,
    title: String,
    lang: String,
    xhtml: String,
    toc: Vec<xhtml::TocEntry>,
}

/// A cover image: bytes, media type, extension.
type Cover = (Vec<u8>, &'static str, &'static str);

/// The cover, loaded with the limits of [`crate::resource::image::load_file`] (the verdict and
/// wording the PDF book gets); EPUB 3.3 §5.4 wants a core raster type for it.
fn read_cover(path: &Path, diags: &mut Diagnostics) -> Option<Cover> {
    use crate::resource::image::{ImageFormat, ImageKind};
    let shown = path.display().to_string();
    let img = match crate::resource::image::load_file(path, None) {
        Ok(img) => img,
        Err(why) => {
            diags.warn(0, 0, crate::document::cover_warning(&shown, &why));
            return None;
        }
    };
    match img.kind {
        ImageKind::Raster {
            format: f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif),
            ..
        } => {
            let bytes = std::sync::Arc::try_unwrap(img.bytes).unwrap_or_else(|b| b.to_vec());
            Some((bytes, f.media_type(), f.extension()))
        }
        _ => {
            let why = "is not a PNG, JPEG or GIF file";
            diags.warn(0, 0, crate::document::cover_warning(&shown, why));
            None
        }
    }
}

/// The package language: a valid BCP 47 tag, else "und" with a warning.
fn book_lang(lang: Option<&str>, diags: &mut Diagnostics) -> String {
    match lang {
        Some(l) => xhtml::valid_lang(l).unwrap_or_else(|| {
            diags.warn(
                0,
                0,
                format!(
                    "language {} is not a BCP 47 tag; the EPUB says \"und\" (undetermined)",
                    quote(l)
                ),
            );
            "und".to_string()
        }),
        None => "und".to_string(),
    }
}

/// Packages content documents, images, an optional cover and (optionally) subset fonts
/// into the final EPUB bytes.
fn package(
    md: &Metadata,
    title: String,
    lang: String,
    parts: Vec<Part>,
    store: xhtml::ImageStore,
    cover: Option<Cover>,
    opts: &EpubOptions,
) -> Result<Vec<u8>, EpubError> {
    let authors: Vec<String> = md
        .authors
        .iter()
        .map(|a| xhtml::clean_text(a).trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    let published = md.date_ymd().and_then(|(y, m, d)| {
        chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
            .and_then(|nd| nd.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
    });
    let modified = opts
        .source_date_epoch
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .or(published)
        .unwrap_or_else(|| {
            chrono::NaiveDate::from_ymd_opt(1980, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
                .unwrap_or_default()
        });
    let (uuid, identifier) = identifier(md, &title, &authors);

    let mut b = EpubBuilder::new(ZipLibrary::new()?)?;
    b.epub_version(EpubVersion::V30);
    b.set_title(title.as_str());
    b.add_language(lang.as_str());
    for a in &authors {
        b.add_author(a.as_str());
    }
    if let Some(d) = md.description.as_deref().map(xhtml::clean_text)
        && !d.trim().is_empty()
    {
        b.add_description(d.trim());
    }
    for t in &md.tags {
        let t = xhtml::clean_text(t);
        if !t.trim().is_empty() {
            b.add_subject(t.trim());
        }
    }
    b.set_generator(format!("inkbind {}", env!("CARGO_PKG_VERSION")));
    b.set_toc_name(toc_name(&lang));
    b.set_uuid(uuid);
    b.set_modified_date(modified);
    if let Some(p) = published {
        b.set_publication_date(p);
    }
    let mut css = STYLESHEET.to_string();
    css.push_str(&store.code_css());
    if opts.embed_fonts {
        // The nav document uses the stylesheet too: its heading and entries need glyphs.
        let mut nav_text = String::from("<body>");
        xhtml::push_text(&mut nav_text, toc_name(&lang));
        for p in &parts {
            xhtml::push_text(&mut nav_text, &p.title);
            fn walk(out: &mut String, v: &[xhtml::TocEntry]) {
                for e in v {
                    xhtml::push_text(out, &e.title);
                    walk(out, &e.children);
                }
            }
            walk(&mut nav_text, &p.toc);
        }
        let mut texts: Vec<(&str, &str)> = parts
            .iter()
            .map(|p| (p.lang.as_str(), p.xhtml.as_str()))
            .collect();
        texts.push((lang.as_str(), nav_text.as_str()));
        let embedded = fonts::subset_fonts(&texts)?;
        for f in &embedded.files {
            b.add_resource(f.href.as_str(), f.bytes.as_slice(), f.media_type)?;
        }
        css.push_str(&embedded.css);
    }
    b.stylesheet(css.as_bytes())?;
    for img in &store.images {
        b.add_resource(img.href.as_str(), img.bytes.as_slice(), img.media_type)?;
    }
    if let Some((bytes, media_type, ext)) = &cover {
        let href = format!("images/cover.{ext}");
        b.add_cover_image(href.as_str(), bytes.as_slice(), *media_type)?;
        let page = cover_page(&lang, &title, &href);
        b.add_content(
            EpubContent::new("cover.xhtml", page.as_bytes()).reftype(ReferenceType::Cover),
        )?;
    }
    let mut depth = 1;
    for part in &parts {
        let mut content = EpubContent::new(part.file.as_str(), part.xhtml.as_bytes())
            .title(part.title.as_str())
            .reftype(ReferenceType::Text);
        for e in &part.toc {
            content = content.child(toc_element(&part.file, e, 2));
            depth = depth.max(if e.children.is_empty() { 2 } else { 3 });
        }
        b.add_content(content)?;
    }
    let mut raw = Vec::new();
    b.generate(&mut raw)?;

    let uid = identifier
        .clone()
        .unwrap_or_else(|| format!("urn:uuid:{uuid}"));
    package::repack(
        &raw,
        &package::Repack {
            lang: &lang,
            timestamp: zip_time(modified),
            identifier: identifier.as_deref(),
            uid: &uid,
            title: &title,
            subtitle: md
                .subtitle
                .as_deref()
                .map(xhtml::clean_text)
                .filter(|s| !s.trim().is_empty()),
            depth,
        },
    )
}

/// The cover page: the image alone, scaled to the screen.
fn cover_page(lang: &str, title: &str, href: &str) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"",
    );
    xhtml::push_attr(&mut s, lang);
    s.push_str("\" lang=\"");
    xhtml::push_attr(&mut s, lang);
    s.push_str("\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    xhtml::push_text(&mut s, title);
    s.push_str("</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body class=\"cover\">\n<section epub:type=\"cover\" class=\"cover\">\n<img class=\"cover-image\" src=\"");
    xhtml::push_attr(&mut s, href);
    s.push_str("\" alt=\"");
    xhtml::push_attr(&mut s, title);
    s.push_str("\"/>\n</section>\n</body>\n</html>\n");
    s
}

/// Plain text of the first heading anywhere at the top level.
fn first_heading(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|b| match b {
        Block::Heading { content, .. } => {
            let t = xhtml::clean_text(&Inline::plain_text(content))
                .trim()
                .to_string();
            (!t.is_empty()).then_some(t)
        }
        _ => None,
    })
}

fn toc_element(file: &str, e: &xhtml::TocEntry, level: i32) -> TocElement {
    let mut t = TocElement::new(format!("{file}#{}", e.id), e.title.as_str()).level(level);
    for c in &e.children {
        t = t.child(toc_element(file, c, level + 1));
    }
    t
}

/// Title of the navigation document in the book's language.
fn toc_name(lang: &str) -> &'static str {
    let l = lang.to_ascii_lowercase();
    if l.starts_with("ja") {
        "目次"
    } else if l.starts_with("ko") {
        "목차"
    } else if l.starts_with("zh") {
        if l.contains("hant") || l.ends_with("-tw") || l.ends_with("-hk") || l.ends_with("-mo") {
            "目錄"
        } else {
            "目录"
        }
    } else {
        "Contents"
    }
}

/// The book's UUID, and the identifier text to write instead of `urn:uuid:…` when front
/// matter gives an `identifier`/`uuid` that is not a UUID (e.g. an ISBN URN).
///
/// Without one, the UUID is derived from title, authors and date with 128-bit FNV-1a
/// (version 8 "custom" UUID, RFC 9562 §5.8): stable across runs and platforms.
fn identifier(md: &Metadata, title: &str, authors: &[String]) -> (uuid::Uuid, Option<String>) {
    let given = ["identifier", "uuid"]
        .iter()
        .filter_map(|k| md.extra.get(*k).and_then(|v| v.as_text()))
        .map(|s| xhtml::clean_text(&s).trim().to_string())
        .find(|s| !s.is_empty());
    if let Some(g) = given {
        return match parse_uuid(&g) {
            Some(u) => (u, None),
            None => (hash_uuid(&g), Some(g)),
        };
    }
    let key = format!(
        "{title}\u{1f}{}\u{1f}{}",
        authors.join("\u{1e}"),
        md.date.as_deref().unwrap_or("")
    );
    (hash_uuid(&key), None)
}

fn parse_uuid(s: &str) -> Option<uuid::Uuid> {
    let t = s.strip_prefix("urn:uuid:").unwrap_or(s);
    let hex: String = t.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(&hex, 16)
        .ok()
        .map(uuid::Uuid::from_u128)
}

fn hash_uuid(key: &str) -> uuid::Uuid {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for b in key.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    let mut bytes = h.to_be_bytes();
    bytes[6] = (bytes[6] & 0x0F) | 0x80; // version 8
    bytes[8] = (bytes[8] & 0x3F) | 0x80; // RFC 9562 variant
    uuid::Uuid::from_bytes(bytes)
}

/// ZIP (MS-DOS) timestamp for `t`; DOS time cannot go below 1980 or above 2107.
fn zip_time(t: chrono::DateTime<chrono::Utc>) -> zip::DateTime {
    use chrono::{Datelike, Timelike};
    if t.year() < 1980 {
        return zip::DateTime::default();
    }
    zip::DateTime::from_date_and_time(
        t.year().min(2107) as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_and_parsed() {
        let a = hash_uuid("t\u{1f}a\u{1f}2026-01-01");
        assert_eq!(a, hash_uuid("t\u{1f}a\u{1f}2026-01-01"));
        assert_ne!(a, hash_uuid("t\u{1f}a\u{1f}2026-01-02"));
        assert_eq!(a.get_version_num(), 8);
        let u = parse_uuid("urn:uuid:123e4567-e89b-12d3-a456-426614174000").unwrap();
        assert_eq!(u.to_string(), "123e4567-e89b-12d3-a456-426614174000");
        assert!(parse_uuid("isbn:9784000000000").is_none());
    }

    #[test]
    fn toc_names() {
        assert_eq!(toc_name("zh-Hant"), "目錄");
        assert_eq!(toc_name("zh-Hans"), "目录");
        assert_eq!(toc_name("ja"), "目次");
        assert_eq!(toc_name("en"), "Contents");
    }
}
