//! The laid-out state diagram as JSON (the `inkbind mermaid … -o OUT.json` export):
//! `{"type":"state","width","height","states":[{id,shape,x,y,width,height}],
//! "composites":[{id,x,y,width,height,title}],"notes":[{state,x,y,width,height}],
//! "edges":[{transition,points,label?}]}`; px, box centres, origin top-left.

use super::layout::Layout;
use super::shapes::Shape;
use crate::mermaid::common::json::{boxed, lines, num, point, string};

fn shape_name(s: Shape) -> &'static str {
    match s {
        Shape::Start => "start",
        Shape::End => "end",
        Shape::Bar => "bar",
        Shape::Choice => "choice",
        Shape::Rect => "rect",
        Shape::RectWithTitle => "rect_with_title",
        Shape::Note => "note",
    }
}

/// Writes `l` as one JSON object (schema in the module documentation).
pub fn layout_json(l: &Layout) -> String {
    let mut o = String::from("{\"type\":\"state\",\"width\":");
    num(&mut o, l.width);
    o.push_str(",\"height\":");
    num(&mut o, l.height);
    o.push_str(",\"states\":[");
    for (i, s) in l.states.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        string(&mut o, &s.id);
        o.push_str(",\"shape\":");
        string(&mut o, shape_name(s.shape));
        o.push(',');
        boxed(&mut o, s.x, s.y, s.width, s.height);
        o.push_str(",\"label\":");
        lines(&mut o, &s.label);
        o.push('}');
    }
    o.push_str("],\"composites\":[");
    for (i, c) in l.composites.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        string(&mut o, &c.id);
        o.push(',');
        boxed(&mut o, c.x, c.y, c.width, c.height);
        o.push_str(",\"title\":");
        lines(&mut o, &c.title);
        o.push('}');
    }
    o.push_str("],\"notes\":[");
    for (i, n) in l.notes.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"state\":");
        string(&mut o, &n.state);
        o.push(',');
        boxed(&mut o, n.x, n.y, n.width, n.height);
        o.push('}');
    }
    o.push_str("],\"edges\":[");
    for (i, e) in l.edges.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"transition\":");
        match e.index {
            Some(k) => o.push_str(&k.to_string()),
            None => o.push_str("null"),
        }
        o.push_str(",\"points\":[");
        for (k, c) in e.curve.iter().enumerate() {
            if k == 0 {
                point(&mut o, c[0]);
            }
            o.push(',');
            point(&mut o, c[3]);
        }
        o.push(']');
        if let Some(lb) = &e.label {
            o.push_str(",\"label\":{");
            boxed(&mut o, lb.x, lb.y, lb.width, lb.height);
            o.push_str(",\"lines\":");
            lines(&mut o, &lb.text);
            o.push('}');
        }
        o.push('}');
    }
    o.push_str("]}");
    o
}
