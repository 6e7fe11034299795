//! A [`Book`] on pages: a title page, a table of contents with page numbers, each chapter
//! on a new page under its title (with date, author and description), running headers with
//! the chapter title, and an outline of chapters → headings.
//!
//! The contents need the page numbers of what follows them, so the book is laid out twice:
//! the first pass reserves a fixed width for each number, the second prints them (the
//! contents keep their height, so nothing moves between the passes).

use std::collections::HashMap;

use super::inline::{LineAlign, RichText, TextStyle};
use super::{
    Flow, Fragment, Item, LaidOut, LayoutOptions, LinkTarget, Picture, decorate, paginate,
};
use crate::book::Book;
use crate::diagnostics::Diagnostics;
use crate::document::{Block, Inline};
use crate::fonts::{Pt, Shaper, Weight};

/// The word for "Contents" in the book's language.
fn contents_label(lang: &str) -> &'static str {
    let l = lang.to_ascii_lowercase();
    if l.starts_with("ja") {
        "目次"
    } else if l.starts_with("ko") {
        "차례"
    } else if l.starts_with("zh") {
        if l.contains("hant") || l.contains("tw") || l.contains("hk") {
            "目錄"
        } else {
            "目录"
        }
    } else {
        "Contents"
    }
}

/// Lays out a whole book. Warnings (missing images, glyphs, …) name the book's sink; their
/// messages carry the chapter's file.
pub fn layout_book(
    book: &Book,
    opts: &LayoutOptions,
    shaper: &mut Shaper,
    diags: &mut Diagnostics,
) -> LaidOut {
    // Pass 1: reserve the numbers' width; pass 2: print them. Warnings from pass 1 only.
    let first = layout_pass(book, opts, shaper, diags, None);
    let pages: HashMap<String, usize> = first
        .anchors
        .iter()
        .map(|(k, (p, _))| (k.clone(), *p))
        .collect();
    let mut quiet = Diagnostics::new("");
    layout_pass(book, opts, shaper, &mut quiet, Some(&pages))
}

fn layout_pass(
    book: &Book,
    opts: &LayoutOptions,
    shaper: &mut Shaper,
    diags: &mut Diagnostics,
    pages: Option<&HashMap<String, usize>>,
) -> LaidOut {
    let theme = opts.theme.clone();
    let lang = book.metadata.lang.clone().unwrap_or_else(|| "en".into());
    let mut flow = Flow::new(opts, shaper, diags, lang.clone(), std::sync::Arc::from(""));
    let x = theme.margin_left;
    let w = theme.text_width();
    flow.cover_page(book, x, w);
    flow.title_page(book, x, w);
    flow.contents(book, x, w, pages);
    let mut notes = Vec::new();
    for (ci, ch) in book.chapters.iter().enumerate() {
        let doc = &ch.document;
        flow.lang = doc.metadata.lang.clone().unwrap_or_else(|| lang.clone());
        flow.note_prefix = format!("c{}-", ci + 1);
        flow.source = doc.source.clone();
        flow.source_dir = ch
            .source_path
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_default();
        let start = flow.frags.len();
        let body_start;
        match doc.blocks.first() {
            // The chapter's own first heading is its title: the byline goes under it.
            Some(first @ Block::Heading { .. }) if !ch.show_title => {
                body_start = start;
                let gap = flow.gap();
                flow.block(first, x, w, gap, 0);
                flow.chapter_head(ch, x, w);
                flow.blocks(&doc.blocks[1..], x, w, 0);
            }
            _ => {
                flow.chapter_head(ch, x, w);
                body_start = flow.frags.len();
                flow.blocks(&doc.blocks, x, w, 0);
            }
        }
        // Headings nest under the chapter in the outline; when the chapter title is its
        // first heading, that heading is the chapter's entry.
        let mut skip_first = !ch.show_title;
        for f in &mut flow.frags[body_start..] {
            if let Some((level, _)) = &mut f.outline {
                if skip_first {
                    f.outline = None;
                    skip_first = false;
                } else {
                    *level = (*level + 1).min(6);
                }
            }
        }
        if let Some(f) = flow.frags.get_mut(start) {
            f.page_break_before = true;
            f.running_title = Some(ch.title.clone());
            f.anchors.push(ch.id.clone());
            f.outline = Some((1, ch.title.clone()));
        }
        notes.extend(flow.footnotes(doc, x, w));
        for c in flow.shaper.take_missing().into_keys() {
            let (line, col) = doc.position_of(c);
            flow.diags.warn(
                line,
                col,
                format!(
                    "{}: no font has a glyph for U+{:04X} {c:?}; it is drawn as the missing-glyph box",
                    ch.source_path.display(),
                    c as u32
                ),
            );
        }
    }
    let frags = std::mem::take(&mut flow.frags);
    let mut out = paginate(frags, notes, &theme);
    decorate(&mut out, &theme, None, flow.shaper, &flow.fonts, &lang);
    out
}

impl Flow<'_> {
    /// One line-group of plain text in a size and look (title page, chapter heads).
    #[allow(clippy::too_many_arguments)]
    fn styled(
        &mut self,
        text: &str,
        size: Pt,
        bold: bool,
        muted: bool,
        x: Pt,
        w: Pt,
        align: LineAlign,
        space: Pt,
    ) {
        let mut st = self.base_style();
        st.size = size;
        if bold {
            st.weight = Weight::Bold;
        }
        if muted {
            st.color = self.theme.muted;
        }
        let mut r = RichText::default();
        r.push(text, &st);
        let lines = self.lines(&r, x, w, align);
        self.push_lines(lines, space, true, false);
    }

    /// The cover image on a page of its own, scaled to the text area (no header/footer).
    fn cover_page(&mut self, book: &Book, x: Pt, w: Pt) {
        let Some(cover) = &book.metadata.cover else {
            return;
        };
        match crate::resource::image::load_file(std::path::Path::new(cover), None)
            .map(Picture::from)
        {
            Ok(pic) => {
                let t = self.theme.clone();
                let (_, ph) = t.page.size_pt();
                let max_h = ph - t.margin_top - t.margin_bottom;
                let (nw, nh) = pic.size_pt();
                let scale = (w / nw.max(1.0)).min(max_h / nh.max(1.0));
                let (iw, ih) = (nw * scale, nh * scale);
                self.frags.push(Fragment {
                    height: ih,
                    items: vec![pic.item(x + (w - iw) / 2.0, 0.0, iw, ih)],
                    plain_page: true,
                    ..Default::default()
                });
            }
            Err(why) => self
                .diags
                .warn(0, 0, crate::document::cover_warning(cover, &why)),
        }
    }

    fn title_page(&mut self, book: &Book, x: Pt, w: Pt) {
        let t = self.theme.clone();
        let m = &book.metadata;
        let (_, ph) = t.page.size_pt();
        self.frags.push(Fragment {
            height: (ph - t.margin_top - t.margin_bottom) * 0.28,
            plain_page: true,
            keep_with_next: true,
            page_break_before: true,
            ..Default::default()
        });
        let title = m.title.clone().unwrap_or_else(|| book.title().to_string());
        self.styled(
            &title,
            t.heading_sizes[0] * 1.5,
            true,
            false,
            x,
            w,
            LineAlign::Center,
            0.0,
        );
        if let Some(sub) = &m.subtitle {
            self.styled(
                sub,
                t.heading_sizes[2],
                false,
                true,
                x,
                w,
                LineAlign::Center,
                10.0,
            );
        }
        if !m.authors.is_empty() {
            self.styled(
                &m.authors.join(", "),
                t.heading_sizes[3],
                false,
                false,
                x,
                w,
                LineAlign::Center,
                36.0,
            );
        }
        if let Some(d) = &m.date {
            self.styled(d, t.body_size, false, true, x, w, LineAlign::Center, 8.0);
        }
        if let Some(last) = self.frags.last_mut() {
            last.keep_with_next = false;
        }
    }

    /// The table of contents: chapters and their second-level headings, each a link, with
    /// dot leaders and the page number (`pages`: anchor → page index; `None` on the first
    /// pass, when the numbers' width is only reserved).
    fn contents(&mut self, book: &Book, x: Pt, w: Pt, pages: Option<&HashMap<String, usize>>) {
        let t = self.theme.clone();
        let start = self.frags.len();
        self.styled(
            contents_label(&self.lang.clone()),
            t.heading_sizes[1],
            true,
            false,
            x,
            w,
            LineAlign::Start,
            0.0,
        );
        if let Some(f) = self.frags.get_mut(start) {
            f.page_break_before = true;
            f.outline = Some((1, contents_label(&self.lang.clone()).to_string()));
            f.anchors.push("contents".into());
        }
        if let Some(f) = self.frags.last_mut() {
            f.keep_with_next = true;
        }
        for ch in &book.chapters {
            self.toc_entry(
                &ch.title,
                &ch.id,
                0,
                x,
                w,
                pages,
                t.body_size * 1.05,
                true,
                t.body_size * 0.9,
            );
            // The chapter's top-level sections.
            let top = ch.document.blocks.iter().filter_map(|b| match b {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            });
            let mut levels: Vec<u8> = top.collect();
            levels.sort_unstable();
            levels.dedup();
            let section_level = if ch.show_title {
                levels.first().copied()
            } else {
                levels.get(1).copied()
            };
            let mut first_skipped = ch.show_title;
            for b in &ch.document.blocks {
                if let Block::Heading {
                    level, id, content, ..
                } = b
                {
                    if !first_skipped {
                        first_skipped = true;
                        continue;
                    }
                    if Some(*level) == section_level {
                        self.toc_entry(
                            &Inline::plain_text(content),
                            id,
                            1,
                            x,
                            w,
                            pages,
                            t.body_size * 0.92,
                            false,
                            2.0,
                        );
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn toc_entry(
        &mut self,
        text: &str,
        anchor: &str,
        depth: usize,
        x: Pt,
        w: Pt,
        pages: Option<&HashMap<String, usize>>,
        size: Pt,
        bold: bool,
        space: Pt,
    ) {
        let t = self.theme.clone();
        let indent = depth as Pt * t.body_size * 1.5;
        let num_w = size * 2.6;
        let gap = size * 0.8;
        let mut st = self.base_style();
        st.size = size;
        if bold {
            st.weight = Weight::Bold;
        }
        let mut r = RichText::default();
        r.push(text, &st);
        let lines = self.lines(&r, x + indent, w - indent - num_w - gap, LineAlign::Start);
        let n = lines.len();
        let first = self.frags.len();
        self.push_lines(lines, space, false, false);
        let last = self.frags.len() - 1;
        let target = LinkTarget::Anchor(anchor.to_string());
        for f in &mut self.frags[first..] {
            let h = f.height;
            f.items.push(Item::Link {
                x: x + indent,
                y: 0.0,
                w: w - indent,
                h,
                target: target.clone(),
            });
        }
        if n == 0 {
            return;
        }
        // Number, right-aligned, on the baseline of the entry's last line.
        let number = pages
            .and_then(|p| p.get(anchor))
            .map(|p| (p + 1).to_string())
            .unwrap_or_default();
        let baseline = self.frags[last].first_baseline.unwrap_or(size);
        let text_end = self.frags[last]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Glyphs {
                    x, size, glyphs, ..
                } => Some(x + glyphs.iter().map(|g| g.x_advance).sum::<f32>() * size),
                _ => None,
            })
            .fold(x + indent, f32::max);
        let mut nst = TextStyle::plain(size, t.text, &self.lang);
        if bold {
            nst.weight = Weight::Bold;
        }
        let mut nr = RichText::default();
        nr.push(&number, &nst);
        let mut number_x = x + w;
        if !number.is_empty() {
            let nl = self.lines(&nr, x + w - num_w, num_w, LineAlign::End);
            if let Some(l) = nl.into_iter().next() {
                number_x = x + w - l.width;
                let dy = baseline - l.baseline;
                self.frags[last]
                    .items
                    .extend(l.items.into_iter().map(|it| it.shifted(dy)));
            }
        }
        // Dot leaders between the title and the number.
        let mut dx = text_end + gap * 0.6;
        while dx < number_x - gap * 0.6 {
            self.frags[last].items.push(Item::Rect {
                x: dx,
                y: baseline - size * 0.12,
                w: size * 0.1,
                h: size * 0.1,
                fill: Some(t.muted),
                stroke: None,
            });
            dx += size * 0.45;
        }
    }

    /// A chapter's title with its date, author(s) and description underneath.
    fn chapter_head(&mut self, ch: &crate::book::Chapter, x: Pt, w: Pt) {
        let t = self.theme.clone();
        if ch.show_title {
            self.styled(
                &ch.title,
                t.heading_sizes[0] * 1.1,
                true,
                false,
                x,
                w,
                LineAlign::Start,
                0.0,
            );
        }
        let mut by = Vec::new();
        if !ch.authors.is_empty() {
            by.push(ch.authors.join(", "));
        }
        if let Some(d) = &ch.date {
            by.push(d.clone());
        }
        if !by.is_empty() {
            self.styled(
                &by.join(" · "),
                t.body_size * 0.95,
                false,
                true,
                x,
                w,
                LineAlign::Start,
                4.0,
            );
        }
        if let Some(d) = &ch.description {
            self.styled(d, t.body_size, false, true, x, w, LineAlign::Start, 4.0);
        }
        if ch.show_title || !by.is_empty() || ch.description.is_some() {
            self.rule(x, w, 2.0, t.rule, 0.6);
        }
    }
}
