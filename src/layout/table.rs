//! GFM tables on the page (first version): automatic column widths as in CSS 2.1 §17.5.2.2
//! automatic table layout (each column gets at least its min-content width, the rest is
//! shared in proportion to max − min), cells wrapped with the paragraph line breaker, a bold
//! header on a light background, thin rules. One row is one fragment, so long tables break
//! between rows.

use super::inline::{LineAlign, RichText, TextStyle, layout_lines, measure};
use super::{Flow, Fragment, Item};
use crate::document::{Align, Inline, Table};
use crate::fonts::{Pt, Weight};
use crate::theme::Rgb;

/// Column widths (pt) for columns with min-content widths `mins` and max-content widths
/// `maxs` (both including cell padding) in `avail` points.
///
/// If every column fits at its max width, each gets it; otherwise each gets its min plus a
/// share of the remaining space in proportion to (max − min); if even the mins do not fit,
/// the mins are scaled down (the cells then break inside words).
pub fn column_widths(mins: &[Pt], maxs: &[Pt], avail: Pt) -> Vec<Pt> {
    let sum_max: Pt = maxs.iter().sum();
    let sum_min: Pt = mins.iter().sum();
    if sum_max <= avail {
        return maxs.to_vec();
    }
    if sum_min <= avail {
        let spread: Pt = maxs.iter().zip(mins).map(|(a, b)| a - b).sum();
        let extra = avail - sum_min;
        return mins
            .iter()
            .zip(maxs)
            .map(|(mn, mx)| {
                if spread > 0.0 {
                    mn + extra * (mx - mn) / spread
                } else {
                    mn + extra / mins.len() as Pt
                }
            })
            .collect();
    }
    mins.iter().map(|m| avail * m / sum_min).collect()
}

fn cell_rich(flow: &Flow, cell: &[Inline], header: bool, size: Pt) -> RichText {
    let mut st = TextStyle::plain(size, flow.theme.text, &flow.lang);
    if header {
        st.weight = Weight::Bold;
    }
    flow.rich(cell, &st)
}

pub(super) fn layout_table(flow: &mut Flow, tb: &Table, x: Pt, w: Pt, space: Pt) {
    let ncol = tb.alignments.len();
    if ncol == 0 {
        return;
    }
    let t = flow.theme.clone();
    let size = t.body_size * 0.92;
    let pad_x = size * 0.5;
    let pad_y = size * 0.3;
    let header: Vec<RichText> = tb
        .header
        .iter()
        .map(|c| cell_rich(flow, c, true, size))
        .collect();
    let rows: Vec<Vec<RichText>> = tb
        .rows
        .iter()
        .map(|r| r.iter().map(|c| cell_rich(flow, c, false, size)).collect())
        .collect();
    let mut mins = vec![2.0 * pad_x; ncol];
    let mut maxs = vec![2.0 * pad_x; ncol];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (c, rich) in row.iter().enumerate().take(ncol) {
            let (mx, mn) = measure(rich, flow.shaper, &flow.fonts);
            maxs[c] = maxs[c].max(mx + 2.0 * pad_x);
            mins[c] = mins[c].max(mn + 2.0 * pad_x);
        }
    }
    let widths = column_widths(&mins, &maxs, w);
    let total: Pt = widths.iter().sum();
    let mut xs = Vec::with_capacity(ncol + 1);
    let mut cx = x;
    for cw in &widths {
        xs.push(cx);
        cx += cw;
    }
    xs.push(cx);

    let emit_row =
        |flow: &mut Flow, cells: &[RichText], is_header: bool, first: bool| -> Fragment {
            let mut items = Vec::new();
            let mut height: Pt = 0.0;
            let mut cell_lines = Vec::new();
            for (c, rich) in cells.iter().enumerate().take(ncol) {
                let align = match tb.alignments[c] {
                    Align::Center => LineAlign::Center,
                    Align::Right => LineAlign::End,
                    _ => LineAlign::Start,
                };
                let off = flow.text_offset;
                flow.text_offset += rich.text.len();
                let lines = if rich.text.is_empty() {
                    Vec::new()
                } else {
                    layout_lines(
                        rich,
                        flow.shaper,
                        &flow.fonts,
                        xs[c] + pad_x,
                        widths[c] - 2.0 * pad_x,
                        1.4,
                        align,
                        false,
                        off,
                    )
                };
                let h: Pt = lines.iter().map(|l| l.height).sum();
                height = height.max(h);
                cell_lines.push(lines);
            }
            let row_h = height.max(size * 1.4) + 2.0 * pad_y;
            if is_header {
                items.push(Item::Rect {
                    x,
                    y: 0.0,
                    w: total,
                    h: row_h,
                    fill: Some(Rgb(0xee, 0xf0, 0xf3)),
                    stroke: None,
                });
            }
            let mut anchors = Vec::new();
            for lines in cell_lines {
                let mut y = pad_y;
                for l in lines {
                    items.extend(l.items.into_iter().map(|it| it.shifted(y)));
                    anchors.extend(l.anchors);
                    y += l.height;
                }
            }
            let rule = |y: Pt, width: Pt, color: Rgb| Item::Line {
                x1: x,
                y1: y,
                x2: x + total,
                y2: y,
                color,
                width,
            };
            if first {
                items.push(rule(0.0, 0.8, t.rule));
            }
            items.push(rule(row_h, if is_header { 0.8 } else { 0.4 }, t.rule));
            for bx in &xs {
                items.push(Item::Line {
                    x1: *bx,
                    y1: 0.0,
                    x2: *bx,
                    y2: row_h,
                    color: t.rule,
                    width: 0.4,
                });
            }
            Fragment {
                height: row_h,
                items,
                anchors,
                keep_with_next: is_header,
                ..Default::default()
            }
        };

    let mut frag = emit_row(flow, &header, true, true);
    frag.space_before = space;
    flow.frags.push(frag);
    for row in &rows {
        let f = emit_row(flow, row, false, false);
        flow.frags.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_fit_or_share_by_spread() {
        assert_eq!(
            column_widths(&[10.0, 20.0], &[30.0, 40.0], 100.0),
            vec![30.0, 40.0]
        );
        // 60 left after mins; spreads 20 and 80 → 12 and 48.
        let w = column_widths(&[10.0, 20.0], &[30.0, 100.0], 90.0);
        assert!(
            (w[0] - 22.0).abs() < 1e-3 && (w[1] - 68.0).abs() < 1e-3,
            "{w:?}"
        );
        let w = column_widths(&[100.0, 300.0], &[200.0, 400.0], 200.0);
        assert_eq!(w, vec![50.0, 150.0]);
    }
}
