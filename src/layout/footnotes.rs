//! Footnote bodies, laid out as fragment lists that pagination places at the page foot.

use super::fragment::Fragment;
use super::inline::{LineAlign, RichText, TextStyle};
use super::*;
use crate::document::{Block, Document, Inline};
use crate::fonts::Pt;

impl Flow<'_> {
    /// Lays out each footnote body (a size smaller, number in front) as its own fragment
    /// list; pagination places them at the foot of the page that references them.
    pub(super) fn footnotes(
        &mut self,
        doc: &Document,
        x: Pt,
        w: Pt,
    ) -> Vec<(String, Vec<Fragment>)> {
        let t = self.theme.clone();
        let indent = t.body_size * 1.6;
        let mut notes = Vec::new();
        let saved = std::mem::take(&mut self.frags);
        for note in &doc.footnotes {
            let mut inner: Vec<Block> = note.blocks.clone();
            if inner.is_empty() {
                inner.push(Block::Paragraph {
                    content: vec![Inline::Text(" ".into())],
                    pos: Default::default(),
                });
            }
            // Notes are set a size smaller and tighter.
            self.theme.body_size = t.body_size * 0.85;
            self.theme.line_height = t.line_height * 0.9;
            self.blocks(&inner, x + indent, w - indent, 1);
            self.theme.body_size = t.body_size;
            self.theme.line_height = t.line_height;
            let mut frags = std::mem::take(&mut self.frags);
            if frags.is_empty() {
                continue;
            }
            frags[0].space_before = t.body_size * 0.2;
            let key = format!("{}{}", self.note_prefix, note.number);
            frags[0].anchors.push(format!("fn-{key}"));
            let baseline = frags[0].first_baseline.unwrap_or(t.body_size);
            let mut st = TextStyle::plain(t.body_size * 0.85, t.link, &self.lang);
            st.link = Some(LinkTarget::Anchor(format!("fnref-{key}")));
            let mut r = RichText::default();
            r.push(&format!("{}.", note.number), &st);
            let lines = self.lines(&r, x, indent - 3.0, LineAlign::End);
            let dy = baseline - lines[0].baseline;
            let items: Vec<Item> = lines[0]
                .items
                .iter()
                .cloned()
                .map(|it| it.shifted(dy))
                .collect();
            frags[0].items.extend(items);
            // A note's own lines never pull more notes in.
            for f in &mut frags {
                f.keep_with_next = false;
            }
            notes.push((key, frags));
        }
        self.frags = saved;
        notes
    }
}
