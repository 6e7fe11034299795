//! The laid-out graph as JSON (the `inkbind mermaid … -o OUT.json` export), written by hand
//! so `src/mermaid` stays std-only.

use std::fmt::Write;

use super::{Layout, Point, TextBlock};
use crate::mermaid::model::Marker;

/// Writes `s` as a JSON string literal (RFC 8259 §7: quote, backslash and control
/// characters escaped).
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn num(out: &mut String, v: f32) {
    let v = if v.is_finite() { v } else { 0.0 };
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        let _ = write!(out, "{}", r as i64);
    } else {
        let _ = write!(out, "{r}");
    }
}

fn point(out: &mut String, p: Point) {
    out.push('[');
    num(out, p.0);
    out.push(',');
    num(out, p.1);
    out.push(']');
}

fn lines(out: &mut String, t: &TextBlock) {
    out.push('[');
    for (i, l) in t.lines.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let s: String = l.iter().map(|r| r.text.as_str()).collect();
        string(out, &s);
    }
    out.push(']');
}

fn marker(m: Marker) -> &'static str {
    match m {
        Marker::None => "none",
        Marker::Arrow => "arrow",
        Marker::Circle => "circle",
        Marker::Cross => "cross",
    }
}

fn boxed(out: &mut String, x: f32, y: f32, w: f32, h: f32) {
    out.push_str("\"x\":");
    num(out, x);
    out.push_str(",\"y\":");
    num(out, y);
    out.push_str(",\"width\":");
    num(out, w);
    out.push_str(",\"height\":");
    num(out, h);
}

/// The layout as one JSON object:
///
/// ```text
/// { "direction": "TB", "width": px, "height": px,
///   "nodes": [{ "id", "label", "lines": [..], "shape", "x", "y", "width", "height" }],
///   "edges": [{ "from", "to", "label", "label_box": {x, y, width, height} | null,
///               "points": [[x, y], ..], "curve": [[[x,y] ×4], ..],
///               "start_marker", "end_marker", "stroke", "reversed" }],
///   "subgraphs": [{ "id", "title", "parent", "direction", "x", "y", "width", "height" }] }
/// ```
/// Every `x`/`y` is a box centre in px with the origin at the top-left; `shape` is the
/// `@{ shape }` short name; `stroke` is `normal|dotted|thick|invisible`.
pub fn layout_json(l: &Layout) -> String {
    let mut o = String::with_capacity(256 + l.nodes.len() * 160 + l.edges.len() * 200);
    o.push_str("{\"direction\":");
    string(&mut o, l.direction.as_str());
    o.push_str(",\"width\":");
    num(&mut o, l.width);
    o.push_str(",\"height\":");
    num(&mut o, l.height);
    o.push_str(",\"nodes\":[");
    for (i, n) in l.nodes.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        string(&mut o, &n.id);
        o.push_str(",\"label\":");
        string(&mut o, &n.label.plain_text());
        o.push_str(",\"lines\":");
        lines(&mut o, &n.label);
        o.push_str(",\"shape\":");
        string(
            &mut o,
            if n.empty_subgraph {
                "subgraph"
            } else {
                n.shape.short_name()
            },
        );
        o.push(',');
        boxed(&mut o, n.x, n.y, n.width, n.height);
        o.push('}');
    }
    o.push_str("],\"edges\":[");
    for (i, e) in l.edges.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"from\":");
        string(&mut o, &e.from);
        o.push_str(",\"to\":");
        string(&mut o, &e.to);
        o.push_str(",\"label\":");
        match &e.label {
            Some(lb) => {
                string(&mut o, &lb.text.plain_text());
                o.push_str(",\"label_box\":{");
                boxed(&mut o, lb.x, lb.y, lb.width, lb.height);
                o.push('}');
            }
            None => o.push_str("null,\"label_box\":null"),
        }
        o.push_str(",\"points\":[");
        for (k, p) in e.points.iter().enumerate() {
            if k > 0 {
                o.push(',');
            }
            point(&mut o, *p);
        }
        o.push_str("],\"curve\":[");
        for (k, c) in e.curve.iter().enumerate() {
            if k > 0 {
                o.push(',');
            }
            o.push('[');
            for (j, p) in c.iter().enumerate() {
                if j > 0 {
                    o.push(',');
                }
                point(&mut o, *p);
            }
            o.push(']');
        }
        o.push_str("],\"start_marker\":");
        string(&mut o, marker(e.kind.start));
        o.push_str(",\"end_marker\":");
        string(&mut o, marker(e.kind.end));
        o.push_str(",\"stroke\":");
        string(
            &mut o,
            match e.kind.stroke {
                crate::mermaid::model::Stroke::Normal => "normal",
                crate::mermaid::model::Stroke::Dotted => "dotted",
                crate::mermaid::model::Stroke::Thick => "thick",
                crate::mermaid::model::Stroke::Invisible => "invisible",
            },
        );
        o.push_str(",\"reversed\":");
        o.push_str(if e.reversed { "true" } else { "false" });
        o.push('}');
    }
    o.push_str("],\"subgraphs\":[");
    for (i, s) in l.subgraphs.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        string(&mut o, &s.id);
        o.push_str(",\"title\":");
        string(&mut o, &s.title.plain_text());
        o.push_str(",\"parent\":");
        match &s.parent {
            Some(p) => string(&mut o, p),
            None => o.push_str("null"),
        }
        o.push_str(",\"direction\":");
        string(&mut o, s.direction.as_str());
        o.push(',');
        boxed(&mut o, s.x, s.y, s.width, s.height);
        o.push('}');
    }
    o.push_str("]}");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        string(&mut s, "a\"b\\c\nd\u{1}é");
        assert_eq!(s, "\"a\\\"b\\\\c\\nd\\u0001é\"");
        let mut n = String::new();
        num(&mut n, 1.0 / 3.0);
        assert_eq!(n, "0.33");
    }
}
