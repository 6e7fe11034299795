//! Typesetting rules checked on real documents: the examples and every post in
//! `../shared/corpus/` (Japanese, Chinese, Korean and English), on our own line list and on
//! the PDF read back with poppler.

mod common;

use common::*;
use inkbind::diagnostics::Diagnostics;
use inkbind::fonts::{FaceKey, Region, Shaper, Weight};
use inkbind::layout::inline::{FontChoice, LineAlign, RichText, TextStyle, layout_lines};
use inkbind::layout::{Item, LaidOut};
use inkbind::pipeline::{self, RenderOptions};
use inkbind::text::{is_line_end_prohibited, is_line_start_prohibited};
use inkbind::theme::Rgb;
use std::path::{Path, PathBuf};

fn documents() -> Vec<PathBuf> {
    let mut v = examples();
    v.extend(corpus_files());
    v
}

fn lay_out(md: &Path) -> (LaidOut, Diagnostics) {
    let bytes = std::fs::read(md).unwrap();
    let mut d = Diagnostics::new(md.display().to_string());
    let src = pipeline::decode_source(&bytes, &mut d);
    let doc = pipeline::parse(&src, &mut d);
    let opts = RenderOptions {
        source_dir: md.parent().unwrap().to_path_buf(),
        ..Default::default()
    };
    (pipeline::layout(&doc, &opts, &mut d).unwrap(), d)
}

#[test]
fn no_line_breaks_kinsoku_in_any_document() {
    let mut checked = 0;
    for md in documents() {
        let (laid, _) = lay_out(&md);
        assert!(!laid.lines.is_empty(), "{}", md.display());
        for (i, l) in laid.lines.iter().enumerate() {
            let line = &l.text;
            let t = line.trim();
            let (Some(first), Some(last)) = (t.chars().next(), t.chars().last()) else {
                continue;
            };
            // A line made only of prohibited characters has no legal break at all.
            if t.chars().all(is_line_start_prohibited) {
                continue;
            }
            assert!(
                !l.soft_start || !is_line_start_prohibited(first),
                "{}: line {i} starts with {first:?}: {line}",
                md.display()
            );
            let next_exists = laid.lines.get(i + 1).is_some_and(|n| n.soft_start);
            assert!(
                !(is_line_end_prohibited(last) && next_exists),
                "{}: line {i} ends with {last:?}: {line}",
                md.display()
            );
            checked += 1;
        }
    }
    let want = if corpus_files().is_empty() { 100 } else { 1000 };
    assert!(checked > want, "only {checked} lines checked");
}

#[test]
fn pdftotext_confirms_no_cjk_punctuation_at_line_start() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    for md in documents() {
        let out = dir.path().join("x.pdf");
        let o = inkbind(["build", md.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(
            o.status.success(),
            "{}: {}",
            md.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        for line in pdftotext_body(&out).lines() {
            let t = line.trim_start();
            if let Some(c) = t.chars().next() {
                let only_punct = t
                    .trim()
                    .chars()
                    .all(|c| "、。，．）」』】？！・ー".contains(c));
                assert!(
                    only_punct || !"、。，．）」』】？！".contains(c),
                    "{}: line starts with {c}: {line}",
                    md.display()
                );
            }
        }
    }
}

#[test]
fn every_character_is_drawn_or_reported() {
    for md in documents() {
        let (laid, diags) = lay_out(&md);
        for page in &laid.pages {
            for item in &page.items {
                if let Item::Glyphs { glyphs, text, .. } = item {
                    for g in glyphs.iter().filter(|g| g.id == 0) {
                        let c = text[g.range.clone()].chars().next().unwrap();
                        assert!(
                            laid.missing.contains(&c),
                            "{}: {c:?} drawn as .notdef without a report",
                            md.display()
                        );
                    }
                }
            }
        }
        for c in &laid.missing {
            let code = format!("U+{:04X}", *c as u32);
            let warned = diags
                .items()
                .iter()
                .any(|d| d.message.contains(&code) && d.line > 0);
            assert!(
                warned,
                "{}: missing {code} not reported with a position: {:?}",
                md.display(),
                diags.items()
            );
        }
    }
}

#[test]
fn nothing_is_drawn_outside_the_page_margins() {
    if !have("pdftoppm") {
        return;
    }
    let dir = tempdir();
    for md in documents() {
        let out = dir.path().join("m.pdf");
        let o = inkbind(["build", md.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_inside_margins(&out, &md.display().to_string());
    }
}

/// Rasterises `pdf` at 30 dpi and fails on ink in the outer 8 mm of a page or in the side
/// margins (20 mm) of the A4 default theme.
fn assert_inside_margins(pdf: &Path, what: &str) {
    let dir = tempdir();
    let prefix = dir.path().join("pg");
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
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|x| x.to_str()) != Some("pgm") {
            continue;
        }
        let (w, h, px) = read_pgm(&p);
        // The outer 8 mm on every side (the header and footer sit further in).
        let band = (8.0 / 25.4 * 30.0) as usize;
        for y in 0..h {
            for x in 0..w {
                if x < band || x >= w - band || y < band || y >= h - band {
                    assert!(
                        px[y * w + x] > 200,
                        "{what}: ink at x={x} y={y} of {}",
                        p.display()
                    );
                }
            }
        }
        // The text area's sides: nothing past the left and right margins (20 mm).
        let side = (19.0 / 25.4 * 30.0) as usize;
        for y in band..h - band {
            for x in (band..side).chain(w - side..w - band) {
                assert!(
                    px[y * w + x] > 200,
                    "{what}: ink in the side margin at x={x} y={y} of {}",
                    p.display()
                );
            }
        }
    }
}

#[test]
fn forty_levels_of_nesting_stay_inside_the_margins_and_keep_their_width() {
    // 40 nested list levels, 40 nested quotes, and lists inside quotes inside lists.
    let mut md = String::new();
    for i in 0..40 {
        md += &format!(
            "{}- level {i} item with enough words to need a second line at a narrow width\n",
            "  ".repeat(i)
        );
    }
    md += "\n";
    for i in 1..=40 {
        md += &format!("{} quote depth {i} with some words\n", ">".repeat(i));
    }
    md += "\n";
    let mut prefix = String::new();
    for i in 0..20 {
        md += &format!("{prefix}1. mixed {i}\n");
        prefix += "   ";
        md += &format!("{prefix}> quoted {i}\n");
        prefix += "> ";
    }
    let dir = tempdir();
    let src = dir.path().join("deep.md");
    std::fs::write(&src, &md).unwrap();
    let (laid, _) = lay_out(&src);
    let theme = inkbind::theme::Theme::default();
    let (left, right) = (theme.margin_left, theme.margin_left + theme.text_width());
    // Every run of text lies inside the margins, and none starts past 60% of the text
    // width (each level keeps at least 40% of the width for its text).
    for it in laid.pages.iter().flat_map(|p| &p.items) {
        if let Item::Glyphs {
            x,
            size,
            glyphs,
            text,
            ..
        } = it
        {
            // Trailing spaces may hang past the margin; ink may not.
            let inked = glyphs
                .iter()
                .rposition(|g| !text[g.range.clone()].trim().is_empty())
                .map_or(0, |i| i + 1);
            let end = x + glyphs[..inked].iter().map(|g| g.x_advance).sum::<f32>() * size;
            assert!(
                *x >= left - 0.5 && end <= right + 0.5,
                "{text:?} at {x}..{end} pt"
            );
            assert!(
                *x <= left + theme.text_width() * 0.6 + 0.5,
                "{text:?} starts at {x} pt, past 60% of the text width"
            );
        }
    }
    assert!(
        laid.pages.len() <= 5,
        "{} pages for 100 short lines",
        laid.pages.len()
    );
    if !have("pdftoppm") {
        return;
    }
    let pdf = dir.path().join("deep.pdf");
    let o = inkbind(["build", src.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_inside_margins(&pdf, "deep.md");
    let text = squash(&pdftotext(&pdf, None));
    for needle in ["level39item", "quotedepth40", "mixed19", "quoted19", "40•"] {
        assert!(text.contains(needle), "{needle} missing from the PDF text");
    }
}

fn ja_style(size: f32) -> TextStyle {
    TextStyle::plain(size, Rgb(0, 0, 0), "ja")
}

fn lines_of(text: &str, lang: &str, width_em: f32, justify: bool) -> Vec<String> {
    let mut shaper = Shaper::new().unwrap();
    let mut r = RichText::default();
    r.push(text, &TextStyle::plain(10.0, Rgb(0, 0, 0), lang));
    layout_lines(
        &r,
        &mut shaper,
        &FontChoice::default(),
        0.0,
        width_em * 10.0,
        1.5,
        LineAlign::Start,
        justify,
        0,
    )
    .into_iter()
    .map(|l| l.text)
    .collect()
}

#[test]
fn japanese_breaks_follow_kinsoku_at_a_given_width() {
    // 10 em per line: 「。」 may not start a line, so "た。" moves together.
    let l = lines_of(
        "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。",
        "ja",
        10.0,
        false,
    );
    assert_eq!(
        l,
        vec![
            "吾輩は猫である。名前",
            "はまだ無い。どこで生",
            "れたかとんと見当がつ",
            "かぬ。"
        ]
    );
    // At 9 em the 10th character would be 。: the line ends one character early.
    let l = lines_of("あいうえおかきくけ。こさしす", "ja", 9.0, false);
    assert_eq!(l, vec!["あいうえおかきく", "け。こさしす"]);
    // Opening brackets never end a line.
    let l = lines_of("あいうえおかきく「けこ」さし", "ja", 9.0, false);
    assert_eq!(l[0], "あいうえおかきく");
    // Small kana and the prolonged sound mark stay with the previous character.
    let l = lines_of("あいうえおかきくキャッシュ", "ja", 9.0, false);
    assert!(!l[1].starts_with('ャ') && !l[1].starts_with('ッ'), "{l:?}");
}

#[test]
fn korean_breaks_between_words_only() {
    let l = lines_of(
        "한국어 문장은 띄어쓰기 단위로 줄을 바꿉니다",
        "ko",
        8.0,
        false,
    );
    for line in &l {
        for word in line.split_whitespace() {
            assert!(
                "한국어 문장은 띄어쓰기 단위로 줄을 바꿉니다"
                    .split(' ')
                    .any(|w| w == word),
                "{word} is cut: {l:?}"
            );
        }
    }
    // A word longer than the line still breaks (fallback) instead of overflowing.
    let l = lines_of("가나다라마바사아자차카타파하", "ko", 5.0, false);
    assert_eq!(l.len(), 3);
}

#[test]
fn long_url_breaks_instead_of_overflowing() {
    let mut shaper = Shaper::new().unwrap();
    let mut r = RichText::default();
    r.push(
        "https://example.com/a/very/long/path/that/does/not/fit/on/one/line/at/all/index.html",
        &ja_style(10.0),
    );
    let lines = layout_lines(
        &r,
        &mut shaper,
        &FontChoice::default(),
        0.0,
        100.0,
        1.5,
        LineAlign::Start,
        false,
        0,
    );
    assert!(lines.len() > 3);
    for l in &lines {
        assert!(l.width <= 100.01, "{} pt: {}", l.width, l.text);
    }
    let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
    assert!(joined.starts_with("https://example.com/a/very/long"));
}

#[test]
fn quarter_em_between_cjk_and_latin_only_where_no_space() {
    let mut shaper = Shaper::new().unwrap();
    let width = |s: &str, shaper: &mut Shaper| {
        let mut r = RichText::default();
        r.push(s, &ja_style(10.0));
        layout_lines(
            &r,
            shaper,
            &FontChoice::default(),
            0.0,
            1000.0,
            1.5,
            LineAlign::Start,
            false,
            0,
        )[0]
        .width
    };
    let joined = width("日本Rust語", &mut shaper);
    let parts = width("日本", &mut shaper) + width("Rust", &mut shaper) + width("語", &mut shaper);
    // Two boundaries, a quarter em (2.5 pt at 10 pt) each.
    assert!((joined - parts - 5.0).abs() < 0.05, "{joined} vs {parts}");
    // With a space in the source, no extra space is added.
    // (The difference is exactly one space glyph, 0.224 em in Noto Sans CJK.)
    let spaced = width("日本 Rust", &mut shaper);
    let parts = width("日本", &mut shaper) + width("Rust", &mut shaper);
    assert!((spaced - parts - 2.24).abs() < 0.05, "{spaced} vs {parts}");
    // Not next to punctuation.
    let punct = width("「Rust」", &mut shaper);
    let parts = width("「", &mut shaper) + width("Rust", &mut shaper) + width("」", &mut shaper);
    assert!((punct - parts).abs() < 0.05, "{punct} vs {parts}");
}

#[test]
fn justified_lines_fill_the_width_but_the_last() {
    let mut shaper = Shaper::new().unwrap();
    let mut r = RichText::default();
    r.push("日本語の文章は行末をそろえて組みます。英語の段落は単語の間を広げます。最後の行はそろえません。", &ja_style(10.0));
    let lines = layout_lines(
        &r,
        &mut shaper,
        &FontChoice::default(),
        0.0,
        123.0,
        1.5,
        LineAlign::Start,
        true,
        0,
    );
    assert!(lines.len() >= 3);
    for l in &lines[..lines.len() - 1] {
        assert!(
            (l.width - 123.0).abs() < 0.05,
            "not justified: {} {}",
            l.width,
            l.text
        );
    }
    assert!(lines.last().unwrap().width < 123.0 - 1.0);
    // Latin: spread between words, never squeezed.
    let mut r = RichText::default();
    r.push(
        "The quick brown fox jumps over the lazy dog and keeps running far away",
        &TextStyle::plain(10.0, Rgb(0, 0, 0), "en"),
    );
    let lines = layout_lines(
        &r,
        &mut shaper,
        &FontChoice::default(),
        0.0,
        150.0,
        1.5,
        LineAlign::Start,
        true,
        0,
    );
    for l in &lines[..lines.len() - 1] {
        assert!((l.width - 150.0).abs() < 0.05, "{} {}", l.width, l.text);
    }
}

#[test]
fn latin_quotes_are_proportional_in_chinese_text() {
    let mut shaper = Shaper::new().unwrap();
    let mut r = RichText::default();
    r.push(
        "He said “hi”.",
        &TextStyle::plain(10.0, Rgb(0, 0, 0), "zh-Hans"),
    );
    let lines = layout_lines(
        &r,
        &mut shaper,
        &FontChoice::default(),
        0.0,
        1000.0,
        1.5,
        LineAlign::Start,
        false,
        0,
    );
    let mut quote_adv = Vec::new();
    for it in &lines[0].items {
        if let Item::Glyphs { glyphs, text, .. } = it {
            for g in glyphs {
                if matches!(&text[g.range.clone()], "“" | "”") {
                    quote_adv.push(g.x_advance);
                }
            }
        }
    }
    assert_eq!(quote_adv.len(), 2);
    assert!(
        quote_adv.iter().all(|a| *a < 0.6),
        "full-width quotes in Latin text: {quote_adv:?}"
    );
}

#[test]
fn language_picks_the_regional_face_and_span_lang_switches_it() {
    let md = "---\nlang: ja\n---\n\n骨 <span lang=\"zh-Hans\">骨</span>\n";
    let mut d = Diagnostics::new("t");
    let doc = pipeline::parse(md, &mut d);
    let laid = pipeline::layout(&doc, &RenderOptions::default(), &mut d).unwrap();
    let faces: Vec<FaceKey> = laid.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyphs { face, text, .. } if text.contains('骨') => Some(*face),
            _ => None,
        })
        .collect();
    assert_eq!(
        faces,
        vec![
            FaceKey::bundled(Weight::Regular, Region::Jp, false),
            FaceKey::bundled(Weight::Regular, Region::Sc, false)
        ]
    );
}

#[test]
fn italic_slants_latin_but_keeps_cjk_upright() {
    let mut d = Diagnostics::new("t");
    let doc = pipeline::parse("*Italic と斜体*\n", &mut d);
    let laid = pipeline::layout(&doc, &RenderOptions::default(), &mut d).unwrap();
    let mut seen = Vec::new();
    for it in &laid.pages[0].items {
        if let Item::Glyphs { text, italic, .. } = it {
            seen.push((text.trim().to_string(), *italic));
        }
    }
    assert!(seen.contains(&("Italic".to_string(), true)), "{seen:?}");
    assert!(
        seen.iter().any(|(t, i)| t.contains("斜体") && !i),
        "{seen:?}"
    );
}

#[test]
fn footnotes_sit_on_the_page_that_references_them() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    let mut md = String::from("# Notes\n\n");
    for i in 1..=40 {
        md.push_str(&format!(
            "Paragraph {i} has text that fills the line a little.[^n{i}]\n\n"
        ));
    }
    for i in 1..=40 {
        md.push_str(&format!("[^n{i}]: Footnote body number {i}.\n"));
    }
    let path = dir.path().join("notes.md");
    std::fs::write(&path, md).unwrap();
    let out = dir.path().join("notes.pdf");
    assert!(
        inkbind(["build", path.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .status
            .success()
    );
    let pages = lopdf::Document::load(&out).unwrap().get_pages().len();
    assert!(pages >= 2);
    for p in 1..=pages {
        let text = pdftotext(&out, Some(p));
        for i in 1..=40 {
            let body = format!("Footnote body number {i}.");
            if text.contains(&body) {
                assert!(
                    text.contains(&format!("Paragraph {i} ")),
                    "note {i} on page {p} without its reference"
                );
            }
        }
    }
}

#[test]
fn headings_never_end_a_page_and_paragraphs_leave_no_widows() {
    // Many short sections: every heading must have body text below it on its page.
    let mut md = String::new();
    for i in 0..60 {
        md.push_str(&format!("## Section {i}\n\n"));
        for _ in 0..(i % 4 + 1) {
            md.push_str("本文の行です。文章が少し長くなると次の行に折り返します。さらに続けて三行目に入るように書いています。\n\n");
        }
    }
    let mut d = Diagnostics::new("t");
    let doc = pipeline::parse(&md, &mut d);
    let laid = pipeline::layout(&doc, &RenderOptions::default(), &mut d).unwrap();
    let bottom_limit = laid.pages[0].height - 22.0 / 25.4 * 72.0;
    for (pi, page) in laid.pages.iter().enumerate() {
        // The lowest heading line on the page has body text below it.
        let glyph_ys: Vec<(f32, f32)> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Glyphs { y, size, .. } if *y < bottom_limit => Some((*y, *size)),
                _ => None,
            })
            .collect();
        let last_heading = glyph_ys
            .iter()
            .filter(|(_, s)| *s > 14.0)
            .map(|(y, _)| *y)
            .fold(f32::MIN, f32::max);
        if last_heading > f32::MIN {
            assert!(
                glyph_ys.iter().any(|(y, s)| *s < 12.0 && *y > last_heading),
                "page {pi}: heading at the foot"
            );
        }
    }
}

#[test]
fn list_numbers_of_any_width_are_drawn_whole() {
    let mut md = String::from("# Numbers\n\n");
    for i in 1..=12 {
        md += &format!("{i}. item {i}\n");
    }
    // A paragraph between, or CommonMark continues the first list.
    md += "\nA second list:\n\n";
    for i in 98..=101 {
        md += &format!("{i}. far item {i}\n");
    }
    let dir = tempdir();
    let src = dir.path().join("numbers.md");
    std::fs::write(&src, &md).unwrap();
    let (laid, _) = lay_out(&src);
    let drawn: Vec<String> = laid
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|it| match it {
            Item::Glyphs { text, x, .. } if text.ends_with('.') => Some((text.clone(), *x)),
            _ => None,
        })
        .map(|(t, x)| {
            let theme = inkbind::theme::Theme::default();
            assert!(
                x >= theme.margin_left - 0.5,
                "marker {t} at {x} pt is in the margin"
            );
            t
        })
        .collect();
    for i in (1..=12).chain(98..=101) {
        assert!(
            drawn.contains(&format!("{i}.")),
            "marker {i}. missing from {drawn:?}"
        );
    }
}
