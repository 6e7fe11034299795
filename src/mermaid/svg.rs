//! SVG 1.1 writer for a laid-out flowchart.
//!
//! The output is meant for any SVG consumer (usvg/resvg, EPUB readers, PDF converters): no
//! `<foreignObject>`, no CSS classes or `<style>` (every colour is a presentation
//! attribute), markers drawn as plain shapes, label text as `<text>`/`<tspan>` in the
//! caller's font family, all label text escaped for XML, a `viewBox`, and `<title>`/`<desc>`
//! from the diagram's title and accessibility statements.
//!
//! Colours follow Mermaid's default theme (`packages/mermaid/src/themes/theme-default.js`):
//! node fill `#ECECFF`, border `#9370DB`, edges `#333333`, subgraph fill `#ffffde` and border
//! `#aaaa33`, edge-label background `#e8e8e8`. The `forest`, `neutral` and `dark` themes and
//! the common theme variables (`primaryColor`, `primaryBorderColor`, `primaryTextColor`,
//! `lineColor`, `clusterBkg`, `clusterBorder`, `edgeLabelBackground`, `titleColor`) are
//! honoured; `classDef` (including `default`), `class`/`:::`, `style` and `linkStyle`
//! declarations override them (`fill`, `stroke`, `stroke-width`, `stroke-dasharray`,
//! `color`, `opacity`, `font-weight`, `font-style`).

use std::fmt::Write;

use super::layout::shapes::{cyl_ry, outline};
use super::layout::{Cubic, Layout, LayoutOptions, Point, TextBlock};
use super::model::{Flowchart, LinkStyleTarget, Marker, Shape, Stroke};

/// Options for [`write_svg`] and [`super::render`].
#[derive(Debug, Clone, PartialEq)]
pub struct SvgOptions {
    /// `font-family` for every label, e.g. `"Noto Sans CJK JP"` (the PDF backend gives usvg
    /// a font database holding the bundled faces under these names).
    pub font_family: String,
    /// Layout settings (font size, spacing, wrap width).
    pub layout: LayoutOptions,
    /// Background colour painted under the drawing; `None` leaves it transparent.
    pub background: Option<String>,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            font_family: "Noto Sans CJK JP, sans-serif".to_string(),
            layout: LayoutOptions::default(),
            background: None,
        }
    }
}

#[derive(Debug, Clone)]
struct Theme {
    node_fill: String,
    node_stroke: String,
    text: String,
    line: String,
    cluster_fill: String,
    cluster_stroke: String,
    label_bg: String,
    title: String,
}

fn theme(fc: &Flowchart) -> Theme {
    let mut t = match fc.theme.as_deref() {
        Some("forest") => Theme {
            node_fill: "#cde498".into(),
            node_stroke: "#13540c".into(),
            text: "#333333".into(),
            line: "#008000".into(),
            cluster_fill: "#cdffb2".into(),
            cluster_stroke: "#6eaa49".into(),
            label_bg: "#e8e8e8".into(),
            title: "#333333".into(),
        },
        Some("neutral") => Theme {
            node_fill: "#eeeeee".into(),
            node_stroke: "#999999".into(),
            text: "#333333".into(),
            line: "#666666".into(),
            cluster_fill: "#f4f4f4".into(),
            cluster_stroke: "#999999".into(),
            label_bg: "#ffffff".into(),
            title: "#333333".into(),
        },
        Some("dark") => Theme {
            node_fill: "#1f2020".into(),
            node_stroke: "#cccccc".into(),
            text: "#ccc".into(),
            line: "#d3d3d3".into(),
            cluster_fill: "#333333".into(),
            cluster_stroke: "#888888".into(),
            label_bg: "#585858".into(),
            title: "#F9FFFE".into(),
        },
        _ => Theme {
            node_fill: "#ECECFF".into(),
            node_stroke: "#9370DB".into(),
            text: "#333333".into(),
            line: "#333333".into(),
            cluster_fill: "#ffffde".into(),
            cluster_stroke: "#aaaa33".into(),
            label_bg: "#e8e8e8".into(),
            title: "#333333".into(),
        },
    };
    for (k, v) in &fc.theme_variables {
        let Some(v) = clean_value(v) else { continue };
        match k.as_str() {
            "primaryColor" | "mainBkg" => t.node_fill = v,
            "primaryBorderColor" | "nodeBorder" => t.node_stroke = v,
            "primaryTextColor" | "nodeTextColor" | "textColor" => t.text = v,
            "lineColor" => t.line = v,
            "clusterBkg" => t.cluster_fill = v,
            "clusterBorder" => t.cluster_stroke = v,
            "edgeLabelBackground" => t.label_bg = v,
            "titleColor" => t.title = v,
            _ => {}
        }
    }
    t
}

/// Accepts a CSS value made of safe characters only (colours, lengths, dash lists).
fn clean_value(v: &str) -> Option<String> {
    let v = v.trim().trim_end_matches("!important").trim();
    if v.is_empty()
        || v.len() > 64
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " #.,%()-".contains(c))
    {
        return None;
    }
    Some(v.to_string())
}

#[derive(Debug, Clone, Default)]
struct Style {
    fill: Option<String>,
    stroke: Option<String>,
    stroke_width: Option<String>,
    dash: Option<String>,
    color: Option<String>,
    opacity: Option<String>,
    bold: bool,
    italic: bool,
}

impl Style {
    fn apply(&mut self, decls: &[String]) {
        for d in decls {
            // a declaration may hold several `a:b` pairs separated by ';' or ','
            for part in d.split(';') {
                let Some((k, v)) = part.split_once(':') else {
                    continue;
                };
                let k = k.trim().to_ascii_lowercase();
                let Some(v) = clean_value(v) else { continue };
                match k.as_str() {
                    "fill" | "background" | "background-color" => self.fill = Some(v),
                    "stroke" | "border-color" => self.stroke = Some(v),
                    "stroke-width" => {
                        self.stroke_width = Some(v.trim_end_matches("px").to_string())
                    }
                    "stroke-dasharray" => self.dash = Some(v),
                    "color" => self.color = Some(v),
                    "opacity" => self.opacity = Some(v),
                    "font-weight" => {
                        self.bold = v == "bold" || v.parse::<u32>().is_ok_and(|w| w >= 600)
                    }
                    "font-style" => self.italic = v == "italic",
                    _ => {}
                }
            }
        }
    }
}

fn class_styles(fc: &Flowchart, classes: &[String], base: &mut Style, with_default: bool) {
    if with_default && let Some(cd) = fc.class_defs.iter().find(|c| c.name == "default") {
        base.apply(&cd.styles);
    }
    for c in classes {
        for cd in fc.class_defs.iter().filter(|d| &d.name == c) {
            base.apply(&cd.styles);
        }
    }
}

/// Escapes text for XML character data and attribute values, dropping characters XML 1.0
/// does not allow.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\t' | '\n' | '\r' => o.push(' '),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if (0xD800..=0xDFFF).contains(&(c as u32)) => {}
            c => o.push(c),
        }
    }
    o
}

fn f(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// The diagram's alternative text: accTitle (else the front-matter title), then accDescr;
/// without either, a short generated summary.
pub fn alt_text(fc: &Flowchart) -> String {
    let title = fc.acc_title.clone().or_else(|| fc.title.clone());
    match (title, &fc.acc_descr) {
        (Some(t), Some(d)) => format!("{t}: {d}"),
        (Some(t), None) => t,
        (None, Some(d)) => d.clone(),
        (None, None) => {
            let labels: Vec<String> = fc
                .nodes
                .iter()
                .filter(|n| !fc.is_subgraph(&n.id))
                .take(12)
                .map(|n| n.label.plain_text().replace('\n', " "))
                .collect();
            let mut s = format!(
                "Flowchart with {} nodes and {} edges",
                fc.nodes.iter().filter(|n| !fc.is_subgraph(&n.id)).count(),
                fc.edges.len()
            );
            if !labels.is_empty() {
                s.push_str(": ");
                s.push_str(&labels.join(", "));
                if fc.nodes.len() > 12 {
                    s.push_str(", …");
                }
            }
            s
        }
    }
}

struct W<'a> {
    o: String,
    font: String,
    size: f32,
    lh: f32,
    _l: &'a Layout,
}

impl W<'_> {
    fn text_block(&mut self, t: &TextBlock, cx: f32, top: f32, color: &str, st: &Style) {
        for (i, line) in t.lines.iter().enumerate() {
            if line.iter().all(|r| r.text.is_empty()) {
                continue;
            }
            let cy = top + self.lh * (i as f32 + 0.5);
            let base = cy + 0.35 * self.size;
            let _ = write!(
                self.o,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\"",
                f(cx),
                f(base),
                escape(&self.font),
                f(self.size),
                escape(color)
            );
            if st.bold {
                self.o.push_str(" font-weight=\"bold\"");
            }
            if st.italic {
                self.o.push_str(" font-style=\"italic\"");
            }
            self.o.push('>');
            if line.len() == 1 && !line[0].bold && !line[0].italic {
                self.o.push_str(&escape(&line[0].text));
            } else {
                for r in line {
                    self.o.push_str("<tspan");
                    if r.bold {
                        self.o.push_str(" font-weight=\"bold\"");
                    }
                    if r.italic {
                        self.o.push_str(" font-style=\"italic\"");
                    }
                    self.o.push('>');
                    self.o.push_str(&escape(&r.text));
                    self.o.push_str("</tspan>");
                }
            }
            self.o.push_str("</text>\n");
        }
    }
}

fn paint(st: &Style, fill: &str, stroke: &str, width: &str) -> String {
    let mut s = format!(
        " fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"",
        escape(st.fill.as_deref().unwrap_or(fill)),
        escape(st.stroke.as_deref().unwrap_or(stroke)),
        escape(st.stroke_width.as_deref().unwrap_or(width))
    );
    if let Some(d) = &st.dash {
        let _ = write!(s, " stroke-dasharray=\"{}\"", escape(d));
    }
    if let Some(o) = &st.opacity {
        let _ = write!(s, " opacity=\"{}\"", escape(o));
    }
    s
}

fn poly_path(pts: &[(f32, f32)], cx: f32, cy: f32) -> String {
    let mut d = String::new();
    for (i, p) in pts.iter().enumerate() {
        let _ = write!(
            d,
            "{}{},{} ",
            if i == 0 { "M" } else { "L" },
            f(cx + p.0),
            f(cy + p.1)
        );
    }
    d.push('Z');
    d
}

/// Draws the shape of a `w × h` node centred at (cx, cy); `attrs` holds fill and stroke.
#[allow(clippy::too_many_arguments)]
fn shape_svg(
    o: &mut String,
    shape: Shape,
    cx: f32,
    cy: f32,
    w: f32,
    h: f32,
    attrs: &str,
    stroke: &str,
) {
    let (l, t) = (cx - w / 2.0, cy - h / 2.0);
    let rect = |o: &mut String, rx: f32| {
        let _ = writeln!(
            o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" ry=\"{}\"{attrs}/>",
            f(l),
            f(t),
            f(w),
            f(h),
            f(rx),
            f(rx)
        );
    };
    let line = |o: &mut String, x1: f32, y1: f32, x2: f32, y2: f32| {
        let _ = writeln!(
            o,
            "<path d=\"M{},{} L{},{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
            f(x1),
            f(y1),
            f(x2),
            f(y2),
            escape(stroke)
        );
    };
    match shape {
        Shape::Rect | Shape::Text => rect(o, 0.0),
        Shape::Rounded => rect(o, 5.0),
        Shape::Stadium => rect(o, h / 2.0),
        Shape::Circle | Shape::Ellipse | Shape::CrossedCircle => {
            let _ = writeln!(
                o,
                "<ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\"{attrs}/>",
                f(cx),
                f(cy),
                f(w / 2.0),
                f(h / 2.0)
            );
            if shape == Shape::CrossedCircle {
                let r = w / 2.0 * std::f32::consts::FRAC_1_SQRT_2;
                line(o, cx - r, cy - r, cx + r, cy + r);
                line(o, cx - r, cy + r, cx + r, cy - r);
            }
        }
        Shape::DoubleCircle | Shape::FramedCircle => {
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{attrs}/>",
                f(cx),
                f(cy),
                f(w / 2.0)
            );
            let inner = if shape == Shape::DoubleCircle {
                w / 2.0 - 5.0
            } else {
                w / 4.0
            };
            let fill = if shape == Shape::FramedCircle {
                escape(stroke)
            } else {
                "none".into()
            };
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"1\"/>",
                f(cx),
                f(cy),
                f(inner.max(1.0)),
                escape(stroke)
            );
        }
        Shape::SmallCircle | Shape::FilledCircle => {
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
                f(cx),
                f(cy),
                f(w / 2.0),
                escape(stroke),
                escape(stroke)
            );
        }
        Shape::Fork => {
            let _ = writeln!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"none\"/>",
                f(l),
                f(t),
                f(w),
                f(h),
                escape(stroke)
            );
        }
        Shape::Cylinder | Shape::LinedCylinder => {
            let ry = cyl_ry(w);
            let rx = w / 2.0;
            let body = h - 2.0 * ry;
            let _ = writeln!(
                o,
                "<path d=\"M{},{} a{},{} 0 0 0 {},0 a{},{} 0 0 0 {},0 l0,{} a{},{} 0 0 0 {},0 l0,{}\"{attrs}/>",
                f(l),
                f(t + ry),
                f(rx),
                f(ry),
                f(w),
                f(rx),
                f(ry),
                f(-w),
                f(body),
                f(rx),
                f(ry),
                f(w),
                f(-body)
            );
            if shape == Shape::LinedCylinder {
                let _ = writeln!(
                    o,
                    "<path d=\"M{},{} a{},{} 0 0 0 {},0\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
                    f(l),
                    f(t + 3.0 * ry),
                    f(rx),
                    f(ry),
                    f(w),
                    escape(stroke)
                );
            }
        }
        Shape::HorizontalCylinder => {
            let rx = cyl_ry(h);
            let ry = h / 2.0;
            let body = w - 2.0 * rx;
            let _ = writeln!(
                o,
                "<path d=\"M{},{} a{},{} 0 0 0 0,{} l{},0 a{},{} 0 0 0 0,{} a{},{} 0 0 0 0,{} l{},0\"{attrs}/>",
                f(l + w - rx),
                f(t),
                f(rx),
                f(ry),
                f(h),
                f(-body),
                f(rx),
                f(ry),
                f(-h),
                f(rx),
                f(ry),
                f(h),
                f(body)
            );
        }
        Shape::Subroutine => {
            rect(o, 0.0);
            line(o, l + 8.0, t, l + 8.0, t + h);
            line(o, l + w - 8.0, t, l + w - 8.0, t + h);
        }
        Shape::LinedRect => {
            rect(o, 0.0);
            line(o, l + 8.0, t, l + 8.0, t + h);
        }
        Shape::DividedRect => {
            rect(o, 0.0);
            line(o, l, t + h * 0.2, l + w, t + h * 0.2);
        }
        Shape::WindowPane => {
            rect(o, 0.0);
            line(o, l + 10.0, t, l + 10.0, t + h);
            line(o, l, t + 10.0, l + w, t + 10.0);
        }
        Shape::StackedRect | Shape::StackedDocument => {
            let _ = writeln!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{attrs}/>",
                f(l + 10.0),
                f(t),
                f(w - 10.0),
                f(h - 10.0)
            );
            let _ = writeln!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{attrs}/>",
                f(l + 5.0),
                f(t + 5.0),
                f(w - 10.0),
                f(h - 10.0)
            );
            let _ = writeln!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{attrs}/>",
                f(l),
                f(t + 10.0),
                f(w - 10.0),
                f(h - 10.0)
            );
        }
        Shape::Document | Shape::LinedDocument | Shape::TaggedDocument => {
            let wave = 8.0;
            let b = t + h - wave;
            let _ = writeln!(
                o,
                "<path d=\"M{},{} L{},{} L{},{} C{},{} {},{} {},{} C{},{} {},{} {},{} Z\"{attrs}/>",
                f(l),
                f(t),
                f(l + w),
                f(t),
                f(l + w),
                f(b),
                f(l + w * 0.75),
                f(b - wave),
                f(l + w * 0.75),
                f(b - wave),
                f(l + w / 2.0),
                f(b),
                f(l + w * 0.25),
                f(b + wave),
                f(l + w * 0.25),
                f(b + wave),
                f(l),
                f(b)
            );
            if shape == Shape::LinedDocument {
                line(o, l + 8.0, t, l + 8.0, b);
            }
        }
        Shape::Delay => {
            let r = h / 2.0;
            let _ = writeln!(
                o,
                "<path d=\"M{},{} L{},{} A{},{} 0 0 1 {},{} L{},{} Z\"{attrs}/>",
                f(l),
                f(t),
                f(l + w - r),
                f(t),
                f(r),
                f(r),
                f(l + w - r),
                f(t + h),
                f(l),
                f(t + h)
            );
        }
        _ => {
            let pts = outline(shape, w, h);
            let _ = writeln!(o, "<path d=\"{}\"{attrs}/>", poly_path(&pts, cx, cy));
        }
    }
}

fn curve_d(c: &[Cubic]) -> String {
    let mut d = String::new();
    if let Some(first) = c.first() {
        let _ = write!(d, "M{},{}", f(first[0].0), f(first[0].1));
    }
    for s in c {
        let _ = write!(
            d,
            " C{},{} {},{} {},{}",
            f(s[1].0),
            f(s[1].1),
            f(s[2].0),
            f(s[2].1),
            f(s[3].0),
            f(s[3].1)
        );
    }
    d
}

/// Unit direction arriving at the last point of `c`.
fn end_dir(c: &[Cubic]) -> Option<Point> {
    let s = c.last()?;
    for k in [2usize, 1, 0] {
        let (dx, dy) = (s[3].0 - s[k].0, s[3].1 - s[k].1);
        let len = (dx * dx + dy * dy).sqrt();
        if len > 1e-3 {
            return Some((dx / len, dy / len));
        }
    }
    None
}

/// Moves the end of the curve back by `by` px along its end tangent.
fn shorten_end(c: &mut [Cubic], by: f32) {
    if let (Some(d), Some(s)) = (end_dir(c), c.last_mut()) {
        let seg_len = ((s[3].0 - s[0].0).powi(2) + (s[3].1 - s[0].1).powi(2)).sqrt();
        let by = by.min(seg_len * 0.9);
        s[3] = (s[3].0 - d.0 * by, s[3].1 - d.1 * by);
        s[2] = (s[2].0 - d.0 * by, s[2].1 - d.1 * by);
    }
}

fn reverse(c: &[Cubic]) -> Vec<Cubic> {
    c.iter().rev().map(|s| [s[3], s[2], s[1], s[0]]).collect()
}

fn marker_svg(o: &mut String, m: Marker, tip: Point, d: Point, color: &str) {
    let n = (-d.1, d.0);
    match m {
        Marker::None => {}
        Marker::Arrow => {
            let (len, half) = (10.0, 5.0);
            let b = (tip.0 - d.0 * len, tip.1 - d.1 * len);
            let _ = writeln!(
                o,
                "<path d=\"M{},{} L{},{} L{},{} Z\" fill=\"{c}\" stroke=\"{c}\" stroke-width=\"1\"/>",
                f(tip.0),
                f(tip.1),
                f(b.0 + n.0 * half),
                f(b.1 + n.1 * half),
                f(b.0 - n.0 * half),
                f(b.1 - n.1 * half),
                c = escape(color)
            );
        }
        Marker::Circle => {
            let r = 5.0;
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{c}\" stroke=\"{c}\" stroke-width=\"1\"/>",
                f(tip.0 - d.0 * r),
                f(tip.1 - d.1 * r),
                f(r),
                c = escape(color)
            );
        }
        Marker::Cross => {
            let c = (tip.0 - d.0 * 6.0, tip.1 - d.1 * 6.0);
            let s = 4.5;
            let (a1, a2) = ((d.0 + n.0) * s, (d.1 + n.1) * s);
            let (b1, b2) = ((d.0 - n.0) * s, (d.1 - n.1) * s);
            let _ = writeln!(
                o,
                "<path d=\"M{},{} L{},{} M{},{} L{},{}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\"/>",
                f(c.0 - a1),
                f(c.1 - a2),
                f(c.0 + a1),
                f(c.1 + a2),
                f(c.0 - b1),
                f(c.1 - b2),
                f(c.0 + b1),
                f(c.1 + b2),
                c = escape(color)
            );
        }
    }
}

fn marker_setback(m: Marker) -> f32 {
    match m {
        Marker::Arrow => 9.0,
        Marker::Circle => 9.0,
        Marker::Cross | Marker::None => 0.0,
    }
}

/// Writes `lay` (laid out from `fc`) as an SVG document. Deterministic: the same input
/// gives the same bytes.
pub fn write_svg(fc: &Flowchart, lay: &Layout, opts: &SvgOptions) -> String {
    let th = theme(fc);
    let mut w = W {
        o: String::with_capacity(4096 + lay.nodes.len() * 400 + lay.edges.len() * 300),
        font: opts.font_family.clone(),
        size: lay.font_size,
        lh: lay.line_height,
        _l: lay,
    };
    let (tw, thh) = (lay.width.max(1.0), lay.height.max(1.0));
    let _ = writeln!(
        w.o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">",
        f(tw),
        f(thh),
        f(tw),
        f(thh)
    );
    let title = fc.acc_title.clone().or_else(|| fc.title.clone());
    let _ = writeln!(
        w.o,
        "<title>{}</title>",
        escape(title.as_deref().unwrap_or("Flowchart"))
    );
    let _ = writeln!(w.o, "<desc>{}</desc>", escape(&alt_text(fc)));
    if let Some(bg) = opts.background.as_deref().and_then(clean_value) {
        let _ = writeln!(
            w.o,
            "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"none\"/>",
            f(tw),
            f(thh),
            escape(&bg)
        );
    }
    // subgraph boxes, outer first
    for s in &lay.subgraphs {
        let sg = &fc.subgraphs[s.index];
        let mut st = Style::default();
        class_styles(fc, &sg.classes, &mut st, false);
        if let Some(n) = fc.node(&sg.id) {
            st.apply(&n.styles);
        }
        let (l, t) = (s.x - s.width / 2.0, s.y - s.height / 2.0);
        let _ = writeln!(
            w.o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
            f(l),
            f(t),
            f(s.width),
            f(s.height),
            paint(&st, &th.cluster_fill, &th.cluster_stroke, "1")
        );
        let color = st.color.clone().unwrap_or_else(|| th.title.clone());
        let top = t + lay_pad(opts) / 2.0;
        w.text_block(&s.title, s.x, top, &color, &st);
    }
    // edges
    let mut link_style: Vec<Style> = vec![Style::default(); fc.edges.len()];
    for ls in &fc.link_styles {
        if ls.target == LinkStyleTarget::Default {
            for s in link_style.iter_mut() {
                s.apply(&ls.styles);
            }
        }
    }
    for ls in &fc.link_styles {
        if let LinkStyleTarget::Indices(ix) = &ls.target {
            for &i in ix {
                if let Some(s) = link_style.get_mut(i) {
                    s.apply(&ls.styles);
                }
            }
        }
    }
    for e in &lay.edges {
        if e.kind.stroke == Stroke::Invisible || e.curve.is_empty() {
            continue;
        }
        let st = &link_style[e.index];
        let color = st.stroke.clone().unwrap_or_else(|| th.line.clone());
        let width = st.stroke_width.clone().unwrap_or_else(|| {
            match e.kind.stroke {
                Stroke::Thick => "3.5",
                _ => "2",
            }
            .to_string()
        });
        let mut c = e.curve.clone();
        shorten_end(&mut c, marker_setback(e.kind.end));
        let mut r = reverse(&c);
        shorten_end(&mut r, marker_setback(e.kind.start));
        let c = reverse(&r);
        let mut attrs = format!(
            " fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"",
            escape(&color),
            escape(&width)
        );
        if let Some(d) = &st.dash {
            let _ = write!(attrs, " stroke-dasharray=\"{}\"", escape(d));
        } else if e.kind.stroke == Stroke::Dotted {
            attrs.push_str(" stroke-dasharray=\"3\"");
        }
        let _ = writeln!(w.o, "<path d=\"{}\"{attrs}/>", curve_d(&c));
        if let (Some(d), Some(last)) = (end_dir(&e.curve), e.curve.last()) {
            marker_svg(&mut w.o, e.kind.end, last[3], d, &color);
        }
        let rev = reverse(&e.curve);
        if let (Some(d), Some(last)) = (end_dir(&rev), rev.last()) {
            marker_svg(&mut w.o, e.kind.start, last[3], d, &color);
        }
    }
    // edge labels
    for e in &lay.edges {
        let Some(lb) = &e.label else { continue };
        if e.kind.stroke == Stroke::Invisible {
            continue;
        }
        let st = &link_style[e.index];
        let _ = writeln!(
            w.o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"0.8\" stroke=\"none\"/>",
            f(lb.x - lb.width / 2.0),
            f(lb.y - lb.height / 2.0),
            f(lb.width),
            f(lb.height),
            escape(&th.label_bg)
        );
        let color = st.color.clone().unwrap_or_else(|| th.text.clone());
        let text_style = Style {
            bold: st.bold,
            italic: st.italic,
            ..Style::default()
        };
        w.text_block(
            &lb.text,
            lb.x,
            lb.y - lb.text.height / 2.0,
            &color,
            &text_style,
        );
    }
    // nodes
    for n in &lay.nodes {
        let mut st = Style::default();
        let (fill, stroke) = if n.empty_subgraph {
            (th.cluster_fill.clone(), th.cluster_stroke.clone())
        } else {
            (th.node_fill.clone(), th.node_stroke.clone())
        };
        let mut link = None;
        if let Some(i) = n.index {
            let node = &fc.nodes[i];
            class_styles(fc, &node.classes, &mut st, true);
            st.apply(&node.styles);
            link = node.link.clone();
        } else if let Some(sg) = fc.subgraph(&n.id) {
            class_styles(fc, &sg.classes, &mut st, false);
        }
        if let Some(href) = &link {
            let _ = writeln!(w.o, "<a xlink:href=\"{}\">", escape(href));
        }
        let attrs = if n.shape == Shape::Text {
            paint(&st, "none", "none", "0")
        } else {
            paint(&st, &fill, &stroke, "1")
        };
        let sc = st.stroke.clone().unwrap_or(stroke);
        shape_svg(&mut w.o, n.shape, n.x, n.y, n.width, n.height, &attrs, &sc);
        let color = st.color.clone().unwrap_or_else(|| th.text.clone());
        let top = n.y - n.label.height / 2.0;
        let text_top = if n.shape == Shape::Cylinder || n.shape == Shape::LinedCylinder {
            top + cyl_ry(n.width) / 2.0
        } else {
            top
        };
        if !matches!(
            n.shape,
            Shape::SmallCircle | Shape::FilledCircle | Shape::Fork
        ) {
            w.text_block(&n.label, n.x, text_top, &color, &st);
        }
        if link.is_some() {
            w.o.push_str("</a>\n");
        }
    }
    w.o.push_str("</svg>\n");
    w.o
}

fn lay_pad(opts: &SvgOptions) -> f32 {
    opts.layout.cluster_pad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(clean_value("#f9f !important").as_deref(), Some("#f9f"));
        assert_eq!(clean_value("url(javascript:x)"), None);
    }
}
