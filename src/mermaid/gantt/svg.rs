//! Gantt SVG 1.1, in Mermaid's default theme (`theme-default.js` gantt colours, the
//! classes of `styles.js` turned into presentation attributes): section bands, grid and
//! tick labels, bars by state (normal, active, done, crit), milestone diamonds, `vert`
//! lines, labels, section titles, title and the today line.

use std::fmt::Write;

use super::layout::{BarKind, GanttLayout, LabelPlace, TextBox};
use super::model::GanttChart;
use crate::mermaid::common::svg::{SvgOptions, escape, num};

/// Band fills and opacities for `section0..3` (default theme).
const BAND_FILL: [(&str, &str); 4] = [
    ("#6666ff", "0.1"),
    ("#ffffff", "0.2"),
    ("#fff400", "0.2"),
    ("#ffffff", "0.2"),
];
const TEXT: &str = "#333333";
const GRID: &str = "#d3d3d3";

/// Fill, stroke and inside-label colour of a task (`task`, `active`, `done`, `crit`).
pub fn task_colors(
    active: bool,
    done: bool,
    crit: bool,
) -> (&'static str, &'static str, &'static str) {
    let stroke = if crit {
        "#ff8888"
    } else if done {
        "#808080"
    } else {
        "#534fbc"
    };
    match (done, active, crit) {
        (true, _, _) => ("#d3d3d3", stroke, "#000000"),
        (false, true, _) => ("#bfc7ff", stroke, "#000000"),
        (false, false, true) => ("#ff0000", stroke, "#ffffff"),
        _ => ("#8a90dd", stroke, "#ffffff"),
    }
}

/// Alternative text: accTitle / title and accDescr, else a summary.
pub fn alt_text(g: &GanttChart) -> String {
    let head = g.acc_title.as_deref().or(g.title.as_deref());
    match (head, g.acc_descr.as_deref()) {
        (Some(t), Some(d)) => format!("{t}. {d}"),
        (Some(t), None) => t.to_string(),
        (None, Some(d)) => d.to_string(),
        (None, None) => format!(
            "Gantt chart: {} tasks in {} sections",
            g.tasks.len(),
            g.sections.len()
        ),
    }
}

fn text(o: &mut String, b: &TextBox, fs: f32, fill: &str, bold: bool, font: &str) {
    // Baseline at the box's vertical centre plus ~0.35 em (dominant-baseline is not SVG 1.1
    // presentation in every renderer).
    let _ = writeln!(
        o,
        "<text x=\"{}\" y=\"{}\" font-family=\"{}\" font-size=\"{}\"{} fill=\"{fill}\">{}</text>",
        num(b.x),
        num(b.y + b.h / 2.0 + fs * 0.35),
        escape(font),
        num(fs),
        if bold { " font-weight=\"bold\"" } else { "" },
        escape(&b.text)
    );
}

/// `todayMarker` style text (`stroke-width:5px,stroke:#00f,opacity:0.5`) as presentation
/// attributes; unknown properties are left out.
fn today_style(s: Option<&str>) -> String {
    let mut stroke = "#ff0000".to_string();
    let mut width = "2".to_string();
    let mut opacity = None;
    for part in s.unwrap_or("").split([',', ';']) {
        let Some((k, v)) = part.split_once(':') else {
            continue;
        };
        let v: String = v
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || "#.()%, ".contains(*c))
            .collect();
        match k.trim() {
            "stroke" => stroke = v,
            "stroke-width" => width = v.trim_end_matches("px").to_string(),
            "opacity" | "stroke-opacity" => opacity = Some(v),
            _ => {}
        }
    }
    let mut a = format!(
        "stroke=\"{}\" stroke-width=\"{}\"",
        escape(&stroke),
        escape(&width)
    );
    if let Some(o) = opacity {
        let _ = write!(a, " stroke-opacity=\"{}\"", escape(&o));
    }
    a
}

/// Writes the SVG of `g` laid out as `l`.
pub fn write_svg(g: &GanttChart, l: &GanttLayout, opts: &SvgOptions) -> String {
    let mut o = String::with_capacity(4096 + 600 * l.bars.len());
    let font = &opts.font_family;
    let fs = l.font_size;
    let (w, h) = (l.width.max(1.0), l.height.max(1.0));
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">",
        num(w),
        num(h),
        num(w),
        num(h)
    );
    let alt = alt_text(g);
    let _ = writeln!(o, "<title>{}</title>", escape(&alt));
    if let Some(bg) = &opts.background {
        let _ = writeln!(
            o,
            "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            num(w),
            num(h),
            escape(bg)
        );
    }
    for b in &l.bands {
        let (fill, op) = BAND_FILL[b.style % 4];
        let _ = writeln!(
            o,
            "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" fill-opacity=\"{op}\" stroke=\"none\"/>",
            num(b.y),
            num(b.w),
            num(b.h)
        );
    }
    // Grid and tick labels.
    let (gy0, gy1) = l.grid_y;
    for t in &l.ticks {
        let _ = writeln!(
            o,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{GRID}\" stroke-width=\"1\" stroke-opacity=\"0.8\"/>",
            num(gy0),
            num(gy1),
            x = num(t.x)
        );
        let ys = std::iter::once(l.axis_label_y).chain(l.top_axis_label_y);
        for y in ys {
            let _ = writeln!(
                o,
                "<text x=\"{}\" y=\"{}\" font-family=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#000000\">{}</text>",
                num(t.x),
                num(y),
                escape(font),
                num(fs * 0.85),
                escape(&t.label)
            );
        }
    }
    for b in &l.bars {
        let t = &g.tasks[b.task];
        let (fill, stroke, inside) = task_colors(t.active, t.done, t.crit);
        match b.kind {
            BarKind::Bar => {
                let _ = writeln!(
                    o,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" ry=\"3\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/>",
                    num(b.x),
                    num(b.y),
                    num(b.w),
                    num(b.h)
                );
            }
            BarKind::Milestone => {
                let (cx, cy, r) = (b.x + b.w / 2.0, b.y + b.h / 2.0, b.w / 2.0);
                let _ = writeln!(
                    o,
                    "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/>",
                    num(cx),
                    num(cy - r),
                    num(cx + r),
                    num(cy),
                    num(cx),
                    num(cy + r),
                    num(cx - r),
                    num(cy)
                );
            }
            BarKind::Vert => {
                let _ = writeln!(
                    o,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{stroke}\" stroke=\"none\"/>",
                    num(b.x),
                    num(b.y),
                    num(b.w),
                    num(b.h)
                );
            }
        }
        let color = if b.place == LabelPlace::Inside {
            inside
        } else {
            "#000000"
        };
        let clickable = t.classes.iter().any(|c| c == "clickable");
        let color = if clickable && b.place != LabelPlace::Inside {
            "#003163"
        } else {
            color
        };
        if let Some(link) = &t.link {
            let _ = writeln!(o, "<a xlink:href=\"{}\">", escape(link));
        }
        text(&mut o, &b.label, fs, color, clickable, font);
        if t.link.is_some() {
            o.push_str("</a>\n");
        }
    }
    for b in &l.bands {
        for line in &b.title {
            text(&mut o, line, fs, TEXT, false, font);
        }
    }
    if let Some((x, y0, y1)) = l.today {
        let _ = writeln!(
            o,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" {}/>",
            num(y0),
            num(y1),
            today_style(g.today_marker.as_deref()),
            x = num(x)
        );
    }
    if let Some(t) = &l.title {
        text(&mut o, t, fs * 1.2, TEXT, true, font);
    }
    o.push_str("</svg>\n");
    if o.contains("xlink:href") {
        o = o.replacen(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"",
            1,
        );
    }
    o
}
