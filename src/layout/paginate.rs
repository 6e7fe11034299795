//! Pagination: fragments → pages, footnotes at the foot of the page that cites them, and
//! the running header and page-number footer.

use super::fragment::Fragment;
use super::fragment::frags_height;
use super::inline::{FontChoice, LineAlign, RichText, TextStyle, layout_lines};
use super::*;
use crate::fonts::{Pt, Shaper};
use crate::theme::Theme;
use std::collections::HashMap;

pub(super) fn place(
    page: &mut Page,
    out_anchors: &mut HashMap<String, (usize, Pt)>,
    page_index: usize,
    f: &Fragment,
    y0: Pt,
    up: Pt,
) {
    for b in &f.bands {
        let up = if b.extend_up { up } else { 0.0 };
        page.items.push(Item::Rect {
            x: b.x,
            y: y0 - up,
            w: b.w,
            h: f.height + up,
            fill: Some(b.color),
            stroke: None,
        });
    }
    page.items
        .extend(f.items.iter().cloned().map(|it| it.shifted(y0)));
    for a in &f.anchors {
        out_anchors.entry(a.clone()).or_insert((page_index, y0));
    }
}

/// Footnote numbers referenced in a fragment.
pub(super) fn refs_of(f: &Fragment) -> Vec<String> {
    f.anchors
        .iter()
        .filter_map(|a| a.strip_prefix("fnref-").map(str::to_string))
        .collect()
}

/// Stacks fragments onto pages; footnote bodies go to the foot of the page that references
/// them (a note taller than 40% of the text area becomes an endnote).
pub(super) fn paginate(
    mut frags: Vec<Fragment>,
    note_list: Vec<(String, Vec<Fragment>)>,
    theme: &Theme,
) -> LaidOut {
    let order: Vec<String> = note_list.iter().map(|(k, _)| k.clone()).collect();
    let mut notes: HashMap<String, Vec<Fragment>> = note_list.into_iter().collect();
    let (pw, ph) = theme.page.size_pt();
    let top = theme.margin_top;
    let bottom = ph - theme.margin_bottom;
    let sep_h = theme.body_size;
    let x = theme.margin_left;
    let w = theme.text_width();

    // Notes too tall for a page foot, and notes nothing references, go to the end.
    let mut referenced: std::collections::HashSet<String> =
        frags.iter().flat_map(refs_of).collect();
    loop {
        let more: Vec<String> = referenced
            .iter()
            .filter_map(|n| notes.get(n))
            .flat_map(|v| v.iter().flat_map(refs_of))
            .filter(|n| !referenced.contains(n))
            .collect();
        if more.is_empty() {
            break;
        }
        referenced.extend(more);
    }
    let mut endnotes = Vec::new();
    for n in &order {
        if frags_height(&notes[n]) > 0.4 * (bottom - top) || !referenced.contains(n) {
            endnotes.extend(notes.remove(n).unwrap_or_default());
        }
    }
    if !endnotes.is_empty() {
        frags.push(Fragment {
            height: sep_h,
            space_before: sep_h * 2.0,
            items: vec![Item::Line {
                x1: x,
                y1: sep_h / 2.0,
                x2: x + w * 0.3,
                y2: sep_h / 2.0,
                color: theme.rule,
                width: 0.6,
            }],
            keep_with_next: true,
            ..Default::default()
        });
        frags.extend(endnotes);
    }

    let mut out = LaidOut::default();
    let new_page = |landscape: bool| Page {
        width: if landscape { ph } else { pw },
        height: if landscape { pw } else { ph },
        items: Vec::new(),
    };
    let mut landscape = frags.first().is_some_and(|f| f.landscape);
    out.pages.push(new_page(landscape));
    let page_bottom = |landscape: bool| {
        if landscape {
            pw - theme.margin_bottom
        } else {
            bottom
        }
    };
    let mut y = top;
    let mut page_empty = true;
    let mut page_notes: Vec<String> = Vec::new();
    let mut running: Option<String> = None;
    let mut notes_h: Pt = 0.0;

    let flush_notes = |out: &mut LaidOut, page_notes: &mut Vec<String>, notes_h: &mut Pt| {
        if page_notes.is_empty() {
            return;
        }
        let page_index = out.pages.len() - 1;
        let page = out.pages.last_mut().expect("a page");
        let mut yn = page.height - theme.margin_bottom - *notes_h;
        page.items.push(Item::Line {
            x1: x,
            y1: yn + sep_h * 0.4,
            x2: x + w * 0.3,
            y2: yn + sep_h * 0.4,
            color: theme.rule,
            width: 0.5,
        });
        yn += sep_h;
        for n in page_notes.drain(..) {
            for f in notes.get(&n).map(Vec::as_slice).unwrap_or_default() {
                yn += f.space_before;
                place(page, &mut out.anchors, page_index, f, yn, 0.0);
                yn += f.height;
            }
        }
        *notes_h = 0.0;
    };

    for i in 0..frags.len() {
        let f = &frags[i];
        // Notes referenced here, and the notes those notes reference.
        let mut new_refs: Vec<String> = Vec::new();
        let mut todo = refs_of(f);
        while let Some(n) = todo.pop() {
            if notes.contains_key(&n) && !page_notes.contains(&n) && !new_refs.contains(&n) {
                todo.extend(notes[&n].iter().flat_map(refs_of));
                new_refs.push(n);
            }
        }
        new_refs.sort_by_key(|k| order.iter().position(|o| o == k));
        let mut add_h: Pt = new_refs.iter().map(|n| frags_height(&notes[n])).sum();
        if page_notes.is_empty() && !new_refs.is_empty() {
            add_h += sep_h;
        }
        let limit = page_bottom(landscape) - notes_h - add_h + 0.01;
        let mut needed = f.space_before + f.height;
        // Keep-with-next chains: a heading needs room for what follows it.
        let mut j = i;
        while frags[j].keep_with_next && j + 1 < frags.len() && j < i + 4 {
            j += 1;
            needed += frags[j].space_before + frags[j].height;
        }
        let fits = y + needed <= limit;
        let self_fits = y + f.space_before + f.height <= limit;
        let turn = f.landscape != landscape;
        let must_break = f.page_break_before || turn || (!fits && f.keep_with_next) || !self_fits;
        if must_break && (!page_empty || turn) {
            flush_notes(&mut out, &mut page_notes, &mut notes_h);
            landscape = f.landscape;
            if page_empty {
                // Nothing on it yet: just turn the page.
                *out.pages.last_mut().expect("a page") = new_page(landscape);
            } else {
                out.pages.push(new_page(landscape));
            }
            y = top;
            page_empty = true;
        }
        // A table row starting a page gets its header row again.
        if page_empty && let Some(h) = &f.repeat_header {
            let page_index = out.pages.len() - 1;
            let page = out.pages.last_mut().expect("a page");
            place(page, &mut out.anchors, page_index, h, y, 0.0);
            y += h.height;
            page_empty = false;
        }
        // Recompute for a fresh page (the separator may now be needed).
        let mut add_h: Pt = new_refs.iter().map(|n| frags_height(&notes[n])).sum();
        if page_notes.is_empty() && !new_refs.is_empty() {
            add_h += sep_h;
        }
        let space = if page_empty { 0.0 } else { f.space_before };
        let y0 = y + space;
        if f.running_title.is_some() {
            running = f.running_title.clone();
        }
        let pi = out.pages.len() - 1;
        out.page_titles.resize(pi + 1, None);
        out.plain_pages.resize(pi + 1, false);
        if page_empty {
            out.page_titles[pi] = running.clone();
            out.plain_pages[pi] = f.plain_page;
        }
        let page_index = out.pages.len() - 1;
        let page = out.pages.last_mut().expect("a page");
        place(
            page,
            &mut out.anchors,
            page_index,
            f,
            y0,
            if page_empty { 0.0 } else { space },
        );
        if let Some((level, title)) = &f.outline {
            out.outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page: page_index,
                y: y0,
            });
        }
        if let Some(t) = &f.line_text {
            out.lines.push(t.clone());
        }
        if let Some(t) = &f.table {
            out.tables.push(table::TableReport {
                page: page_index,
                ..(**t).clone()
            });
        }
        page_notes.extend(new_refs);
        notes_h += add_h;
        y = y0 + f.height;
        page_empty = false;
    }
    flush_notes(&mut out, &mut page_notes, &mut notes_h);
    out.page_titles.resize(out.pages.len(), None);
    out.plain_pages.resize(out.pages.len(), false);
    // Lines of notes count as body text too.
    for n in &order {
        if let Some(v) = notes.get(n) {
            out.lines
                .extend(v.iter().filter_map(|f| f.line_text.clone()));
        }
    }
    out
}

/// Adds the running header and the page-number footer.
pub(super) fn decorate(
    out: &mut LaidOut,
    theme: &Theme,
    title: Option<&str>,
    shaper: &mut Shaper,
    fonts: &FontChoice,
    lang: &str,
) {
    let n = out.pages.len();
    let size = theme.body_size * 0.8;
    let x = theme.margin_left;
    let book = out.page_titles.iter().any(Option::is_some);
    for (i, page) in out.pages.iter_mut().enumerate() {
        if out.plain_pages.get(i) == Some(&true) {
            continue;
        }
        let w = page.width - theme.margin_left - theme.margin_right;
        let st = TextStyle::plain(size, theme.muted, lang);
        let header = if book {
            out.page_titles.get(i).cloned().flatten()
        } else if i > 0 {
            title.map(str::to_string)
        } else {
            None
        };
        if theme.running_header
            && let Some(t) = header.as_deref()
        {
            let mut r = RichText::default();
            r.push(t, &st);
            let lines = layout_lines(&r, shaper, fonts, x, w, 1.2, LineAlign::End, false, 0);
            let y = theme.margin_top * 0.45;
            if let Some(l) = lines.into_iter().next() {
                page.items
                    .extend(l.items.into_iter().map(|it| it.shifted(y)));
            }
        }
        if theme.page_numbers {
            let mut r = RichText::default();
            r.push(&format!("{} / {}", i + 1, n), &st);
            let lines = layout_lines(&r, shaper, fonts, x, w, 1.2, LineAlign::Center, false, 0);
            let y = page.height - theme.margin_bottom * 0.6;
            if let Some(l) = lines.into_iter().next() {
                page.items
                    .extend(l.items.into_iter().map(|it| it.shifted(y)));
            }
        }
    }
}
