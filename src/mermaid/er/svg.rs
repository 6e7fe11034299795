//! SVG 1.1 for a laid-out ER diagram, drawn as Mermaid's `erBox` shape and `erMarkers.js`
//! draw them: an entity box with its name in a header row and the attribute table below
//! (type | name | keys | comment, rows in alternating fills), relationship lines solid for
//! identifying and dashed for non-identifying relationships, a crow's-foot marker at each
//! end for its cardinality, and the label in the middle on a background.
//!
//! Presentation attributes only (no CSS), text as `<text>` in the font family of
//! [`SvgOptions`]. Colours come from the theme and `classDef`/`class`/`style`.

use std::fmt::Write;

use super::layout::{EntityBox, Layout, RelationshipPath};
use super::model::{Cardinality, ErDiagram};
use crate::mermaid::common::geometry::Point;
use crate::mermaid::common::label::{Label, LabelKind};
use crate::mermaid::common::measure::TextBlock;
use crate::mermaid::common::style::Style;
use crate::mermaid::common::svg::{SvgOptions, SvgWriter, curve_d, escape, num, paint};
use crate::mermaid::common::theme::Theme;

/// Fill of odd attribute rows (Mermaid's `attributeBackgroundColorOdd`).
const ROW_ODD: &str = "#ffffff";
/// Fill of even attribute rows (`attributeBackgroundColorEven`).
const ROW_EVEN: &str = "#f2f2f2";

/// The text a reader hears: `accTitle` (or the title) and `accDescr`, else a summary
/// naming the entities and counting the relationships.
pub fn alt_text(er: &ErDiagram) -> String {
    let head = er.acc_title.as_deref().or(er.title.as_deref());
    match (head, er.acc_descr.as_deref()) {
        (Some(t), Some(d)) => format!("{t}. {d}"),
        (Some(t), None) => t.to_string(),
        (None, Some(d)) => d.to_string(),
        (None, None) => summary(er),
    }
}

fn plain(s: &str) -> String {
    Label::from_mermaid_text(s, LabelKind::Text)
        .plain_text()
        .replace('\n', " ")
}

fn summary(er: &ErDiagram) -> String {
    let names: Vec<String> = er
        .entities
        .iter()
        .take(20)
        .map(|e| {
            plain(if e.alias.is_empty() {
                &e.name
            } else {
                &e.alias
            })
        })
        .collect();
    let mut s = format!(
        "Entity-relationship diagram with {} entities and {} relationships",
        er.entities.len(),
        er.relationships.len()
    );
    if !names.is_empty() {
        s.push_str(": ");
        s.push_str(&names.join(", "));
        if er.entities.len() > names.len() {
            s.push_str(", …");
        }
    }
    s
}

/// The style of entity `i`: its classes' `classDef`s, then its own `style` lines.
fn entity_style(er: &ErDiagram, i: usize) -> Style {
    let e = &er.entities[i];
    let mut st = Style::default();
    for c in &e.classes {
        if let Some(cd) = er.class_defs.iter().find(|d| &d.name == c) {
            st.apply(&cd.styles);
        }
    }
    st.apply(&e.styles);
    st
}

/// Left-aligned lines of `t`, the first line's box starting at `top`.
fn text_left(
    o: &mut String,
    t: &TextBlock,
    x: f32,
    top: f32,
    lay: &Layout,
    font: &str,
    color: &str,
) {
    for (k, line) in t.lines.iter().enumerate() {
        let s: String = line.iter().map(|r| r.text.as_str()).collect();
        if s.is_empty() {
            continue;
        }
        let base = top + lay.line_height * (k as f32 + 0.5) + 0.35 * lay.font_size;
        let _ = writeln!(
            o,
            "<text x=\"{}\" y=\"{}\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>",
            num(x),
            num(base),
            escape(font),
            num(lay.font_size),
            escape(color),
            escape(&s)
        );
    }
}

fn entity(w: &mut SvgWriter, er: &ErDiagram, b: &EntityBox, lay: &Layout, th: &Theme, font: &str) {
    let st = entity_style(er, b.index);
    let (left, top) = (b.x - b.width / 2.0, b.y - b.height / 2.0);
    let _ = writeln!(
        w.o,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
        num(left),
        num(top),
        num(b.width),
        num(b.height),
        paint(&st, &th.node_fill, &th.node_stroke, "1")
    );
    let color = st.color.clone().unwrap_or_else(|| th.text.clone());
    let ty = top + (b.header_height - b.title.height) / 2.0;
    w.text_block(&b.title, b.x, ty, &color, &st);
    let stroke = st.stroke.clone().unwrap_or_else(|| th.node_stroke.clone());
    for (k, r) in b.rows.iter().enumerate() {
        let fill = if k % 2 == 0 { ROW_ODD } else { ROW_EVEN };
        let _ = writeln!(
            w.o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
            num(left),
            num(r.top),
            num(b.width),
            num(r.height),
            fill,
            escape(&stroke)
        );
        let mut x = left;
        for (c, cell) in r.cells.iter().enumerate() {
            if b.columns[c] <= 0.0 {
                continue;
            }
            let t = r.top + (r.height - cell.height) / 2.0;
            text_left(
                &mut w.o,
                cell,
                x + super::layout::CELL_PADDING_X_PX,
                t,
                lay,
                font,
                &th.text,
            );
            x += b.columns[c];
        }
    }
    // Column rules between the cells of the table.
    if !b.rows.is_empty() {
        let mut x = left;
        let shown: Vec<usize> = (0..4).filter(|&c| b.columns[c] > 0.0).collect();
        for &c in shown.iter().take(shown.len().saturating_sub(1)) {
            x += b.columns[c];
            let _ = writeln!(
                w.o,
                "<path d=\"M{},{} L{},{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
                num(x),
                num(top + b.header_height),
                num(x),
                num(top + b.height),
                escape(&stroke)
            );
        }
    }
}

/// The tip of an end of `c` and the unit direction pointing into the entity there.
fn end_of(r: &RelationshipPath, at_start: bool) -> Option<(Point, Point)> {
    let (tip, others): (Point, Vec<Point>) = if at_start {
        let s = r.curve.first()?;
        (s[0], vec![s[1], s[2], s[3]])
    } else {
        let s = r.curve.last()?;
        (s[3], vec![s[2], s[1], s[0]])
    };
    others.into_iter().find_map(|p| {
        let (dx, dy) = (tip.0 - p.0, tip.1 - p.1);
        let len = (dx * dx + dy * dy).sqrt();
        (len > 1e-3).then(|| (tip, (dx / len, dy / len)))
    })
}

/// Draws the marker for `card` at `tip`, `d` pointing into the entity (sizes of
/// `erMarkers.js`: bars 18 px long, circles of radius 6, crow's feet 18 px deep).
fn marker(o: &mut String, card: Cardinality, tip: Point, d: Point, color: &str, bg: &str) {
    let n = (-d.1, d.0);
    let at = |s: f32, t: f32| (tip.0 - d.0 * s + n.0 * t, tip.1 - d.1 * s + n.1 * t);
    let mut line = |o: &mut String, a: Point, b: Point| {
        let _ = writeln!(
            o,
            "<path d=\"M{},{} L{},{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
            num(a.0),
            num(a.1),
            num(b.0),
            num(b.1),
            escape(color)
        );
    };
    let circle = |o: &mut String, s: f32| {
        let c = at(s, 0.0);
        let _ = writeln!(
            o,
            "<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
            num(c.0),
            num(c.1),
            escape(bg),
            escape(color)
        );
    };
    let foot = |o: &mut String, line: &mut dyn FnMut(&mut String, Point, Point)| {
        for t in [-9.0, 0.0, 9.0] {
            line(o, at(18.0, 0.0), at(0.0, t));
        }
    };
    match card {
        Cardinality::OnlyOne => {
            line(o, at(9.0, -9.0), at(9.0, 9.0));
            line(o, at(15.0, -9.0), at(15.0, 9.0));
        }
        Cardinality::ZeroOrOne => {
            line(o, at(9.0, -9.0), at(9.0, 9.0));
            circle(o, 21.0);
        }
        Cardinality::OneOrMore => {
            foot(o, &mut line);
            line(o, at(24.0, -9.0), at(24.0, 9.0));
        }
        Cardinality::ZeroOrMore => {
            foot(o, &mut line);
            circle(o, 30.0);
        }
        Cardinality::MdParent => {
            let pts = [at(0.0, 0.0), at(9.0, 6.0), at(18.0, 0.0), at(9.0, -6.0)];
            let mut d = String::new();
            for (k, p) in pts.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{},{} ",
                    if k == 0 { "M" } else { "L" },
                    num(p.0),
                    num(p.1)
                );
            }
            let _ = writeln!(
                o,
                "<path d=\"{}Z\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
                d,
                escape(color),
                escape(color)
            );
        }
    }
}

fn relationship(w: &mut SvgWriter, r: &RelationshipPath, th: &Theme) {
    let dash = if r.identifying {
        ""
    } else {
        " stroke-dasharray=\"8,8\""
    };
    let _ = writeln!(
        w.o,
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"{}/>",
        curve_d(&r.curve),
        escape(&th.line),
        dash
    );
    let bg = th.node_fill.clone();
    if let Some((tip, d)) = end_of(r, true) {
        marker(&mut w.o, r.card_from, tip, d, &th.line, &bg);
    }
    if let Some((tip, d)) = end_of(r, false) {
        marker(&mut w.o, r.card_to, tip, d, &th.line, &bg);
    }
}

/// Writes the SVG document for `er` laid out as `lay`.
pub fn write_svg(er: &ErDiagram, lay: &Layout, opts: &SvgOptions) -> String {
    let th = Theme::new(er.theme.as_deref(), &er.theme_variables);
    let title = er
        .acc_title
        .as_deref()
        .or(er.title.as_deref())
        .unwrap_or("Entity-relationship diagram");
    let desc = alt_text(er);
    let mut w = SvgWriter::new(
        4096 + 1024 * (lay.entities.len() + lay.relationships.len()),
        (lay.width, lay.height),
        (title, &desc),
        opts,
        (lay.font_size, lay.line_height),
    );
    let font = opts.font_family.clone();
    for s in &lay.subgraphs {
        let sg = &er.subgraphs[s.index];
        let mut st = Style::default();
        for c in &sg.classes {
            if let Some(cd) = er.class_defs.iter().find(|d| &d.name == c) {
                st.apply(&cd.styles);
            }
        }
        st.apply(&sg.styles);
        let _ = writeln!(
            w.o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
            num(s.x - s.width / 2.0),
            num(s.y - s.height / 2.0),
            num(s.width),
            num(s.height),
            paint(&st, &th.cluster_fill, &th.cluster_stroke, "1")
        );
        w.text_block(&s.title, s.x, s.y - s.height / 2.0 + 4.0, &th.text, &st);
    }
    for r in &lay.relationships {
        relationship(&mut w, r, &th);
    }
    for b in &lay.entities {
        entity(&mut w, er, b, lay, &th, &font);
    }
    // Markers sit over the entity borders; labels over everything.
    for r in &lay.relationships {
        if let Some(l) = &r.label {
            let _ = writeln!(
                w.o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"none\" opacity=\"0.9\"/>",
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
    if let Some((t, top)) = &lay.title {
        let _ = writeln!(w.o, "<g>");
        let cx = lay.width / 2.0;
        for (k, line) in t.lines.iter().enumerate() {
            let s: String = line.iter().map(|r| r.text.as_str()).collect();
            let _ = writeln!(
                w.o,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>",
                num(cx),
                num(top + (k as f32 + 0.8) * super::layout::TITLE_FONT_PX * 1.2),
                escape(&font),
                num(super::layout::TITLE_FONT_PX),
                escape(&th.title),
                escape(&s)
            );
        }
        let _ = writeln!(w.o, "</g>");
    }
    w.finish()
}

/// The layout as JSON (the `inkbind mermaid … -o OUT.json` export): entities with their
/// boxes and attribute rows, relationships with their routes, subgraph boxes; px.
pub fn layout_json(lay: &Layout) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "{{\"type\":\"er\",\"width\":{},\"height\":{},\"entities\":[",
        num(lay.width),
        num(lay.height)
    );
    for (k, b) in lay.entities.iter().enumerate() {
        if k > 0 {
            o.push(',');
        }
        let _ = write!(
            o,
            "{{\"name\":{},\"x\":{},\"y\":{},\"width\":{},\"height\":{},\"rows\":{}}}",
            json_escape(&b.name),
            num(b.x),
            num(b.y),
            num(b.width),
            num(b.height),
            b.rows.len()
        );
    }
    o.push_str("],\"relationships\":[");
    for (k, r) in lay.relationships.iter().enumerate() {
        if k > 0 {
            o.push(',');
        }
        let pts: Vec<String> = r
            .curve
            .iter()
            .flat_map(|c| c.iter())
            .map(|p| format!("[{},{}]", num(p.0), num(p.1)))
            .collect();
        let _ = write!(
            o,
            "{{\"index\":{},\"card_from\":\"{}\",\"card_to\":\"{}\",\"identifying\":{},\"path\":[{}]}}",
            r.index,
            r.card_from.as_str(),
            r.card_to.as_str(),
            r.identifying,
            pts.join(",")
        );
    }
    o.push_str("],\"subgraphs\":[");
    for (k, s) in lay.subgraphs.iter().enumerate() {
        if k > 0 {
            o.push(',');
        }
        let _ = write!(
            o,
            "{{\"id\":{},\"x\":{},\"y\":{},\"width\":{},\"height\":{}}}",
            json_escape(&s.id),
            num(s.x),
            num(s.y),
            num(s.width),
            num(s.height)
        );
    }
    o.push_str("]}");
    o
}

fn json_escape(s: &str) -> String {
    let mut o = String::new();
    crate::mermaid::common::json::string(&mut o, s);
    o
}
