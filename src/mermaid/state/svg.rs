//! SVG 1.1 for a laid-out state diagram, drawn as Mermaid's default theme draws it
//! (`diagrams/state/styles.js`, the state shapes and `clusters.js` `roundedWithTitle` /
//! `divider`): rounded state boxes (`mainBkg` fill, `nodeBorder` stroke), a filled start
//! circle, a bullseye end, black fork/join bars, a choice diamond, yellow notes
//! (`noteBkgColor` #fff5ad), composites as a title bar over a white body (grey for every
//! second nesting level, Mermaid's `cluster-alt`), dashed lines between concurrency
//! regions, and transitions with filled arrow heads and labels on a pale background.
//!
//! `classDef` / `class` / `:::` fills and strokes, then `style`, override the theme.
//! Presentation attributes only; text as `<text>` in the caller's font family.

use std::fmt::Write;

use super::layout::Layout;
use super::model::StateDiagram;
use super::shapes::{CIRCLE_PX, PAD_Y_PX, Shape};
use crate::mermaid::common::marker::{Marker, marker_setback, marker_svg};
use crate::mermaid::common::style::Style;
use crate::mermaid::common::svg::{
    SvgOptions, SvgWriter, curve_d, end_dir, escape, num, paint, poly_path, shorten_end,
};
use crate::mermaid::common::theme::Theme;

/// The note fill of Mermaid's default theme.
const NOTE_FILL: &str = "#fff5ad";
/// The note border of Mermaid's default theme.
const NOTE_STROKE: &str = "#aaaa33";

/// The alternative text: accTitle (or the title) and accDescr when given, else a summary
/// naming the states.
pub fn alt_text(sd: &StateDiagram) -> String {
    let head = sd.acc_title.as_deref().or(sd.title.as_deref());
    match (head, sd.acc_descr.as_deref()) {
        (Some(t), Some(d)) => format!("{t}. {d}"),
        (Some(t), None) => t.to_string(),
        (None, Some(d)) => d.to_string(),
        (None, None) => summary(sd),
    }
}

fn summary(sd: &StateDiagram) -> String {
    let named: Vec<String> = sd
        .states
        .iter()
        .filter(|s| {
            !matches!(
                s.kind,
                Some(super::model::StateKind::Start | super::model::StateKind::End)
            )
        })
        .map(|s| {
            crate::mermaid::common::label::Label::from_mermaid_text(
                s.label.as_deref().unwrap_or(&s.id),
                crate::mermaid::common::label::LabelKind::Text,
            )
            .plain_text()
            .replace('\n', " ")
        })
        .collect();
    let mut s = format!(
        "State diagram with {} states and {} transitions",
        named.len(),
        sd.transitions.len()
    );
    if !named.is_empty() {
        let shown: Vec<&str> = named.iter().take(12).map(String::as_str).collect();
        let _ = write!(s, ": {}", shown.join(", "));
        if named.len() > 12 {
            s.push_str(", …");
        }
    }
    s
}

fn state_style(sd: &StateDiagram, index: usize) -> Style {
    let mut st = Style::default();
    let Some(s) = sd.states.get(index) else {
        return st;
    };
    for c in &s.classes {
        if let Some(cd) = sd.class_defs.iter().find(|d| &d.name == c) {
            st.apply(&cd.styles);
        }
    }
    st.apply(&s.styles);
    st
}

/// Writes the SVG document for `sd` laid out as `lay`.
pub fn write_svg(sd: &StateDiagram, lay: &Layout, opts: &SvgOptions) -> String {
    let th = Theme::new(sd.theme.as_deref(), &sd.theme_variables);
    let alt = alt_text(sd);
    let title = sd
        .acc_title
        .as_deref()
        .or(sd.title.as_deref())
        .unwrap_or("State diagram");
    let mut w = SvgWriter::new(
        4096 + 600 * (lay.states.len() + lay.edges.len()),
        (lay.width, lay.height),
        (title, &alt),
        opts,
        (lay.font_size, lay.line_height),
    );
    if let Some((t, top)) = &lay.title {
        let size = super::layout::TITLE_FONT_PX;
        let tlh = t.height / t.lines.len().max(1) as f32;
        for (i, line) in t.lines.iter().enumerate() {
            let s: String = line.iter().map(|r| r.text.as_str()).collect();
            let _ = writeln!(
                w.o,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>",
                num(lay.width / 2.0),
                num(top + tlh * (i as f32 + 0.5) + 0.35 * size),
                escape(&opts.font_family),
                num(size),
                escape(&th.title),
                escape(&s)
            );
        }
    }
    // composites, outer first
    for c in &lay.composites {
        let st = state_style(sd, c.index);
        let (x0, y0) = (c.x - c.width / 2.0, c.y - c.height / 2.0);
        let body = if c.depth % 2 == 1 {
            "#f0f0f0"
        } else {
            "#ffffff"
        };
        let _ = writeln!(
            w.o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\" ry=\"5\"{}/>",
            num(x0),
            num(y0),
            num(c.width),
            num(c.height),
            paint(&st, &th.node_fill, &th.node_stroke, "1")
        );
        let _ = writeln!(
            w.o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{body}\" stroke=\"{}\" stroke-width=\"1\"/>",
            num(x0),
            num(y0 + c.title_height),
            num(c.width),
            num((c.height - c.title_height).max(0.0)),
            escape(st.stroke.as_deref().unwrap_or(&th.node_stroke))
        );
        let color = st.color.clone().unwrap_or_else(|| th.text.clone());
        w.text_block(
            &c.title,
            c.x,
            y0 + (c.title_height - c.title.height) / 2.0,
            &color,
            &st,
        );
        for (a, b) in &c.separators {
            let _ = writeln!(
                w.o,
                "<path d=\"M{},{} L{},{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"5,5\"/>",
                num(a.0),
                num(a.1),
                num(b.0),
                num(b.1),
                escape(&th.node_stroke)
            );
        }
    }
    // transitions and note links
    for e in &lay.edges {
        let mut curve = e.curve.clone();
        let arrow = e.index.is_some();
        let dir = end_dir(&curve);
        let tip = curve.last().map(|c| c[3]);
        if arrow {
            shorten_end(&mut curve, marker_setback(Marker::Arrow));
        }
        let _ = writeln!(
            w.o,
            "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
            curve_d(&curve),
            escape(&th.line)
        );
        if arrow && let (Some(d), Some(tip)) = (dir, tip) {
            marker_svg(&mut w.o, Marker::Arrow, tip, d, &th.line);
        }
        if let Some(l) = &e.label {
            let _ = writeln!(
                w.o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"0.8\" stroke=\"none\"/>",
                num(l.x - l.width / 2.0),
                num(l.y - l.height / 2.0),
                num(l.width),
                num(l.height),
                escape(&th.label_bg)
            );
            w.text_block(
                &l.text,
                l.x,
                l.y - l.text.height / 2.0,
                &th.text,
                &Style::default(),
            );
        }
    }
    // states
    for s in &lay.states {
        let link = link_of(sd, s.index);
        if let Some(l) = &link {
            w.o.push_str(l);
        }
        draw_state(&mut w, sd, s, &th);
        if link.is_some() {
            w.o.push_str("</a>\n");
        }
    }
    for n in &lay.notes {
        let _ = writeln!(
            w.o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{NOTE_FILL}\" stroke=\"{NOTE_STROKE}\" stroke-width=\"1\"/>",
            num(n.x - n.width / 2.0),
            num(n.y - n.height / 2.0),
            num(n.width),
            num(n.height)
        );
        w.text_block(
            &n.text,
            n.x,
            n.y - n.text.height / 2.0,
            &th.text,
            &Style::default(),
        );
    }
    w.finish()
}

/// The `<a>` opening tag for a state with a `click` link to a safe URL.
fn link_of(sd: &StateDiagram, index: usize) -> Option<String> {
    let id = &sd.states.get(index)?.id;
    let l = sd.links.iter().rev().find(|l| &l.state == id)?;
    let url = l.url.trim_matches('"').trim();
    let lower = url.to_ascii_lowercase();
    let safe = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || !lower.contains(':');
    if !safe || url.is_empty() {
        return None;
    }
    let tip = l.tooltip.trim_matches('"');
    let mut a = format!("<a xlink:href=\"{}\"", escape(url));
    if !tip.is_empty() {
        let _ = write!(a, " title=\"{}\"", escape(tip));
    }
    a.push_str(">\n");
    Some(a)
}

/// Draws one state's shape and text.
fn draw_state(w: &mut SvgWriter, sd: &StateDiagram, s: &super::layout::StateBox, th: &Theme) {
    let st = state_style(sd, s.index);
    let (x0, y0) = (s.x - s.width / 2.0, s.y - s.height / 2.0);
    let color = st.color.clone().unwrap_or_else(|| th.text.clone());
    match s.shape {
        Shape::Start => {
            let _ = writeln!(
                w.o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}/>",
                num(s.x),
                num(s.y),
                num(CIRCLE_PX / 2.0),
                paint(&st, &th.line, &th.line, "1")
            );
        }
        Shape::End => {
            let _ = writeln!(
                w.o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"2\"/>",
                num(s.x),
                num(s.y),
                num(CIRCLE_PX / 2.0 - 0.5),
                escape(st.stroke.as_deref().unwrap_or(&th.line))
            );
            let _ = writeln!(
                w.o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{c}\" stroke=\"{c}\" stroke-width=\"1\"/>",
                num(s.x),
                num(s.y),
                c = escape(st.fill.as_deref().unwrap_or(&th.line))
            );
        }
        Shape::Bar => {
            let _ = writeln!(
                w.o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
                num(x0),
                num(y0),
                num(s.width),
                num(s.height),
                paint(&st, &th.line, &th.line, "1")
            );
        }
        Shape::Choice => {
            let pts = super::shapes::outline(Shape::Choice, s.width, s.height);
            let _ = writeln!(
                w.o,
                "<path d=\"{}\"{}/>",
                poly_path(&pts, s.x, s.y),
                paint(&st, &th.node_fill, &th.node_stroke, "1")
            );
        }
        Shape::Rect | Shape::RectWithTitle | Shape::Note => {
            let _ = writeln!(
                w.o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\" ry=\"5\"{}/>",
                num(x0),
                num(y0),
                num(s.width),
                num(s.height),
                paint(&st, &th.node_fill, &th.node_stroke, "1")
            );
            if s.shape == Shape::Rect {
                w.text_block(&s.label, s.x, s.y - s.label.height / 2.0, &color, &st);
            } else {
                let top = y0 + PAD_Y_PX;
                w.text_block(&s.label, s.x, top, &color, &st);
                let ly = top + s.label.height + PAD_Y_PX / 2.0;
                let _ = writeln!(
                    w.o,
                    "<path d=\"M{},{} L{},{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
                    num(x0),
                    num(ly),
                    num(x0 + s.width),
                    num(ly),
                    escape(st.stroke.as_deref().unwrap_or(&th.node_stroke))
                );
                w.text_block(&s.descriptions, s.x, ly + PAD_Y_PX / 2.0, &color, &st);
            }
        }
    }
}
