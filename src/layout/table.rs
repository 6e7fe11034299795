//! GFM tables on the page: tables that never run past the margins.
//!
//! * **Column widths** follow CSS 2.1 §17.5.2.2 (automatic table layout): every column has
//!   a min-content width (its widest unbreakable piece: a Latin word, an inline code span,
//!   one CJK character together with the kinsoku neighbours it may not be parted from) and
//!   a max-content width (its longest line set without breaks), both measured with the
//!   project's line breaker ([`measure`]) and including the cell padding. If every column
//!   fits at its maximum it gets it; otherwise every column gets its minimum plus a share of
//!   the space left in proportion to (max − min), see [`column_widths`].
//! * **Cells** hold any inline content, wrapped with the paragraph line breaker and aligned
//!   per the GFM delimiter row (no colon = start). A cell made only of images shows them
//!   scaled down to the column; an image that cannot be loaded shows its alt text.
//! * **Wide tables** (the minima do not fit the text width): the font shrinks in steps of
//!   5% down to `theme.table_min_scale`; if still too wide, the `auto` and `landscape`
//!   policies ([`WideTables`]) put the table on landscape pages of its own (text width =
//!   page height − left − right margins); if still too wide, `auto` and `split` split the
//!   columns into parts that each repeat the first column, later parts labelled
//!   "(continued)". What each table got is reported in [`TableReport`]
//!   (`LaidOut::tables`).
//! * **Long tables** break between rows, and every body row carries the header row, which
//!   pagination draws again at the top of each page the table continues on. A row taller
//!   than the page's text area splits inside its cells, line by line.
//! * **Look**: a bold header on a light background with a rule below it, thin row rules or
//!   zebra stripes (`theme.table_zebra`), hairline column rules, padding from the theme.

use std::sync::Arc;

use super::inline::{LineAlign, LineBox, RichText, TextStyle, layout_lines, measure};
use super::{Flow, Fragment, Item, Picture, TextLine, load_image, only_images};
use crate::document::{Align, Inline, Table};
use crate::fonts::{Pt, Weight};
use crate::theme::{Rgb, WideTables};

/// Table text size as a fraction of the body size, before any shrinking.
pub const TABLE_SIZE: f32 = 0.92;
/// Line height of cell text, multiple of its size.
const CELL_LINE_HEIGHT: f32 = 1.4;
/// Shrinking step of the wide-table policy (fraction of the normal table size).
const SHRINK_STEP: f32 = 0.05;
/// Widest and narrowest a scaled-down image in a cell may ask for, pt.
const IMAGE_MAX_W: Pt = 160.0;
const IMAGE_MIN_W: Pt = 36.0;
/// Tallest image in a cell, pt.
const IMAGE_MAX_H: Pt = 120.0;
const HEADER_BG: Rgb = Rgb(0xee, 0xf0, 0xf3);
const ZEBRA_BG: Rgb = Rgb(0xf6, 0xf7, 0xf9);
const COLUMN_RULE: Rgb = Rgb(0xdd, 0xdd, 0xdd);

/// How a table was fitted to the page (the wide-table policy's outcome).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFit {
    /// Fitted at the normal table size.
    Natural,
    /// Fitted after reducing the font size (see [`TableReport::scale`]).
    Shrunk,
    /// Set on landscape pages of its own (possibly also shrunk).
    Landscape,
    /// Columns split into parts that repeat the first column (on landscape pages under the
    /// `auto` policy, on portrait pages under `split`).
    Split,
    /// Even the minimum widths at the smallest size do not fit and the policy allows
    /// nothing else: columns are narrower than their longest word, which breaks inside.
    Squeezed,
}

impl TableFit {
    /// A lower-case name: `natural`, `shrunk`, `landscape`, `split`, `squeezed`.
    pub fn name(self) -> &'static str {
        match self {
            TableFit::Natural => "natural",
            TableFit::Shrunk => "shrunk",
            TableFit::Landscape => "landscape",
            TableFit::Split => "split",
            TableFit::Squeezed => "squeezed",
        }
    }
}

/// One part of a (possibly split) table as laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct TablePart {
    /// Column indices (0-based) shown in this part; a split table's later parts start with
    /// column 0 again.
    pub columns: Vec<usize>,
    /// Left edge of each of those columns, pt from the page's left edge.
    pub x: Vec<Pt>,
    /// Width of each of those columns including padding, pt.
    pub widths: Vec<Pt>,
}

/// What the layout did with one table, for tests and reports.
#[derive(Debug, Clone, PartialEq)]
pub struct TableReport {
    /// 1-based source line of the table.
    pub line: usize,
    /// Number of columns.
    pub columns: usize,
    /// Number of body rows.
    pub rows: usize,
    /// The wide-table outcome.
    pub fit: TableFit,
    /// Font scale applied (1.0 = the normal table size, `TABLE_SIZE` × body size).
    pub scale: f32,
    /// Set on landscape pages.
    pub landscape: bool,
    /// The parts (one unless [`TableFit::Split`]).
    pub parts: Vec<TablePart>,
    /// Minimum and maximum content widths of each column at the normal size, including
    /// padding, pt (CSS 2.1 §17.5.2.2 min/max).
    pub min_widths: Vec<Pt>,
    /// See `min_widths`.
    pub max_widths: Vec<Pt>,
    /// Every laid-out line of every cell, cell by cell (header first), for kinsoku checks.
    pub cell_lines: Vec<TextLine>,
    /// Number of body rows that were taller than a page and split inside their cells.
    pub split_rows: usize,
    /// 0-based index of the page the table starts on.
    pub page: usize,
}

/// Column widths (pt) for columns with min-content widths `mins` and max-content widths
/// `maxs` (both including cell padding) in `avail` points — CSS 2.1 §17.5.2.2.
///
/// If every column fits at its max width, each gets it; otherwise each gets its min plus a
/// share of the remaining space in proportion to (max − min) (equal shares when all
/// columns are already at their max); if even the mins do not fit, the mins are scaled
/// down to `avail` (cells then break inside words). The slices must have equal lengths.
pub fn column_widths(mins: &[Pt], maxs: &[Pt], avail: Pt) -> Vec<Pt> {
    let sum_max: Pt = maxs.iter().sum();
    let sum_min: Pt = mins.iter().sum();
    if sum_max <= avail {
        return maxs.to_vec();
    }
    if sum_min <= avail {
        let spread: Pt = maxs.iter().zip(mins).map(|(a, b)| (a - b).max(0.0)).sum();
        let extra = avail - sum_min;
        return mins
            .iter()
            .zip(maxs)
            .map(|(mn, mx)| {
                if spread > 0.0 {
                    mn + extra * (mx - mn).max(0.0) / spread
                } else {
                    mn + extra / mins.len() as Pt
                }
            })
            .collect();
    }
    mins.iter().map(|m| avail * m / sum_min).collect()
}

/// Font scales tried by the shrink step, largest first: 1.0, 0.95, … down to `floor`.
pub fn shrink_steps(floor: f32) -> Vec<f32> {
    let floor = floor.clamp(0.1, 1.0);
    let mut v = Vec::new();
    let mut k = 0;
    loop {
        let s = 1.0 - SHRINK_STEP * k as f32;
        if s < floor - 1e-4 {
            break;
        }
        v.push(s);
        k += 1;
    }
    if v.last().is_none_or(|&s| (s - floor).abs() > 1e-4) {
        v.push(floor);
    }
    v
}

/// Splits columns `1..n` into parts that each start with column 0 and whose min widths
/// (`mins`, pt) fit `avail`: as few parts as greedy filling gives, then balanced (the
/// smallest capacity that still needs no more parts), so the last part is not a stub. A
/// column too wide even alone with column 0 gets a part of its own. Returns one part when
/// nothing needs splitting.
pub fn split_columns(mins: &[Pt], avail: Pt) -> Vec<Vec<usize>> {
    if mins.len() <= 2 || mins.iter().sum::<Pt>() <= avail {
        return vec![(0..mins.len()).collect()];
    }
    let greedy = |cap: Pt| {
        let mut parts: Vec<Vec<usize>> = Vec::new();
        let mut cur = vec![0];
        let mut used = mins[0];
        for (c, &m) in mins.iter().enumerate().skip(1) {
            if cur.len() > 1 && used + m > cap + 1e-3 {
                parts.push(std::mem::replace(&mut cur, vec![0]));
                used = mins[0];
            }
            cur.push(c);
            used += m;
        }
        parts.push(cur);
        parts
    };
    let best = greedy(avail);
    let widest = mins[1..].iter().copied().fold(0.0, Pt::max);
    let (mut lo, mut hi) = ((mins[0] + widest).min(avail), avail);
    for _ in 0..30 {
        let mid = (lo + hi) / 2.0;
        if greedy(mid).len() <= best.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    greedy(hi)
}

/// A cell's content before layout.
enum Cell {
    Text(RichText),
    /// Images stacked vertically, each with its natural size in pt.
    Images(Vec<(Picture, Pt, Pt)>),
}

/// One unbreakable block of a laid-out cell: a line of text or an image. Items have x on
/// the page and y relative to the block's top.
struct CellBlock {
    height: Pt,
    items: Vec<Item>,
    anchors: Vec<String>,
}

fn scaled_rich(rich: &RichText, s: f32) -> RichText {
    if (s - 1.0).abs() < 1e-6 {
        return rich.clone();
    }
    let mut r = rich.clone();
    for (_, st) in &mut r.runs {
        st.size *= s;
        st.rise *= s;
    }
    r
}

/// Sizes and metrics shared by every row of one table at one scale.
#[derive(Clone, Copy)]
struct Geometry {
    size: Pt,
    pad_x: Pt,
    pad_y: Pt,
}

impl Geometry {
    fn new(flow: &Flow, scale: f32) -> Geometry {
        let size = flow.theme.body_size * TABLE_SIZE * scale;
        let pad_x = flow.theme.table_cell_padding * scale;
        Geometry {
            size,
            pad_x,
            pad_y: pad_x * 0.6,
        }
    }
}

struct Measured {
    /// Per cell (header row first): (min, max) content width at scale 1 without padding,
    /// and whether the width scales with the font (text) or not (images).
    cells: Vec<Vec<(Pt, Pt, bool)>>,
}

impl Measured {
    /// Column minima and maxima including padding at `scale`.
    fn columns(&self, flow: &Flow, scale: f32) -> (Vec<Pt>, Vec<Pt>) {
        let g = Geometry::new(flow, scale);
        let n = self.cells.first().map_or(0, Vec::len);
        let mut mins = vec![2.0 * g.pad_x; n];
        let mut maxs = vec![2.0 * g.pad_x; n];
        for row in &self.cells {
            for (c, &(mn, mx, text)) in row.iter().enumerate() {
                let k = if text { scale } else { 1.0 };
                mins[c] = mins[c].max(mn * k + 2.0 * g.pad_x);
                maxs[c] = maxs[c].max(mx * k + 2.0 * g.pad_x);
            }
        }
        (mins, maxs)
    }

    /// The largest shrink step at which the minima fit `avail`.
    fn fitting_scale(&self, flow: &Flow, avail: Pt) -> Option<f32> {
        shrink_steps(flow.theme.table_min_scale)
            .into_iter()
            .find(|&s| self.columns(flow, s).0.iter().sum::<Pt>() <= avail + 0.01)
    }
}

fn cell_content(flow: &mut Flow, cell: &[Inline], header: bool) -> Cell {
    if let Some(imgs) = only_images(cell) {
        let mut pics = Vec::new();
        let mut ok = true;
        for img in imgs {
            let Inline::Image { url, pos, .. } = img else {
                continue;
            };
            match load_image(url, &flow.source_dir, &flow.resources) {
                Ok(p) => {
                    let (w, h) = p.size_pt();
                    pics.push((p, w.max(1.0), h.max(1.0)));
                }
                Err(why) => {
                    flow.diags.warn(
                        pos.line,
                        pos.column,
                        crate::document::image_warning(url, &why),
                    );
                    ok = false;
                }
            }
        }
        if ok && !pics.is_empty() {
            return Cell::Images(pics);
        }
    }
    let mut st = TextStyle::plain(
        flow.theme.body_size * TABLE_SIZE,
        flow.theme.text,
        &flow.lang,
    );
    if header {
        st.weight = Weight::Bold;
    }
    Cell::Text(flow.rich(cell, &st))
}

/// Lays out one cell at the column's inner box (`x`, `w`) and `scale`.
fn cell_blocks(
    flow: &mut Flow,
    cell: &Cell,
    x: Pt,
    w: Pt,
    scale: f32,
    align: LineAlign,
    lines_out: &mut Vec<TextLine>,
) -> Vec<CellBlock> {
    match cell {
        Cell::Text(rich) => {
            if rich.text.is_empty() {
                return Vec::new();
            }
            let rich = scaled_rich(rich, scale);
            let off = flow.text_offset;
            flow.text_offset += rich.text.len();
            // A column set at exactly its max-content width does not wrap: the line
            // breaker allows for rounding in sums of advances.
            let lines: Vec<LineBox> = layout_lines(
                &rich,
                flow.shaper,
                &flow.fonts,
                x,
                w,
                CELL_LINE_HEIGHT,
                align,
                false,
                off,
            );
            lines
                .into_iter()
                .map(|l| {
                    lines_out.push(TextLine {
                        text: l.text,
                        soft_start: l.soft_start,
                    });
                    CellBlock {
                        height: l.height,
                        items: l.items,
                        anchors: l.anchors,
                    }
                })
                .collect()
        }
        Cell::Images(pics) => pics
            .iter()
            .map(|(p, nw, nh)| {
                let mut iw = nw.min(w).min(IMAGE_MAX_W);
                let mut ih = nh * iw / nw;
                if ih > IMAGE_MAX_H {
                    iw *= IMAGE_MAX_H / ih;
                    ih = IMAGE_MAX_H;
                }
                let ix = match align {
                    LineAlign::Start => x,
                    LineAlign::Center => x + (w - iw) / 2.0,
                    LineAlign::End => x + w - iw,
                };
                CellBlock {
                    height: ih + 2.0,
                    items: vec![p.item(ix, 1.0, iw, ih)],
                    anchors: Vec::new(),
                }
            })
            .collect(),
    }
}

/// Everything needed to turn rows into fragments for one part of a table.
struct PartLayout<'a> {
    cols: &'a [usize],
    xs: Vec<Pt>,
    widths: Vec<Pt>,
    left: Pt,
    total: Pt,
    g: Geometry,
    scale: f32,
    aligns: Vec<LineAlign>,
    /// Tallest a fragment may be (the text area minus the repeated header), pt.
    max_h: Pt,
}

impl PartLayout<'_> {
    /// Lays out one row into one fragment, or several when it is taller than `max_h`.
    fn row(
        &self,
        flow: &mut Flow,
        cells: &[Cell],
        kind: RowKind,
        report: &mut TableReport,
    ) -> Vec<Fragment> {
        let t = flow.theme.clone();
        let mut bodies: Vec<Vec<CellBlock>> = Vec::with_capacity(self.cols.len());
        for (k, &c) in self.cols.iter().enumerate() {
            bodies.push(cell_blocks(
                flow,
                &cells[c],
                self.xs[k] + self.g.pad_x,
                self.widths[k] - 2.0 * self.g.pad_x,
                self.scale,
                self.aligns[c],
                &mut report.cell_lines,
            ));
        }
        let min_h = self.g.size * CELL_LINE_HEIGHT;
        let inner_limit = (self.max_h - 2.0 * self.g.pad_y).max(min_h);
        // Chunks: per cell, the blocks it shows in each fragment.
        let mut chunks: Vec<Vec<Vec<CellBlock>>> = Vec::new();
        let mut rest: Vec<std::collections::VecDeque<CellBlock>> =
            bodies.into_iter().map(Into::into).collect();
        loop {
            let mut chunk = Vec::with_capacity(rest.len());
            for q in &mut rest {
                let mut taken = Vec::new();
                let mut h: Pt = 0.0;
                while let Some(b) = q.front() {
                    if !taken.is_empty() && h + b.height > inner_limit {
                        break;
                    }
                    h += b.height;
                    taken.push(q.pop_front().expect("front"));
                }
                chunk.push(taken);
            }
            chunks.push(chunk);
            if rest.iter().all(|q| q.is_empty()) {
                break;
            }
        }
        if chunks.len() > 1 {
            report.split_rows += 1;
        }
        let n = chunks.len();
        let mut frags = Vec::with_capacity(n);
        for (ci, chunk) in chunks.into_iter().enumerate() {
            let content_h = chunk
                .iter()
                .map(|c| c.iter().map(|b| b.height).sum::<Pt>())
                .fold(min_h, Pt::max);
            let h = content_h + 2.0 * self.g.pad_y;
            let mut items = Vec::new();
            let fill = match kind {
                RowKind::Header => Some(HEADER_BG),
                RowKind::Body { index, .. } if t.table_zebra && index % 2 == 1 => Some(ZEBRA_BG),
                _ => None,
            };
            if let Some(fill) = fill {
                items.push(Item::Rect {
                    x: self.left,
                    y: 0.0,
                    w: self.total,
                    h,
                    fill: Some(fill),
                    stroke: None,
                });
            }
            let mut anchors = Vec::new();
            for cell in chunk {
                let mut y = self.g.pad_y;
                for b in cell {
                    items.extend(b.items.into_iter().map(|it| it.shifted(y)));
                    anchors.extend(b.anchors);
                    y += b.height;
                }
            }
            let rule = |y: Pt, width: Pt, color: Rgb| Item::Line {
                x1: self.left,
                y1: y,
                x2: self.left + self.total,
                y2: y,
                color,
                width,
            };
            // Column rules between columns (not at the outer edges).
            for bx in &self.xs[1..] {
                items.push(Item::Line {
                    x1: *bx,
                    y1: 0.0,
                    x2: *bx,
                    y2: h,
                    color: COLUMN_RULE,
                    width: 0.4,
                });
            }
            let last_chunk = ci + 1 == n;
            match kind {
                RowKind::Header => {
                    if ci == 0 {
                        items.push(rule(0.0, 0.8, t.text));
                    }
                    if last_chunk {
                        items.push(rule(h, 0.8, t.text));
                    }
                }
                RowKind::Body { last, .. } => {
                    if last_chunk && last {
                        items.push(rule(h, 0.8, t.text));
                    } else if last_chunk && !t.table_zebra {
                        items.push(rule(h, 0.3, t.rule));
                    }
                }
            }
            frags.push(Fragment {
                height: h,
                items,
                anchors,
                keep_with_next: matches!(kind, RowKind::Header),
                ..Default::default()
            });
        }
        frags
    }
}

#[derive(Clone, Copy)]
enum RowKind {
    Header,
    Body { index: usize, last: bool },
}

/// Lays out a table at (`x`, width `w`) into fragments after `space` points, applying the
/// theme's wide-table policy, and records a [`TableReport`].
pub(super) fn layout_table(flow: &mut Flow, tb: &Table, x: Pt, w: Pt, space: Pt) {
    let ncol = tb.alignments.len();
    if ncol == 0 {
        return;
    }
    let t = flow.theme.clone();
    let cell_of = |row: &[Vec<Inline>], c: usize| row.get(c).cloned().unwrap_or_default();
    let header: Vec<Cell> = (0..ncol)
        .map(|c| cell_content(flow, &cell_of(&tb.header, c), true))
        .collect();
    let rows: Vec<Vec<Cell>> = tb
        .rows
        .iter()
        .map(|r| {
            (0..ncol)
                .map(|c| cell_content(flow, &cell_of(r, c), false))
                .collect()
        })
        .collect();

    // Min-content and max-content of every cell at the normal size.
    let mut measured = Measured { cells: Vec::new() };
    for row in std::iter::once(&header).chain(rows.iter()) {
        let mut m = Vec::with_capacity(ncol);
        for cell in row {
            m.push(match cell {
                Cell::Text(rich) => {
                    let (mx, mn) = measure(rich, flow.shaper, &flow.fonts);
                    (mn, mx, true)
                }
                Cell::Images(pics) => {
                    let mx = pics
                        .iter()
                        .map(|(_, w, _)| w.min(IMAGE_MAX_W))
                        .fold(0.0, Pt::max);
                    (mx.min(IMAGE_MIN_W), mx, false)
                }
            });
        }
        measured.cells.push(m);
    }
    let (min_widths, max_widths) = measured.columns(flow, 1.0);

    // The wide-table policy.
    let (pw, ph) = t.page.size_pt();
    let land_x = t.margin_left;
    let land_w = ph - t.margin_left - t.margin_right;
    let floor = shrink_steps(t.table_min_scale)
        .last()
        .copied()
        .unwrap_or(1.0);
    let (fit, scale, landscape, left, avail) = match measured.fitting_scale(flow, w) {
        Some(s) if s >= 1.0 => (TableFit::Natural, 1.0, false, x, w),
        Some(s) => (TableFit::Shrunk, s, false, x, w),
        None => match t.wide_tables {
            WideTables::Shrink => (TableFit::Squeezed, floor, false, x, w),
            WideTables::Split => (TableFit::Split, floor, false, x, w),
            WideTables::Landscape | WideTables::Auto => {
                match measured.fitting_scale(flow, land_w) {
                    Some(s) => (TableFit::Landscape, s, true, land_x, land_w),
                    None if t.wide_tables == WideTables::Auto => {
                        (TableFit::Split, floor, true, land_x, land_w)
                    }
                    None => (TableFit::Squeezed, floor, true, land_x, land_w),
                }
            }
        },
    };
    let (mins, maxs) = measured.columns(flow, scale);
    let mut parts = if fit == TableFit::Split {
        split_columns(&mins, avail)
    } else {
        vec![(0..ncol).collect()]
    };
    let fit = if fit == TableFit::Split && parts.len() == 1 {
        // One or two columns: nothing to split; the words break.
        TableFit::Squeezed
    } else {
        fit
    };
    if fit != TableFit::Split {
        parts = vec![(0..ncol).collect()];
    }

    let aligns: Vec<LineAlign> = tb
        .alignments
        .iter()
        .map(|a| match a {
            Align::Center => LineAlign::Center,
            Align::Right => LineAlign::End,
            Align::Left | Align::None => LineAlign::Start,
        })
        .collect();
    let text_h = if landscape {
        pw - t.margin_top - t.margin_bottom
    } else {
        ph - t.margin_top - t.margin_bottom
    };
    let mut report = TableReport {
        line: tb.pos.line,
        columns: ncol,
        rows: tb.rows.len(),
        fit,
        scale,
        landscape,
        parts: Vec::new(),
        min_widths,
        max_widths,
        cell_lines: Vec::new(),
        split_rows: 0,
        page: 0,
    };

    let first_frag = flow.frags.len();
    for (pi, cols) in parts.iter().enumerate() {
        let pmins: Vec<Pt> = cols.iter().map(|&c| mins[c]).collect();
        let pmaxs: Vec<Pt> = cols.iter().map(|&c| maxs[c]).collect();
        let widths = column_widths(&pmins, &pmaxs, avail);
        let total: Pt = widths.iter().sum();
        let mut xs = Vec::with_capacity(cols.len());
        let mut cx = left;
        for cw in &widths {
            xs.push(cx);
            cx += cw;
        }
        let g = Geometry::new(flow, scale);
        if pi > 0 {
            // "(continued)" above later parts of a split table.
            let mut st = TextStyle::plain(g.size, t.muted, &flow.lang);
            st.italic = true;
            let mut r = RichText::default();
            r.push(continued_label(&flow.lang), &st);
            let lines = flow.lines(&r, left, avail, LineAlign::Start);
            let gap = flow.gap();
            let first = flow.push_lines(lines, gap, true, false);
            for f in &mut flow.frags[first..] {
                f.keep_with_next = true;
            }
        }
        let mut header_h: Pt = 0.0;
        let layout = |max_h: Pt| PartLayout {
            cols,
            xs: xs.clone(),
            widths: widths.clone(),
            left,
            total,
            g,
            scale,
            aligns: aligns.clone(),
            max_h,
        };
        let mut head_frags = layout(text_h).row(flow, &header, RowKind::Header, &mut report);
        for f in &head_frags {
            header_h = header_h.max(f.height);
        }
        if let Some(f) = head_frags.first_mut() {
            f.space_before = if pi == 0 { space } else { 2.0 };
        }
        let repeat = (head_frags.len() == 1).then(|| {
            let mut h = head_frags[0].clone();
            h.space_before = 0.0;
            h.keep_with_next = false;
            Arc::new(h)
        });
        flow.frags.extend(head_frags);
        let body = layout(text_h - header_h - 1.0);
        let nrows = rows.len();
        for (ri, row) in rows.iter().enumerate() {
            let kind = RowKind::Body {
                index: ri,
                last: ri + 1 == nrows,
            };
            for mut f in body.row(flow, row, kind, &mut report) {
                f.repeat_header = repeat.clone();
                flow.frags.push(f);
            }
        }
        report.parts.push(TablePart {
            columns: cols.clone(),
            x: xs,
            widths,
        });
    }
    if landscape {
        // Headings that must stay with the table go to its landscape page.
        let mut k = first_frag;
        while k > 0 && flow.frags[k - 1].keep_with_next && !flow.frags[k - 1].landscape {
            k -= 1;
        }
        for f in &mut flow.frags[k..] {
            f.landscape = true;
        }
    }
    if let Some(f) = flow.frags.get_mut(first_frag) {
        f.table = Some(Box::new(report));
    }
}

/// "(continued)" in the document's language.
fn continued_label(lang: &str) -> &'static str {
    let l = lang.to_ascii_lowercase();
    if l.starts_with("ja") {
        "（続き）"
    } else if l.starts_with("ko") {
        "(계속)"
    } else if l.starts_with("zh") {
        if l.contains("hant") || l.contains("tw") || l.contains("hk") {
            "（續）"
        } else {
            "（续）"
        }
    } else {
        "(continued)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_fit_or_share_by_spread() {
        // All maxima fit: each column its max.
        assert_eq!(
            column_widths(&[10.0, 20.0], &[30.0, 40.0], 100.0),
            vec![30.0, 40.0]
        );
        // 60 left after the mins; spreads 20 and 80 → 12 and 48.
        let w = column_widths(&[10.0, 20.0], &[30.0, 100.0], 90.0);
        assert!(
            (w[0] - 22.0).abs() < 1e-3 && (w[1] - 68.0).abs() < 1e-3,
            "{w:?}"
        );
        // A short label column keeps its max when its spread is 0.
        let w = column_widths(&[30.0, 50.0, 50.0], &[30.0, 250.0, 150.0], 280.0);
        assert!(
            (w[0] - 30.0).abs() < 1e-3
                && (w[1] - 150.0).abs() < 1e-3
                && (w[2] - 100.0).abs() < 1e-3,
            "{w:?}"
        );
        // Mins do not fit: scaled down.
        let w = column_widths(&[100.0, 300.0], &[200.0, 400.0], 200.0);
        assert_eq!(w, vec![50.0, 150.0]);
    }

    #[test]
    fn shrink_steps_reach_the_floor() {
        let s = shrink_steps(0.75);
        assert_eq!(s.len(), 6);
        assert!((s[0] - 1.0).abs() < 1e-6 && (s[5] - 0.75).abs() < 1e-6);
        let s = shrink_steps(0.72);
        assert!((s.last().unwrap() - 0.72).abs() < 1e-6);
        assert_eq!(shrink_steps(1.0), vec![1.0]);
    }

    #[test]
    fn split_repeats_first_column() {
        // 100 pt available; column 0 needs 30.
        let parts = split_columns(&[30.0, 40.0, 20.0, 50.0, 60.0, 10.0], 100.0);
        assert_eq!(
            parts,
            vec![vec![0, 1, 2], vec![0, 3], vec![0, 4, 5]],
            "{parts:?}"
        );
        // Balanced: 8 columns of 10 after a first of 10 in 60 → 4 + 4, not 5 + 3.
        let parts = split_columns(&[10.0; 9], 60.0);
        assert_eq!(
            parts,
            vec![vec![0, 1, 2, 3, 4], vec![0, 5, 6, 7, 8]],
            "{parts:?}"
        );
        // A column wider than the rest alone still gets a part.
        let parts = split_columns(&[30.0, 200.0, 20.0], 100.0);
        assert_eq!(parts, vec![vec![0, 1], vec![0, 2]]);
        assert_eq!(split_columns(&[30.0, 40.0], 50.0), vec![vec![0, 1]]);
    }
}
