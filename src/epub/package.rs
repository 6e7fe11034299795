//! Rewrites the ZIP container epub-builder produced into a deterministic, valid EPUB OCF
//! (EPUB 3.3 §4.2 "OCF ZIP container").
//!
//! Why a rewrite and not our own `epub_builder::Zip` implementation: in epub-builder 0.8.3 the
//! `Zip` trait lives in the private module `zip` and is not re-exported, so it cannot be named
//! outside the crate (`use epub_builder::zip::Zip` fails with E0603). Its `ZipLibrary` stamps
//! entries with the current time, and its OPF template has the `dc:language` id bug, so the
//! archive is read back and written again:
//! - `mimetype` first, stored (uncompressed), no extra field (OCF §4.2.2);
//! - every entry with the same fixed timestamp and permissions, compressed with deflate;
//!   entries in epub-builder's (deterministic) order;
//! - `OEBPS/content.opf` repaired: `<dc:language id="epub-creator-N">` clashes with the
//!   first author's `epub-creator-N` (EPUBCheck RSC-005); the language gets its own id;
//!   optionally a non-UUID identifier replaces the `urn:uuid:` value;
//! - `OEBPS/nav.xhtml` gets `xml:lang`/`lang` on `<html>` like the chapter;
//! - `OEBPS/toc.ncx` (NCX, OPF 2.0.1 §2.4.1) gets the `dtb:uid` that must equal the OPF
//!   identifier, the real `dtb:depth` (epub-builder always writes 1) and the book title as
//!   `docTitle` (epub-builder writes the TOC heading).

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::EpubError;
use super::xhtml::push_attr;

/// How to rewrite the archive.
pub(crate) struct Repack<'a> {
    /// Language tag written on the nav document.
    pub lang: &'a str,
    /// The one timestamp every entry gets.
    pub timestamp: DateTime,
    /// Replaces the generated `urn:uuid:…` identifier text (already a full identifier).
    pub identifier: Option<&'a str>,
    /// The identifier as finally written (for the NCX `dtb:uid`).
    pub uid: &'a str,
    /// Book title (NCX `docTitle`).
    pub title: &'a str,
    /// Book subtitle: a second `dc:title` refined as `title-type` `subtitle` (EPUB 3.3
    /// §5.5.3.2 / the `title-type` property).
    pub subtitle: Option<String>,
    /// Nesting depth of the navigation tree (NCX `dtb:depth`), at least 1.
    pub depth: usize,
}

const OPF: &str = "OEBPS/content.opf";
const NAV: &str = "OEBPS/nav.xhtml";
const NCX: &str = "OEBPS/toc.ncx";

/// Reads `raw` (a ZIP from epub-builder) and writes the final EPUB bytes.
pub(crate) fn repack(raw: &[u8], r: &Repack<'_>) -> Result<Vec<u8>, EpubError> {
    let mut archive = ZipArchive::new(Cursor::new(raw))?;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut f = archive.by_index(i)?;
        if f.is_dir() {
            continue;
        }
        let name = f.name().to_string();
        let mut data = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut data)?;
        if name == "mimetype" {
            continue;
        }
        let data = match name.as_str() {
            OPF => repair_opf(&utf8(&name, data)?, r)?.into_bytes(),
            NAV => add_html_lang(&utf8(&name, data)?, r.lang).into_bytes(),
            NCX => repair_ncx(&utf8(&name, data)?, r)?.into_bytes(),
            _ => data,
        };
        entries.push((name, data));
    }
    // container.xml right after mimetype, as readers that stream the archive expect.
    entries.sort_by_key(|(n, _)| n != "META-INF/container.xml");

    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(r.timestamp)
        .unix_permissions(0o644);
    w.start_file(
        "mimetype",
        base.compression_method(CompressionMethod::Stored),
    )?;
    w.write_all(b"application/epub+zip")?;
    let deflated = base.compression_method(CompressionMethod::Deflated);
    for (name, data) in &entries {
        w.start_file(name.as_str(), deflated)?;
        w.write_all(data)?;
    }
    Ok(w.finish()?.into_inner())
}

fn utf8(name: &str, data: Vec<u8>) -> Result<String, EpubError> {
    String::from_utf8(data).map_err(|_| EpubError::Internal(format!("{name} is not UTF-8")))
}

/// Fixes the OPF epub-builder 0.8.3 writes (see the module docs).
fn repair_opf(opf: &str, r: &Repack<'_>) -> Result<String, EpubError> {
    const BAD: &str = "<dc:language id=\"epub-creator-";
    if !opf.contains("<dc:language") {
        return Err(EpubError::Internal(
            "epub-builder wrote no dc:language".into(),
        ));
    }
    let mut s = opf.replace(BAD, "<dc:language id=\"epub-language-");
    if let Some(sub) = &r.subtitle {
        const TITLE: &str = "<dc:title>";
        let start = s
            .find(TITLE)
            .ok_or_else(|| EpubError::Internal("no dc:title in the OPF".into()))?;
        let end = start
            + s[start..]
                .find("</dc:title>")
                .ok_or_else(|| EpubError::Internal("unclosed dc:title".into()))?
            + "</dc:title>".len();
        let main = s[start + TITLE.len()..end - "</dc:title>".len()].to_string();
        let mut sub_text = String::new();
        super::xhtml::push_text(&mut sub_text, sub);
        let block = format!(
            "<dc:title id=\"title-main\">{main}</dc:title>\n    <meta refines=\"#title-main\" property=\"title-type\">main</meta>\n    <dc:title id=\"title-sub\">{sub_text}</dc:title>\n    <meta refines=\"#title-sub\" property=\"title-type\">subtitle</meta>"
        );
        s.replace_range(start..end, &block);
    }
    if let Some(id) = r.identifier {
        const OPEN: &str = "<dc:identifier id=\"epub-id-1\">";
        let start = s
            .find(OPEN)
            .ok_or_else(|| EpubError::Internal("no dc:identifier in the OPF".into()))?
            + OPEN.len();
        let end = start
            + s[start..]
                .find("</dc:identifier>")
                .ok_or_else(|| EpubError::Internal("unclosed dc:identifier".into()))?;
        let mut escaped = String::new();
        super::xhtml::push_text(&mut escaped, id);
        s.replace_range(start..end, &escaped);
    }
    Ok(s)
}

/// Fixes the NCX head and title (see the module docs).
fn repair_ncx(ncx: &str, r: &Repack<'_>) -> Result<String, EpubError> {
    const DEPTH: &str = "<meta name=\"dtb:depth\" content=\"1\" />";
    if !ncx.contains(DEPTH) {
        return Err(EpubError::Internal("unexpected toc.ncx head".into()));
    }
    let mut uid = String::new();
    push_attr(&mut uid, r.uid);
    let head = format!(
        "<meta name=\"dtb:uid\" content=\"{uid}\" />\n    <meta name=\"dtb:depth\" content=\"{}\" />",
        r.depth.max(1)
    );
    let mut s = ncx.replacen(DEPTH, &head, 1);
    let doc_title = s
        .find("<docTitle>")
        .and_then(|at| s[at..].find("<text>").map(|t| at + t + "<text>".len()))
        .and_then(|start| s[start..].find("</text>").map(|e| (start, start + e)));
    if let Some((start, end)) = doc_title {
        let mut t = String::new();
        super::xhtml::push_text(&mut t, r.title);
        s.replace_range(start..end, &t);
    }
    Ok(s)
}

/// Adds `xml:lang` and `lang` to the first `<html` tag (if it has none).
fn add_html_lang(doc: &str, lang: &str) -> String {
    let Some(at) = doc.find("<html ") else {
        return doc.to_string();
    };
    let tag_end = doc[at..].find('>').map_or(doc.len(), |e| at + e);
    if doc[at..tag_end].contains("lang=") {
        return doc.to_string();
    }
    let mut attrs = String::from("<html xml:lang=\"");
    push_attr(&mut attrs, lang);
    attrs.push_str("\" lang=\"");
    push_attr(&mut attrs, lang);
    attrs.push_str("\" ");
    let mut s = String::with_capacity(doc.len() + attrs.len());
    s.push_str(&doc[..at]);
    s.push_str(&attrs);
    s.push_str(&doc[at + "<html ".len()..]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opf_language_id_is_renamed() {
        let opf = "<dc:identifier id=\"epub-id-1\">urn:uuid:x</dc:identifier>\n<dc:language id=\"epub-creator-0\">ja</dc:language>\n<dc:creator id=\"epub-creator-0\">A</dc:creator>";
        let r = Repack {
            lang: "ja",
            timestamp: DateTime::default(),
            identifier: Some("isbn:978-4 & co"),
            uid: "isbn:978-4 & co",
            title: "A < B",
            subtitle: None,
            depth: 3,
        };
        let ncx = "<ncx>\n  <head>\n    <meta name=\"dtb:depth\" content=\"1\" />\n  </head>\n  <docTitle>\n    <text>Contents</text>\n  </docTitle>\n</ncx>";
        let fixed = repair_ncx(ncx, &r).unwrap();
        assert!(fixed.contains("<meta name=\"dtb:uid\" content=\"isbn:978-4 &amp; co\" />"));
        assert!(fixed.contains("content=\"3\""));
        assert!(fixed.contains("<text>A &lt; B</text>"));
        let out = repair_opf(opf, &r).unwrap();
        assert!(out.contains("<dc:language id=\"epub-language-0\">ja</dc:language>"));
        assert!(out.contains("<dc:creator id=\"epub-creator-0\">"));
        assert!(out.contains(">isbn:978-4 &amp; co</dc:identifier>"));
    }

    #[test]
    fn nav_gets_lang() {
        let s = add_html_lang("<html xmlns=\"x\">\n<body/></html>", "ko");
        assert!(s.starts_with("<html xml:lang=\"ko\" lang=\"ko\" xmlns=\"x\">"));
    }
}
