//! EPUB writer tests: real EPUBs built from the examples, validated with EPUBCheck and read
//! back with the `zip` crate.
//!
//! EPUBCheck runs as `java -jar /usr/share/java/epubcheck.jar` (override the jar with
//! `EPUBCHECK_JAR`). Without java or the jar the EPUBCheck part prints a loud SKIPPED line,
//! unless `INKBIND_REQUIRE_TOOLS=1`, which turns that into a failure.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use inkbind::diagnostics::Diagnostics;
use inkbind::document::{Block, Document, ParseOptions, parse_markdown};
use inkbind::epub::{EpubOptions, write_epub};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_source(src: &str, source_dir: &Path) -> (Document, Vec<u8>, Diagnostics) {
    let mut diags = Diagnostics::new("test.md");
    let doc = parse_markdown(src, &ParseOptions::default(), &mut diags);
    let opts = EpubOptions {
        source_dir: source_dir.to_path_buf(),
        source_date_epoch: None,
        ..Default::default()
    };
    let bytes = write_epub(&doc, &opts, &mut diags).expect("write_epub");
    (doc, bytes, diags)
}

fn build_example(name: &str) -> (Document, Vec<u8>, Diagnostics) {
    let path = manifest_dir().join("examples").join(name);
    let src = std::fs::read_to_string(&path).expect("example");
    build_source(&src, path.parent().unwrap())
}

fn epubcheck_jar() -> PathBuf {
    std::env::var_os("EPUBCHECK_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/epubcheck.jar"))
}

/// Runs EPUBCheck on `bytes` and asserts 0 errors and 0 warnings. Returns false when the
/// tool is not available (and the run was skipped).
fn assert_epubcheck_clean(bytes: &[u8], name: &str) -> bool {
    let jar = epubcheck_jar();
    let java_ok = Command::new("java")
        .arg("-version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !java_ok || !jar.exists() {
        if std::env::var("INKBIND_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!(
                "epubcheck not available (java or {}) and INKBIND_REQUIRE_TOOLS=1",
                jar.display()
            );
        }
        eprintln!(
            "\n*** SKIPPED: epubcheck not available (java or {}) ***\n",
            jar.display()
        );
        return false;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{name}.epub"));
    std::fs::write(&file, bytes).unwrap();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(&file)
        .output()
        .expect("run epubcheck");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("No errors or warnings detected"),
        "EPUBCheck failed for {name}:\n{text}"
    );
    true
}

fn entry(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut f = a.by_name(name).ok()?;
    let mut v = Vec::new();
    f.read_to_end(&mut v).unwrap();
    Some(v)
}

fn entry_text(bytes: &[u8], name: &str) -> String {
    String::from_utf8(entry(bytes, name).unwrap_or_else(|| panic!("{name} in package"))).unwrap()
}

fn entry_names(bytes: &[u8]) -> Vec<String> {
    let a = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    a.file_names().map(|s| s.to_string()).collect()
}

/// Text of the first `<tag ...>text</tag>` in `xml`, with the five XML entities undone.
fn element_text(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}");
    let start = xml.find(&open)?;
    let gt = start + xml[start..].find('>')? + 1;
    let end = gt + xml[gt..].find(&format!("</{tag}>"))?;
    Some(
        xml[gt..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

fn heading_ids(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading { id, .. } => out.push(id.clone()),
            Block::BlockQuote(bs) | Block::Alert { blocks: bs, .. } => heading_ids(bs, out),
            Block::List { items, .. } => {
                for i in items {
                    heading_ids(&i.blocks, out);
                }
            }
            _ => {}
        }
    }
}

fn check_example(name: &str) {
    let (doc, bytes, _diags) = build_example(name);
    assert_epubcheck_clean(&bytes, name);

    // OCF: mimetype first and stored.
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    {
        let first = a.by_index(0).unwrap();
        assert_eq!(first.name(), "mimetype");
        assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    }
    assert_eq!(entry_text(&bytes, "mimetype"), "application/epub+zip");

    // OPF metadata.
    let opf = entry_text(&bytes, "OEBPS/content.opf");
    let md = &doc.metadata;
    assert_eq!(
        element_text(&opf, "dc:title"),
        md.title.clone(),
        "{name}: dc:title"
    );
    assert_eq!(
        element_text(&opf, "dc:language"),
        md.lang.clone(),
        "{name}: dc:language"
    );
    assert!(opf.contains("urn:uuid:"), "{name}: identifier");
    for a in &md.authors {
        assert!(
            opf.contains(&format!(">{a}</dc:creator>")),
            "{name}: creator {a}"
        );
    }
    // epub-builder's duplicate id (RSC-005) is repaired.
    assert!(
        !opf.contains("<dc:language id=\"epub-creator-"),
        "{name}: language id"
    );

    // Chapter.
    let ch = entry_text(&bytes, "OEBPS/chapter.xhtml");
    assert!(
        !ch.contains("&lt;strong"),
        "{name}: escaped <strong> leaked as text"
    );
    assert!(
        !ch.contains("&lt;/strong"),
        "{name}: escaped </strong> leaked as text"
    );
    assert!(
        ch.contains("<strong>"),
        "{name}: inline HTML <strong> became an element"
    );
    let lang = md.lang.clone().unwrap();
    assert!(ch.contains(&format!("xml:lang=\"{lang}\" lang=\"{lang}\"")));
    let mut ids = Vec::new();
    heading_ids(&doc.blocks, &mut ids);
    assert!(!ids.is_empty());
    for id in &ids {
        assert!(
            ch.contains(&format!("id=\"{id}\"")),
            "{name}: heading id {id}"
        );
    }
    assert!(
        ch.contains("<aside epub:type=\"footnote\""),
        "{name}: footnote aside"
    );
    assert!(ch.contains("epub:type=\"noteref\" href=\"#fn-1\" id=\"fnref-1\""));

    // The image is in the package and referenced.
    let names = entry_names(&bytes);
    let img = names
        .iter()
        .find(|n| n.starts_with("OEBPS/images/") && n.ends_with(".png"))
        .unwrap_or_else(|| panic!("{name}: image in package: {names:?}"));
    let href = img.trim_start_matches("OEBPS/");
    assert!(
        ch.contains(&format!("<img src=\"{href}\"")),
        "{name}: <img> reference"
    );
    assert!(opf.contains(&format!("href=\"{href}\"")) && opf.contains("image/png"));
    assert_eq!(
        entry(&bytes, img).unwrap(),
        std::fs::read(manifest_dir().join("examples/images/pipeline.png")).unwrap()
    );

    // Navigation: the headings are in the nav document.
    let nav = entry_text(&bytes, "OEBPS/nav.xhtml");
    assert!(
        nav.contains(&format!("chapter.xhtml#{}", ids[0])),
        "{name}: nav entry"
    );
    let ncx = entry_text(&bytes, "OEBPS/toc.ncx");
    let uid = element_text(&opf, "dc:identifier").unwrap();
    assert!(
        ncx.contains(&format!("<meta name=\"dtb:uid\" content=\"{uid}\" />")),
        "{name}: NCX uid"
    );
    assert!(
        ncx.contains(&format!("chapter.xhtml#{}", ids[0])),
        "{name}: NCX entry"
    );
}

#[test]
fn ja_typesetting_validates() {
    check_example("ja-typesetting.md");
}

#[test]
fn zh_ci_pipeline_validates() {
    check_example("zh-ci-pipeline.md");
}

#[test]
fn ko_travel_notes_validates() {
    check_example("ko-travel-notes.md");
}

#[test]
fn en_release_notes_validates() {
    check_example("en-release-notes.md");
}

#[test]
fn builds_are_byte_identical() {
    let (_, a, _) = build_example("ja-typesetting.md");
    let (_, b, _) = build_example("ja-typesetting.md");
    assert!(a == b, "two builds differ");
    let opf = entry_text(&a, "OEBPS/content.opf");
    // No clock: dcterms:modified is the front-matter date.
    assert!(opf.contains("<meta property=\"dcterms:modified\">2026-02-14T00:00:00Z</meta>"));
}

#[test]
fn source_date_epoch_sets_modified() {
    let src = "---\ntitle: t\ndate: 2020-01-02\n---\n\nhello\n";
    let mut diags = Diagnostics::new("t.md");
    let doc = parse_markdown(src, &ParseOptions::default(), &mut diags);
    let opts = EpubOptions {
        source_dir: PathBuf::new(),
        source_date_epoch: Some(1_700_000_000),
        ..Default::default()
    };
    let bytes = write_epub(&doc, &opts, &mut diags).unwrap();
    let opf = entry_text(&bytes, "OEBPS/content.opf");
    assert!(opf.contains(">2023-11-14T22:13:20Z</meta>"), "{opf}");
    let a = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    drop(a);
    // The identifier comes from the front matter when given.
    let src = "---\ntitle: t\nidentifier: urn:isbn:9780000000002\n---\n\nhello\n";
    let doc = parse_markdown(src, &ParseOptions::default(), &mut diags);
    let bytes = write_epub(&doc, &opts, &mut diags).unwrap();
    let opf = entry_text(&bytes, "OEBPS/content.opf");
    assert!(
        opf.contains(">urn:isbn:9780000000002</dc:identifier>"),
        "{opf}"
    );
    assert_epubcheck_clean(&bytes, "isbn-identifier");
}

#[test]
fn missing_and_remote_images_warn_and_validate() {
    let dir = tempfile::tempdir().unwrap();
    let src = "---\ntitle: Missing image\nlang: en\n---\n\nIntro text.\n\nSee ![a missing diagram](nope/missing.png) here.\n\n![remote](https://example.com/x.png)\n";
    let (_, bytes, diags) = build_source(src, dir.path());
    let items = diags.items();
    let missing = items
        .iter()
        .find(|d| d.message.contains("missing.png"))
        .unwrap_or_else(|| panic!("missing-image warning: {items:?}"));
    assert_eq!((missing.line, missing.column), (8, 5), "{missing}");
    let remote = items
        .iter()
        .find(|d| d.message.contains("example.com"))
        .unwrap_or_else(|| panic!("remote-image warning: {items:?}"));
    assert_eq!((remote.line, remote.column), (10, 1), "{remote}");
    assert!(remote.message.contains("is remote and is not downloaded"));
    let ch = entry_text(&bytes, "OEBPS/chapter.xhtml");
    assert!(ch.contains("<span class=\"image-missing\">a missing diagram</span>"));
    assert!(!ch.contains("<img"), "no broken reference");
    assert!(!entry_names(&bytes).iter().any(|n| n.contains("images/")));
    assert_epubcheck_clean(&bytes, "missing-image");
}

#[test]
fn image_types_are_packaged_with_their_media_type() {
    let dir = tempfile::tempdir().unwrap();
    let png = std::fs::read(manifest_dir().join("examples/images/pipeline.png")).unwrap();
    // Named .jpg but really a PNG: the bytes decide.
    std::fs::write(dir.path().join("really-png.jpg"), &png).unwrap();
    std::fs::write(
        dir.path().join("d.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" viewBox=\"0 0 40 20\"><rect width=\"40\" height=\"20\" fill=\"#369\"/></svg>\n",
    )
    .unwrap();
    // Smallest valid GIF (1x1).
    let gif: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    std::fs::write(dir.path().join("dot.gif"), gif).unwrap();
    std::fs::write(dir.path().join("notes.txt.png"), "not an image").unwrap();
    std::fs::write(
        dir.path().join("evil.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("dtd.svg"),
        "<?xml version=\"1.0\" standalone=\"no\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"10\" height=\"10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>\n",
    )
    .unwrap();
    // 1x1 lossless WebP (the Modernizr probe image).
    let webp: &[u8] = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00";
    std::fs::write(dir.path().join("dot.webp"), webp).unwrap();
    let src = "# Images\n\n![png](really-png.jpg)\n\n![svg](d.svg \"An SVG\")\n\nInline ![gif](dot.gif) ![webp](dot.webp) and again ![png twice](really-png.jpg).\n\n![text](notes.txt.png)\n\n![evil](evil.svg) ![dtd](dtd.svg)\n";
    let (_, bytes, diags) = build_source(src, dir.path());
    let opf = entry_text(&bytes, "OEBPS/content.opf");
    assert!(opf.contains("href=\"images/image-1.png\""), "{opf}");
    assert!(
        opf.contains("image/svg+xml") && opf.contains("image/gif"),
        "{opf}"
    );
    // WebP (not a core media type before EPUB 3.3) is converted to PNG.
    assert!(!opf.contains("image/webp"), "{opf}");
    let webp_png = entry(&bytes, "OEBPS/images/image-4.png").expect("webp as png");
    assert!(webp_png.starts_with(b"\x89PNG"));
    // The SVG 1.1 DOCTYPE is dropped; a scripted SVG is not embedded.
    let dtd_svg = String::from_utf8(entry(&bytes, "OEBPS/images/image-5.svg").unwrap()).unwrap();
    assert!(
        !dtd_svg.contains("DOCTYPE") && dtd_svg.contains("<circle"),
        "{dtd_svg}"
    );
    assert!(
        diags
            .items()
            .iter()
            .any(|d| d.message.contains("evil.svg") && d.message.contains("script"))
    );
    let ch = entry_text(&bytes, "OEBPS/chapter.xhtml");
    assert_eq!(ch.matches("src=\"images/image-1.png\"").count(), 2);
    assert!(ch.contains("<figcaption>An SVG</figcaption>"));
    let bad = diags
        .items()
        .iter()
        .find(|d| d.message.contains("notes.txt.png"))
        .expect("warning for a non-image");
    assert_eq!(bad.line, 9);
    assert_epubcheck_clean(&bytes, "image-types");
}

#[test]
fn odd_inputs_validate() {
    let cases: &[(&str, &str)] = &[
        ("empty", ""),
        ("whitespace", "   \n\n  \n"),
        (
            "only-front-matter",
            "---\ntitle: Only front matter\nauthor: [A, B]\ntags: x, y\n---\n",
        ),
        ("empty-front-matter", "---\n---\n"),
        (
            "script",
            "---\ntitle: \"<script>alert('t')</script> & co\"\n---\n\n<script>alert(1)</script>\n\nText <script>x()</script> and <b onclick=\"x\">bold</b> <iframe src=\"x\"></iframe>\n\n<div><p>block html</p></div>\n",
        ),
        (
            "kitchen-sink",
            "---\ntitle: Kitchen sink\nlang: en_US\ndate: 2026-13-45\nidentifier: 123e4567-e89b-12d3-a456-426614174000\n---\n\n# 2026 plans\n\n## fn-1\n\n## \n\nSee [plans](#2026-plans), [the fn heading](#fn-1), [nowhere](#nope), [other](other.md), [js](javascript:alert(1)), [web](https://example.com/a b?x=1&y=2 \"t\\\"q\").\n\nCtrl chars: \u{1}\u{8}\u{b} ok. Ref[^a] twice[^a] and missing[^zz].\n\n[^a]: Note with [a link](https://example.com) and `code`.\n\n    indented code <b>\n\n```rust\nfn main() { println!(\"<strong>\"); }\n```\n\n```mermaid\ngraph TD\nA-->B\n```\n\n$$x^2$$ and $y$.\n\n> [!WARNING]\n> Careful <em>here</em>.\n\n> quote\n> > nested\n\n3. three\n4. four\n   - [x] done\n   - [ ] todo\n\n   loose para\n\n- [ ] alone\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | [x](https://x.org) |\n| only one |\n\n---\n\n[**link [nested](https://b.org)**](https://a.org)\n\n<span lang=\"ja\">日本語</span> <span lang=\"!!\">bad</span> <kbd>Ctrl</kbd> <mark>m</mark> <u>u</u> H<sub>2</sub>O x<sup>2</sup> ~~del~~\n",
        ),
        ("cjk-title-only-heading", "## 見出しだけ\n"),
    ];
    for (name, src) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (_, bytes, diags) = build_source(src, dir.path());
        let ch = entry_text(&bytes, "OEBPS/chapter.xhtml");
        assert!(!ch.contains("<script"), "{name}: script element");
        assert!(!ch.contains("onclick"), "{name}: event handler");
        if *name == "kitchen-sink" {
            assert!(ch.contains("<h1 id=\"h-2026-plans\">"), "{ch}");
            assert!(ch.contains("href=\"#h-2026-plans\""));
            assert!(ch.contains("id=\"fnref-1\"") && ch.contains("id=\"fnref-1-2\""));
            assert!(ch.contains("<ol start=\"3\">"));
            assert!(ch.contains("\u{2611}") && ch.contains("\u{2610}"));
            assert!(ch.contains("class=\"align-center\"") && ch.contains("class=\"align-right\""));
            assert!(ch.contains("<pre class=\"code\"><code class=\"language-rust\">"));
            assert!(ch.contains("&lt;strong&gt;"), "code keeps its text");
            assert!(!ch.contains("javascript:"));
            // The Mermaid flowchart is drawn: an SVG resource referenced by <img alt>.
            assert!(
                ch.contains("<img class=\"diagram\" src=\"images/diagram-1.svg\""),
                "{ch}"
            );
            assert!(entry(&bytes, "OEBPS/images/diagram-1.svg").is_some());
            assert!(!diags.items().iter().any(|d| d.message.contains("Mermaid")));
            let opf = entry_text(&bytes, "OEBPS/content.opf");
            assert!(opf.contains("urn:uuid:123e4567-e89b-12d3-a456-426614174000"));
            assert_eq!(element_text(&opf, "dc:language").as_deref(), Some("en-US"));
        }
        assert_epubcheck_clean(&bytes, name);
    }
}
