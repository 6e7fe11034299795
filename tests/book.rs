//! Book mode: `inkbind book` on examples/blog/ (book.yaml) and on 10 files of the shared
//! corpus, read back from the EPUB: EPUBCheck 0 errors / 0 warnings, every chapter in the
//! nav, every link between chapters lands on an existing file and id. Plus the book
//! assembly rules (unique ids, rewritten links, warnings with positions, missing cover).
//!
//! The corpus is read from `CARGO_MANIFEST_DIR/../shared/corpus` (never copied here); when
//! it is missing the corpus test prints a loud SKIPPED line, or fails under
//! `INKBIND_REQUIRE_TOOLS=1`. EPUBCheck runs as `java -jar /usr/share/java/epubcheck.jar`
//! (override with `EPUBCHECK_JAR`), with the same SKIPPED rule.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use inkbind::book::{Book, BookOptions, Sort};
use inkbind::diagnostics::Diagnostics;
use inkbind::pipeline::{self, RenderOptions};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// EPUBCheck on a file: asserts 0 errors and 0 warnings; false when skipped.
fn epubcheck_clean(file: &Path) -> bool {
    let jar = std::env::var_os("EPUBCHECK_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/epubcheck.jar"));
    let java = Command::new("java")
        .arg("-version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !java || !jar.exists() {
        assert!(
            !tools_required(),
            "epubcheck ({}) required by INKBIND_REQUIRE_TOOLS=1",
            jar.display()
        );
        eprintln!("\n*** SKIPPED: epubcheck not available ***\n");
        return false;
    }
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(file)
        .output()
        .expect("run epubcheck");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("No errors or warnings detected"),
        "EPUBCheck failed for {}:\n{text}",
        file.display()
    );
    true
}

/// Every entry of the EPUB (name → bytes).
fn entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut m = BTreeMap::new();
    for i in 0..a.len() {
        let mut f = a.by_index(i).unwrap();
        let mut v = Vec::new();
        f.read_to_end(&mut v).unwrap();
        m.insert(f.name().to_string(), v);
    }
    m
}

fn text(m: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        m.get(name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone(),
    )
    .unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Values of `attr="…"` in an XML text.
fn attr_values(xml: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&pat) {
        let v = &rest[i + pat.len()..];
        let end = v.find('"').unwrap();
        out.push(unescape(&v[..end]));
        rest = &v[end..];
    }
    out
}

/// Checks every internal reference of the nav, the NCX and the chapters; returns how many
/// links between two different chapter files were followed.
fn check_links(m: &BTreeMap<String, Vec<u8>>) -> usize {
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, data) in m {
        if name.ends_with(".xhtml") {
            let t = String::from_utf8(data.clone()).unwrap();
            ids.insert(name.clone(), attr_values(&t, "id").into_iter().collect());
        }
    }
    let mut cross = 0;
    for (name, data) in m {
        let is_doc = name.ends_with(".xhtml");
        if !is_doc && !name.ends_with(".ncx") {
            continue;
        }
        let t = String::from_utf8(data.clone()).unwrap();
        let refs = if is_doc {
            let mut v = attr_values(&t, "href");
            v.extend(attr_values(&t, "src"));
            v
        } else {
            attr_values(&t, "src")
        };
        for r in refs {
            if r.starts_with("http:")
                || r.starts_with("https:")
                || r.starts_with("mailto:")
                || r.starts_with("tel:")
                || r.starts_with("ftp:")
            {
                continue;
            }
            let (file, frag) = match r.split_once('#') {
                Some((f, x)) => (f.to_string(), Some(x.to_string())),
                None => (r.clone(), None),
            };
            let target = if file.is_empty() {
                name.clone()
            } else {
                format!("OEBPS/{file}")
            };
            assert!(
                m.contains_key(&target),
                "{name}: reference {r:?} to a file not in the package"
            );
            if let Some(f) = frag {
                assert!(
                    ids.get(&target).is_some_and(|s| s.contains(&f)),
                    "{name}: reference {r:?}: no id {f:?} in {target}"
                );
            }
            if is_doc && target != *name && target.contains("chapter_") && name.contains("chapter_")
            {
                cross += 1;
            }
        }
    }
    cross
}

fn build_book(args: &[&str], out: &Path) -> (Vec<u8>, String) {
    let mut a: Vec<String> = vec!["book".into()];
    a.extend(args.iter().map(|s| s.to_string()));
    a.extend(["-o".into(), out.to_str().unwrap().into()]);
    let o = inkbind(&a);
    assert!(o.status.success(), "inkbind book failed:\n{}", stderr(&o));
    (std::fs::read(out).unwrap(), stderr(&o))
}

#[test]
fn blog_book_validates_and_links_resolve() {
    let dir = tempdir();
    let out = dir.path().join("blog.epub");
    let yaml = root().join("examples/blog/book.yaml");
    let (bytes, err) = build_book(&[yaml.to_str().unwrap()], &out);
    epubcheck_clean(&out);
    let m = entries(&bytes);
    // Seven posts, sorted by date, one file each, all in the nav with their front-matter
    // titles and nested headings.
    let nav = text(&m, "OEBPS/nav.xhtml");
    let titles = [
        "ブログを一冊の本にしてみる",
        "Choosing fonts for CJK text",
        "禁則処理のメモ",
        "Mermaid diagrams in print",
        "最初の一冊を刷るまで",
    ];
    let mut last = 0;
    for (i, t) in titles.iter().enumerate() {
        let at = nav
            .find(&format!("<a href=\"chapter_{}.xhtml\">{t}</a>", i + 1))
            .unwrap_or_else(|| panic!("nav lacks chapter {} {t}:\n{nav}", i + 1));
        assert!(at >= last, "chapters out of date order");
        last = at;
    }
    for n in 1..=7 {
        assert!(m.contains_key(&format!("OEBPS/chapter_{n}.xhtml")));
        assert!(nav.contains(&format!("href=\"chapter_{n}.xhtml\"")));
    }
    assert!(
        nav.contains("chapter_2.xhtml#the-shortlist"),
        "headings in nav"
    );
    let ncx = text(&m, "OEBPS/toc.ncx");
    let toc_nav = &nav[..nav.find("</nav>").unwrap()];
    assert_eq!(
        ncx.matches("<navPoint").count(),
        toc_nav.matches("<li>").count()
    );
    // Links between posts resolve, and there are many of them.
    let cross = check_links(&m);
    assert!(cross >= 18, "only {cross} links between chapters");
    let ch2 = text(&m, "OEBPS/chapter_2.xhtml");
    assert!(
        ch2.contains("href=\"chapter_1.xhtml#このシリーズの予定\""),
        "{ch2}"
    );
    // Chapter head: title, date, description; chapter language.
    assert!(ch2.contains("<h1 class=\"title\">Choosing fonts for CJK text</h1>"));
    assert!(ch2.contains("<time datetime=\"2026-01-26\">"));
    assert!(ch2.contains("class=\"description\""));
    assert!(ch2.contains("xml:lang=\"en\""));
    assert!(text(&m, "OEBPS/chapter_6.xhtml").contains("xml:lang=\"ko\""));
    // Cover page and cover image.
    let opf = text(&m, "OEBPS/content.opf");
    assert!(opf.contains("properties=\"cover-image\""), "{opf}");
    assert!(m.contains_key("OEBPS/cover.xhtml"));
    assert!(opf.contains("property=\"title-type\">subtitle</meta>"));
    assert!(opf.contains("urn:uuid:7c3e9a52-4b1d-4f8e-a6d2-93b05f1c8e47"));
    // Subset fonts, referenced from the CSS.
    let css = text(&m, "OEBPS/stylesheet.css");
    for r in ["JP", "KR", "SC"] {
        let f = format!("fonts/NotoSansCJK-{r}-subset.otf");
        assert!(css.contains(&f), "{f} not in the CSS");
        assert!(opf.contains(&format!("href=\"{f}\"")));
        assert!(m[&format!("OEBPS/{f}")].len() < 200_000);
    }
    assert!(opf.contains("media-type=\"font/otf\""));
    // The Mermaid flowchart: an SVG resource with its text as paths, <img> with alt text.
    let svg = text(&m, "OEBPS/images/diagram-1.svg");
    assert!(!svg.contains("<text") && svg.contains("<path"));
    assert!(
        opf.contains("href=\"images/diagram-1.svg\" ")
            || opf.contains("href=\"images/diagram-1.svg\"/>")
    );
    let ch4 = text(&m, "OEBPS/chapter_4.xhtml");
    let img = &ch4[ch4.find("<img class=\"diagram\"").expect("diagram img")..];
    let alt = attr_values(&img[..img.find("/>").unwrap()], "alt");
    assert!(!alt[0].trim().is_empty(), "diagram alt text");
    assert!(
        !ch4.contains("mermaid-source"),
        "diagram drawn, not shown as source"
    );
    // No cross-file link warnings: every link in the blog points into the book.
    assert!(!err.contains("not in the book"), "{err}");
}

#[test]
fn blog_book_is_deterministic_and_fonts_can_be_left_out() {
    let dir = tempdir();
    let yaml = root().join("examples/blog/book.yaml");
    let (a, _) = build_book(&[yaml.to_str().unwrap()], &dir.path().join("a.epub"));
    let (b, _) = build_book(&[yaml.to_str().unwrap()], &dir.path().join("b.epub"));
    assert!(a == b, "two builds differ");
    let (c, _) = build_book(
        &[yaml.to_str().unwrap(), "--no-embed-fonts"],
        &dir.path().join("c.epub"),
    );
    let m = entries(&c);
    assert!(!m.keys().any(|k| k.ends_with(".otf")));
    assert!(!text(&m, "OEBPS/stylesheet.css").contains("@font-face"));
    assert!(c.len() < a.len());
    // Diagrams as PNG.
    let png = dir.path().join("p.epub");
    let (p, _) = build_book(&[yaml.to_str().unwrap(), "--epub-diagrams", "png"], &png);
    epubcheck_clean(&png);
    let m = entries(&p);
    assert!(m["OEBPS/images/diagram-1.png"].starts_with(b"\x89PNG"));
    assert!(text(&m, "OEBPS/content.opf").contains("image/png"));
}

#[test]
fn corpus_book_of_ten_files() {
    let mut files = corpus_files();
    if files.len() < 10 {
        return;
    }
    files.truncate(10);
    let dir = tempdir();
    let out = dir.path().join("corpus.epub");
    let mut args: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
    args.extend([
        "--title",
        "Corpus sampler",
        "--author",
        "Various",
        "--to",
        "epub,pdf",
    ]);
    let (bytes, _) = build_book(&args, &out);
    // The PDF: one outline entry per chapter, internal links on real pages.
    let pdf = lopdf::Document::load(out.with_extension("pdf")).unwrap();
    let toc = pdf.get_toc().expect("outline");
    // Every chapter in the outline (at some level; the ignored test below checks that each
    // is at the top), internal links on real pages.
    let book =
        Book::from_files(&files, &BookOptions::default(), &mut Diagnostics::new("b")).unwrap();
    for ch in &book.chapters {
        assert!(
            toc.toc.iter().any(|t| t.title == ch.title),
            "outline lacks chapter {:?}",
            ch.title
        );
    }
    pdf_links(&pdf);
    epubcheck_clean(&out);
    let m = entries(&bytes);
    let nav = text(&m, "OEBPS/nav.xhtml");
    for n in 1..=10 {
        assert!(
            nav.contains(&format!("<a href=\"chapter_{n}.xhtml\">")),
            "chapter {n} not in the nav"
        );
    }
    check_links(&m);
}

/// Writes files into `dir`.
fn write_all(dir: &Path, files: &[(&str, &str)]) {
    for (name, body) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
}

#[test]
fn ids_are_unique_and_links_between_files_are_rewritten() {
    let dir = tempdir();
    let d = dir.path();
    write_all(
        d,
        &[
            (
                "a.md",
                "---\ntitle: Alpha\ndate: 2026-02-01\n---\n\n## Intro\n\nSee [b's intro](sub/b.md#intro), [b](./sub/b.md), [my intro](#intro),\n[missing](nowhere.md#x) and [bad anchor](sub/b.md#nope).\n",
            ),
            (
                "sub/b.md",
                "---\ntitle: Beta\ndate: 2026-01-01\n---\n\n## Intro\n\nBack to [a](../a.md#intro) and [upper case](../a.md#INTRO) and [gone](../a.md#gone).\n\n## chapter-1\n",
            ),
        ],
    );
    let mut diags = Diagnostics::new("book");
    let files = vec![d.join("a.md"), d.join("sub/b.md")];
    let book = Book::from_files(
        &files,
        &BookOptions {
            title: Some("T".into()),
            sort: Some(Sort::Date),
            ..Default::default()
        },
        &mut diags,
    )
    .unwrap();
    // Sorted by date: b first.
    assert_eq!(book.chapters[0].title, "Beta");
    assert_eq!(book.chapters[1].title, "Alpha");
    // Ids: chapter anchors, then headings; clashes get the chapter number.
    let ids: Vec<Vec<String>> = book
        .chapters
        .iter()
        .map(|c| {
            c.document
                .blocks
                .iter()
                .filter_map(|b| match b {
                    inkbind::document::Block::Heading { id, .. } => Some(id.clone()),
                    _ => None,
                })
                .collect()
        })
        .collect();
    assert_eq!(ids[0], vec!["intro", "chapter-1-1"]);
    assert_eq!(ids[1], vec!["intro-2"]);
    assert_eq!(book.chapter_of("intro-2"), Some(1));
    assert_eq!(book.chapter_of("chapter-2"), Some(1));
    let urls = |i: usize| -> Vec<String> {
        let mut v = Vec::new();
        fn walk(b: &[inkbind::document::Inline], v: &mut Vec<String>) {
            for i in b {
                if let inkbind::document::Inline::Link { url, content, .. } = i {
                    v.push(url.clone());
                    walk(content, v);
                }
            }
        }
        for b in &book.chapters[i].document.blocks {
            if let inkbind::document::Block::Paragraph { content, .. } = b {
                walk(content, &mut v);
            }
        }
        v
    };
    assert_eq!(
        urls(1),
        vec![
            "#intro",
            "#chapter-1",
            "#intro-2",
            "nowhere.md#x",
            "#chapter-1"
        ]
    );
    assert_eq!(urls(0), vec!["#intro-2", "#intro-2", "#chapter-2"]);
    // Warnings carry the chapter file, line and column.
    let msgs: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
    let a = d.join("a.md").display().to_string();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with(&format!("{a}:9:1: warning: link to \"nowhere.md#x\""))),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.starts_with(&format!("{a}:9:29:")) && m.contains("no heading")),
        "{msgs:#?}"
    );
    // The EPUB: the link to the file outside the book is plain text, the others resolve.
    let bytes = pipeline::book_to_epub(&book, &RenderOptions::default(), &mut diags).unwrap();
    let m = entries(&bytes);
    check_links(&m);
    let ch2 = text(&m, "OEBPS/chapter_2.xhtml");
    assert!(ch2.contains("href=\"chapter_1.xhtml#intro\""), "{ch2}");
    assert!(ch2.contains("href=\"#intro-2\""));
    assert!(ch2.contains("<span class=\"link\">missing</span>"));
    let file = dir.path().join("t.epub");
    std::fs::write(&file, &bytes).unwrap();
    epubcheck_clean(&file);
}

#[test]
fn book_yaml_globs_sort_and_missing_cover() {
    let dir = tempdir();
    let d = dir.path();
    write_all(
        d,
        &[
            (
                "book.yaml",
                "title: Globbed\nauthors: [A, B]\nlang: en\ncover: nope.png\nsort: title\nchapters:\n  - \"posts/*.md\"\n  - extra/z.md\n  - \"missing/*.md\"\n",
            ),
            ("posts/1.md", "---\ntitle: Zebra\n---\n\ntext\n"),
            ("posts/2.md", "# Apple\n\ntext\n"),
            ("posts/.hidden.md", "# Hidden\n"),
            ("extra/z.md", "no title at all\n"),
        ],
    );
    let out = d.join("g.epub");
    let (bytes, err) = build_book(&[d.join("book.yaml").to_str().unwrap()], &out);
    assert!(err.contains("book.yaml:4:1: warning: cover image"), "{err}");
    assert!(err.contains("\"missing/*.md\" matches no file"), "{err}");
    epubcheck_clean(&out);
    let m = entries(&bytes);
    assert!(!m.contains_key("OEBPS/cover.xhtml"));
    let nav = text(&m, "OEBPS/nav.xhtml");
    // Sorted by title: Apple, Zebra, z (file stem).
    let order: Vec<usize> = ["Apple", "Zebra", ">z<"]
        .iter()
        .map(|t| nav.find(t).unwrap_or_else(|| panic!("{t} in nav {nav}")))
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{nav}");
    assert!(!nav.contains("Hidden"));
    let opf = text(&m, "OEBPS/content.opf");
    assert!(opf.contains(">A</dc:creator>") && opf.contains(">B</dc:creator>"));
}

#[test]
fn raw_html_is_sanitised_in_the_epub() {
    let dir = tempdir();
    write_all(
        dir.path(),
        &[(
            "h.md",
            "---\ntitle: HTML\nlang: en\n---\n\n<div onclick=\"evil()\"><script>alert(1)</script>\n<details><summary>More</summary>\nHidden <b onmouseover=\"x()\">text</b> <blink>old</blink>\n</details>\n</div>\n\n<iframe src=\"https://x\"></iframe>\n",
        )],
    );
    let out = dir.path().join("h.epub");
    let o = inkbind([
        "build",
        dir.path().join("h.md").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    epubcheck_clean(&out);
    let m = entries(&std::fs::read(&out).unwrap());
    let x = text(&m, "OEBPS/chapter.xhtml");
    let lower = x.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{x}");
    assert!(!lower.contains("onclick") && !lower.contains("onmouseover"));
    assert!(!lower.contains("<iframe") && !lower.contains("<details"));
    assert!(x.contains("<p>More</p>"), "summary as a plain block: {x}");
    assert!(x.contains("<strong>text</strong>"));
}

/// Internal link annotations of a PDF: (page number the link is on, page it goes to), and
/// the number of external (URI) links.
fn pdf_links(doc: &lopdf::Document) -> (Vec<(u32, u32)>, usize) {
    use lopdf::Object;
    let pages = doc.get_pages();
    let page_of: BTreeMap<lopdf::ObjectId, u32> = pages.iter().map(|(n, id)| (*id, *n)).collect();
    let deref = |o: &Object| -> Object {
        match o {
            Object::Reference(r) => doc.get_object(*r).cloned().unwrap_or(Object::Null),
            other => other.clone(),
        }
    };
    let (mut internal, mut external) = (Vec::new(), 0);
    for (n, id) in &pages {
        let page = doc.get_dictionary(*id).unwrap();
        let Ok(annots) = page.get(b"Annots").map(&deref) else {
            continue;
        };
        for a in annots.as_array().cloned().unwrap_or_default() {
            let a = deref(&a);
            let Ok(d) = a.as_dict() else { continue };
            if d.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Link".as_slice()) {
                continue;
            }
            let dest = match d.get(b"Dest") {
                Ok(x) => Some(deref(x)),
                Err(_) => d
                    .get(b"A")
                    .map(&deref)
                    .ok()
                    .and_then(|a| a.as_dict().ok().and_then(|a| a.get(b"D").ok().map(&deref))),
            };
            match dest {
                Some(Object::Array(arr)) => {
                    let target = arr[0].as_reference().expect("explicit destination");
                    let to = *page_of.get(&target).unwrap_or_else(|| {
                        panic!("link on page {n} goes to a non-page {target:?}")
                    });
                    internal.push((*n, to));
                }
                Some(other) => panic!("page {n}: unsupported destination {other:?}"),
                None => external += 1,
            }
        }
    }
    (internal, external)
}

#[test]
fn blog_pdf_book_has_every_chapter_and_links_resolve() {
    let dir = tempdir();
    let yaml = root().join("examples/blog/book.yaml");
    let out = dir.path().join("blog.pdf");
    let o = inkbind([
        "book",
        yaml.to_str().unwrap(),
        "--to",
        "pdf,epub",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("blog.epub").is_file(), "both formats");
    if have("qpdf") {
        run_ok("qpdf", &["--check", out.to_str().unwrap()]);
    }
    let doc = lopdf::Document::load(&out).unwrap();
    let toc = doc.get_toc().expect("outline");
    let top: Vec<&str> = toc
        .toc
        .iter()
        .filter(|t| t.level == 1)
        .map(|t| t.title.as_str())
        .collect();
    for t in [
        "ブログを一冊の本にしてみる",
        "Choosing fonts for CJK text",
        "禁則処理のメモ",
        "Mermaid diagrams in print",
        "最初の一冊を刷るまで",
        "서울 북페어 후기",
    ] {
        assert!(top.contains(&t), "outline lacks chapter {t}: {top:?}");
    }
    assert!(
        toc.toc
            .iter()
            .any(|t| t.level == 2 && t.title == "The shortlist")
    );
    // Links between the posts (about 20) plus the contents page: all land on real pages, and
    // the cross-chapter ones go forwards and backwards.
    let (internal, _) = pdf_links(&doc);
    assert!(internal.len() >= 18, "{internal:?}");
    assert!(internal.iter().any(|(from, to)| to > from));
    assert!(internal.iter().any(|(from, to)| to < from));
}

/// Strict form of the corpus check: each chapter is a top-level outline entry, pointing at
/// the page where the chapter starts (read with `qpdf --json`: lopdf's outline reader
/// misreports levels and pages of deep outlines).
#[test]
fn corpus_pdf_book_outline_has_every_chapter_at_the_top() {
    if !have("qpdf") {
        return;
    }
    let mut files = corpus_files();
    if files.len() < 10 {
        return;
    }
    files.truncate(10);
    let dir = tempdir();
    let out = dir.path().join("c.pdf");
    let mut args: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
    args.extend(["--title", "Corpus sampler"]);
    build_book(&args, &out);
    let entries = outline(&out);
    let top_level = entries.iter().filter(|e| e.1 == 1).count();
    assert_eq!(top_level, 11, "ten chapters and the contents");
    run_ok("qpdf", &["--check", out.to_str().unwrap()]);
    let book =
        Book::from_files(&files, &BookOptions::default(), &mut Diagnostics::new("b")).unwrap();
    let top: Vec<&str> = entries
        .iter()
        .filter(|t| t.1 == 1)
        .map(|t| t.0.as_str())
        .collect();
    for ch in &book.chapters {
        assert!(
            top.contains(&ch.title.as_str()),
            "{:?} not at the top: {top:?}",
            ch.title
        );
    }
}

#[test]
fn book_usage_and_read_errors() {
    let dir = tempdir();
    let o = inkbind(["book", "a.yaml", "b.md"]);
    assert_eq!(o.status.code(), Some(2));
    // A chapter that cannot be read fails the book, naming the file.
    let a = root().join("examples/blog/2026-01-12-why-a-book.md");
    let missing = dir.path().join("missing.md");
    let o = inkbind([
        "book",
        a.to_str().unwrap(),
        missing.to_str().unwrap(),
        "-o",
        dir.path().join("m.epub").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "{}: error: cannot read the file",
            missing.display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("m.epub").exists());
}

/// A symlink loop under a `**` glob binds each file once (it used to follow the loop until
/// the path was too long: 41 chapters of one file); a file named twice explicitly is bound
/// once with a warning naming both paths, and a glob finding it again is silent.
#[cfg(unix)]
#[test]
fn globs_follow_no_directory_twice_and_bind_each_file_once() {
    let dir = tempdir();
    let d = dir.path();
    std::fs::create_dir(d.join("posts")).unwrap();
    std::fs::write(d.join("posts/one.md"), "---\ntitle: One\n---\n\nFirst.\n").unwrap();
    std::fs::write(d.join("posts/two.md"), "---\ntitle: Two\n---\n\nSecond.\n").unwrap();
    std::os::unix::fs::symlink("..", d.join("posts/loop")).unwrap();
    std::os::unix::fs::symlink("two.md", d.join("posts/zz-alias.md")).unwrap();
    let yaml = d.join("book.yaml");
    std::fs::write(
        &yaml,
        "title: Loop\nchapters: [posts/two.md, \"**/*.md\", posts/zz-alias.md, ./posts/two.md]\n",
    )
    .unwrap();
    let mut diags = Diagnostics::new("book.yaml");
    let book = Book::from_yaml(&yaml, &BookOptions::default(), &mut diags).unwrap();
    let titles: Vec<&str> = book.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Two", "One"]);
    let warnings: Vec<String> = diags.items().iter().map(|w| w.to_string()).collect();
    let two = d.join("posts/two.md").display().to_string();
    let again = |p: &str| {
        format!(
            "{}:2:1: warning: chapter \"{}\" is the same file as \"{two}\", listed before; it is bound once",
            yaml.display(),
            d.join(p).display()
        )
    };
    assert_eq!(
        warnings,
        [again("posts/zz-alias.md"), again("./posts/two.md")]
    );

    // The same on the command line: a file given twice (through a link) is one chapter.
    let files = [d.join("posts/one.md"), d.join("posts/loop/posts/one.md")];
    let mut diags = Diagnostics::new("b");
    let book = Book::from_files(&files, &BookOptions::default(), &mut diags).unwrap();
    assert_eq!(book.chapters.len(), 1);
    assert!(
        diags.items()[0].message.contains("is the same file as"),
        "{:?}",
        diags.items()
    );
}

/// `inkbind book` refuses an output that is one of the files it reads (a chapter given on
/// the command line or found through book.yaml, the yaml itself, the cover, also through
/// a link), before writing anything.
#[test]
fn book_output_that_is_an_input_is_refused() {
    let dir = tempdir();
    let d = dir.path();
    let md = "---\ntitle: Kept\n---\n\nBody.\n";
    std::fs::write(d.join("a.md"), md).unwrap();
    std::fs::write(d.join("b.md"), md).unwrap();
    let cover = std::fs::read(root().join("examples/blog/cover.png")).unwrap();
    std::fs::write(d.join("cover.png"), &cover).unwrap();
    let yaml = "title: T\ncover: cover.png\nchapters: [\"*.md\"]\n";
    std::fs::write(d.join("book.yaml"), yaml).unwrap();
    let mut cases = vec![
        ("book a.md -o a.md", "a.md", "a.md"),
        ("book book.yaml -o b.md", "b.md", "b.md"),
        ("book book.yaml -o book.yaml", "book.yaml", "book.yaml"),
        ("book book.yaml -o cover.png", "cover.png", "cover.png"),
        (
            "book a.md --cover cover.png --to epub -o cover.png",
            "cover.png",
            "cover.png",
        ),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("a.md", d.join("link.epub")).unwrap();
        cases.push(("book book.yaml -o link.epub", "link.epub", "a.md"));
    }
    for (args, output, input) in cases {
        assert_overwrite_refused(d, args, output, input);
        assert_eq!(std::fs::read_to_string(d.join("a.md")).unwrap(), md);
        assert_eq!(std::fs::read_to_string(d.join("b.md")).unwrap(), md);
        assert_eq!(std::fs::read_to_string(d.join("book.yaml")).unwrap(), yaml);
        assert_eq!(std::fs::read(d.join("cover.png")).unwrap(), cover);
    }
}
