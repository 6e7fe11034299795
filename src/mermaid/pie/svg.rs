//! Pie layout → SVG 1.1, drawn as Mermaid's `pieRenderer.ts` with the rules of
//! `pieStyles.ts` written as presentation attributes: the rim circle, slices (stroked,
//! translucent), percentages, the title and the legend. Also the alternative text and the
//! layout's JSON export.
//!
//! Owns pie drawing only; document wrapper and escaping come from `common::svg`.

use std::f32::consts::PI;
use std::fmt::Write;

use super::layout::PieLayout;
use super::model::Pie;
use crate::mermaid::common::json;
use crate::mermaid::common::placed_text::{self, plain_line};
use crate::mermaid::common::svg::{SvgOptions, SvgWriter, escape, num};

/// The alternative text: accTitle (or title) and accDescr, else a list of the slices.
pub fn alt_text(pie: &Pie) -> String {
    let names: Vec<&str> = pie.slices.iter().map(|s| s.label.as_str()).collect();
    placed_text::alt_text(
        (
            pie.acc_title.as_deref(),
            pie.title.as_deref(),
            pie.acc_descr.as_deref(),
        ),
        format!("Pie chart with {} slices", pie.slices.len()),
        &names,
    )
}

/// The `d` of a slice from `a0` to `a1` (radians from 12 o'clock, clockwise); a slice of
/// the whole circle is two half arcs, as d3's arc generator draws it.
pub fn slice_path(center: (f32, f32), r: f32, a0: f32, a1: f32) -> String {
    let (cx, cy) = center;
    let p = |a: f32| (cx + r * a.sin(), cy - r * a.cos());
    if a1 - a0 >= 2.0 * PI - 1e-4 {
        return format!(
            "M{},{} A{r},{r} 0 1,1 {},{} A{r},{r} 0 1,1 {},{} Z",
            num(cx),
            num(cy - r),
            num(cx),
            num(cy + r),
            num(cx),
            num(cy - r),
            r = num(r)
        );
    }
    let (s, e) = (p(a0), p(a1));
    let large = u8::from(a1 - a0 > PI);
    format!(
        "M{},{} L{},{} A{r},{r} 0 {large},1 {},{} Z",
        num(cx),
        num(cy),
        num(s.0),
        num(s.1),
        num(e.0),
        num(e.1),
        r = num(r)
    )
}

/// Writes the SVG document of `pie` laid out as `lay`.
pub fn write_svg(pie: &Pie, lay: &PieLayout, opts: &SvgOptions) -> String {
    let th = &lay.theme;
    let title = pie.acc_title.as_ref().or(pie.title.as_ref());
    let title = plain_line(title.map_or("", String::as_str));
    let desc = plain_line(&pie.acc_descr.clone().unwrap_or_else(|| alt_text(pie)));
    let mut w = SvgWriter::new(
        2048 + 400 * (lay.slices.len() + lay.legend.len()),
        (lay.width, lay.height),
        (&title, &desc),
        opts,
        (opts.layout.font_size, opts.layout.font_size * 1.5),
    );
    let font = opts.font_family.clone();
    let o = &mut w.o;
    let (cx, cy) = lay.center;
    let _ = writeln!(
        o,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"/>",
        num(cx),
        num(cy),
        num(lay.radius + th.outer_stroke_width_px / 2.0),
        escape(&th.outer_stroke),
        num(th.outer_stroke_width_px)
    );
    for s in &lay.slices {
        let _ = writeln!(
            o,
            "<path d=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\" opacity=\"{}\"/>",
            slice_path(lay.center, lay.radius, s.start_rad, s.end_rad),
            escape(&s.color),
            escape(&th.stroke),
            num(th.stroke_width_px),
            num(th.opacity)
        );
    }
    for s in &lay.slices {
        s.percent.write_svg(o, &font, &th.section_color, false);
    }
    if let Some(t) = &lay.title {
        t.write_svg(o, &font, &th.title_color, false);
    }
    for e in &lay.legend {
        let (x, y, side) = e.square;
        let _ = writeln!(
            o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\"/>",
            num(x),
            num(y),
            num(side),
            num(side),
            escape(&e.color),
            escape(&e.color)
        );
        e.label.write_svg(o, &font, &th.legend_color, false);
    }
    w.finish()
}

/// The layout as JSON: `{"type":"pie","width","height","center":[x,y],"radius",
/// "slices":[{"index","start_deg","end_deg","color","percent"}],"title",
/// "legend":[{"index","square":{x,y,width,height},"lines":[…]}]}` (px; the square by its top
/// left corner; angles in degrees clockwise
/// from 12 o'clock).
pub fn layout_json(l: &PieLayout) -> String {
    let mut o = String::from("{\"type\":\"pie\",\"width\":");
    json::num(&mut o, l.width);
    o.push_str(",\"height\":");
    json::num(&mut o, l.height);
    o.push_str(",\"center\":");
    json::point(&mut o, l.center);
    o.push_str(",\"radius\":");
    json::num(&mut o, l.radius);
    o.push_str(",\"slices\":[");
    for (i, s) in l.slices.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        let _ = write!(o, "{{\"index\":{},\"start_deg\":", s.index);
        json::num(&mut o, s.start_rad.to_degrees());
        o.push_str(",\"end_deg\":");
        json::num(&mut o, s.end_rad.to_degrees());
        o.push_str(",\"color\":");
        json::string(&mut o, &s.color);
        o.push_str(",\"percent\":");
        json::string(&mut o, &s.percent.text.plain_text());
        o.push('}');
    }
    o.push_str("],\"title\":");
    match &l.title {
        Some(t) => json::lines(&mut o, &t.text),
        None => o.push_str("null"),
    }
    o.push_str(",\"legend\":[");
    for (i, e) in l.legend.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        let _ = write!(o, "{{\"index\":{},\"square\":{{", e.index);
        let (x, y, s) = e.square;
        json::boxed(&mut o, x, y, s, s);
        o.push_str("},\"lines\":");
        json::lines(&mut o, &e.label.text);
        o.push('}');
    }
    o.push_str("]}");
    o
}
