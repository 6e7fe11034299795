//! Lists: bullets, numbers and task boxes in the left indent, nested lists indented.

use super::fragment::Fragment;
use super::inline::{LineAlign, RichText};
use super::*;
use crate::document::ListItem;
use crate::fonts::Pt;
use crate::theme::Rgb;

impl Flow<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn list(
        &mut self,
        start: Option<u64>,
        tight: bool,
        items: &[ListItem],
        x: Pt,
        w: Pt,
        space: Pt,
        depth: usize,
    ) {
        let t = self.theme.clone();
        // Deep nesting keeps at least 40% of the text width for the text itself: past that
        // the indent is capped (the list sits at its parent's text edge, marker in the same
        // gutter) and the marker says how deep it is (`12•`, `12›3.`).
        let capped = w - t.body_size * 1.8 < t.text_width() * 0.4;
        // A numbered list's indent grows to hold its widest number (`100.`) plus the gap.
        let widest = match start {
            Some(s) if !capped && !items.is_empty() => {
                let mut r = RichText::default();
                r.push(
                    &format!("{}.", s + items.len() as u64 - 1),
                    &self.base_style(),
                );
                let big = t.body_size * 40.0;
                self.lines(&r, x, big, LineAlign::Start)
                    .first()
                    .map_or(0.0, |l| l.width)
            }
            _ => 0.0,
        };
        let indent = if capped {
            0.0
        } else {
            (t.body_size * 1.8).max(widest + t.body_size * 0.5)
        };
        for (i, item) in items.iter().enumerate() {
            let first = self.frags.len();
            let item_space = if i == 0 {
                space
            } else if tight {
                t.body_size * 0.25
            } else {
                self.gap()
            };
            if item.blocks.is_empty() {
                self.frags.push(Fragment {
                    height: t.body_size * t.line_height,
                    first_baseline: Some(
                        t.body_size * (t.line_height - 1.0) / 2.0 + t.body_size * 0.88,
                    ),
                    ..Default::default()
                });
            }
            for (k, b) in item.blocks.iter().enumerate() {
                let s = if k == 0 {
                    item_space
                } else if tight {
                    t.body_size * 0.25
                } else {
                    self.gap()
                };
                self.block(b, x + indent, w - indent, s, depth + 1);
            }
            if first >= self.frags.len() {
                continue;
            }
            let baseline = self.frags[first].first_baseline.unwrap_or(t.body_size);
            let mx = x + indent - t.body_size * 0.5;
            let level = if capped {
                format!("{}", depth + 1)
            } else {
                String::new()
            };
            let marker_items = if let Some(checked) = item.task {
                task_box(
                    mx - t.body_size * 0.9,
                    baseline,
                    t.body_size,
                    checked,
                    t.text,
                )
            } else {
                let label = match start {
                    Some(s) if capped => format!("{level}›{}.", s + i as u64),
                    Some(s) => format!("{}.", s + i as u64),
                    None => match depth % 3 {
                        0 => format!("{level}•"),
                        1 => format!("{level}◦"),
                        _ => format!("{level}▪"),
                    },
                };
                let mut st = self.base_style();
                if capped {
                    st.size *= 0.8;
                    st.color = t.muted;
                }
                let mut r = RichText::default();
                r.push(&label, &st);
                // Right-aligned at `mx` in a box wide enough that a marker never wraps.
                let lw = t.body_size * 40.0;
                let lines = self.lines(&r, mx - lw, lw, LineAlign::End);
                let l = &lines[0];
                let dy = baseline - l.baseline;
                l.items.iter().cloned().map(|it| it.shifted(dy)).collect()
            };
            self.frags[first].items.extend(marker_items);
        }
    }
}

pub(super) fn task_box(x: Pt, baseline: Pt, size: Pt, checked: bool, color: Rgb) -> Vec<Item> {
    let s = size * 0.75;
    let top = baseline - s * 0.95;
    let mut v = vec![Item::Rect {
        x,
        y: top,
        w: s,
        h: s,
        fill: None,
        stroke: Some((color, 0.7)),
    }];
    if checked {
        v.push(Item::Line {
            x1: x + s * 0.2,
            y1: top + s * 0.55,
            x2: x + s * 0.42,
            y2: top + s * 0.78,
            color,
            width: 1.0,
        });
        v.push(Item::Line {
            x1: x + s * 0.42,
            y1: top + s * 0.78,
            x2: x + s * 0.82,
            y2: top + s * 0.22,
            color,
            width: 1.0,
        });
    }
    v
}
