//! The document title block (title, subtitle, author, date) at the top of the first page.

use super::inline::{LineAlign, RichText};
use super::*;
use crate::document::Document;
use crate::fonts::Weight;

impl Flow<'_> {
    pub(super) fn title_block(&mut self, doc: &Document) {
        let m = &doc.metadata;
        let t = self.theme.clone();
        let x = t.margin_left;
        let w = t.text_width();
        let mut any = false;
        if let Some(title) = &m.title {
            let mut st = self.base_style();
            st.size = t.heading_sizes[0] * 1.15;
            st.weight = Weight::Bold;
            let mut r = RichText::default();
            r.push(title, &st);
            let lines = self.lines(&r, x, w, LineAlign::Start);
            self.push_lines(lines, 0.0, true, false);
            any = true;
        }
        if let Some(sub) = &m.subtitle {
            let mut st = self.base_style();
            st.size = t.heading_sizes[2];
            st.color = t.muted;
            let mut r = RichText::default();
            r.push(sub, &st);
            let lines = self.lines(&r, x, w, LineAlign::Start);
            self.push_lines(lines, 2.0, true, false);
            any = true;
        }
        let mut byline = Vec::new();
        if !m.authors.is_empty() {
            byline.push(m.authors.join(", "));
        }
        if let Some(d) = &m.date {
            byline.push(d.clone());
        }
        if !byline.is_empty() {
            let mut st = self.base_style();
            st.size = t.body_size * 0.95;
            st.color = t.muted;
            let mut r = RichText::default();
            r.push(&byline.join(" · "), &st);
            let lines = self.lines(&r, x, w, LineAlign::Start);
            self.push_lines(lines, 6.0, true, false);
            any = true;
        }
        if let Some(desc) = &m.description {
            let mut st = self.base_style();
            st.color = t.muted;
            let mut r = RichText::default();
            r.push(desc, &st);
            let lines = self.lines(&r, x, w, LineAlign::Start);
            self.push_lines(lines, 6.0, true, false);
            any = true;
        }
        if any {
            self.rule(x, w, 4.0, t.rule, 0.8);
        }
    }
}
