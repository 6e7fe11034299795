//! Block quotes and GitHub alerts: a bar at the left, indented content, depth capped.

use super::fragment::Band;
use super::inline::{LineAlign, RichText};
use super::*;
use crate::document::Block;
use crate::fonts::{Pt, Weight};
use crate::theme::Rgb;

impl Flow<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn quote(
        &mut self,
        inner: &[Block],
        label: Option<String>,
        x: Pt,
        w: Pt,
        space: Pt,
        depth: usize,
        color: Rgb,
    ) {
        let t = self.theme.clone();
        // Deep nesting stops indenting once the text would get narrower than 40% of the
        // text width (the bars then stack), so no text is squeezed out of existence.
        let indent = if w - t.body_size * 1.2 < t.text_width() * 0.4 {
            0.0
        } else {
            t.body_size * 1.2
        };
        let first = self.frags.len();
        if let Some(label) = label.filter(|l| !l.trim().is_empty()) {
            let mut st = self.base_style();
            st.weight = Weight::Bold;
            st.color = color;
            let mut r = RichText::default();
            r.push(&label, &st);
            let lines = self.lines(&r, x + indent, w - indent, LineAlign::Start);
            self.push_lines(lines, space, true, false);
        }
        let inner_first = self.frags.len();
        self.blocks(inner, x + indent, w - indent, depth + 1);
        if self.frags.len() > inner_first && inner_first == first {
            self.frags[first].space_before = space;
        } else if self.frags.len() > inner_first {
            self.frags[inner_first].space_before = t.body_size * 0.2;
        }
        for (i, f) in self.frags[first..].iter_mut().enumerate() {
            f.bands.push(Band {
                x: x + 1.0,
                w: 2.5,
                color,
                extend_up: i > 0,
            });
            // Quoted text is a shade lighter.
            for it in &mut f.items {
                if let Item::Glyphs { color: c, .. } = it
                    && *c == t.text
                {
                    *c = Rgb(0x44, 0x44, 0x44);
                }
            }
        }
    }
}
