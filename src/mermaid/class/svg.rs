//! Class diagram SVG: namespace boxes, relation lines (dashed for `..`) with UML end
//! markers (hollow triangle for extension, filled and hollow diamonds for composition
//! and aggregation, open arrow for dependency, circle for lollipop), cardinalities near
//! the ends and labels at the middle, class boxes with three compartments, notes and
//! interface names, in Mermaid's default-theme colours (`classBox.ts`, `markers.js`,
//! class `styles.js`).
//!
//! SVG 1.1 with presentation attributes only; text as `<text>` in the caller's font.
//! Knows no grammar; draws what the layout placed.

use std::fmt::Write;

use super::layout::{BOX_PAD_X, ClassBox, ClassLayout, MemberLine, text_lines};
use super::model::{ClassDiagram, RelEnd};
use crate::mermaid::common::geometry::Point;
use crate::mermaid::common::style::Style;
use crate::mermaid::common::svg::{SvgOptions, SvgWriter, curve_d, escape, num, paint};
use crate::mermaid::common::theme::Theme;

/// Note fill and border (Mermaid's `noteBkgColor`, `noteBorderColor`).
const NOTE_FILL: &str = "#fff5ad";
const NOTE_STROKE: &str = "#aaaa33";
/// Length of the triangle and diamond markers along the line, px.
const MARKER_LEN: f32 = 18.0;
/// Lollipop circle radius, px.
const LOLLIPOP_R: f32 = 6.0;

/// Alternative text: `accTitle` (or the title) and `accDescr`, else a summary naming the
/// first classes.
pub fn alt_text(d: &ClassDiagram) -> String {
    let title = d.acc_title.clone().or_else(|| d.title.clone());
    match (title, &d.acc_descr) {
        (Some(t), Some(x)) => format!("{t}: {x}"),
        (Some(t), None) => t,
        (None, Some(x)) => x.clone(),
        (None, None) => {
            let names: Vec<String> = d
                .classes
                .iter()
                .take(12)
                .map(|c| text_lines(c.label.as_deref().unwrap_or(&c.id)).join(" "))
                .collect();
            let mut s = format!(
                "Class diagram with {} classes and {} relations",
                d.classes.len(),
                d.relations.len()
            );
            if !names.is_empty() {
                s.push_str(": ");
                s.push_str(&names.join(", "));
                if d.classes.len() > 12 {
                    s.push_str(", …");
                }
            }
            s
        }
    }
}

/// The style of class `id`: its `classDef` classes in order, then its `style` lines.
fn class_style(d: &ClassDiagram, k: usize) -> Style {
    let c = &d.classes[k];
    let mut st = Style::default();
    for css in &c.css_classes {
        if let Some(def) = d.class_defs.iter().find(|x| x.name == *css) {
            st.apply(&def.styles);
        }
    }
    if let Some(def) = d.class_defs.iter().find(|x| x.name == "default") {
        st.apply(&def.styles);
    }
    st.apply(&c.styles);
    st
}

/// Writes the SVG document of layout `l` of diagram `d`.
pub fn write_svg(d: &ClassDiagram, l: &ClassLayout, opts: &SvgOptions) -> String {
    let th = Theme::new(d.theme.as_deref(), &d.theme_variables);
    let title_h = if d.title.is_some() {
        l.line_height + 8.0
    } else {
        0.0
    };
    let alt = alt_text(d);
    let mut w = SvgWriter::new(
        4096 + l.classes.len() * 900 + l.edges.len() * 400,
        (l.width, l.height + title_h),
        (d.title.as_deref().unwrap_or("Class diagram"), &alt),
        opts,
        (l.font_size, l.line_height),
    );
    let font = escape(&opts.font_family);
    let fs = l.font_size;
    let lh = l.line_height;
    if let Some(t) = &d.title {
        text(
            &mut w.o,
            &font,
            fs,
            l.width / 2.0,
            lh / 2.0 + 4.0,
            t,
            "middle",
            &th.title,
            "",
        );
    }
    let _ = writeln!(w.o, "<g transform=\"translate(0,{})\">", num(title_h));
    for c in &l.clusters {
        let _ = writeln!(
            w.o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
            num(c.x),
            num(c.y),
            num(c.width),
            num(c.height),
            paint(&Style::default(), &th.cluster_fill, &th.cluster_stroke, "1")
        );
        text(
            &mut w.o,
            &font,
            fs,
            c.x + c.width / 2.0,
            c.y + lh / 2.0 + 2.0,
            &c.title,
            "middle",
            &th.text,
            "",
        );
    }
    for e in &l.edges {
        if e.path.is_empty() {
            continue;
        }
        let mut path = e.path.clone();
        let setback = |m: RelEnd| match m {
            RelEnd::None => 0.0,
            RelEnd::Dependency => 1.0,
            RelEnd::Lollipop => 2.0 * LOLLIPOP_R,
            _ => MARKER_LEN,
        };
        trim_start(&mut path, setback(e.start));
        trim_end(&mut path, setback(e.end));
        let _ = writeln!(
            w.o,
            "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"{}/>",
            curve_d(&path),
            escape(&th.line),
            if e.dotted {
                " stroke-dasharray=\"3,3\""
            } else {
                ""
            }
        );
        let first = e.path[0][0];
        let last = e.path[e.path.len() - 1][3];
        if let Some(dir) = start_dir(&e.path) {
            marker(&mut w.o, e.start, first, dir, &th);
        }
        if let Some(dir) = end_dir(&e.path) {
            marker(&mut w.o, e.end, last, dir, &th);
        }
        if let Some((t, c)) = &e.label {
            let _ = writeln!(
                w.o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"none\"/>",
                num(c.0 - t.width / 2.0 - 2.0),
                num(c.1 - t.height / 2.0),
                num(t.width + 4.0),
                num(t.height),
                escape(&th.label_bg)
            );
            w.text_block(t, c.0, c.1 - t.height / 2.0, &th.text, &Style::default());
        }
    }
    // cardinalities after every line and label, so none hides them
    for e in l.edges.iter().filter(|e| !e.path.is_empty()) {
        for (s, p) in e.card_from.iter().chain(e.card_to.iter()) {
            text(&mut w.o, &font, fs, p.0, p.1, s, "middle", &th.text, "");
        }
    }
    for (k, b) in l.classes.iter().enumerate() {
        let st = class_style(d, k);
        class_box(&mut w.o, b, &st, &th, &font, fs, lh);
    }
    for n in &l.notes {
        let _ = writeln!(
            w.o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
            num(n.x),
            num(n.y),
            num(n.width),
            num(n.height),
            paint(&Style::default(), NOTE_FILL, NOTE_STROKE, "1")
        );
        w.text_block(
            &n.text,
            n.x + n.width / 2.0,
            n.y + (n.height - n.text.height) / 2.0,
            &th.text,
            &Style::default(),
        );
    }
    for i in &l.interfaces {
        text(
            &mut w.o,
            &font,
            fs,
            i.x + i.width / 2.0,
            i.y + i.height / 2.0,
            &i.label,
            "middle",
            &th.text,
            "",
        );
    }
    w.o.push_str("</g>\n");
    w.finish()
}

/// One line of text centred vertically on `cy`; `extra` holds further attributes.
#[allow(clippy::too_many_arguments)]
fn text(
    o: &mut String,
    font: &str,
    fs: f32,
    x: f32,
    cy: f32,
    s: &str,
    anchor: &str,
    color: &str,
    extra: &str,
) {
    if s.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-family=\"{font}\" font-size=\"{}\" fill=\"{}\"{extra}>{}</text>",
        num(x),
        num(cy + 0.35 * fs),
        num(fs),
        escape(color),
        escape(s)
    );
}

fn class_box(o: &mut String, b: &ClassBox, st: &Style, th: &Theme, font: &str, fs: f32, lh: f32) {
    let text_color = st.color.clone().unwrap_or_else(|| th.text.clone());
    let stroke = st.stroke.clone().unwrap_or_else(|| th.node_stroke.clone());
    let _ = writeln!(
        o,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
        num(b.x),
        num(b.y),
        num(b.width),
        num(b.height),
        paint(st, &th.node_fill, &th.node_stroke, "1")
    );
    let dividers = if b.height > b.header_h + 0.5 {
        vec![b.y + b.header_h, b.y + b.header_h + b.attributes_h]
    } else {
        Vec::new()
    };
    for y in dividers {
        let _ = writeln!(
            o,
            "<path d=\"M{},{} L{},{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
            num(b.x),
            num(y),
            num(b.x + b.width),
            num(y),
            escape(&stroke)
        );
    }
    let cx = b.x + b.width / 2.0;
    let mut y = b.y + 8.0 + lh / 2.0;
    for a in &b.annotations {
        text(o, font, fs, cx, y, a, "middle", &text_color, "");
        y += lh;
    }
    for t in &b.title {
        text(
            o,
            font,
            fs,
            cx,
            y,
            t,
            "middle",
            &text_color,
            " font-weight=\"bold\"",
        );
        y += lh;
    }
    for m in b.attributes.iter().chain(b.methods.iter()) {
        member(o, m, b.x + BOX_PAD_X, font, fs, lh, &text_color);
    }
}

fn member(o: &mut String, m: &MemberLine, x: f32, font: &str, fs: f32, lh: f32, color: &str) {
    let mut extra = String::new();
    if m.is_static {
        extra.push_str(" text-decoration=\"underline\"");
    }
    if m.is_abstract {
        extra.push_str(" font-style=\"italic\"");
    }
    text(
        o,
        font,
        fs,
        x,
        m.y + lh / 2.0,
        &m.text,
        "start",
        color,
        &extra,
    );
}

/// Unit direction of the line leaving its start, pointing back out of the start node
/// (the way a marker at the start faces).
fn start_dir(c: &[[Point; 4]]) -> Option<Point> {
    let s = c.first()?;
    for k in [1usize, 2, 3] {
        let (dx, dy) = (s[0].0 - s[k].0, s[0].1 - s[k].1);
        let len = (dx * dx + dy * dy).sqrt();
        if len > 1e-3 {
            return Some((dx / len, dy / len));
        }
    }
    None
}

fn end_dir(c: &[[Point; 4]]) -> Option<Point> {
    crate::mermaid::common::svg::end_dir(c)
}

fn trim_end(c: &mut [[Point; 4]], by: f32) {
    if by > 0.0 {
        crate::mermaid::common::svg::shorten_end(c, by);
    }
}

fn trim_start(c: &mut Vec<[Point; 4]>, by: f32) {
    if by <= 0.0 {
        return;
    }
    let mut r = crate::mermaid::common::svg::reverse(c);
    crate::mermaid::common::svg::shorten_end(&mut r, by);
    *c = crate::mermaid::common::svg::reverse(&r);
}

/// Draws marker `m` whose tip touches the node at `tip`, for a line arriving in unit
/// direction `d` (pointing into the node).
fn marker(o: &mut String, m: RelEnd, tip: Point, d: Point, th: &Theme) {
    let n = (-d.1, d.0);
    let at = |back: f32, side: f32| -> String {
        format!(
            "{},{}",
            num(tip.0 - d.0 * back + n.0 * side),
            num(tip.1 - d.1 * back + n.1 * side)
        )
    };
    let line = escape(&th.line);
    match m {
        RelEnd::None => {}
        RelEnd::Extension => {
            let _ = writeln!(
                o,
                "<path d=\"M{} L{} L{} Z\" fill=\"#ffffff\" stroke=\"{line}\" stroke-width=\"1\"/>",
                at(0.0, 0.0),
                at(MARKER_LEN, 7.0),
                at(MARKER_LEN, -7.0)
            );
        }
        RelEnd::Composition | RelEnd::Aggregation => {
            let fill = if m == RelEnd::Composition {
                line.clone()
            } else {
                "#ffffff".to_string()
            };
            let _ = writeln!(
                o,
                "<path d=\"M{} L{} L{} L{} Z\" fill=\"{fill}\" stroke=\"{line}\" stroke-width=\"1\"/>",
                at(0.0, 0.0),
                at(MARKER_LEN / 2.0, 6.0),
                at(MARKER_LEN, 0.0),
                at(MARKER_LEN / 2.0, -6.0)
            );
        }
        RelEnd::Dependency => {
            let _ = writeln!(
                o,
                "<path d=\"M{} L{} L{}\" fill=\"none\" stroke=\"{line}\" stroke-width=\"1\"/>",
                at(10.0, 6.0),
                at(0.0, 0.0),
                at(10.0, -6.0)
            );
        }
        RelEnd::Lollipop => {
            let c = (tip.0 - d.0 * LOLLIPOP_R, tip.1 - d.1 * LOLLIPOP_R);
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" stroke=\"{line}\" stroke-width=\"1\"/>",
                num(c.0),
                num(c.1),
                num(LOLLIPOP_R)
            );
        }
    }
}
