//! Journey layout → SVG 1.1, drawn as Mermaid's `svgDraw.js` with the rules of the
//! journey `styles.js` written as presentation attributes: legend circles and names, the
//! title, section and task boxes (rounded by 3 px), dashed drop lines, faces (eyes and a
//! smile, a straight mouth or a frown), actor circles on the tasks and the arrow line with
//! its head drawn as a triangle (Mermaid's marker at stroke width 4). Also the alternative
//! text and the layout's JSON export.
//!
//! Owns journey drawing only; document wrapper and escaping come from `common::svg`.

use std::fmt::Write;

use super::layout::{ActorDot, FACE_RADIUS_PX, JourneyBox, JourneyLayout, Mood};
use super::model::Journey;
use crate::mermaid::common::json;
use crate::mermaid::common::placed_text::{self, plain_line};
use crate::mermaid::common::svg::{SvgOptions, SvgWriter, escape, num};

/// The alternative text: accTitle (or title) and accDescr, else the sections and tasks.
pub fn alt_text(j: &Journey) -> String {
    let names: Vec<&str> = j.tasks.iter().map(|t| t.name.trim()).collect();
    let summary = format!(
        "User journey with {} sections and {} tasks",
        j.sections.len(),
        j.tasks.len()
    );
    placed_text::alt_text(
        (
            j.acc_title.as_deref(),
            j.title.as_deref(),
            j.acc_descr.as_deref(),
        ),
        summary,
        &names,
    )
}

fn dot(o: &mut String, d: &ActorDot, r: f32) {
    let _ = writeln!(
        o,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#000\"><title>{}</title></circle>",
        num(d.cx),
        num(d.cy),
        num(r),
        escape(&d.color),
        escape(&d.actor)
    );
}

fn rect(o: &mut String, b: &JourneyBox, stroke: &str) {
    let (x, y, w, h) = b.rect;
    let _ = writeln!(
        o,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" ry=\"3\" fill=\"{}\" stroke=\"{}\"/>",
        num(x),
        num(y),
        num(w),
        num(h),
        escape(&b.fill),
        escape(stroke)
    );
}

/// Writes the SVG document of `j` laid out as `lay`.
pub fn write_svg(j: &Journey, lay: &JourneyLayout, opts: &SvgOptions) -> String {
    let th = &lay.theme;
    let title = j.acc_title.as_ref().or(j.title.as_ref());
    let title = plain_line(title.map_or("", String::as_str));
    let desc = plain_line(&j.acc_descr.clone().unwrap_or_else(|| alt_text(j)));
    let mut w = SvgWriter::new(
        4096 + 1200 * lay.tasks.len() + 300 * lay.legend.len(),
        (lay.width, lay.height),
        (&title, &desc),
        opts,
        (opts.layout.font_size, opts.layout.font_size * 1.5),
    );
    let font = opts.font_family.clone();
    let o = &mut w.o;
    for e in &lay.legend {
        dot(o, &e.dot, super::layout::ACTOR_RADIUS_PX);
        e.label.write_svg(o, &font, &th.text, false);
    }
    for s in &lay.sections {
        rect(o, s, &th.outline);
        s.label.write_svg(o, &font, &th.text, false);
    }
    for t in &lay.tasks {
        let (x, y1, y2) = t.drop;
        let _ = writeln!(
            o,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"4 2\"/>",
            num(x),
            num(y1),
            num(x),
            num(y2),
            escape(&th.outline)
        );
        if let Some(f) = t.face {
            face(o, f.cx, f.cy, f.mood, &th.face);
        }
        rect(o, &t.bx, &th.outline);
        for d in &t.actors {
            dot(o, d, super::layout::ACTOR_RADIUS_PX);
        }
        t.bx.label.write_svg(o, &font, &th.text, false);
    }
    let (x1, y, x2) = lay.arrow;
    let _ = writeln!(
        o,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{line}\" stroke-width=\"4\"/>\n<path d=\"M{},{} L{},{} L{},{} Z\" fill=\"{line}\" stroke=\"none\"/>",
        num(x1),
        num(y),
        num(x2 - 16.0),
        num(y),
        num(x2 - 20.0),
        num(y - 8.0),
        num(x2 + 4.0),
        num(y),
        num(x2 - 20.0),
        num(y + 8.0),
        line = escape(&th.line)
    );
    if let Some(t) = &lay.title {
        let color = j.config.title_color.clone().unwrap_or(th.line.clone());
        t.write_svg(o, &font, &color, true);
    }
    w.finish()
}

/// A face of radius 15 at `(cx, cy)`: eyes a third of the radius up and aside, and the
/// mouth of `mood`.
fn face(o: &mut String, cx: f32, cy: f32, mood: Mood, fill: &str) {
    let r = FACE_RADIUS_PX;
    let _ = writeln!(
        o,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#999\" stroke-width=\"2\"/>",
        num(cx),
        num(cy),
        num(r),
        escape(fill)
    );
    for ex in [cx - r / 3.0, cx + r / 3.0] {
        let _ = writeln!(
            o,
            "<circle cx=\"{}\" cy=\"{}\" r=\"1.5\" fill=\"#666\" stroke=\"#666\" stroke-width=\"2\"/>",
            num(ex),
            num(cy - r / 3.0)
        );
    }
    // d3's mouth ring between r/2.2 and r/2, drawn as its middle line
    let mr = (r / 2.0 + r / 2.2) / 2.0;
    let d = match mood {
        Mood::Happy => format!(
            "M{},{} A{m},{m} 0 0,1 {},{}",
            num(cx + mr),
            num(cy + 2.0),
            num(cx - mr),
            num(cy + 2.0),
            m = num(mr)
        ),
        Mood::Sad => format!(
            "M{},{} A{m},{m} 0 0,1 {},{}",
            num(cx - mr),
            num(cy + 7.0),
            num(cx + mr),
            num(cy + 7.0),
            m = num(mr)
        ),
        Mood::Neutral => format!(
            "M{},{} L{},{}",
            num(cx - 5.0),
            num(cy + 7.0),
            num(cx + 5.0),
            num(cy + 7.0)
        ),
    };
    let _ = writeln!(
        o,
        "<path d=\"{d}\" fill=\"none\" stroke=\"#666\" stroke-width=\"1.5\"/>"
    );
}

fn json_box(o: &mut String, b: &JourneyBox) {
    let (x, y, w, h) = b.rect;
    let _ = write!(o, "{{\"index\":{},", b.index);
    json::boxed(o, x, y, w, h);
    o.push_str(",\"fill\":");
    json::string(o, &b.fill);
    o.push_str(",\"lines\":");
    json::lines(o, &b.label.text);
    o.push('}');
}

/// The layout as JSON: `{"type":"journey","width","height","arrow":[x1,y,x2],
/// "score_band":[y5,y0],"sections":[{"index",x,y,width,height,"fill","lines"}],
/// "tasks":[{…box…,"face":{"cx","cy","mood"}|null,"actors":[…]}],"legend":[{"actor",
/// "color","cy"}]}` (px; boxes by their top left corner).
pub fn layout_json(l: &JourneyLayout) -> String {
    let mut o = String::from("{\"type\":\"journey\",\"width\":");
    json::num(&mut o, l.width);
    o.push_str(",\"height\":");
    json::num(&mut o, l.height);
    o.push_str(",\"arrow\":[");
    json::num(&mut o, l.arrow.0);
    o.push(',');
    json::num(&mut o, l.arrow.1);
    o.push(',');
    json::num(&mut o, l.arrow.2);
    o.push_str("],\"score_band\":");
    json::point(&mut o, l.score_band);
    o.push_str(",\"sections\":[");
    for (i, s) in l.sections.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        json_box(&mut o, s);
    }
    o.push_str("],\"tasks\":[");
    for (i, t) in l.tasks.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        json_box(&mut o, &t.bx);
        o.pop();
        o.push_str(",\"face\":");
        match t.face {
            Some(f) => {
                o.push_str("{\"cx\":");
                json::num(&mut o, f.cx);
                o.push_str(",\"cy\":");
                json::num(&mut o, f.cy);
                let mood = match f.mood {
                    Mood::Happy => "happy",
                    Mood::Neutral => "neutral",
                    Mood::Sad => "sad",
                };
                let _ = write!(o, ",\"mood\":\"{mood}\"}}");
            }
            None => o.push_str("null"),
        }
        o.push_str(",\"actors\":[");
        for (k, d) in t.actors.iter().enumerate() {
            if k > 0 {
                o.push(',');
            }
            json::string(&mut o, &d.actor);
        }
        o.push_str("]}");
    }
    o.push_str("],\"legend\":[");
    for (i, e) in l.legend.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"actor\":");
        json::string(&mut o, &e.dot.actor);
        o.push_str(",\"color\":");
        json::string(&mut o, &e.dot.color);
        o.push_str(",\"cy\":");
        json::num(&mut o, e.dot.cy);
        o.push('}');
    }
    o.push_str("]}");
    o
}
