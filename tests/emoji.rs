//! Emoji drawn by real glyphs of the bundled Noto Emoji, read back from the outputs: the
//! PDF's content streams (no .notdef, one glyph per sequence), pdffonts and pdftotext; the
//! EPUB's embedded subset (shaped again) and EPUBCheck; Mermaid labels.
//!
//! System fonts are switched off (`INKBIND_NO_SYSTEM_FONTS`) so the bundled faces alone
//! must draw everything, whatever the machine has installed.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{epubcheck, have, pdftotext, run_ok, squash, tempdir};

const FAMILY: &str = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
const THUMB: &str = "👍🏽";
const FLAG: &str = "🇯🇵";

/// The paragraph under test: seven emoji clusters.
fn paragraph() -> String {
    format!("Status ✅ ❌ 💎 🚀 family {FAMILY} thumb {THUMB} flag {FLAG} end.")
}

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_inkbind"))
        .args(args)
        .current_dir(dir)
        .env("INKBIND_NO_SYSTEM_FONTS", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run inkbind")
}

fn build(md: &str, dir: &Path, out: &str) -> (PathBuf, String) {
    let src = dir.join("post.md");
    std::fs::write(&src, md).unwrap();
    let o = run(&["build", "post.md", "-o", out], dir);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    (dir.join(out), err)
}

/// Glyph ids shown with each font (by BaseFont), from every page's content stream
/// (Identity-H: two bytes per glyph).
fn shown_glyphs(pdf: &Path) -> BTreeMap<String, Vec<u16>> {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let mut out: BTreeMap<String, Vec<u16>> = BTreeMap::new();
    for (_, page) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page).unwrap_or_default();
        let content = doc.get_and_decode_page_content(page).unwrap();
        let mut current = String::new();
        let push = |font: &str, bytes: &[u8], out: &mut BTreeMap<String, Vec<u16>>| {
            let ids = bytes
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]));
            out.entry(font.to_string()).or_default().extend(ids);
        };
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    let name = op.operands[0].as_name().unwrap();
                    current = fonts
                        .get(name)
                        .and_then(|f| f.get(b"BaseFont").ok())
                        .and_then(|b| b.as_name().ok())
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_default();
                }
                "Tj" => {
                    if let Ok(s) = op.operands[0].as_str() {
                        push(&current, s, &mut out);
                    }
                }
                "TJ" => {
                    for item in op.operands[0].as_array().unwrap() {
                        if let Ok(s) = item.as_str() {
                            push(&current, s, &mut out);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn pdf_draws_emoji_with_real_glyphs() {
    let dir = tempdir();
    let md = format!(
        "# Release ✅\n\n{}\n\n| State | Mark |\n| --- | --- |\n| done | ✅ |\n\n```text\nok ✅\n```\n",
        paragraph()
    );
    let (pdf, err) = build(&md, dir.path(), "post.pdf");
    assert!(!err.contains("no font has a glyph"), "{err}");
    let glyphs = shown_glyphs(&pdf);
    let emoji: Vec<_> = glyphs
        .iter()
        .filter(|(name, _)| name.contains("NotoEmoji"))
        .collect();
    assert_eq!(emoji.len(), 1, "fonts: {:?}", glyphs.keys());
    let ids = emoji[0].1;
    // Seven clusters in the paragraph (the family, the thumb and the flag one glyph each),
    // and one ✅ in the heading, the table and the code block.
    assert_eq!(ids.len(), 10, "{ids:?}");
    for (font, ids) in &glyphs {
        assert!(!ids.contains(&0), ".notdef drawn with {font}: {ids:?}");
    }
    if have("pdffonts") {
        let fonts = run_ok("pdffonts", &[pdf.to_str().unwrap()]);
        assert!(fonts.contains("NotoEmoji-Regular"), "{fonts}");
    }
    if have("pdftotext") {
        let text = squash(&pdftotext(&pdf, None));
        assert!(
            text.contains(&squash(&paragraph())),
            "{text}\nshould contain {}",
            paragraph()
        );
    }
}

#[test]
fn lines_never_break_inside_an_emoji_sequence() {
    let dir = tempdir();
    // A narrow table column forces breaks between the sequences.
    let cell = format!("{FAMILY}{FAMILY}{THUMB}{THUMB}{FLAG}{FLAG}").repeat(3);
    let md = format!(
        "| a | b |\n| --- | --- |\n| {cell} | {} |\n",
        "word ".repeat(60)
    );
    let (pdf, err) = build(&md, dir.path(), "post.pdf");
    assert!(!err.contains("no font has a glyph"), "{err}");
    let glyphs = shown_glyphs(&pdf);
    let emoji = glyphs
        .iter()
        .find(|(n, _)| n.contains("NotoEmoji"))
        .map(|(_, ids)| ids.len());
    assert_eq!(emoji, Some(18), "{glyphs:?}");
    if have("pdftotext") {
        let text = pdftotext(&pdf, None);
        for line in text.lines() {
            assert!(
                !line.starts_with('\u{200D}') && !line.starts_with('\u{1F3FD}'),
                "a line starts inside a sequence: {line:?}"
            );
        }
    }
}

#[test]
fn epub_embeds_an_emoji_subset_that_shapes_sequences() {
    let dir = tempdir();
    let md = format!("# Notes\n\n{}\n", paragraph());
    let (epub, err) = build(&md, dir.path(), "post.epub");
    assert!(!err.contains("no font has a glyph"), "{err}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut f = zip
            .by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the EPUB"));
        let mut v = Vec::new();
        f.read_to_end(&mut v).unwrap();
        v
    };
    let font = read("OEBPS/fonts/NotoEmoji-subset.ttf");
    let opf = String::from_utf8(read("OEBPS/content.opf")).unwrap();
    assert!(
        opf.contains("fonts/NotoEmoji-subset.ttf") && opf.contains("font/ttf"),
        "{opf}"
    );
    let css = String::from_utf8(read("OEBPS/stylesheet.css")).unwrap();
    assert!(
        css.contains("@font-face") && css.contains("inkbind Noto Emoji"),
        "{css}"
    );
    assert!(font.len() < 60_000, "subset is {} bytes", font.len());
    // A reader shaping with the subset gets one real glyph per cluster.
    let face = rustybuzz::Face::from_slice(&font, 0).expect("the subset parses");
    for cluster in ["✅", "❌", "💎", "🚀", FAMILY, THUMB, FLAG] {
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(cluster);
        let out = rustybuzz::shape(&face, &[], buf);
        let visible: Vec<u32> = out
            .glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .filter(|(_, p)| p.x_advance != 0)
            .map(|(i, _)| i.glyph_id)
            .collect();
        assert_eq!(visible.len(), 1, "{cluster:?}: {visible:?}");
        assert_ne!(visible[0], 0, "{cluster:?} is .notdef");
    }
    if let Some(report) = epubcheck(&epub) {
        assert!(
            report.contains("No errors or warnings detected"),
            "{report}"
        );
    }
}

#[test]
fn mermaid_labels_draw_emoji_and_warn_for_missing_scripts() {
    let dir = tempdir();
    let md = "# Diagram\n\n```mermaid\nflowchart LR\n  A[Launch 🚀] --> B[done ✅]\n  B --> C[مرحبا]\n```\n";
    let src = dir.path().join("post.md");
    std::fs::write(&src, md).unwrap();
    let o = run(
        &["build", "post.md", "--to", "pdf,epub", "-o", "post.pdf"],
        dir.path(),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let missing: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("no font has a glyph"))
        .collect();
    // Arabic (line 6 of the file) warns once; the emoji do not.
    assert_eq!(missing.len(), 1, "{err}");
    assert!(missing[0].starts_with("post.md:6:"), "{}", missing[0]);
    assert!(missing[0].contains("U+0645"), "{}", missing[0]);
    assert!(!err.contains("U+1F680") && !err.contains("U+2705"), "{err}");
    let glyphs = shown_glyphs(&dir.path().join("post.pdf"));
    let emoji = glyphs
        .iter()
        .find(|(n, _)| n.contains("NotoEmoji"))
        .map(|(_, ids)| ids.clone())
        .unwrap_or_default();
    assert_eq!(emoji.len(), 2, "🚀 and ✅ from Noto Emoji: {glyphs:?}");
    assert!(!emoji.contains(&0));
}
