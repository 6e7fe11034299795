//! The laid-out flowchart as JSON (the `inkbind mermaid … -o OUT.json` export): nodes,
//! edges, subgraphs in px. The JSON writing itself is the shared hand-written writer (so
//! `src/mermaid` stays std-only); this module owns the flowchart's schema.

use super::Layout;
use crate::mermaid::common::json::{boxed, lines, num, point, string};
use crate::mermaid::model::{Marker, Stroke};

fn marker(m: Marker) -> &'static str {
    match m {
        Marker::None => "none",
        Marker::Arrow => "arrow",
        Marker::Circle => "circle",
        Marker::Cross => "cross",
    }
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
                Stroke::Normal => "normal",
                Stroke::Dotted => "dotted",
                Stroke::Thick => "thick",
                Stroke::Invisible => "invisible",
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
