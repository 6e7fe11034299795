//! Mindmap SVG: edges under nodes, each branch in its section colour as Mermaid's default
//! theme paints it (`cScale1…11` darkened by 10 %, the root in `git0` with white text,
//! the underline of a bracket-less node in `cScaleInv`), node shapes after Mermaid's
//! `defaultMindmapNode`, `rect`, `rounded`, `mindmapCircle`, `cloud`, `bang` and
//! `hexagon` shapes, and the label as `<text>` lines. Icons (`::icon(…)`) are not drawn:
//! they name Font Awesome glyphs the document has no font for.
//!
//! Also the alternative text: an outline of the tree.

use std::fmt::Write;

use super::layout::{CLOUD_BULGE_PX, Layout, NodeBox};
use super::model::{Mindmap, Shape};
use crate::mermaid::common::json;
use crate::mermaid::common::style::Style;
use crate::mermaid::common::svg::{SvgOptions, SvgWriter, curve_d, num, poly_path};

/// `cScale0…11` of Mermaid's default theme after `updateColors` (darkened by 10 %).
const SCALE: [&str; 12] = [
    "#b9b9ff", "#ffffab", "#e8ffb9", "#dcb9ff", "#ffb9ff", "#ffb9dc", "#ffb9b9", "#ffdcb9",
    "#dcffb9", "#b9ffdc", "#b9ffff", "#b9dcff",
];
/// `cScaleInv0…11`: the hue turned by 180°.
const SCALE_INV: [&str; 12] = [
    "#ffffb9", "#ababff", "#d0b9ff", "#dcffb9", "#b9ffb9", "#b9ffdc", "#b9ffff", "#b9dcff",
    "#dcb9ff", "#ffb9dc", "#ffb9b9", "#ffdcb9",
];
/// `git0`: the root's fill.
const ROOT_FILL: &str = "#6d6dff";
/// `gitBranchLabel0`: the root's text.
const ROOT_TEXT: &str = "#ffffff";
/// Section text (`cScaleLabel` is unset in the default theme, so text keeps `#333`).
const TEXT: &str = "#333333";

/// Fill of a node (and stroke of its incoming edge) in `section` (`section-N` uses
/// `cScale(N+1)`); the root's is `git0`.
pub fn section_fill(section: Option<usize>) -> &'static str {
    match section {
        None => ROOT_FILL,
        Some(s) => SCALE[(s + 1) % SCALE.len()],
    }
}

/// Writes the SVG document of `lay`, drawn from `mm`.
pub fn write_svg(mm: &Mindmap, lay: &Layout, opts: &SvgOptions) -> String {
    let alt = alt_text(mm);
    let title = mm.title.as_deref().unwrap_or("Mindmap");
    let mut w = SvgWriter::new(
        4096 + lay.nodes.len() * 400,
        (lay.width, lay.height),
        (title, &alt),
        opts,
        (lay.font_size, lay.line_height),
    );
    for e in &lay.edges {
        let _ = writeln!(
            w.o,
            "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\"/>",
            curve_d(&e.curve),
            section_fill(e.section),
            num(e.width_px)
        );
    }
    let plain = Style::default();
    for b in &lay.nodes {
        let fill = section_fill(b.section);
        shape(&mut w.o, b, fill);
        let color = if b.section.is_none() { ROOT_TEXT } else { TEXT };
        let (_, top, _, _) = b.label_box();
        w.text_block(&b.text, b.x, top, color, &plain);
    }
    w.finish()
}

fn shape(o: &mut String, b: &NodeBox, fill: &str) {
    let (x0, y0, x1, y1) = b.bounds();
    let (w, h) = (b.width, b.height);
    match b.shape {
        Shape::Default => {
            let _ = writeln!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\" ry=\"5\" fill=\"{fill}\" stroke=\"none\"/>",
                num(x0),
                num(y0),
                num(w),
                num(h)
            );
            let inv = b.section.map_or(SCALE_INV[0], |s| SCALE_INV[(s + 1) % 12]);
            let _ = writeln!(
                o,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{inv}\" stroke-width=\"3\"/>",
                num(x0),
                num(y1),
                num(x1),
                num(y1)
            );
        }
        Shape::Rect | Shape::RoundedRect => {
            let r = if b.shape == Shape::Rect { 0.0 } else { 5.0 };
            let _ = writeln!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{r}\" ry=\"{r}\" fill=\"{fill}\" stroke=\"none\"/>",
                num(x0),
                num(y0),
                num(w),
                num(h)
            );
        }
        Shape::Circle => {
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"none\"/>",
                num(b.x),
                num(b.y),
                num(w / 2.0)
            );
        }
        Shape::Hexagon => {
            let m = h / 4.0;
            let pts = [
                (-w / 2.0 + m, -h / 2.0),
                (w / 2.0 - m, -h / 2.0),
                (w / 2.0, 0.0),
                (w / 2.0 - m, h / 2.0),
                (-w / 2.0 + m, h / 2.0),
                (-w / 2.0, 0.0),
            ];
            let _ = writeln!(
                o,
                "<path d=\"{}\" fill=\"{fill}\" stroke=\"none\"/>",
                poly_path(&pts, b.x, b.y)
            );
        }
        Shape::Cloud => {
            let d = bumpy(
                (x0 + CLOUD_BULGE_PX, y0 + CLOUD_BULGE_PX),
                (x1 - CLOUD_BULGE_PX, y1 - CLOUD_BULGE_PX),
                true,
            );
            let _ = writeln!(o, "<path d=\"{d}\" fill=\"{fill}\" stroke=\"none\"/>");
        }
        Shape::Bang => {
            let d = bumpy((x0, y0), (x1, y1), false);
            let _ = writeln!(o, "<path d=\"{d}\" fill=\"{fill}\" stroke=\"none\"/>");
        }
    }
}

/// A closed path of circular arcs through points spaced about 30 px apart on the
/// rectangle `a`–`b`: bulging outwards (a cloud) or cut inwards (a bang). Each arc's
/// radius is 0.6 × its chord, so it stands [`CLOUD_BULGE_PX`] or less off the rectangle.
fn bumpy(a: (f32, f32), b: (f32, f32), outward: bool) -> String {
    let (w, h) = (b.0 - a.0, b.1 - a.1);
    let nx = ((w / 30.0).round() as usize).max(2);
    let ny = ((h / 30.0).round() as usize).max(1);
    let mut pts = Vec::with_capacity(2 * (nx + ny));
    for i in 0..nx {
        pts.push((a.0 + w * i as f32 / nx as f32, a.1));
    }
    for i in 0..ny {
        pts.push((b.0, a.1 + h * i as f32 / ny as f32));
    }
    for i in 0..nx {
        pts.push((b.0 - w * i as f32 / nx as f32, b.1));
    }
    for i in 0..ny {
        pts.push((a.0, b.1 - h * i as f32 / ny as f32));
    }
    let sweep = if outward { 1 } else { 0 };
    let mut d = format!("M{} {}", num(pts[0].0), num(pts[0].1));
    for k in 0..pts.len() {
        let (p, q) = (pts[k], pts[(k + 1) % pts.len()]);
        let chord = ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt();
        let r = 0.6 * chord;
        let _ = write!(
            d,
            " A{} {} 0 0 {sweep} {} {}",
            num(r),
            num(r),
            num(q.0),
            num(q.1)
        );
    }
    d.push_str(" Z");
    d
}

/// The alternative text: "Mindmap: " and the tree as an outline, each node's text on
/// its own line indented two spaces per level (`<br>` and markdown marks removed).
pub fn alt_text(mm: &Mindmap) -> String {
    let mut out = String::from("Mindmap");
    if let Some(t) = &mm.title {
        let _ = write!(out, " {t}");
    }
    out.push(':');
    let mut stack: Vec<(usize, usize)> = mm.root().map(|_| (0, 0)).into_iter().collect();
    while let Some((i, d)) = stack.pop() {
        let text = super::layout::node_label(&mm.nodes[i].text)
            .plain_text()
            .replace('\n', " ");
        let _ = write!(out, "\n{}{}", "  ".repeat(d), text.trim());
        for &c in mm.nodes[i].children.iter().rev() {
            stack.push((c, d + 1));
        }
    }
    out
}

/// The layout as JSON: `{"type": "mindmap", "width", "height", "nodes": [{"id", "x",
/// "y", "width", "height", "shape", "section", "depth"}], "edges": [{"from", "to",
/// "section", "path"}]}` (px, node centres; `section` null for the root; edge ends are
/// node indices).
pub fn layout_json(lay: &Layout) -> String {
    let mut o = String::with_capacity(256 + lay.nodes.len() * 160);
    o.push_str("{\"type\":\"mindmap\",\"width\":");
    json::num(&mut o, lay.width);
    o.push_str(",\"height\":");
    json::num(&mut o, lay.height);
    o.push_str(",\"nodes\":[");
    for (k, b) in lay.nodes.iter().enumerate() {
        if k > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        json::string(&mut o, &b.id);
        for (name, v) in [
            ("x", b.x),
            ("y", b.y),
            ("width", b.width),
            ("height", b.height),
        ] {
            let _ = write!(o, ",\"{name}\":");
            json::num(&mut o, v);
        }
        let _ = write!(
            o,
            ",\"shape\":\"{}\",\"section\":{},\"depth\":{}}}",
            b.shape.as_str(),
            b.section.map_or("null".to_string(), |s| s.to_string()),
            b.depth
        );
    }
    o.push_str("],\"edges\":[");
    for (k, e) in lay.edges.iter().enumerate() {
        if k > 0 {
            o.push(',');
        }
        let _ = write!(
            o,
            "{{\"from\":{},\"to\":{},\"section\":{},\"path\":",
            e.from,
            e.to,
            e.section.map_or("null".to_string(), |s| s.to_string())
        );
        json::string(&mut o, &curve_d(&e.curve));
        o.push('}');
    }
    o.push_str("]}");
    o
}
