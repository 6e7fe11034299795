//! Pie geometry as Mermaid's `pieRenderer.ts` draws it with d3: a 450 px square holding a
//! circle of radius 185 px (450 / 2 − 40 margin) centred at (225, 225), slices in source
//! order from 12 o'clock clockwise (`d3.pie().sort(null)`), slices under 1 % of the total
//! left out before the angles are shared (so the drawn slices fill 360°), each drawn
//! slice's rounded percentage at `textPosition` × radius on its bisector, the title 200 px
//! above the centre, and a legend of 18 px squares at 22 px pitch, 216 px right of the
//! centre and centred on it vertically.
//!
//! Two departures, both so nothing is cut off: the drawing widens to the title and the
//! longest legend label as Mermaid's viewBox does, and it also grows in height when the
//! legend is taller than 450 px (Mermaid lets it overflow). `<br>` in a label gives a
//! legend entry of several lines. Font sizes are never below the flowchart's label size.
//!
//! Owns geometry only; colours come from [`super::theme`], drawing is [`super::svg`].

use std::f32::consts::TAU;

use super::model::Pie;
use super::theme::PieTheme;
use crate::mermaid::common::layout::LayoutOptions;
use crate::mermaid::common::measure::TextMeasure;

/// Mermaid's fixed drawing height and pie width, px.
pub const HEIGHT_PX: f32 = 450.0;
/// Space between the circle and the square's edge, px.
pub const MARGIN_PX: f32 = 40.0;
/// Legend square side, px.
pub const LEGEND_RECT_PX: f32 = 18.0;
/// Gap between legend squares, and between a square and its text, px.
pub const LEGEND_SPACING_PX: f32 = 4.0;

pub use crate::mermaid::common::placed_text::PlacedText;

/// One drawn slice.
#[derive(Debug, Clone, PartialEq)]
pub struct SliceArc {
    /// Index into [`Pie::slices`].
    pub index: usize,
    /// Start and end angle, radians from 12 o'clock clockwise; `end − start` is the
    /// slice's share of 2π among the drawn slices.
    pub start_rad: f32,
    /// End angle, radians.
    pub end_rad: f32,
    /// Fill colour.
    pub color: String,
    /// The rounded percentage of the whole total, e.g. `42%`, centred at its position.
    pub percent: PlacedText,
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// Index into [`Pie::slices`].
    pub index: usize,
    /// The colour square `(x, y, side)`, px.
    pub square: (f32, f32, f32),
    /// Square colour.
    pub color: String,
    /// `label` or, with `showData`, `label [value]`.
    pub label: PlacedText,
}

/// A laid-out pie chart (px, y down, origin at the top left of the drawing).
#[derive(Debug, Clone, PartialEq)]
pub struct PieLayout {
    /// Drawing width, px.
    pub width: f32,
    /// Drawing height, px.
    pub height: f32,
    /// Centre of the circle.
    pub center: (f32, f32),
    /// Radius of the slices, px (185).
    pub radius: f32,
    /// The drawn slices in source order.
    pub slices: Vec<SliceArc>,
    /// The title, centred above the circle.
    pub title: Option<PlacedText>,
    /// Every slice's legend entry, top to bottom (slices too small to draw included).
    pub legend: Vec<LegendEntry>,
    /// The colours used.
    pub theme: Box<PieTheme>,
}

/// A number as JavaScript's `String(n)` writes it for the values a pie holds.
pub fn js_number(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e21 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn place(
    raw: &str,
    m: &dyn TextMeasure,
    size: f32,
    x: f32,
    baseline: f32,
    centred: bool,
) -> PlacedText {
    PlacedText::new(raw, m, (size, f32::INFINITY), (x, baseline), centred)
}

/// Lays out `pie`, measuring text with `m`; `opts.font_size` is the smallest font size.
pub fn layout(pie: &Pie, m: &dyn TextMeasure, opts: &LayoutOptions) -> PieLayout {
    let theme = PieTheme::new(pie.theme.as_deref(), &pie.theme_variables);
    let min_size = opts.font_size;
    let (title_size, section_size, legend_size) = (
        theme.title_size_px.max(min_size),
        theme.section_size_px.max(min_size),
        theme.legend_size_px.max(min_size),
    );
    let (cx, cy) = (HEIGHT_PX / 2.0, HEIGHT_PX / 2.0);
    let radius = HEIGHT_PX / 2.0 - MARGIN_PX;
    let total = pie.total();
    let color = |i: usize| theme.palette[i % theme.palette.len()].clone();

    // d3.pie over the slices of at least 1 %, in source order.
    let shown: Vec<usize> = (0..pie.slices.len())
        .filter(|&i| total > 0.0 && pie.slices[i].value / total * 100.0 >= 1.0)
        .collect();
    let shown_total: f64 = shown.iter().map(|&i| pie.slices[i].value).sum();
    let mut slices = Vec::with_capacity(shown.len());
    let mut acc = 0.0f64;
    let label_r = radius * pie.text_position;
    for &i in &shown {
        let v = pie.slices[i].value;
        let a0 = (acc / shown_total * TAU as f64) as f32;
        acc += v;
        let a1 = (acc / shown_total * TAU as f64) as f32;
        let mid = (a0 + a1) / 2.0;
        let (px, py) = (cx + label_r * mid.sin(), cy - label_r * mid.cos());
        let pct = format!("{}%", (v / total * 100.0).round() as i64);
        slices.push(SliceArc {
            index: i,
            start_rad: a0,
            end_rad: a1,
            color: color(i),
            percent: place(&pct, m, section_size, px, py, true),
        });
    }
    if let Some(last) = slices.last_mut() {
        last.end_rad = TAU;
    }

    let title = pie
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            // Mermaid's baseline is that of the last line: earlier lines go up, never
            // into the circle.
            let mut p = place(t, m, title_size, cx, cy - (HEIGHT_PX - 50.0) / 2.0, true);
            let up = (p.line_count() - 1) as f32 * p.line_height;
            p.shift(0.0, -up);
            p
        });

    // Legend: Mermaid's 22 px pitch, taller for entries of several lines.
    let pitch = LEGEND_RECT_PX + LEGEND_SPACING_PX;
    let x_sq = cx + 12.0 * LEGEND_RECT_PX;
    let mut legend = Vec::with_capacity(pie.slices.len());
    let mut y = 0.0;
    for (i, s) in pie.slices.iter().enumerate() {
        let text = if pie.show_data {
            format!("{} [{}]", s.label, js_number(s.value))
        } else {
            s.label.clone()
        };
        let label = place(
            &text,
            m,
            legend_size,
            x_sq + LEGEND_RECT_PX + LEGEND_SPACING_PX,
            y + LEGEND_RECT_PX - LEGEND_SPACING_PX,
            false,
        );
        let extra = (label.text.lines.len().max(1) - 1) as f32 * label.line_height;
        legend.push(LegendEntry {
            index: i,
            square: (x_sq, y, LEGEND_RECT_PX),
            color: color(i),
            label,
        });
        y += pitch + extra;
    }
    let offset = cy - y / 2.0;
    for e in &mut legend {
        e.square.1 += offset;
        e.label.shift(0.0, offset);
    }

    // Extent: Mermaid's viewBox, grown to whatever sticks out.
    let longest = legend
        .iter()
        .map(|e| e.label.text.width)
        .fold(0.0f32, f32::max);
    let mut x0 = 0.0f32;
    let mut x1 = HEIGHT_PX + MARGIN_PX + LEGEND_RECT_PX + LEGEND_SPACING_PX + longest;
    let (mut y0, mut y1) = (0.0f32, HEIGHT_PX);
    let mut grow = |b: (f32, f32, f32, f32)| {
        x0 = x0.min(b.0);
        x1 = x1.max(b.0 + b.2);
        y0 = y0.min(b.1);
        y1 = y1.max(b.1 + b.3);
    };
    if let Some(t) = &title {
        grow(t.bbox);
    }
    for e in &legend {
        grow(e.label.bbox);
        grow((e.square.0, e.square.1, e.square.2, e.square.2));
    }
    let (dx, dy) = (-x0, -y0);
    let mut out = PieLayout {
        width: x1 - x0,
        height: y1 - y0,
        center: (cx + dx, cy + dy),
        radius,
        slices,
        title,
        legend,
        theme: Box::new(theme),
    };
    for s in &mut out.slices {
        s.percent.shift(dx, dy);
    }
    if let Some(t) = &mut out.title {
        t.shift(dx, dy);
    }
    for e in &mut out.legend {
        e.label.shift(dx, dy);
        e.square.0 += dx;
        e.square.1 += dy;
    }
    out
}
