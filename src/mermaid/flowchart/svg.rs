//! SVG 1.1 drawing of a laid-out flowchart: subgraph boxes, edges with their markers and
//! labels, node shapes and labels, links from `click` statements.
//!
//! Colours follow Mermaid's themes ([`crate::mermaid::common`]'s theme table: node fill
//! `#ECECFF`, border `#9370DB`, edges `#333333`, subgraph fill `#ffffde` and border
//! `#aaaa33`, edge-label background `#e8e8e8` in the default theme); `classDef` (including
//! `default`), `class`/`:::`, `style` and `linkStyle` declarations override them (`fill`,
//! `stroke`, `stroke-width`, `stroke-dasharray`, `color`, `opacity`, `font-weight`,
//! `font-style`). The document wrapper, escaping, text and markers come from the shared
//! writer helpers; this module owns only what is particular to flowcharts (which
//! statement styles what, the shape drawings, the alternative text).

use std::fmt::Write;

use super::layout::Layout;
use super::layout::shapes::{cyl_ry, outline};
use super::model::{Flowchart, LinkStyleTarget, Shape, Stroke};
use crate::mermaid::common::marker::{marker_setback, marker_svg};
use crate::mermaid::common::style::Style;
use crate::mermaid::common::svg::{
    SvgWriter, curve_d, end_dir, num, paint, poly_path, reverse, shorten_end,
};
use crate::mermaid::common::theme::Theme;

pub use crate::mermaid::common::svg::{SvgOptions, escape};

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
            num(l),
            num(t),
            num(w),
            num(h),
            num(rx),
            num(rx)
        );
    };
    let line = |o: &mut String, x1: f32, y1: f32, x2: f32, y2: f32| {
        let _ = writeln!(
            o,
            "<path d=\"M{},{} L{},{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
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
                num(cx),
                num(cy),
                num(w / 2.0),
                num(h / 2.0)
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
                num(cx),
                num(cy),
                num(w / 2.0)
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
                num(cx),
                num(cy),
                num(inner.max(1.0)),
                escape(stroke)
            );
        }
        Shape::SmallCircle | Shape::FilledCircle => {
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
                num(cx),
                num(cy),
                num(w / 2.0),
                escape(stroke),
                escape(stroke)
            );
        }
        Shape::Fork => {
            let _ = writeln!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"none\"/>",
                num(l),
                num(t),
                num(w),
                num(h),
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
                num(l),
                num(t + ry),
                num(rx),
                num(ry),
                num(w),
                num(rx),
                num(ry),
                num(-w),
                num(body),
                num(rx),
                num(ry),
                num(w),
                num(-body)
            );
            if shape == Shape::LinedCylinder {
                let _ = writeln!(
                    o,
                    "<path d=\"M{},{} a{},{} 0 0 0 {},0\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
                    num(l),
                    num(t + 3.0 * ry),
                    num(rx),
                    num(ry),
                    num(w),
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
                num(l + w - rx),
                num(t),
                num(rx),
                num(ry),
                num(h),
                num(-body),
                num(rx),
                num(ry),
                num(-h),
                num(rx),
                num(ry),
                num(h),
                num(body)
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
                num(l + 10.0),
                num(t),
                num(w - 10.0),
                num(h - 10.0)
            );
            let _ = writeln!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{attrs}/>",
                num(l + 5.0),
                num(t + 5.0),
                num(w - 10.0),
                num(h - 10.0)
            );
            let _ = writeln!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{attrs}/>",
                num(l),
                num(t + 10.0),
                num(w - 10.0),
                num(h - 10.0)
            );
        }
        Shape::Document | Shape::LinedDocument | Shape::TaggedDocument => {
            let wave = 8.0;
            let b = t + h - wave;
            let _ = writeln!(
                o,
                "<path d=\"M{},{} L{},{} L{},{} C{},{} {},{} {},{} C{},{} {},{} {},{} Z\"{attrs}/>",
                num(l),
                num(t),
                num(l + w),
                num(t),
                num(l + w),
                num(b),
                num(l + w * 0.75),
                num(b - wave),
                num(l + w * 0.75),
                num(b - wave),
                num(l + w / 2.0),
                num(b),
                num(l + w * 0.25),
                num(b + wave),
                num(l + w * 0.25),
                num(b + wave),
                num(l),
                num(b)
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
                num(l),
                num(t),
                num(l + w - r),
                num(t),
                num(r),
                num(r),
                num(l + w - r),
                num(t + h),
                num(l),
                num(t + h)
            );
        }
        _ => {
            let pts = outline(shape, w, h);
            let _ = writeln!(o, "<path d=\"{}\"{attrs}/>", poly_path(&pts, cx, cy));
        }
    }
}

/// Writes `lay` (laid out from `fc`) as an SVG document. Deterministic: the same input
/// gives the same bytes.
pub fn write_svg(fc: &Flowchart, lay: &Layout, opts: &SvgOptions) -> String {
    let th = Theme::new(fc.theme.as_deref(), &fc.theme_variables);
    let title = fc.acc_title.clone().or_else(|| fc.title.clone());
    let mut w = SvgWriter::new(
        4096 + lay.nodes.len() * 400 + lay.edges.len() * 300,
        (lay.width, lay.height),
        (title.as_deref().unwrap_or("Flowchart"), &alt_text(fc)),
        opts,
        (lay.font_size, lay.line_height),
    );
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
            num(l),
            num(t),
            num(s.width),
            num(s.height),
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
            num(lb.x - lb.width / 2.0),
            num(lb.y - lb.height / 2.0),
            num(lb.width),
            num(lb.height),
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
    w.finish()
}

fn lay_pad(opts: &SvgOptions) -> f32 {
    opts.layout.cluster_pad
}
