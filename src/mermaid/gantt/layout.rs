//! Gantt layout, after `ganttRenderer.js`: one row per task (`barHeight` + `barGap`), a
//! time scale from the earliest start to the latest end across the chart area, section
//! bands behind the rows with section titles in the left margin, bars (milestones as
//! diamonds, `vert` tasks as full-height lines), labels inside the bar when they fit and
//! beside it otherwise, date-axis ticks, and the today marker when today is in range.
//!
//! Sizes follow Mermaid's defaults scaled from its 11 px font to the label font size of
//! [`LayoutOptions`]; the left margin grows to the widest section title and the width to
//! the rightmost label, so no text is cut or overlaps.

use super::axis;
use super::model::GanttChart;
use crate::mermaid::common::layout::LayoutOptions;
use crate::mermaid::common::measure::TextMeasure;

/// What a task is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarKind {
    /// A rounded bar from start to (render) end.
    Bar,
    /// A diamond centred between start and end.
    Milestone,
    /// A vertical line across every row at the start (`vert`).
    Vert,
}

/// Where a task's label sits relative to its bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelPlace {
    /// Centred inside the bar.
    Inside,
    /// Starting right of the bar.
    Right,
    /// Ending left of the bar.
    Left,
    /// Under the chart (for `vert` lines).
    Below,
}

/// A placed text: its box `x, y, w, h` in px (y at the box top), and where its baseline is.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The text.
    pub text: String,
    /// Left edge, px.
    pub x: f32,
    /// Top edge, px.
    pub y: f32,
    /// Width, px.
    pub w: f32,
    /// Height, px.
    pub h: f32,
}

/// A placed task.
#[derive(Debug, Clone, PartialEq)]
pub struct BarBox {
    /// Index into the chart's tasks.
    pub task: usize,
    /// Bar, milestone or line.
    pub kind: BarKind,
    /// The bar's box, px (for a milestone the diamond's bounding box).
    pub x: f32,
    /// Top, px.
    pub y: f32,
    /// Width, px.
    pub w: f32,
    /// Height, px.
    pub h: f32,
    /// Row index (0-based, source order).
    pub row: usize,
    /// The label's box.
    pub label: TextBox,
    /// How the label is placed.
    pub place: LabelPlace,
}

/// A section band: the rows of one run of consecutive tasks of a section.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Section name.
    pub section: String,
    /// Colour index (order of first appearance, modulo 4 as Mermaid's `section0..3`).
    pub style: usize,
    /// Top, px.
    pub y: f32,
    /// Height, px.
    pub h: f32,
    /// Width, px (from x = 0).
    pub w: f32,
    /// First and one-past-last row.
    pub rows: (usize, usize),
    /// The section title, vertically centred on the band (lines split at `<br>`).
    pub title: Vec<TextBox>,
}

/// An axis tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Instant, ms.
    pub t_ms: i64,
    /// x, px.
    pub x: f32,
    /// Label text.
    pub label: String,
}

/// The laid-out chart. All lengths in px.
#[derive(Debug, Clone, PartialEq)]
pub struct GanttLayout {
    /// Drawing width.
    pub width: f32,
    /// Drawing height.
    pub height: f32,
    /// Label font size.
    pub font_size: f32,
    /// Title box, centred at the top.
    pub title: Option<TextBox>,
    /// Section bands, top to bottom.
    pub bands: Vec<Band>,
    /// Placed tasks in source order (tasks without resolved dates are left out).
    pub bars: Vec<BarBox>,
    /// The time scale: instant `domain.0` at `range.0`, `domain.1` at `range.1`.
    pub domain_ms: (i64, i64),
    /// x of the domain ends.
    pub range_px: (f32, f32),
    /// Axis ticks.
    pub ticks: Vec<Tick>,
    /// Top and bottom of the grid lines.
    pub grid_y: (f32, f32),
    /// Baseline y of the bottom tick labels.
    pub axis_label_y: f32,
    /// Baseline y of the top tick labels when the top axis is on.
    pub top_axis_label_y: Option<f32>,
    /// The today line's x and its y extent, when today is in the domain and not `off`.
    pub today: Option<(f32, f32, f32)>,
}

/// Mermaid's `barHeight` / `fontSize` (20 / 11): bars scale with the label font.
const BAR_PER_FONT: f32 = 20.0 / 11.0;

/// Lays out `g` with labels at `opts.font_size`, measured by `m`.
pub fn layout(g: &GanttChart, m: &dyn TextMeasure, opts: &LayoutOptions) -> GanttLayout {
    let fs = opts.font_size;
    let bar_h = (fs * BAR_PER_FONT * 0.8).round().max(fs + 6.0);
    let gap = bar_h + 4.0;
    let title_h = if g.title.is_some() { fs * 2.0 } else { 0.0 };
    let top_axis = g.top_axis || g.top_axis_config;
    let top_pad = 30.0 + title_h + if top_axis { fs * 1.5 } else { 0.0 };
    let grid_top = top_pad - 8.0;
    let lh = m.line_height(fs);
    // Sections in order of first appearance among the tasks (Mermaid's `categories`).
    let mut categories: Vec<&str> = Vec::new();
    for t in &g.tasks {
        if !categories.contains(&t.section.as_str()) {
            categories.push(&t.section);
        }
    }
    let split_lines = |s: &str| -> Vec<String> { split_br(s) };
    let title_w = categories
        .iter()
        .flat_map(|c| split_lines(c))
        .map(|l| m.width(&l, fs, false))
        .fold(0.0f32, f32::max);
    let left = (title_w + 20.0).max(60.0);
    let chart_w = (fs * 40.0).max(400.0);
    let (x0, x1) = (left, left + chart_w);
    let placed: Vec<usize> = (0..g.tasks.len())
        .filter(|&i| g.tasks[i].start_ms.is_some() && g.tasks[i].end_ms.is_some())
        .collect();
    let lo = placed
        .iter()
        .filter_map(|&i| g.tasks[i].start_ms)
        .min()
        .unwrap_or(0);
    let hi = placed
        .iter()
        .filter_map(|&i| g.tasks[i].end_ms.max(g.tasks[i].start_ms))
        .max()
        .unwrap_or(lo)
        .max(lo);
    let scale = |t: i64| -> f32 {
        if hi == lo {
            return x0;
        }
        let f = (t.clamp(lo, hi) - lo) as f64 / (hi - lo) as f64;
        (x0 as f64 + f * chart_w as f64).round() as f32
    };
    let rows = g.tasks.len();
    let rows_bottom = top_pad + rows as f32 * gap;
    let grid_bottom = rows_bottom + 6.0;
    let mut width = x1 + 40.0;
    let mut bars = Vec::new();
    let mut vert_count = 0;
    for &i in &placed {
        let t = &g.tasks[i];
        let (s, e) = (t.start_ms.unwrap_or(lo), t.end_ms.unwrap_or(lo));
        let sx = scale(s);
        let ex = scale(t.render_end_ms.unwrap_or(e).max(s));
        let y = top_pad + i as f32 * gap;
        let tw = m.width(&t.name, fs, false);
        let (kind, bx, bw, bh) = if t.vert {
            (BarKind::Vert, sx - 1.0, 2.0, grid_bottom - grid_top)
        } else if t.milestone {
            let c = (scale(s) + scale(e)) / 2.0;
            (BarKind::Milestone, c - bar_h / 2.0, bar_h, bar_h)
        } else {
            (BarKind::Bar, sx, (ex - sx).max(0.0), bar_h)
        };
        let by = if t.vert { grid_top } else { y };
        let text_y = y + (bar_h - lh) / 2.0;
        let (place, lx, ly) = if t.vert {
            vert_count += 1;
            (
                LabelPlace::Below,
                sx - tw / 2.0,
                grid_bottom + lh * (1.0 + vert_count as f32),
            )
        } else if tw + 8.0 <= bw && kind == BarKind::Bar {
            (LabelPlace::Inside, bx + (bw - tw) / 2.0, text_y)
        } else if bx - 5.0 - tw >= left && bx + bw + 5.0 + tw > x1 + 40.0 {
            (LabelPlace::Left, bx - 5.0 - tw, text_y)
        } else {
            (LabelPlace::Right, bx + bw + 5.0, text_y)
        };
        width = width.max(lx + tw + 10.0);
        bars.push(BarBox {
            task: i,
            kind,
            x: bx,
            y: by,
            w: bw,
            h: bh,
            row: i,
            label: TextBox {
                text: t.name.clone(),
                x: lx,
                y: ly,
                w: tw,
                h: lh,
            },
            place,
        });
    }
    // Bands: runs of consecutive rows of one section.
    let mut bands: Vec<Band> = Vec::new();
    let mut r = 0;
    while r < rows {
        let sec = &g.tasks[r].section;
        let mut e = r + 1;
        while e < rows && g.tasks[e].section == *sec {
            e += 1;
        }
        let y = top_pad + r as f32 * gap - 2.0;
        let h = (e - r) as f32 * gap;
        let lines = split_lines(sec);
        let block = lines.len() as f32 * lh;
        let title = lines
            .iter()
            .enumerate()
            .map(|(k, l)| TextBox {
                text: l.clone(),
                x: 10.0,
                y: y + (h - block) / 2.0 + k as f32 * lh,
                w: m.width(l, fs, false),
                h: lh,
            })
            .collect();
        bands.push(Band {
            section: sec.clone(),
            style: categories.iter().position(|c| c == sec).unwrap_or(0) % 4,
            y,
            h,
            w: 0.0,
            rows: (r, e),
            title,
        });
        r = e;
    }
    for b in &mut bands {
        b.w = width;
    }
    let axis_fmt = g
        .axis_format
        .as_deref()
        .map(str::trim)
        .unwrap_or("%Y-%m-%d");
    let ticks = if placed.is_empty() {
        Vec::new()
    } else {
        axis::ticks(lo, hi, g.tick_interval.as_deref(), &g.weekday)
            .into_iter()
            .map(|t| Tick {
                t_ms: t,
                x: scale(t),
                label: axis::time_format(t, axis_fmt),
            })
            .collect()
    };
    let ticks = thin_ticks(ticks, |t| m.width(t, fs * 0.85, false));
    let axis_label_y = grid_bottom + fs + 4.0;
    let height = axis_label_y + fs * 0.6 + vert_count as f32 * lh + 12.0;
    let today = match g.today_marker.as_deref().map(str::trim) {
        Some("off") => None,
        _ if placed.is_empty() || g.today_ms < lo || g.today_ms > hi => None,
        _ => Some((scale(g.today_ms), grid_top - 6.0, grid_bottom + 4.0)),
    };
    let title = g.title.as_ref().map(|t| {
        let tw = m.width(t, fs * 1.2, true);
        TextBox {
            text: t.clone(),
            x: (width - tw) / 2.0,
            y: 10.0,
            w: tw,
            h: fs * 1.2 * 1.5,
        }
    });
    GanttLayout {
        width,
        height,
        font_size: fs,
        title,
        bands,
        bars,
        domain_ms: (lo, hi),
        range_px: (x0, x1),
        ticks,
        grid_y: (grid_top, grid_bottom),
        axis_label_y,
        top_axis_label_y: top_axis.then_some(grid_top - 6.0),
        today,
    }
}

/// Splits at Mermaid's `lineBreakRegex` (`<br>`, `<br/>`, `<br />`, any case).
pub(crate) fn split_br(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = s.to_ascii_lowercase();
    let mut start = 0;
    let mut i = 0;
    while let Some(k) = lower[i..].find("<br") {
        let at = i + k;
        let rest = &lower[at + 3..];
        let spaces = rest.len() - rest.trim_start().len();
        let after = &rest[spaces..];
        let close = if after.starts_with("/>") {
            Some(2)
        } else if after.starts_with('>') {
            Some(1)
        } else {
            None
        };
        match close {
            Some(n) => {
                out.push(s[start..at].to_string());
                start = at + 3 + spaces + n;
                i = start;
            }
            None => i = at + 3,
        }
    }
    out.push(s[start..].to_string());
    out
}

/// The layout as JSON: `{"type":"gantt", width, height, domain_ms, range_px, bands:[{section,
/// y, h, rows}], bars:[{task, kind, x, y, w, h, label:{text, x, y, w, h}, place}],
/// ticks:[{t_ms, x, label}], today}` (px, ms).
pub fn layout_json(l: &GanttLayout) -> String {
    use serde_json::json;
    let tb = |b: &TextBox| json!({"text": b.text, "x": b.x, "y": b.y, "w": b.w, "h": b.h});
    let v = json!({
        "type": "gantt",
        "width": l.width,
        "height": l.height,
        "domain_ms": [l.domain_ms.0, l.domain_ms.1],
        "range_px": [l.range_px.0, l.range_px.1],
        "bands": l.bands.iter().map(|b| json!({
            "section": b.section, "y": b.y, "h": b.h, "rows": [b.rows.0, b.rows.1],
            "title": b.title.iter().map(tb).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "bars": l.bars.iter().map(|b| json!({
            "task": b.task, "kind": format!("{:?}", b.kind).to_lowercase(),
            "x": b.x, "y": b.y, "w": b.w, "h": b.h, "label": tb(&b.label),
            "place": format!("{:?}", b.place).to_lowercase(),
        })).collect::<Vec<_>>(),
        "ticks": l.ticks.iter().map(|t| json!({"t_ms": t.t_ms, "x": t.x, "label": t.label}))
            .collect::<Vec<_>>(),
        "today": l.today.map(|(x, a, b)| json!([x, a, b])),
    });
    v.to_string()
}

/// Keeps every k-th tick, with the smallest k for which no two tick labels come closer
/// than 8 px (d3 draws every tick at Mermaid's 11 px; larger labels need fewer).
fn thin_ticks(ticks: Vec<Tick>, width: impl Fn(&str) -> f32) -> Vec<Tick> {
    let widths: Vec<f32> = ticks.iter().map(|t| width(&t.label)).collect();
    for k in 1..=ticks.len().max(1) {
        let kept: Vec<usize> = (0..ticks.len()).step_by(k).collect();
        let fits = kept.windows(2).all(|p| {
            let (a, b) = (p[0], p[1]);
            ticks[b].x - ticks[a].x >= (widths[a] + widths[b]) / 2.0 + 8.0
        });
        if fits {
            return kept.into_iter().map(|i| ticks[i].clone()).collect();
        }
    }
    ticks.into_iter().take(1).collect()
}
