//! The records Mermaid's FlowDB keeps while the grammar runs (vertices, edges, subgraphs,
//! styling and interaction statements) and [`Db::finish`], which turns them into the
//! [`Flowchart`] model: label text decoded, shape names resolved, edge types split into
//! stroke and markers.
//!
//! Knows no tokens: the grammar files call it with what they read.

use std::collections::{HashMap, HashSet};

use super::nodes::classic_shape;
use crate::mermaid::common::label::build_label;
use crate::mermaid::common::settings::Settings;
use crate::mermaid::model::*;

#[derive(Default, Clone)]
pub(super) struct Vertex {
    pub(super) id: String,
    pub(super) text: Option<String>,
    pub(super) kind: LabelKind,
    pub(super) typ: Option<String>,
    pub(super) styles: Vec<String>,
    pub(super) classes: Vec<String>,
    pub(super) link: Option<String>,
    pub(super) link_target: Option<String>,
    pub(super) icon: Option<String>,
    pub(super) img: Option<String>,
}

#[derive(Default, Clone)]
pub(super) struct EdgeRec {
    pub(super) id: String,
    pub(super) user_id: bool,
    pub(super) from: String,
    pub(super) to: String,
    pub(super) text: String,
    pub(super) kind_label: LabelKind,
    pub(super) has_text: bool,
    pub(super) typ: String,
    pub(super) stroke: String,
    pub(super) length: u32,
    pub(super) animate: bool,
    pub(super) curve: Option<String>,
    pub(super) classes: Vec<String>,
}

#[derive(Default, Clone)]
pub(super) struct SubRec {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) kind: LabelKind,
    pub(super) members: Vec<String>,
    pub(super) dir: Option<Direction>,
    pub(super) classes: Vec<String>,
}

#[derive(Default)]
pub(super) struct Db {
    pub(super) vertices: Vec<Vertex>,
    pub(super) vindex: HashMap<String, usize>,
    pub(super) edges: Vec<EdgeRec>,
    pub(super) subgraphs: Vec<SubRec>,
    pub(super) sub_lookup: HashMap<String, usize>,
    pub(super) sub_count: usize,
    /// Every id that is already a member of some subgraph.
    pub(super) all_members: HashSet<String>,
    pub(super) class_defs: Vec<ClassDef>,
    pub(super) link_styles: Vec<LinkStyle>,
    pub(super) default_interpolate: Option<String>,
    pub(super) clicks: Vec<Click>,
    pub(super) tooltips: HashMap<String, String>,
    pub(super) direction: Direction,
    pub(super) acc_title: Option<String>,
    pub(super) acc_descr: Option<String>,
}

/// A semantic value of a `line` of a document (what `addSubGraph` receives).
#[derive(Clone, Debug)]
pub(super) enum LineVal {
    Nodes(Vec<String>),
    Str(String),
    Dir(Direction),
}

/// Text with its FlowDB label type.
#[derive(Clone, Debug)]
pub(super) struct TextObj {
    pub(super) text: String,
    pub(super) kind: LabelKind,
}

pub(super) fn strip_quotes(s: &str) -> String {
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        s[1..s.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

impl Db {
    /// The flowchart the records describe; `s` and `curve` come from the front matter and
    /// directives.
    pub(super) fn finish(self, s: Settings, curve: Option<String>) -> Flowchart {
        let mut fc = Flowchart {
            direction: self.direction,
            title: s.title,
            acc_title: self.acc_title,
            acc_descr: self.acc_descr,
            curve: curve.or(self.default_interpolate.clone()),
            theme: s.theme,
            theme_variables: s.theme_variables,
            class_defs: self.class_defs,
            link_styles: self.link_styles,
            clicks: self.clicks,
            ..Default::default()
        };
        for v in self.vertices {
            let label = match &v.text {
                Some(t) => build_label(t, v.kind),
                None => Label::plain(&v.id),
            };
            let shape = v
                .typ
                .as_deref()
                .and_then(|t| classic_shape(t).or_else(|| Shape::from_name(t)))
                .unwrap_or_default();
            fc.nodes.push(Node {
                tooltip: self.tooltips.get(&v.id).cloned(),
                id: v.id,
                label,
                shape,
                classes: v.classes,
                styles: v.styles,
                link: v.link,
                link_target: v.link_target,
                icon: v.icon,
                img: v.img,
            });
        }
        for e in self.edges {
            let marker = |t: &str| match t {
                "arrow_point" => Marker::Arrow,
                "arrow_circle" => Marker::Circle,
                "arrow_cross" => Marker::Cross,
                _ => Marker::None,
            };
            let (start, end) = if let Some(base) = e.typ.strip_prefix("double_") {
                (marker(base), marker(base))
            } else if e.typ == "arrow_open" || e.typ == "INVALID" {
                (Marker::None, Marker::None)
            } else {
                (Marker::None, marker(&e.typ))
            };
            let stroke = match e.stroke.as_str() {
                "thick" => Stroke::Thick,
                "dotted" => Stroke::Dotted,
                "invisible" => Stroke::Invisible,
                _ => Stroke::Normal,
            };
            fc.edges.push(Edge {
                id: if e.user_id { Some(e.id) } else { None },
                from: e.from,
                to: e.to,
                kind: EdgeKind { stroke, start, end },
                label: if e.has_text && !e.text.is_empty() {
                    Some(build_label(&e.text, e.kind_label))
                } else {
                    None
                },
                length: e.length,
                animate: e.animate,
                curve: e.curve,
            });
        }
        for sg in self.subgraphs {
            fc.subgraphs.push(Subgraph {
                title: build_label(&sg.title, sg.kind),
                id: sg.id,
                members: sg.members,
                direction: sg.dir,
                classes: sg.classes,
            });
        }
        fc
    }
}
