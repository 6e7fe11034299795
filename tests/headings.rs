//! Heading attributes (`{#id}`, kramdown `{: #id}`) set the ids links and the outline use,
//! in the PDF and the EPUB, and never print.

mod common;

use common::*;
use std::io::Read;
use std::path::Path;

const SOURCE: &str = "---\ntitle: 見出しの属性\nlang: ja\n---\n\n\
## Intro\n\nはじめに。\n\n\
## 付録: チートシート {#cheat-sheet}\n\n本文。\n\n\
## 見出し {#concat .wide data-x=1}\n\n本文。\n\n\
## Kramdown の形 {: #kd}\n\n本文。\n\n\
## 次の行の形\n{: #nl .x}\n\n本文。\n\n\
## もう一つの導入 {#intro}\n\n本文。\n\n\
## 読めない属性 {#bad id!}\n\n\
[付録](#cheat-sheet)、[連結](#concat)、[kd](#kd)、[nl](#nl)、[導入](#intro)、[最初](#intro-1)。\n";

/// Writes the source, builds PDF and EPUB, returns (pdf, epub, stderr).
fn build(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let md = dir.join("attrs.md");
    std::fs::write(&md, SOURCE).unwrap();
    let pdf = dir.join("attrs.pdf");
    let o = inkbind([
        "build",
        md.to_str().unwrap(),
        "--to",
        "pdf,epub",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    (pdf, dir.join("attrs.epub"), err)
}

#[test]
fn attribute_blocks_set_ids_and_never_print() {
    let dir = tempdir();
    let (pdf, epub, err) = build(dir.path());
    // One warning, for the block that is not valid attribute syntax, with its position.
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].contains("attrs.md:31:") && warnings[0].contains("{#bad id!}"),
        "{err}"
    );

    // PDF: every one of the six links has a destination (the writer drops links to
    // unknown anchors), and no attribute text is printed.
    let doc = lopdf::Document::load(&pdf).unwrap();
    let mut dests = 0;
    for (_, page) in doc.get_pages() {
        for a in doc.get_page_annotations(page).unwrap_or_default() {
            if a.get(b"Dest").is_ok() {
                dests += 1;
            }
        }
    }
    assert_eq!(dests, 6, "internal links with a destination");
    if have("pdftotext") {
        let text = pdftotext(&pdf, None);
        assert!(!text.contains('{') && !text.contains('}'), "{text}");
        assert!(squash(&text).contains("付録:チートシート"), "{text}");
    }
    if have("qpdf") {
        let titles: Vec<String> = outline(&pdf).into_iter().map(|(t, ..)| t).collect();
        assert!(titles.contains(&"見出し".to_string()), "{titles:?}");
        assert!(titles.contains(&"次の行の形".to_string()), "{titles:?}");
        assert!(titles.iter().all(|t| !t.contains('{')), "{titles:?}");
    }

    // EPUB: the ids are the given ones and the links point at them.
    let bytes = std::fs::read(&epub).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xhtml = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") && !f.name().contains("nav") {
            f.read_to_string(&mut xhtml).unwrap();
        }
    }
    for id in ["cheat-sheet", "concat", "kd", "nl", "intro", "intro-1"] {
        assert!(xhtml.contains(&format!("id=\"{id}\"")), "id {id}:\n{xhtml}");
        assert!(xhtml.contains(&format!("href=\"#{id}\"")), "href {id}");
    }
    assert!(!xhtml.contains("{#") && !xhtml.contains("{:"), "{xhtml}");
    if have("java") && Path::new("/usr/share/java/epubcheck.jar").exists() {
        let out = run_ok(
            "java",
            &[
                "-jar",
                "/usr/share/java/epubcheck.jar",
                epub.to_str().unwrap(),
            ],
        );
        assert!(out.contains("No errors or warnings detected"), "{out}");
    } else if tools_required() {
        panic!("EPUBCheck is required (INKBIND_REQUIRE_TOOLS=1)");
    } else {
        eprintln!("\n*** SKIPPED: EPUBCheck (java, /usr/share/java/epubcheck.jar) ***\n");
    }
}
