//! The PDFs of the example articles, read back the way a reader and a validator see them.

mod common;

use common::*;
use inkbind::diagnostics::Diagnostics;
use inkbind::document::{Block, Document, Inline, parse_markdown};
use std::path::{Path, PathBuf};

fn parse(path: &Path) -> Document {
    let src = std::fs::read_to_string(path).unwrap();
    let mut d = Diagnostics::new("t");
    parse_markdown(&src, &Default::default(), &mut d)
}

/// Text of inlines as the PDF shows it (footnote references as their numbers, inline images
/// as `[alt]`).
fn shown_text(v: &[Inline], out: &mut String) {
    for i in v {
        match i {
            Inline::Text(t) | Inline::Code(t) | Inline::Math(t) => out.push_str(t),
            Inline::Styled(_, c) | Inline::Lang(_, c) => shown_text(c, out),
            Inline::Link { content, .. } => shown_text(content, out),
            Inline::LineBreak => out.push(' '),
            Inline::Image { alt, .. } => out.push_str(&format!("[{alt}]")),
            Inline::FootnoteRef(n) => out.push_str(&n.to_string()),
        }
    }
}

/// Paragraph texts in reading order (tables are checked in their own issue's tests).
fn paragraphs(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph { content, .. } => {
                if content
                    .iter()
                    .all(|i| matches!(i, Inline::Image { .. } | Inline::LineBreak))
                {
                    continue;
                }
                let mut s = String::new();
                shown_text(content, &mut s);
                out.push(s);
            }
            Block::Heading { content, .. } => {
                let mut s = String::new();
                shown_text(content, &mut s);
                out.push(s);
            }
            Block::List { items, .. } => items.iter().for_each(|i| paragraphs(&i.blocks, out)),
            Block::BlockQuote(inner) | Block::Alert { blocks: inner, .. } => paragraphs(inner, out),
            _ => {}
        }
    }
}

fn build_pdf(md: &Path, dir: &Path) -> PathBuf {
    let out = dir.join(format!("{}.pdf", md.file_stem().unwrap().to_str().unwrap()));
    let o = inkbind(["build", md.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "build failed: {err}");
    assert!(!err.contains("panicked"), "{err}");
    out
}

#[test]
fn examples_pass_qpdf_and_embed_subset_fonts() {
    if !have("qpdf") || !have("pdffonts") {
        return;
    }
    let dir = tempdir();
    for md in examples() {
        let pdf = build_pdf(&md, dir.path());
        let check = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "qpdf --check {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&check.stdout)
        );
        let fonts = run_ok("pdffonts", &[pdf.to_str().unwrap()]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(rows.len() >= 2, "{fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            // ... emb sub uni object ID
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "font not embedded+subset+ToUnicode: {row}"
            );
            assert!(cols[0].as_bytes()[6] == b'+', "subset tag missing: {row}");
        }
    }
}

#[test]
fn examples_text_reads_back_in_order_without_tags() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    for md in examples() {
        let pdf = build_pdf(&md, dir.path());
        let flat = squash(&pdftotext_body(&pdf));
        let doc = parse(&md);
        let mut paras = Vec::new();
        paragraphs(&doc.blocks, &mut paras);
        assert!(paras.len() >= 10, "{}: too few paragraphs", md.display());
        let mut at = 0;
        for p in &paras {
            let want = squash(p);
            if want.is_empty() {
                continue;
            }
            match flat[at..].find(&want) {
                Some(i) => at += i + want.len(),
                None => panic!(
                    "{}: paragraph not found in reading order after byte {at}:\n{p}\n--- PDF text near there:\n{}",
                    md.display(),
                    flat[at..].chars().take(300).collect::<String>()
                ),
            }
        }
        // Outside code blocks (which show their source as written), no tag text.
        let mut prose = flat.clone();
        for b in &doc.blocks {
            if let Block::Code { text: code, .. } | Block::Mermaid { source: code, .. } = b {
                prose = prose.replacen(&squash(code), "", 1);
            }
        }
        fn code_spans(v: &[Inline], out: &mut Vec<String>) {
            for i in v {
                match i {
                    Inline::Code(c) => out.push(c.clone()),
                    Inline::Styled(_, c) | Inline::Lang(_, c) | Inline::Link { content: c, .. } => {
                        code_spans(c, out)
                    }
                    _ => {}
                }
            }
        }
        fn walk(blocks: &[Block], out: &mut Vec<String>) {
            for b in blocks {
                match b {
                    Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                        code_spans(content, out)
                    }
                    Block::List { items, .. } => items.iter().for_each(|i| walk(&i.blocks, out)),
                    Block::BlockQuote(inner) | Block::Alert { blocks: inner, .. } => {
                        walk(inner, out)
                    }
                    Block::Table(t) => t
                        .header
                        .iter()
                        .chain(t.rows.iter().flatten())
                        .for_each(|c| code_spans(c, out)),
                    _ => {}
                }
            }
        }
        let mut spans = Vec::new();
        walk(&doc.blocks, &mut spans);
        for c in spans {
            prose = prose.replacen(&squash(&c), "", 1);
        }
        for tag in ["<strong", "</strong", "<br", "<sup", "<kbd", "<!--", "</"] {
            assert!(
                !prose.contains(tag),
                "{}: tag text {tag} printed",
                md.display()
            );
        }
        // Front matter is metadata, not body text: none of its `key: value` lines shows.
        let src = std::fs::read_to_string(&md).unwrap();
        let fm = src.split("---").nth(1).unwrap_or("");
        for line in fm.lines().filter(|l| l.contains(": ") && l.len() > 8) {
            assert!(
                !prose.contains(&squash(line)),
                "{}: front matter printed: {line}",
                md.display()
            );
        }
    }
}

#[test]
fn outline_has_every_heading_and_info_has_title() {
    let dir = tempdir();
    for md in examples() {
        let pdf = build_pdf(&md, dir.path());
        let doc = parse(&md);
        let headings: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { content, .. } => Some(Inline::plain_text(content)),
                _ => None,
            })
            .collect();
        let pdfdoc = lopdf::Document::load(&pdf).expect("lopdf reads the PDF");
        let toc = pdfdoc.get_toc().expect("outline present");
        let titles: Vec<String> = toc.toc.iter().map(|t| t.title.clone()).collect();
        assert_eq!(titles, headings, "{}", md.display());
        // Nesting follows heading levels: an h3 sits one level below its h2.
        let levels: Vec<usize> = toc.toc.iter().map(|t| t.level).collect();
        assert!(
            levels.iter().any(|&l| l >= 2),
            "{}: outline is flat: {levels:?}",
            md.display()
        );
        let info = pdfdoc
            .trailer
            .get(b"Info")
            .and_then(|o| o.as_reference())
            .expect("Info");
        let info = pdfdoc.get_dictionary(info).unwrap();
        let title = info.get(b"Title").unwrap();
        let title = lopdf::decode_text_string(title).unwrap();
        assert_eq!(Some(title), doc.metadata.title, "{}", md.display());
    }
}

#[test]
fn links_are_annotations_with_targets() {
    let dir = tempdir();
    let md = root().join("examples/ja-typesetting.md");
    let pdf = build_pdf(&md, dir.path());
    let doc = lopdf::Document::load(&pdf).unwrap();
    let (mut uri, mut internal) = (0, 0);
    for (_, page) in doc.get_pages() {
        for a in doc.get_page_annotations(page).unwrap_or_default() {
            if a.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Link".as_slice()) {
                continue;
            }
            if let Ok(action) = a.get(b"A") {
                let action = match action {
                    lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
                    lopdf::Object::Dictionary(d) => d,
                    _ => continue,
                };
                if action.get(b"URI").is_ok() {
                    uri += 1;
                }
            }
            if a.get(b"Dest").is_ok() {
                internal += 1;
            }
        }
    }
    assert!(uri >= 2, "external links: {uri}");
    // Two heading links and two footnote references.
    assert!(internal >= 4, "internal links: {internal}");
}

#[test]
fn japanese_example_is_small() {
    let dir = tempdir();
    let pdf = build_pdf(&root().join("examples/ja-typesetting.md"), dir.path());
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 300 * 1024, "{} bytes", size);
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    for name in ["ja-typesetting", "zh-ci-pipeline"] {
        let pdf = build_pdf(&root().join(format!("examples/{name}.md")), dir.path());
        for line in pdftotext(&pdf, None).lines() {
            if let Some(c) = line.trim_start().chars().next() {
                assert!(
                    !"、。，．）」』】？！".contains(c),
                    "{name}: line starts with {c}: {line}"
                );
            }
        }
    }
}

#[test]
fn pages_are_ink_free_outside_margins() {
    if !have("pdftoppm") {
        return;
    }
    let dir = tempdir();
    for md in examples() {
        let pdf = build_pdf(&md, dir.path());
        let prefix = dir.path().join("page");
        run_ok(
            "pdftoppm",
            &[
                "-r",
                "40",
                "-gray",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        let mut pages = 0;
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let p = e.unwrap().path();
            if p.extension().and_then(|x| x.to_str()) != Some("pgm") {
                continue;
            }
            pages += 1;
            let (w, h, px) = read_pgm(&p);
            // The outer 12 mm (~19 px at 40 dpi) on the left and right must be blank.
            let band = 12.0 / 25.4 * 40.0;
            for y in 0..h {
                for x in (0..band as usize).chain(w - band as usize..w) {
                    assert!(
                        px[y * w + x] > 200,
                        "{}: ink at x={x} y={y} of {}",
                        md.display(),
                        p.display()
                    );
                }
            }
            std::fs::remove_file(&p).unwrap();
        }
        assert!(pages >= 1);
    }
}

#[test]
fn mermaid_diagrams_are_vectors_with_searchable_labels() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    for md in examples() {
        let pdf = build_pdf(&md, dir.path());
        let text = squash(&pdftotext(&pdf, None));
        let doc = parse(&md);
        let source = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Mermaid { source, .. } => Some(source.clone()),
                _ => None,
            })
            .expect("every example has a diagram");
        let (chart, _) = inkbind::mermaid::parse::parse(&source).expect("example diagrams parse");
        assert!(chart.nodes.len() >= 6);
        for node in &chart.nodes {
            for line in node.label.plain_text().split('\n') {
                let want = squash(line);
                if !want.is_empty() {
                    assert!(
                        text.contains(&want),
                        "{}: label {line:?} not found in the PDF text",
                        md.display()
                    );
                }
            }
        }
        // Drawn, not printed as source.
        assert!(
            !text.contains("-->"),
            "{}: diagram source printed",
            md.display()
        );
    }
}

#[test]
fn theme_file_fonts_and_page_size_apply() {
    let dir = tempdir();
    let theme = dir.path().join("theme.toml");
    std::fs::write(&theme, "[page]\nsize = \"a5\"\n[fonts]\nbody = \"Noto Sans CJK KR\"\nheading = \"No Such Family\"\n").unwrap();
    let md = dir.path().join("t.md");
    std::fs::write(&md, "---\nlang: ja\n---\n\n# 見出し\n\n本文の骨。\n").unwrap();
    let out = dir.path().join("t.pdf");
    let o = inkbind([
        "build",
        md.to_str().unwrap(),
        "--theme",
        theme.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("No Such Family"),
        "unknown family is a warning: {err}"
    );
    let doc = lopdf::Document::load(&out).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let mb = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let w = mb[2].as_float().unwrap();
    assert!((w - 419.53).abs() < 0.5, "A5 width, got {w}");
    if have("pdffonts") {
        let fonts = run_ok("pdffonts", &[out.to_str().unwrap()]);
        assert!(
            fonts.contains("NotoSansCJKkr"),
            "body in the KR face: {fonts}"
        );
    }
}

#[test]
fn svg_and_gif_images_are_drawn() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    std::fs::write(
        dir.path().join("chart.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120"><rect x="10" y="10" width="120" height="60" fill="#36c"/><text x="150" y="50" font-family="sans-serif" font-size="20">ベクター図</text></svg>"##,
    )
    .unwrap();
    // A 1×1 GIF.
    let gif: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    std::fs::write(dir.path().join("dot.gif"), gif).unwrap();
    let md = dir.path().join("img.md");
    std::fs::write(
        &md,
        "# Images\n\n![chart](chart.svg \"An SVG chart\")\n\n![dot](dot.gif)\n",
    )
    .unwrap();
    let out = dir.path().join("img.pdf");
    let o = inkbind(["build", md.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && !err.contains("warning"), "{err}");
    let text = pdftotext(&out, None);
    assert!(text.contains("ベクター図"), "SVG text kept as text: {text}");
    assert!(text.contains("An SVG chart"), "caption: {text}");
    let doc = lopdf::Document::load(&out).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream()
                .ok()
                .and_then(|s| s.dict.get(b"Subtype").ok())
                .and_then(|n| n.as_name().ok())
                == Some(b"Image".as_slice())
        })
        .count();
    assert!(images >= 1, "the GIF is an image XObject");
}
