//! Sequence diagram drawing: the [`Layout`] as SVG 1.1 in the look of Mermaid's default theme
//! (`svgDraw.js` and `styles.js` of the sequence diagram): participant boxes (and the
//! stick-figure, boundary, control, entity, database, collections and queue shapes),
//! lifelines, messages with their arrow heads (filled, open, cross, async point, half
//! arrows, both ends), autonumber circles, notes, activation bars, block frames with their
//! keyword tab and `[label]`s, `rect` backgrounds, `box` groups and the title.
//!
//! Plain SVG: presentation attributes, no `<marker>`, no CSS; text as `<text>` in the
//! font family of [`SvgOptions`]. Also the alternative text and the layout JSON export.

use std::fmt::Write;

use super::layout::{Layout, Rect};
use super::model::*;
use crate::mermaid::common::json;
use crate::mermaid::common::measure::TextBlock;
use crate::mermaid::common::style::{Style, clean_value};
use crate::mermaid::common::svg::{SvgOptions, SvgWriter, escape, num};
use crate::mermaid::common::theme::Theme;

const NOTE_FILL: &str = "#fff5ad";
const NOTE_STROKE: &str = "#aaaa33";
const ACTIVATION_FILL: &str = "#f4f4f4";
const ACTIVATION_STROKE: &str = "#666666";
const LIFELINE: &str = "#999999";

/// The alternative text: accTitle (or title) and accDescr, else a summary listing the
/// participants and the messages in order.
pub fn alt_text(seq: &Sequence) -> String {
    let head = seq.acc_title.clone().or_else(|| seq.title.clone());
    if let Some(d) = &seq.acc_descr {
        return match head {
            Some(h) => format!("{h}. {d}"),
            None => d.clone(),
        };
    }
    let label = |id: &str| {
        seq.participants
            .iter()
            .find(|p| p.id == id)
            .map(|p| plain(&p.label))
            .unwrap_or_else(|| id.to_string())
    };
    let mut s = String::new();
    if let Some(h) = head {
        s.push_str(&h);
        s.push_str(". ");
    }
    let names: Vec<String> = seq.participants.iter().map(|p| plain(&p.label)).collect();
    let _ = write!(
        s,
        "Sequence diagram with {} participant{}: {}.",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        names.join(", ")
    );
    let mut msgs = Vec::new();
    collect_messages(&seq.statements, &mut msgs);
    for (i, m) in msgs.iter().enumerate() {
        let _ = write!(s, " {}. {} to {}", i + 1, label(&m.from), label(&m.to));
        if !m.text.is_empty() {
            let _ = write!(s, ": {}", plain(&m.text));
        }
        s.push('.');
    }
    s
}

fn plain(raw: &str) -> String {
    crate::mermaid::common::label::Label::from_mermaid_text(
        raw,
        crate::mermaid::common::label::LabelKind::Text,
    )
    .plain_text()
    .replace('\n', " ")
}

fn collect_messages<'a>(list: &'a [Statement], out: &mut Vec<&'a Message>) {
    for st in list {
        match st {
            Statement::Message(m) => out.push(m),
            Statement::Block { sections, .. } => {
                for s in sections {
                    collect_messages(&s.statements, out);
                }
            }
            _ => {}
        }
    }
}

/// Writes the SVG document of `lay` (drawn from `seq`).
pub fn write_svg(seq: &Sequence, lay: &Layout, opts: &SvgOptions) -> String {
    let theme = Theme::new(seq.config.theme.as_deref(), &seq.config.theme_variables);
    let fs = lay.font_size_px;
    let lh = fs * 1.5;
    let title = seq
        .acc_title
        .clone()
        .or_else(|| seq.title.clone())
        .unwrap_or_else(|| "Sequence diagram".into());
    let mut w = SvgWriter::new(
        4096 + lay.messages.len() * 400,
        (lay.width_px, lay.height_px),
        (&title, &alt_text(seq)),
        opts,
        (fs, lh),
    );
    let plain_style = Style::default();
    let text_color = theme.text.clone();
    // groups and rect backgrounds first
    for g in &lay.groups {
        let fill = if g.color == "transparent" {
            "none".to_string()
        } else {
            clean_value(&g.color).unwrap_or_else(|| "none".into())
        };
        rect(&mut w.o, &g.rect, &fill, "#999999", "1", None);
        w.text_block(
            &g.label,
            mid(&g.label_rect),
            g.label_rect.y,
            &text_color,
            &plain_style,
        );
    }
    for b in lay.blocks.iter().filter(|b| b.kind == BlockKind::Rect) {
        let fill = b
            .color
            .as_deref()
            .and_then(clean_value)
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "rgba(0,0,0,0.08)".into());
        rect(&mut w.o, &b.rect, &fill, "none", "0", None);
    }
    for l in &lay.lifelines {
        let _ = writeln!(
            w.o,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{LIFELINE}\" stroke-width=\"1\"/>",
            num(l.y1),
            num(l.y2),
            x = num(l.x)
        );
    }
    for a in &lay.actors {
        actor_shape(&mut w.o, a.kind.clone(), &a.rect, &theme);
        w.text_block(
            &a.label,
            mid(&a.label_rect),
            a.label_rect.y,
            &text_color,
            &plain_style,
        );
    }
    for r in &lay.activations {
        rect(&mut w.o, r, ACTIVATION_FILL, ACTIVATION_STROKE, "1", None);
    }
    for b in lay.blocks.iter().filter(|b| b.kind != BlockKind::Rect) {
        rect(&mut w.o, &b.rect, "none", &theme.node_stroke, "2", None);
        for (k, s) in b.sections.iter().enumerate() {
            if k > 0 {
                let _ = writeln!(
                    w.o,
                    "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"3,3\"/>",
                    num(b.rect.x),
                    num(b.rect.x + b.rect.w),
                    escape(&theme.node_stroke),
                    y = num(s.y)
                );
            }
            w.text_block(
                &s.label,
                mid(&s.label_rect),
                s.label_rect.y,
                &text_color,
                &plain_style,
            );
        }
        if let Some(t) = &b.tag_rect {
            let (x, y, tw, th) = (t.x, t.y, t.w, t.h);
            let _ = writeln!(
                w.o,
                "<path d=\"M{},{} L{},{} L{},{} L{},{} L{},{} Z\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
                num(x),
                num(y),
                num(x + tw),
                num(y),
                num(x + tw),
                num(y + th - 7.0),
                num(x + tw - 8.4),
                num(y + th),
                num(x),
                num(y + th),
                escape(&theme.node_fill),
                escape(&theme.node_stroke)
            );
            let tag = TextBlock {
                lines: vec![vec![crate::mermaid::common::label::TextRun {
                    text: b.kind.name().replace("par_over", "par").to_string(),
                    bold: false,
                    italic: false,
                }]],
                width: tw,
                height: th,
            };
            small_text(
                &mut w.o,
                &tag,
                x + tw / 2.0,
                y + th / 2.0,
                fs * 0.8,
                &text_color,
                opts,
            );
        }
    }
    for n in &lay.notes {
        rect(&mut w.o, &n.rect, NOTE_FILL, NOTE_STROKE, "1", None);
        w.text_block(
            &n.label,
            mid(&n.label_rect),
            n.label_rect.y,
            &text_color,
            &plain_style,
        );
    }
    for m in &lay.messages {
        message(&mut w.o, m, &theme.line);
        w.text_block(
            &m.label,
            mid(&m.label_rect),
            m.label_rect.y,
            &text_color,
            &plain_style,
        );
        if let Some(n) = &m.number {
            let r = (n.chars().count() as f32 * fs * 0.32 + 4.0).max(fs * 0.62);
            let _ = writeln!(
                w.o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"none\"/>",
                num(m.x1),
                num(m.y),
                num(r),
                escape(&theme.line)
            );
            let t = TextBlock {
                lines: vec![vec![crate::mermaid::common::label::TextRun {
                    text: n.clone(),
                    bold: false,
                    italic: false,
                }]],
                width: 0.0,
                height: 0.0,
            };
            small_text(&mut w.o, &t, m.x1, m.y, fs * 0.75, "#ffffff", opts);
        }
    }
    for &(x, y) in &lay.centrals {
        let _ = writeln!(
            w.o,
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"1.5\"/>",
            num(x),
            num(y),
            escape(&theme.line)
        );
    }
    for &(x, y) in &lay.destroys {
        let s = 9.0;
        let _ = writeln!(
            w.o,
            "<path d=\"M{},{} L{},{} M{},{} L{},{}\" stroke=\"{}\" stroke-width=\"2\" fill=\"none\"/>",
            num(x - s),
            num(y - s),
            num(x + s),
            num(y + s),
            num(x - s),
            num(y + s),
            num(x + s),
            num(y - s),
            escape(&theme.line)
        );
    }
    if let Some((t, y)) = &lay.title {
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        w.text_block(t, lay.width_px / 2.0, *y, &theme.title, &bold);
    }
    w.finish()
}

fn mid(r: &Rect) -> f32 {
    r.x + r.w / 2.0
}

fn rect(o: &mut String, r: &Rect, fill: &str, stroke: &str, width: &str, rx: Option<f32>) {
    let _ = write!(
        o,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"",
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h),
        escape(fill),
        escape(stroke),
        escape(width)
    );
    if let Some(rx) = rx {
        let _ = write!(o, " rx=\"{}\"", num(rx));
    }
    o.push_str("/>\n");
}

/// One line of centred text at a given size, its middle at `cy`.
fn small_text(
    o: &mut String,
    t: &TextBlock,
    cx: f32,
    cy: f32,
    size: f32,
    color: &str,
    opts: &SvgOptions,
) {
    let s = t.plain_text();
    let _ = writeln!(
        o,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>",
        num(cx),
        num(cy + 0.35 * size),
        escape(&opts.font_family),
        num(size),
        escape(color),
        escape(&s)
    );
}

fn actor_shape(o: &mut String, kind: ParticipantKind, r: &Rect, t: &Theme) {
    let (fill, stroke) = (t.node_fill.as_str(), t.node_stroke.as_str());
    let cx = r.x + r.w / 2.0;
    let top = r.y + 4.0;
    let p = |o: &mut String, d: String, f: &str| {
        let _ = writeln!(
            o,
            "<path d=\"{d}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
            escape(f),
            escape(stroke)
        );
    };
    match kind {
        ParticipantKind::Participant | ParticipantKind::Other(_) => {
            rect(o, r, fill, stroke, "1", Some(3.0))
        }
        ParticipantKind::Collections => {
            let back = Rect {
                x: r.x + 6.0,
                y: r.y - 6.0,
                ..*r
            };
            rect(o, &back, fill, stroke, "1", None);
            rect(o, r, fill, stroke, "1", None);
        }
        ParticipantKind::Actor => {
            let hy = top + 7.0;
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                num(cx),
                num(hy),
                escape(fill),
                escape(stroke)
            );
            p(
                o,
                format!(
                    "M{c},{a} L{c},{b} M{l},{m} L{rr},{m} M{c},{b} L{l},{f} M{c},{b} L{rr},{f}",
                    c = num(cx),
                    a = num(hy + 7.0),
                    b = num(hy + 22.0),
                    l = num(cx - 12.0),
                    rr = num(cx + 12.0),
                    m = num(hy + 12.0),
                    f = num(hy + 33.0)
                ),
                "none",
            );
        }
        ParticipantKind::Boundary | ParticipantKind::Control | ParticipantKind::Entity => {
            let cy = top + 17.0;
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"15\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                num(cx),
                num(cy),
                escape(fill),
                escape(stroke)
            );
            let d = match kind {
                ParticipantKind::Boundary => format!(
                    "M{},{} L{},{} M{},{} L{},{}",
                    num(cx - 27.0),
                    num(cy - 13.0),
                    num(cx - 27.0),
                    num(cy + 13.0),
                    num(cx - 27.0),
                    num(cy),
                    num(cx - 15.0),
                    num(cy)
                ),
                ParticipantKind::Control => format!(
                    "M{},{} L{},{} L{},{}",
                    num(cx + 4.0),
                    num(cy - 20.0),
                    num(cx - 2.0),
                    num(cy - 15.0),
                    num(cx + 4.0),
                    num(cy - 10.0)
                ),
                _ => format!(
                    "M{},{} L{},{}",
                    num(cx - 15.0),
                    num(cy + 17.0),
                    num(cx + 15.0),
                    num(cy + 17.0)
                ),
            };
            p(o, d, "none");
        }
        ParticipantKind::Database => {
            let (w, h, ry) = (36.0, 34.0, 6.0);
            let (l, rr) = (cx - w / 2.0, cx + w / 2.0);
            p(
                o,
                format!(
                    "M{l},{t} A{hw},{ry} 0 0 0 {rr},{t} A{hw},{ry} 0 0 0 {l},{t} L{l},{b} A{hw},{ry} 0 0 0 {rr},{b} L{rr},{t}",
                    l = num(l),
                    rr = num(rr),
                    t = num(top + ry),
                    b = num(top + h),
                    hw = num(w / 2.0),
                    ry = num(ry)
                ),
                fill,
            );
        }
        ParticipantKind::Queue => {
            let (w, h, rx) = (44.0, 24.0, 6.0);
            let (l, rr) = (cx - w / 2.0, cx + w / 2.0);
            let (t0, b0) = (top + 4.0, top + 4.0 + h);
            p(
                o,
                format!(
                    "M{l},{t} L{rr},{t} A{rx},{hh} 0 0 1 {rr},{b} L{l},{b} A{rx},{hh} 0 0 1 {l},{t} M{rr},{t} A{rx},{hh} 0 0 0 {rr},{b}",
                    l = num(l),
                    rr = num(rr),
                    t = num(t0),
                    b = num(b0),
                    rx = num(rx),
                    hh = num(h / 2.0)
                ),
                fill,
            );
        }
    }
}

fn message(o: &mut String, m: &super::layout::MessageLayout, color: &str) {
    let dash = if m.arrow.is_dotted() {
        " stroke-dasharray=\"3,3\""
    } else {
        ""
    };
    let c = escape(color);
    if m.self_loop {
        let (x, y) = (m.x1, m.y);
        let _ = writeln!(
            o,
            "<path d=\"M{},{} C{},{} {},{} {},{}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.5\"{dash}/>",
            num(x),
            num(y),
            num(x + 60.0),
            num(y - 10.0),
            num(x + 60.0),
            num(y + 40.0),
            num(x),
            num(y + 30.0)
        );
        head(o, m.arrow, (x, y + 30.0), (-1.0, 0.0), &c, false);
        if matches!(
            m.arrow,
            Arrow::BidirectionalSolid | Arrow::BidirectionalDotted
        ) {
            head(o, m.arrow, (x, y), (-1.0, 0.0), &c, false);
        }
        return;
    }
    let dir = if m.x2 >= m.x1 { 1.0 } else { -1.0 };
    let _ = writeln!(
        o,
        "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{c}\" stroke-width=\"1.5\"{dash}/>",
        num(m.x1),
        num(m.x2),
        y = num(m.y)
    );
    match m.arrow {
        Arrow::Half { reverse: true, .. } => head(o, m.arrow, (m.x1, m.y), (-dir, 0.0), &c, true),
        Arrow::BidirectionalSolid | Arrow::BidirectionalDotted => {
            head(o, m.arrow, (m.x2, m.y), (dir, 0.0), &c, false);
            head(o, m.arrow, (m.x1, m.y), (-dir, 0.0), &c, false);
        }
        _ => head(o, m.arrow, (m.x2, m.y), (dir, 0.0), &c, false),
    }
}

/// The arrow head of `arrow` with its tip at `tip`, the line arriving in direction `d`.
fn head(o: &mut String, arrow: Arrow, tip: (f32, f32), d: (f32, f32), c: &str, reverse: bool) {
    let (tx, ty) = tip;
    let back = |k: f32| tx - d.0 * k;
    match arrow {
        Arrow::SolidOpen | Arrow::DottedOpen => {}
        Arrow::Solid | Arrow::Dotted | Arrow::BidirectionalSolid | Arrow::BidirectionalDotted => {
            let _ = writeln!(
                o,
                "<path d=\"M{},{} L{},{} L{},{} Z\" fill=\"{c}\" stroke=\"{c}\" stroke-width=\"1\"/>",
                num(tx),
                num(ty),
                num(back(12.0)),
                num(ty - 5.0),
                num(back(12.0)),
                num(ty + 5.0)
            );
        }
        Arrow::SolidPoint | Arrow::DottedPoint => {
            let _ = writeln!(
                o,
                "<path d=\"M{},{} L{},{} L{},{}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.5\"/>",
                num(back(10.0)),
                num(ty - 6.0),
                num(tx),
                num(ty),
                num(back(10.0)),
                num(ty + 6.0)
            );
        }
        Arrow::SolidCross | Arrow::DottedCross => {
            let (cx, s) = (back(6.0), 5.0);
            let _ = writeln!(
                o,
                "<path d=\"M{},{} L{},{} M{},{} L{},{}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\"/>",
                num(cx - s),
                num(ty - s),
                num(cx + s),
                num(ty + s),
                num(cx - s),
                num(ty + s),
                num(cx + s),
                num(ty - s)
            );
        }
        Arrow::Half { solid, top, .. } => {
            // `top` halves sit above the line; for reverse arrows the picture is mirrored
            let up = if top != reverse { -1.0 } else { 1.0 };
            let up = if reverse { -up } else { up };
            let wing = ty + up * 7.0;
            if solid {
                let _ = writeln!(
                    o,
                    "<path d=\"M{},{} L{},{} L{},{} Z\" fill=\"{c}\" stroke=\"{c}\" stroke-width=\"1\"/>",
                    num(tx),
                    num(ty),
                    num(back(12.0)),
                    num(wing),
                    num(back(12.0)),
                    num(ty)
                );
            } else {
                let _ = writeln!(
                    o,
                    "<path d=\"M{},{} L{},{}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.5\"/>",
                    num(tx),
                    num(ty),
                    num(back(10.0)),
                    num(wing)
                );
            }
        }
    }
}

/// The layout as JSON: size, participants (boxes), lifelines, messages (line and text box),
/// notes, activations, blocks and groups; every length in px.
pub fn layout_json(l: &Layout) -> String {
    let mut o = String::from("{\"type\":\"sequence\",\"width\":");
    json::num(&mut o, l.width_px);
    o.push_str(",\"height\":");
    json::num(&mut o, l.height_px);
    let rect_json = |o: &mut String, r: &Rect| {
        o.push('{');
        json::boxed(o, r.x + r.w / 2.0, r.y + r.h / 2.0, r.w, r.h);
        o.push('}');
    };
    o.push_str(",\"actors\":[");
    for (i, a) in l.actors.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        let _ = write!(
            o,
            "{{\"participant\":{},\"bottom\":{},\"kind\":",
            a.participant, a.bottom
        );
        json::string(&mut o, a.kind.name());
        o.push_str(",\"box\":");
        rect_json(&mut o, &a.rect);
        o.push_str(",\"lines\":");
        json::lines(&mut o, &a.label);
        o.push('}');
    }
    o.push_str("],\"lifelines\":[");
    for (i, x) in l.lifelines.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        let _ = write!(o, "{{\"participant\":{},\"x\":", x.participant);
        json::num(&mut o, x.x);
        o.push_str(",\"y1\":");
        json::num(&mut o, x.y1);
        o.push_str(",\"y2\":");
        json::num(&mut o, x.y2);
        o.push('}');
    }
    o.push_str("],\"messages\":[");
    for (i, m) in l.messages.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        let _ = write!(o, "{{\"from\":{},\"to\":{},\"arrow\":", m.from, m.to);
        json::string(&mut o, &m.arrow.name());
        o.push_str(",\"from_point\":");
        json::point(&mut o, (m.x1, m.y));
        o.push_str(",\"to_point\":");
        json::point(&mut o, (m.x2, m.y));
        o.push_str(",\"lines\":");
        json::lines(&mut o, &m.label);
        o.push('}');
    }
    o.push_str("],\"notes\":[");
    for (i, n) in l.notes.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"box\":");
        rect_json(&mut o, &n.rect);
        o.push_str(",\"lines\":");
        json::lines(&mut o, &n.label);
        o.push('}');
    }
    o.push_str("],\"activations\":[");
    for (i, r) in l.activations.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        rect_json(&mut o, r);
    }
    o.push_str("],\"blocks\":[");
    for (i, b) in l.blocks.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"kind\":");
        json::string(&mut o, b.kind.name());
        o.push_str(",\"box\":");
        rect_json(&mut o, &b.rect);
        o.push('}');
    }
    o.push_str("],\"groups\":[");
    for (i, g) in l.groups.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"box\":");
        rect_json(&mut o, &g.rect);
        o.push_str(",\"lines\":");
        json::lines(&mut o, &g.label);
        o.push('}');
    }
    o.push_str("]}");
    o
}
