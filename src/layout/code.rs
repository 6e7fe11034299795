//! Code blocks: mono face on a band, highlighted, long lines wrapped with a mark.

use super::fragment::{Band, Fragment};
use super::inline::{LineAlign, RichText, TextStyle, layout_lines};
use super::*;
use crate::fonts::{Pt, Weight};
use crate::theme::Rgb;

impl Flow<'_> {
    /// A code block: mono face on a light band, highlighted when the language is known,
    /// long lines wrapped with a continuation mark, one fragment per line so it splits
    /// across pages between lines.
    pub(super) fn code(&mut self, text: &str, lang: Option<&str>, x: Pt, w: Pt, space: Pt) {
        let t = self.theme.clone();
        let pad = t.code_size * 0.8;
        let mut st = TextStyle::plain(t.code_size, t.text, &self.lang);
        st.mono = true;
        let band = |extend_up| Band {
            x,
            w,
            color: t.code_bg,
            extend_up,
        };
        self.frags.push(Fragment {
            height: pad,
            space_before: space,
            bands: vec![band(false)],
            keep_with_next: true,
            ..Default::default()
        });
        let text = text.replace('\t', "    ");
        let tokens = lang.and_then(|l| crate::highlight::highlight(&text, l));
        for (n, line) in text.split('\n').enumerate() {
            let mut r = RichText::default();
            match tokens.as_ref().and_then(|tk| tk.get(n)) {
                Some(toks) if !toks.is_empty() => {
                    for (ts, piece) in toks {
                        let mut s2 = st.clone();
                        s2.color = Rgb(ts.color.0, ts.color.1, ts.color.2);
                        if ts.bold {
                            s2.weight = Weight::Bold;
                        }
                        r.push(piece, &s2);
                    }
                }
                _ => r.push(if line.is_empty() { " " } else { line }, &st),
            }
            let off = self.text_offset;
            self.text_offset += r.text.len() + 1;
            let lines = layout_lines(
                &r,
                self.shaper,
                &self.fonts,
                x + pad,
                w - 2.0 * pad,
                1.45,
                LineAlign::Start,
                false,
                off,
            );
            for (k, l) in lines.into_iter().enumerate() {
                let mut items = l.items;
                if k > 0 {
                    items.extend(continuation_mark(
                        x + 1.0,
                        l.baseline,
                        pad - 2.0,
                        t.code_size,
                        t.muted,
                    ));
                }
                self.frags.push(Fragment {
                    height: l.height,
                    items,
                    bands: vec![band(true)],
                    first_baseline: Some(l.baseline),
                    ..Default::default()
                });
            }
        }
        self.frags.push(Fragment {
            height: pad,
            bands: vec![band(true)],
            ..Default::default()
        });
    }
}

/// A small "↳" drawn as vectors in the left padding of a wrapped code line.
pub(super) fn continuation_mark(x: Pt, baseline: Pt, w: Pt, size: Pt, color: Rgb) -> Vec<Item> {
    let top = baseline - size * 0.75;
    let mid = baseline - size * 0.3;
    let right = x + w.max(3.0);
    let line = |x1, y1, x2, y2| Item::Line {
        x1,
        y1,
        x2,
        y2,
        color,
        width: 0.5,
    };
    vec![
        line(x, top, x, mid),
        line(x, mid, right, mid),
        line(right - 1.5, mid - 1.2, right, mid),
        line(right - 1.5, mid + 1.2, right, mid),
    ]
}
