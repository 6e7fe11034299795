//! PDF books read back: outline of chapters, contents page numbers, links between chapters,
//! running headers.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn build_book(args: &[&str], out: &Path) {
    let mut a = vec!["book"];
    a.extend_from_slice(args);
    a.extend(["-o", out.to_str().unwrap()]);
    let o = inkbind(&a);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "book failed: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// For every link annotation with an internal destination: (page it sits on, target page),
/// both 1-based.
fn internal_links(pdf: &Path) -> Vec<(u32, u32)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let pages = doc.get_pages();
    let page_no: std::collections::HashMap<lopdf::ObjectId, u32> =
        pages.iter().map(|(n, id)| (*id, *n)).collect();
    let mut out = Vec::new();
    for (n, id) in &pages {
        for a in doc.get_page_annotations(*id).unwrap_or_default() {
            let dest = match a.get(b"Dest") {
                Ok(lopdf::Object::Reference(r)) => {
                    doc.get_object(*r).and_then(|o| o.as_array()).ok()
                }
                Ok(o) => o.as_array().ok(),
                Err(_) => None,
            };
            if let Some(dest) = dest {
                let target = dest[0]
                    .as_reference()
                    .ok()
                    .and_then(|r| page_no.get(&r))
                    .copied()
                    .expect("destination page exists");
                out.push((*n, target));
            }
        }
    }
    out
}

fn blog_dir() -> PathBuf {
    root().join("examples/blog")
}

#[test]
fn blog_book_has_contents_outline_and_working_links() {
    if !have("pdftotext") || !have("qpdf") {
        return;
    }
    let dir = tempdir();
    let pdf = dir.path().join("blog.pdf");
    build_book(&[blog_dir().join("book.yaml").to_str().unwrap()], &pdf);
    let entries = outline(&pdf);
    let chapters: Vec<&(String, usize, usize)> = entries
        .iter()
        .filter(|e| e.1 == 1 && e.0 != "目次")
        .collect();
    let posts = std::fs::read_dir(blog_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count();
    assert_eq!(
        chapters.len(),
        posts,
        "one outline entry per chapter: {entries:?}"
    );
    assert!(
        entries.iter().any(|e| e.1 == 2),
        "headings nest under chapters: {entries:?}"
    );
    // Each chapter starts a page, and its title is on that page.
    let mut last_page = 0;
    for (title, _, page) in &chapters {
        assert!(
            *page > last_page,
            "chapters in order on new pages: {entries:?}"
        );
        last_page = *page;
        let text = squash(&pdftotext(&pdf, Some(*page)));
        assert!(text.contains(&squash(title)), "{title} not on page {page}");
    }
    // The contents page lists each chapter with the page it starts on.
    let toc_page = entries
        .iter()
        .find(|e| e.0 == "目次")
        .expect("contents in the outline")
        .2
        .to_string();
    let toc = run_ok(
        "pdftotext",
        &[
            "-layout",
            "-enc",
            "UTF-8",
            "-f",
            &toc_page,
            "-l",
            &toc_page,
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    for (title, _, page) in &chapters {
        let line = toc
            .lines()
            .find(|l| squash(l).starts_with(&squash(title)))
            .unwrap_or_else(|| panic!("{title} missing from contents:\n{toc}"));
        assert!(
            line.trim_end().ends_with(&page.to_string()),
            "contents says {line:?}, chapter starts on page {page}"
        );
    }
    // Links between posts land on the page of their target; none is left dangling.
    let links = internal_links(&pdf);
    assert!(
        links.iter().filter(|(from, _)| *from > 2).count() >= 5,
        "links between chapters: {links:?}"
    );
    // The cover (book.yaml's cover.png) is an image on page 1; cover and title page have no
    // header or footer.
    let first_page = pdftotext(&pdf, Some(1));
    assert!(
        first_page.trim().is_empty(),
        "cover page has only the image: {first_page:?}"
    );
    let title_page = pdftotext(&pdf, Some(2));
    assert!(
        title_page.contains("紙に刷るブログ") && !title_page.contains(" / "),
        "{title_page}"
    );
    let images = run_ok(
        "pdfimages",
        &["-list", "-f", "1", "-l", "1", pdf.to_str().unwrap()],
    );
    assert_eq!(
        images.lines().count(),
        3,
        "one image (the cover) on page 1: {images}"
    );
}
