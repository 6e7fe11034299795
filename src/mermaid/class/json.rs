//! The class layout as JSON (the `inkbind mermaid … -o OUT.json` export): `direction`,
//! `width`, `height` (px), `classes[]` `{id, x, y, width, height, title, annotations,
//! attributes, methods}` (top-left corners), `notes[]`, `interfaces[]`, `namespaces[]`
//! `{id, title, x, y, width, height}` and `edges[]` `{from, to, start, end, dotted,
//! label, path}` (path: the cubic pieces' points).
//!
//! Knows the layout types only.

use super::layout::ClassLayout;
use crate::mermaid::common::json::{boxed, num, point, string};

fn strings(o: &mut String, v: impl Iterator<Item = String>) {
    o.push('[');
    for (i, s) in v.enumerate() {
        if i > 0 {
            o.push(',');
        }
        string(o, &s);
    }
    o.push(']');
}

/// The layout as one JSON object.
pub fn layout_json(l: &ClassLayout) -> String {
    let mut o = String::with_capacity(256 + l.classes.len() * 300 + l.edges.len() * 200);
    o.push_str("{\"direction\":");
    string(&mut o, l.direction.as_str());
    o.push_str(",\"width\":");
    num(&mut o, l.width);
    o.push_str(",\"height\":");
    num(&mut o, l.height);
    o.push_str(",\"classes\":[");
    for (i, c) in l.classes.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        string(&mut o, &c.id);
        o.push(',');
        boxed(&mut o, c.x, c.y, c.width, c.height);
        o.push_str(",\"title\":");
        strings(&mut o, c.title.iter().cloned());
        o.push_str(",\"annotations\":");
        strings(&mut o, c.annotations.iter().cloned());
        o.push_str(",\"attributes\":");
        strings(&mut o, c.attributes.iter().map(|m| m.text.clone()));
        o.push_str(",\"methods\":");
        strings(&mut o, c.methods.iter().map(|m| m.text.clone()));
        o.push('}');
    }
    o.push_str("],\"notes\":[");
    for (i, n) in l.notes.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        string(&mut o, &n.id);
        o.push(',');
        boxed(&mut o, n.x, n.y, n.width, n.height);
        o.push_str(",\"text\":");
        string(&mut o, &n.text.plain_text());
        o.push('}');
    }
    o.push_str("],\"interfaces\":[");
    for (i, n) in l.interfaces.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        string(&mut o, &n.id);
        o.push(',');
        boxed(&mut o, n.x, n.y, n.width, n.height);
        o.push_str(",\"label\":");
        string(&mut o, &n.label);
        o.push('}');
    }
    o.push_str("],\"namespaces\":[");
    for (i, c) in l.clusters.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        string(&mut o, &c.id);
        o.push_str(",\"title\":");
        string(&mut o, &c.title);
        o.push(',');
        boxed(&mut o, c.x, c.y, c.width, c.height);
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
        o.push_str(",\"start\":");
        string(&mut o, e.start.name());
        o.push_str(",\"end\":");
        string(&mut o, e.end.name());
        o.push_str(",\"dotted\":");
        o.push_str(if e.dotted { "true" } else { "false" });
        o.push_str(",\"label\":");
        string(
            &mut o,
            &e.label
                .as_ref()
                .map(|(t, _)| t.plain_text())
                .unwrap_or_default(),
        );
        o.push_str(",\"path\":[");
        for (k, c) in e.path.iter().enumerate() {
            for (j, p) in c.iter().enumerate() {
                if k + j > 0 {
                    o.push(',');
                }
                point(&mut o, *p);
            }
        }
        o.push_str("]}");
    }
    o.push_str("]}");
    o
}
