//! Tables that never overflow (issue 5), checked by reading the outputs back: column widths
//! from CSS 2.1 §17.5.2.2 automatic table layout at a given text width, cell alignment from
//! the glyph positions, the header on every page of a long table (pdftotext per page), a
//! 17-column table inside the margins (rasterised) with all its text present, CJK cells
//! wrapped with kinsoku, every corpus table inside the margins (with the policy each wide
//! one took), and EPUBCheck 0/0 with these tables. Fixtures are generated here.

mod common;

use common::*;
use inkbind::diagnostics::Diagnostics;
use inkbind::fonts::Pt;
use inkbind::layout::table::{TableFit, TableReport};
use inkbind::layout::{Item, LaidOut};
use inkbind::pipeline::{self, RenderOptions};
use inkbind::text::is_line_start_prohibited;
use inkbind::theme::{Theme, WideTables};
use std::io::Read;
use std::path::{Path, PathBuf};

fn lay_out_with(src: &str, theme: Theme, dir: &Path) -> (LaidOut, Diagnostics) {
    let mut d = Diagnostics::new("t.md");
    let doc = pipeline::parse(src, &mut d);
    let opts = RenderOptions {
        source_dir: dir.to_path_buf(),
        theme,
        ..Default::default()
    };
    (pipeline::layout(&doc, &opts, &mut d).unwrap(), d)
}

fn lay_out(src: &str, theme: Theme) -> LaidOut {
    lay_out_with(src, theme, Path::new(".")).0
}

/// A theme whose text is exactly `text_width` pt wide, table text exactly 11.5 pt (body
/// 12.5 pt × 0.92) and cell padding 5 pt, so CJK widths (1 em per character in Noto Sans
/// CJK) give round numbers.
fn round_theme(text_width: Pt) -> Theme {
    let mut t = Theme {
        body_size: 12.5,
        table_cell_padding: 5.0,
        ..Default::default()
    };
    let pw = t.page.size_pt().0;
    t.margin_left = (pw - text_width) / 2.0;
    t.margin_right = t.margin_left;
    t
}

fn close(a: &[Pt], b: &[Pt]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.02)
}

fn table_md(header: &[String], align: &str, rows: &[Vec<String>]) -> String {
    let mut s = format!("| {} |\n|", header.join(" | "));
    for _ in header {
        s.push_str(align);
        s.push('|');
    }
    s.push('\n');
    for r in rows {
        s.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    s
}

/// 17 columns of long cells (words of 5–13 letters), 6 rows.
fn wide_table() -> (String, Vec<String>) {
    let words = [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "configuration",
        "parameter",
        "extraordinary",
        "kilogram",
        "lambda",
        "memorandum",
    ];
    let header: Vec<String> = (0..17).map(|c| format!("Column{c}")).collect();
    let mut rows = Vec::new();
    let mut cells = header.clone();
    for r in 0..6 {
        let row: Vec<String> = (0..17)
            .map(|c| {
                let n = 3 + (r * 7 + c * 3) % 8;
                let mut s = format!("r{r}c{c}");
                for k in 0..n {
                    s.push(' ');
                    s.push_str(words[(r + c * 5 + k * 3) % words.len()]);
                }
                s
            })
            .collect();
        cells.extend(row.iter().cloned());
        rows.push(row);
    }
    (
        format!("# Seventeen columns\n\n{}", table_md(&header, "---", &rows)),
        cells,
    )
}

/// 200 rows, four columns (start, left, centre, right).
fn long_table() -> String {
    let header: Vec<String> = ["Nr", "HeadName", "HeadNote", "HeadAmount"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows: Vec<Vec<String>> = (0..200)
        .map(|i| {
            vec![
                format!("{i}"),
                format!("item{i} with `code_{i}`"),
                if i % 3 == 0 {
                    "**bold** [link](https://example.com)".into()
                } else {
                    "plain".into()
                },
                format!("{}.{:02}", i * 7, i % 100),
            ]
        })
        .collect();
    let mut s = String::from("# Two hundred rows\n\n");
    s.push_str(&format!(
        "| {} |\n|---|:---|:---:|---:|\n",
        header.join(" | ")
    ));
    for r in rows {
        s.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    s
}

fn build(md: &str, dir: &Path, name: &str, ext: &str) -> PathBuf {
    let src = dir.join(format!("{name}.md"));
    std::fs::write(&src, md).unwrap();
    let out = dir.join(format!("{name}.{ext}"));
    let o = inkbind(["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

#[test]
fn column_widths_at_a_given_text_width() {
    // Table text 11.5 pt, padding 5 pt each side: a column of n CJK characters needs
    // 11.5 n + 10 pt.
    let md = "| 項目 | 説明 |\n|---|---|\n| 漢字 | 漢字漢字漢字。 |\n";
    let laid = lay_out(md, round_theme(400.0));
    let t = &laid.tables[0];
    assert_eq!((t.columns, t.rows, t.fit), (2, 1, TableFit::Natural));
    // min: one character (二字 with 。 after it); max: the whole line.
    assert!(
        close(&t.min_widths, &[21.5, 33.0]),
        "mins {:?}",
        t.min_widths
    );
    assert!(
        close(&t.max_widths, &[33.0, 90.5]),
        "maxs {:?}",
        t.max_widths
    );
    // All maxima fit in 400 pt: each column its max.
    assert!(
        close(&t.parts[0].widths, &[33.0, 90.5]),
        "{:?}",
        t.parts[0].widths
    );
    assert!((t.parts[0].x[0] - laid_margin(400.0)).abs() < 0.01);
    // At its max width no cell wraps.
    assert!(
        t.cell_lines.iter().all(|l| !l.soft_start),
        "{:?}",
        t.cell_lines
    );

    // 200 pt: mins 21.5 + 33 = 54.5, 145.5 left, spreads 34.5 and 207 →
    // 21.5 + 145.5 × 34.5 / 241.5 = 42.2857 and 33 + 145.5 × 207 / 241.5 = 157.7143.
    let md = "| 漢字漢字 | 説明 |\n|---|---|\n| 漢 | 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢。 |\n";
    let laid = lay_out(md, round_theme(200.0));
    let t = &laid.tables[0];
    assert!(close(&t.min_widths, &[21.5, 33.0]), "{:?}", t.min_widths);
    assert!(close(&t.max_widths, &[56.0, 240.0]), "{:?}", t.max_widths);
    assert!(
        close(&t.parts[0].widths, &[42.2857, 157.7143]),
        "{:?}",
        t.parts[0].widths
    );
    assert_eq!(t.fit, TableFit::Natural);
    // Column 0 (42.29 pt) holds its header 漢字漢字 (46 + 10 pt) in two lines of two.
    assert_eq!(t.cell_lines[0].text, "漢字");
    assert_eq!(t.cell_lines[1].text, "漢字");

    // Inline code is unbreakable: `abcdefgh` in the mono face (half-width, 0.92 × 11.5 pt)
    // = 8 × 0.5 × 10.58 = 42.32 pt + 10 padding; and 「漢字」 keeps its brackets with
    // their neighbours: min 2 em = 23 + 10.
    let md = "| A | B |\n|---|---|\n| `abcdefgh` | 「漢字」 |\n";
    let laid = lay_out(md, round_theme(400.0));
    let t = &laid.tables[0];
    assert!(close(&t.min_widths, &[52.32, 33.0]), "{:?}", t.min_widths);
    assert!(close(&t.max_widths, &[52.32, 56.0]), "{:?}", t.max_widths);
}

fn laid_margin(text_width: Pt) -> Pt {
    round_theme(text_width).margin_left
}

/// Glyph runs on a page with their text and horizontal extent.
fn glyph_runs(laid: &LaidOut) -> Vec<(usize, String, Pt, Pt)> {
    let mut v = Vec::new();
    for (p, page) in laid.pages.iter().enumerate() {
        for it in &page.items {
            if let Item::Glyphs {
                x,
                size,
                glyphs,
                text,
                ..
            } = it
            {
                let w: Pt = glyphs.iter().map(|g| g.x_advance * size).sum();
                v.push((p, text.clone(), *x, *x + w));
            }
        }
    }
    v
}

#[test]
fn cell_text_is_aligned_per_the_delimiter_row() {
    let md = "| NoneColumnHead | LeftColumnHead | CentreColumnHead | RightColumnHead |\n\
              |---|:---|:---:|---:|\n| nn | ll | cc | rr |\n";
    let laid = lay_out(md, round_theme(480.0));
    let t = &laid.tables[0];
    let part = &t.parts[0];
    assert_eq!(t.fit, TableFit::Natural);
    let pad = 5.0;
    let runs = glyph_runs(&laid);
    let find = |s: &str| {
        runs.iter()
            .find(|r| r.1 == s)
            .unwrap_or_else(|| panic!("{s} not found"))
            .clone()
    };
    let (_, _, x0, _) = find("nn");
    assert!((x0 - (part.x[0] + pad)).abs() < 0.01, "none = start: {x0}");
    let (_, _, x1, _) = find("ll");
    assert!((x1 - (part.x[1] + pad)).abs() < 0.01, "left: {x1}");
    let (_, _, a, b) = find("cc");
    let mid = part.x[2] + part.widths[2] / 2.0;
    assert!(
        ((a + b) / 2.0 - mid).abs() < 0.01,
        "centre: {a}..{b} vs {mid}"
    );
    let (_, _, _, r) = find("rr");
    let right = part.x[3] + part.widths[3] - pad;
    assert!((r - right).abs() < 0.01, "right: {r} vs {right}");
    // The header is bold and on a light background with a rule below it.
    let page = &laid.pages[0];
    assert!(page.items.iter().any(|i| matches!(i, Item::Rect { fill: Some(_), w, .. } if (*w - part.widths.iter().sum::<Pt>()).abs() < 0.01)));
}

#[test]
fn header_repeats_on_every_page_of_a_200_row_table() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    let pdf = build(&long_table(), dir.path(), "long", "pdf");
    let pages = lopdf::Document::load(&pdf).unwrap().get_pages().len();
    assert!(pages >= 5, "200 rows on {pages} pages");
    let mut next_row = 0;
    for p in 1..=pages {
        let text = pdftotext(&pdf, Some(p));
        for h in ["Nr", "HeadName", "HeadNote", "HeadAmount"] {
            assert!(text.contains(h), "page {p} lacks header {h}:\n{text}");
        }
        // Rows continue in order from page to page.
        while next_row < 200 && text.contains(&format!("item{next_row} with")) {
            next_row += 1;
        }
    }
    assert_eq!(next_row, 200, "rows missing or out of order");
    // Our own report: one table, 200 rows, nothing shrunk.
    let src = long_table();
    let laid = lay_out(&src, Theme::default());
    assert_eq!(laid.tables[0].rows, 200);
    assert_eq!(laid.tables[0].fit, TableFit::Natural);
}

/// Every glyph, rule and box of every page lies inside the left and right margins (0.5 pt
/// tolerance). Returns the first offender.
fn outside_margins(laid: &LaidOut, theme: &Theme) -> Option<String> {
    for (p, page) in laid.pages.iter().enumerate() {
        let (l, r) = (
            theme.margin_left - 0.5,
            page.width - theme.margin_right + 0.5,
        );
        for it in &page.items {
            let (a, b) = match it {
                Item::Glyphs {
                    x,
                    size,
                    glyphs,
                    text,
                    ..
                } => {
                    // Trailing white space hangs past the line end (CSS Text 3 §4.1.3).
                    let ink = glyphs
                        .iter()
                        .rposition(|g| !text[g.range.clone()].trim().is_empty())
                        .map_or(0, |k| k + 1);
                    let w: Pt = glyphs[..ink].iter().map(|g| g.x_advance * size).sum();
                    (*x, x + w)
                }
                Item::Rect { x, w, .. }
                | Item::Image { x, w, .. }
                | Item::Svg { x, w, .. }
                | Item::Link { x, w, .. } => (*x, x + w),
                Item::Line { x1, x2, .. } => (x1.min(*x2), x1.max(*x2)),
            };
            if a < l - 1.5 || b > r + 1.5 {
                return Some(format!(
                    "page {p}: {a:.1}..{b:.1} outside {l:.1}..{r:.1}: {it:?}"
                ));
            }
        }
    }
    None
}

fn assert_margins_blank(pdf: &Path, theme: &Theme) {
    let dir = pdf.parent().unwrap().join("pgm");
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join("pg");
    run_ok(
        "pdftoppm",
        &[
            "-r",
            "30",
            "-gray",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let px_per_pt = 30.0 / 72.0;
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let (w, h, px) = read_pgm(&p);
        let side_l = ((theme.margin_left - 3.0) * px_per_pt) as usize;
        let side_r = ((theme.margin_right - 3.0) * px_per_pt) as usize;
        let top = ((theme.margin_top * 0.3) * px_per_pt) as usize;
        for y in top..h - top {
            for x in (0..side_l).chain(w - side_r..w) {
                assert!(
                    px[y * w + x] > 200,
                    "ink in the side margin at x={x} y={y} of {} ({w}x{h})",
                    p.display()
                );
            }
        }
        n += 1;
    }
    assert!(n > 0);
}

#[test]
fn seventeen_columns_stay_inside_the_margins_with_all_text() {
    let (md, cells) = wide_table();
    let theme = Theme::default();
    let laid = lay_out(&md, theme.clone());
    let t = &laid.tables[0];
    eprintln!(
        "17 columns: {} at scale {:.2}, parts {:?}",
        t.fit.name(),
        t.scale,
        t.parts.iter().map(|p| p.columns.len()).collect::<Vec<_>>()
    );
    assert_eq!(t.fit, TableFit::Split);
    assert!(t.landscape && t.parts.len() >= 2);
    // Every column appears once, column 0 in every part.
    let mut seen: Vec<usize> = t
        .parts
        .iter()
        .flat_map(|p| p.columns[1..].to_vec())
        .collect();
    seen.sort_unstable();
    assert_eq!(seen, (1..17).collect::<Vec<_>>());
    assert!(t.parts.iter().all(|p| p.columns[0] == 0));
    assert!(
        outside_margins(&laid, &theme).is_none(),
        "{:?}",
        outside_margins(&laid, &theme)
    );
    for part in &t.parts {
        let right = part.x.last().unwrap() + part.widths.last().unwrap();
        let page_w = laid.pages[t.page].width;
        assert!(right <= page_w - theme.margin_right + 0.01, "{right}");
    }

    if !have("pdftotext") || !have("pdftoppm") {
        return;
    }
    let dir = tempdir();
    let pdf = build(&md, dir.path(), "wide", "pdf");
    assert_margins_blank(&pdf, &theme);
    // Every cell's text, in content-stream order (cell by cell), white space ignored.
    let raw = squash(&run_ok(
        "pdftotext",
        &["-raw", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    ));
    let text = squash(&pdftotext(&pdf, None));
    for c in &cells {
        let want = squash(c);
        assert!(
            raw.contains(&want) || text.contains(&want),
            "cell {c:?} missing from the PDF text"
        );
    }
    let full = pdftotext(&pdf, None);
    assert!(full.contains("(continued)"));
}

#[test]
fn policies_from_the_theme() {
    let (md, _) = wide_table();
    let with = |p: WideTables| {
        let theme = Theme {
            wide_tables: p,
            ..Default::default()
        };
        let laid = lay_out(&md, theme.clone());
        assert!(
            outside_margins(&laid, &theme).is_none(),
            "{p:?}: {:?}",
            outside_margins(&laid, &theme)
        );
        laid.tables[0].clone()
    };
    let t = with(WideTables::Shrink);
    assert_eq!(
        (t.fit, t.landscape, t.parts.len()),
        (TableFit::Squeezed, false, 1)
    );
    assert!((t.scale - 0.75).abs() < 1e-6);
    let t = with(WideTables::Landscape);
    assert_eq!(
        (t.fit, t.landscape, t.parts.len()),
        (TableFit::Squeezed, true, 1)
    );
    let t = with(WideTables::Split);
    assert_eq!((t.fit, t.landscape), (TableFit::Split, false));
    assert!(t.parts.len() > 2);

    // Five columns of one long word each: too wide at full size, fits shrunk.
    let header: Vec<String> = (0..5).map(|c| format!("H{c}")).collect();
    let rows = vec![
        (0..5)
            .map(|c| format!("Supercalifragilistic{c}"))
            .collect::<Vec<_>>(),
    ];
    let laid = lay_out(&table_md(&header, "---", &rows), Theme::default());
    let t: &TableReport = &laid.tables[0];
    assert_eq!(t.fit, TableFit::Shrunk, "{t:?}");
    assert!(t.scale < 1.0 && t.scale >= 0.75);
    // Eight of them: landscape.
    let header: Vec<String> = (0..8).map(|c| format!("H{c}")).collect();
    let rows = vec![
        (0..8)
            .map(|c| format!("Supercalifragilistic{c}"))
            .collect::<Vec<_>>(),
    ];
    let laid = lay_out(&table_md(&header, "---", &rows), Theme::default());
    assert_eq!(laid.tables[0].fit, TableFit::Landscape);
    assert!(laid.pages.iter().any(|p| p.width > p.height));
}

#[test]
fn cjk_table_wraps_without_kinsoku_violations() {
    let header: Vec<String> = ["項目", "説明", "備考", "状態", "担当", "期限"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let long = "日本語の文章は、句読点の前で改行してはならない。行頭禁則と行末禁則を守り、括弧「かぎ」も正しく扱う。";
    let rows: Vec<Vec<String>> = (0..4)
        .map(|r| {
            (0..6)
                .map(|c| long.chars().skip((r * 5 + c * 3) % 20).collect())
                .collect()
        })
        .collect();
    let md = format!("---\nlang: ja\n---\n\n{}", table_md(&header, "---", &rows));
    let theme = Theme::default();
    let laid = lay_out(&md, theme.clone());
    let t = &laid.tables[0];
    let wrapped = t.cell_lines.iter().filter(|l| l.soft_start).count();
    assert!(wrapped > 20, "cells should wrap: {wrapped} soft breaks");
    for l in &t.cell_lines {
        let first = l.text.chars().next().unwrap_or(' ');
        assert!(
            !(l.soft_start && (first == '。' || first == '、' || is_line_start_prohibited(first))),
            "line starts with {first:?}: {}",
            l.text
        );
    }
    assert!(outside_margins(&laid, &theme).is_none());
}

#[test]
fn a_row_taller_than_the_page_splits_inside_its_cells() {
    let tall: Vec<String> = (0..150).map(|i| format!("line{i}")).collect();
    let md = format!(
        "| Key | Value |\n|---|---|\n| short | {} |\n| after | end |\n",
        tall.join("<br>")
    );
    let laid = lay_out(&md, Theme::default());
    let t = &laid.tables[0];
    assert_eq!(t.split_rows, 1);
    assert!(laid.pages.len() >= 3);
    let runs = glyph_runs(&laid);
    // Every line once, and the header on every page.
    for i in 0..150 {
        let s = format!("line{i}");
        assert_eq!(runs.iter().filter(|r| r.1 == s).count(), 1, "{s}");
    }
    for p in 0..laid.pages.len() {
        assert!(runs.iter().any(|r| r.0 == p && r.1 == "Value"), "page {p}");
    }
}

#[test]
fn corpus_tables_stay_inside_the_margins() {
    let mut tables = 0;
    for md in corpus_files() {
        let bytes = std::fs::read(&md).unwrap();
        let mut d = Diagnostics::new(md.display().to_string());
        let src = pipeline::decode_source(&bytes, &mut d);
        let theme = Theme::default();
        let (laid, _) = lay_out_with(&src, theme.clone(), md.parent().unwrap());
        if laid.tables.is_empty() {
            continue;
        }
        let name = md.file_name().unwrap().to_string_lossy().into_owned();
        for t in &laid.tables {
            tables += 1;
            let page_w = laid.pages[t.page].width;
            for part in &t.parts {
                let right = part.x.last().unwrap() + part.widths.last().unwrap();
                assert!(
                    part.x[0] >= theme.margin_left - 0.01
                        && right <= page_w - theme.margin_right + 0.01,
                    "{name}:{}: table runs outside the text area",
                    t.line
                );
            }
            if t.fit != TableFit::Natural {
                eprintln!(
                    "{name}:{}: {} columns, {} rows → {} (scale {:.2}{}, {} part(s))",
                    t.line,
                    t.columns,
                    t.rows,
                    t.fit.name(),
                    t.scale,
                    if t.landscape { ", landscape" } else { "" },
                    t.parts.len()
                );
            }
        }
        assert!(
            outside_margins(&laid, &theme).is_none(),
            "{name}: {:?}",
            outside_margins(&laid, &theme)
        );
    }
    eprintln!("{tables} corpus tables inside the margins");
    assert!(tables > 0 || corpus_files().is_empty());
}

fn epubcheck(epub: &Path) -> Option<String> {
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    let java = std::process::Command::new("java").arg("-version").output();
    if java.is_err() || !jar.exists() {
        if tools_required() {
            panic!("epubcheck is required (INKBIND_REQUIRE_TOOLS=1) but not installed");
        }
        eprintln!(
            "\n*** SKIPPED: epubcheck (java, {}) not available ***\n",
            jar.display()
        );
        return None;
    }
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(epub)
        .output()
        .unwrap();
    Some(format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}

#[test]
fn epub_tables_pass_epubcheck_and_wrap() {
    let (wide, _) = wide_table();
    let md = format!(
        "{wide}\n\n{}",
        long_table().replace("# Two hundred rows", "## Long")
    );
    let dir = tempdir();
    let epub = build(&md, dir.path(), "tables", "epub");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut xhtml = String::new();
    let mut css = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut s = String::new();
        if name.ends_with(".xhtml") {
            f.read_to_string(&mut s).unwrap();
            xhtml.push_str(&s);
        } else if name.ends_with(".css") {
            f.read_to_string(&mut s).unwrap();
            css.push_str(&s);
        }
    }
    assert_eq!(xhtml.matches("<thead>").count(), 2);
    assert_eq!(xhtml.matches("<tbody>").count(), 2);
    assert!(xhtml.contains("<table class=\"cols-very-many\">"));
    assert!(xhtml.contains("<th class=\"align-right\">HeadAmount</th>"));
    assert!(xhtml.contains("<td class=\"align-center\">plain</td>"));
    assert!(css.contains("table-layout: auto") && css.contains("overflow-wrap: anywhere"));
    assert!(
        !css.contains("overflow-x"),
        "nothing may depend on sideways scrolling"
    );
    if let Some(report) = epubcheck(&epub) {
        assert!(
            report.contains("No errors or warnings detected"),
            "{report}"
        );
    }
}

#[test]
fn images_in_cells_are_scaled_down_or_shown_as_alt_text() {
    let dir = root().join("examples");
    let md = "| Shot | Note |\n|---|---|\n| ![pipeline](images/pipeline.png) | drawn |\n| ![gone](images/missing.png) | alt text |\n";
    let (laid, diags) = lay_out_with(md, Theme::default(), &dir);
    let t = &laid.tables[0];
    let part = &t.parts[0];
    let img = laid.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Image { x, w, .. } => Some((*x, *w)),
            _ => None,
        })
        .expect("the image is drawn");
    // Inside its column (padding included), never wider than the cell cap.
    assert!(img.0 >= part.x[0] && img.0 + img.1 <= part.x[0] + part.widths[0] + 0.01);
    assert!(img.1 <= 160.0);
    assert!(t.cell_lines.iter().any(|l| l.text == "[gone]"));
    assert!(
        diags
            .items()
            .iter()
            .any(|d| d.message.contains("missing.png") && d.message.contains("alt text")),
        "{:?}",
        diags.items()
    );
}

#[test]
fn zebra_stripes_replace_row_rules() {
    let rows: Vec<Vec<String>> = (0..6)
        .map(|i| vec![format!("a{i}"), format!("b{i}")])
        .collect();
    let md = table_md(&["A".into(), "B".into()], "---", &rows);
    let count = |zebra: bool| {
        let theme = Theme {
            table_zebra: zebra,
            ..Default::default()
        };
        let laid = lay_out(&md, theme.clone());
        let items = &laid.pages[0].items;
        let fills = items
            .iter()
            .filter(|i| matches!(i, Item::Rect { fill: Some(_), .. }))
            .count();
        let rules = items
            .iter()
            .filter(|i| matches!(i, Item::Line { y1, y2, .. } if (y1 - y2).abs() < 1e-3))
            .count();
        (fills, rules)
    };
    // Plain: the header background; top, header and bottom rules plus 5 row rules.
    assert_eq!(count(false), (1, 8));
    // Zebra: header + 3 stripes; only the top, header and bottom rules.
    assert_eq!(count(true), (4, 3));
}
