//! Class diagram layout: each class becomes a three-compartment box (name with
//! annotations and generic, attributes, methods) sized from its measured text, notes and
//! lollipop interfaces become small nodes, namespaces become clusters, and the shared
//! layered engine (`common::layout`) ranks, orders, places and routes them in the
//! diagram's direction, as Mermaid hands its class graph to dagre.
//!
//! Sizes follow Mermaid's class box (`classBox.ts`, class `padding` 12 px); lengths in px.
//! Knows no grammar and writes no SVG.

use super::member::{display_text, parse_generic_types};
use super::model::*;
use crate::mermaid::common::geometry::{Cubic, Direction, Point};
use crate::mermaid::common::label::{Label, LabelKind, decode_entities};
use crate::mermaid::common::layout::{self as engine, ECluster, EEdge, ENode, LayoutOptions};
use crate::mermaid::common::measure::{TextBlock, TextMeasure, measure_label};

/// Horizontal padding inside a class box (Mermaid's `class.padding`), px.
pub const BOX_PAD_X: f32 = 12.0;
/// Padding above and below the lines of a compartment, px.
pub const COMPARTMENT_PAD_Y: f32 = 6.0;
/// Height of an empty attribute or method compartment, px.
pub const EMPTY_COMPARTMENT_H: f32 = 12.0;
/// Padding inside a note, px.
pub const NOTE_PAD: f32 = 10.0;

/// One line of member text in a class box.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberLine {
    /// The drawn text (`+getName() : String`).
    pub text: String,
    /// `$`: underlined.
    pub is_static: bool,
    /// `*`: italic.
    pub is_abstract: bool,
    /// Baseline-box top of the line, px (absolute).
    pub y: f32,
    /// Measured width, px.
    pub width: f32,
}

/// A placed class box. `x`, `y` are the top-left corner, px.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassBox {
    /// Class id.
    pub id: String,
    /// Left edge, px.
    pub x: f32,
    /// Top edge, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
    /// `«interface»` lines, top to bottom.
    pub annotations: Vec<String>,
    /// Title lines (label or id, generic as `<T>` on the last line).
    pub title: Vec<String>,
    /// Height of the name compartment, px.
    pub header_h: f32,
    /// Height of the attribute compartment, px.
    pub attributes_h: f32,
    /// Attribute lines.
    pub attributes: Vec<MemberLine>,
    /// Method lines.
    pub methods: Vec<MemberLine>,
}

/// A placed note (top-left corner and size, px).
#[derive(Debug, Clone, PartialEq)]
pub struct NoteBox {
    /// `noteN`.
    pub id: String,
    /// Left, px.
    pub x: f32,
    /// Top, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
    /// The text.
    pub text: TextBlock,
}

/// A placed lollipop interface label (top-left corner and size, px).
#[derive(Debug, Clone, PartialEq)]
pub struct InterfaceBox {
    /// `interfaceN`.
    pub id: String,
    /// Left, px.
    pub x: f32,
    /// Top, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
    /// The interface name.
    pub label: String,
}

/// A routed relation (or the dotted link of a note to its class).
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeLayout {
    /// Start node id.
    pub from: String,
    /// End node id.
    pub to: String,
    /// Cubic pieces from the `from` end to the `to` end, px.
    pub path: Vec<Cubic>,
    /// Marker at the `from` end.
    pub start: RelEnd,
    /// Marker at the `to` end.
    pub end: RelEnd,
    /// Dashed line.
    pub dotted: bool,
    /// The label text and its centre.
    pub label: Option<(TextBlock, Point)>,
    /// Cardinality at the `from` end and where its centre goes.
    pub card_from: Option<(String, Point)>,
    /// Cardinality at the `to` end and where its centre goes.
    pub card_to: Option<(String, Point)>,
}

/// A namespace box (top-left corner and size, px).
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterBox {
    /// Namespace id.
    pub id: String,
    /// Title text.
    pub title: String,
    /// Left, px.
    pub x: f32,
    /// Top, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
}

/// A laid-out class diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassLayout {
    /// Rank direction.
    pub direction: Direction,
    /// Label font size, px.
    pub font_size: f32,
    /// Line height, px.
    pub line_height: f32,
    /// Class boxes, in model order.
    pub classes: Vec<ClassBox>,
    /// Notes, in model order.
    pub notes: Vec<NoteBox>,
    /// Interfaces, in model order.
    pub interfaces: Vec<InterfaceBox>,
    /// Relations in model order, then note links.
    pub edges: Vec<EdgeLayout>,
    /// Namespace boxes (namespaces holding nothing are left out).
    pub clusters: Vec<ClusterBox>,
    /// Drawing width, px.
    pub width: f32,
    /// Drawing height, px.
    pub height: f32,
}

/// Text lines of a label written with `<br>` forms or newlines, entities decoded.
pub(crate) fn text_lines(s: &str) -> Vec<String> {
    Label::from_mermaid_text(s, LabelKind::Text)
        .lines
        .iter()
        .flat_map(|l| {
            let line: String = l.iter().map(|r| r.text.as_str()).collect();
            line.split('\n')
                .map(|x| x.trim().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn member_line(m: &Member, measure: &dyn TextMeasure, fs: f32) -> MemberLine {
    let text = decode_entities(&display_text(m));
    MemberLine {
        width: measure.width(&text, fs, false),
        text,
        is_static: m.classifier == "$",
        is_abstract: m.classifier == "*",
        y: 0.0,
    }
}

/// Sizes the box of class `c` (positions relative to its top-left corner).
fn size_class(
    c: &Class,
    measure: &dyn TextMeasure,
    (fs, lh): (f32, f32),
    hide_empty: bool,
) -> ClassBox {
    let annotations: Vec<String> = c
        .annotations
        .iter()
        .map(|a| format!("«{}»", decode_entities(a)))
        .collect();
    let mut title = text_lines(c.label.as_deref().unwrap_or(&c.id));
    if !c.generic.is_empty()
        && let Some(last) = title.last_mut()
    {
        last.push('<');
        last.push_str(&decode_entities(&parse_generic_types(&c.generic)));
        last.push('>');
    }
    let mut width: f32 = 40.0;
    for a in &annotations {
        width = width.max(measure.width(a, fs, false));
    }
    for t in &title {
        width = width.max(measure.width(t, fs, true));
    }
    let mut attributes: Vec<MemberLine> = c
        .attributes
        .iter()
        .map(|m| member_line(m, measure, fs))
        .collect();
    let mut methods: Vec<MemberLine> = c
        .methods
        .iter()
        .map(|m| member_line(m, measure, fs))
        .collect();
    for l in attributes.iter().chain(methods.iter()) {
        width = width.max(l.width);
    }
    let header_h = 2.0 * COMPARTMENT_PAD_Y + 4.0 + lh * (annotations.len() + title.len()) as f32;
    let bare = hide_empty && attributes.is_empty() && methods.is_empty();
    let comp = |n: usize| {
        if bare {
            0.0
        } else if n == 0 {
            EMPTY_COMPARTMENT_H
        } else {
            2.0 * COMPARTMENT_PAD_Y + lh * n as f32
        }
    };
    let attributes_h = comp(attributes.len());
    let methods_h = comp(methods.len());
    let mut y = header_h + COMPARTMENT_PAD_Y;
    for l in &mut attributes {
        l.y = y;
        y += lh;
    }
    let mut y = header_h + attributes_h + COMPARTMENT_PAD_Y;
    for l in &mut methods {
        l.y = y;
        y += lh;
    }
    ClassBox {
        id: c.id.clone(),
        x: 0.0,
        y: 0.0,
        width: width + 2.0 * BOX_PAD_X,
        height: header_h + attributes_h + methods_h,
        annotations,
        title,
        header_h,
        attributes_h,
        attributes,
        methods,
    }
}

fn rect_outline(w: f32, h: f32) -> Vec<(f32, f32)> {
    let (a, b) = (w / 2.0, h / 2.0);
    vec![(-a, -b), (a, -b), (a, b), (-a, b)]
}

/// A point `dist` px along the curve from its start, moved `side` px to its left.
fn along(path: &[Cubic], dist: f32, side: f32) -> Point {
    let Some(first) = path.first() else {
        return (0.0, 0.0);
    };
    let mut left = dist;
    let mut prev = first[0];
    for c in path {
        for k in 1..=16 {
            let t = k as f32 / 16.0;
            let p = bez(c, t);
            let seg = ((p.0 - prev.0).powi(2) + (p.1 - prev.1).powi(2)).sqrt();
            if seg >= left && seg > 1e-4 {
                let (dx, dy) = ((p.0 - prev.0) / seg, (p.1 - prev.1) / seg);
                let q = (prev.0 + dx * left, prev.1 + dy * left);
                return (q.0 + dy * side, q.1 - dx * side);
            }
            left -= seg;
            prev = p;
        }
    }
    prev
}

/// Where a cardinality `w` px wide goes: just past the end marker along the rank axis,
/// beside the line across it (`side` +1 or −1), and out of the edge label's box.
#[allow(clippy::too_many_arguments)]
fn card_place(
    path: &[Cubic],
    w: f32,
    fs: f32,
    lh: f32,
    side: f32,
    vertical: bool,
    label: Option<(f32, f32, f32, f32)>,
) -> Point {
    let Some(first) = path.first() else {
        return (0.0, 0.0);
    };
    let end = first[0];
    // which way the line leaves the node along the rank axis
    let probe = along(path, 6.0, 0.0);
    let out = if vertical {
        (probe.1 - end.1).signum()
    } else {
        (probe.0 - end.0).signum()
    };
    let out = if out == 0.0 { 1.0 } else { out };
    let mut p = if vertical {
        (
            end.0 + side * (w / 2.0 + 9.0),
            end.1 + out * (fs * 0.5 + 8.0),
        )
    } else {
        (
            end.0 + out * (w / 2.0 + 8.0),
            end.1 - side * (lh / 2.0 + 6.0),
        )
    };
    if let Some((x, y, lw, lhh)) = label {
        let (hw, hh) = (w / 2.0 + 2.0, lh / 2.0);
        let hits =
            |p: Point| p.0 + hw > x && p.0 - hw < x + lw && p.1 + hh > y && p.1 - hh < y + lhh;
        if hits(p) {
            // beside the label box, on the card's side of the line
            if vertical {
                p.0 = if side > 0.0 { x + lw + hw } else { x - hw };
            } else {
                p.1 = if side < 0.0 { y + lhh + hh } else { y - hh };
            }
        }
    }
    p
}

fn bez(c: &Cubic, t: f32) -> Point {
    let u = 1.0 - t;
    let (a, b, cc, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * c[0].0 + b * c[1].0 + cc * c[2].0 + d * c[3].0,
        a * c[0].1 + b * c[1].1 + cc * c[2].1 + d * c[3].1,
    )
}

/// Lays out `d`, measuring text with `measure` at `opts.font_size`.
pub fn layout(d: &ClassDiagram, measure: &dyn TextMeasure, opts: &LayoutOptions) -> ClassLayout {
    let fs = opts.font_size;
    let lh = measure.line_height(fs);
    let ns_index = |id: &Option<String>| -> Option<usize> {
        id.as_ref()
            .and_then(|n| d.namespaces.iter().position(|x| x.id == *n))
    };
    let mut nodes: Vec<ENode> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut classes: Vec<ClassBox> = Vec::new();
    for c in &d.classes {
        let b = size_class(c, measure, (fs, lh), d.hide_empty_members_box);
        nodes.push(ENode {
            w: b.width,
            h: b.height,
            outline: rect_outline(b.width, b.height),
            cluster: ns_index(&c.namespace),
        });
        ids.push(c.id.clone());
        classes.push(b);
    }
    let mut notes: Vec<NoteBox> = Vec::new();
    for n in &d.notes {
        let label = Label::from_mermaid_text(&n.text, LabelKind::Text);
        let t = measure_label(&label, measure, fs, opts.max_label_width);
        let (w, h) = (t.width + 2.0 * NOTE_PAD, t.height + 2.0 * NOTE_PAD);
        nodes.push(ENode {
            w,
            h,
            outline: rect_outline(w, h),
            cluster: ns_index(&n.namespace),
        });
        ids.push(n.id.clone());
        notes.push(NoteBox {
            id: n.id.clone(),
            x: 0.0,
            y: 0.0,
            width: w,
            height: h,
            text: t,
        });
    }
    let mut interfaces: Vec<InterfaceBox> = Vec::new();
    for i in &d.interfaces {
        let label = text_lines(&i.label).join(" ");
        let w = measure.width(&label, fs, false) + 8.0;
        nodes.push(ENode {
            w,
            h: lh,
            outline: rect_outline(w, lh),
            cluster: None,
        });
        ids.push(i.id.clone());
        interfaces.push(InterfaceBox {
            id: i.id.clone(),
            x: 0.0,
            y: 0.0,
            width: w,
            height: lh,
            label,
        });
    }
    let find = |id: &str| ids.iter().position(|x| x == id);
    let mut edges: Vec<EEdge> = Vec::new();
    let mut metas: Vec<EdgeLayout> = Vec::new();
    for r in &d.relations {
        let (Some(a), Some(b)) = (find(&r.from), find(&r.to)) else {
            continue;
        };
        let label = (!r.label.is_empty()).then(|| {
            let l = Label::from_mermaid_text(&r.label, LabelKind::Text);
            measure_label(&l, measure, fs, opts.max_label_width)
        });
        edges.push(EEdge {
            from: a,
            to: b,
            minlen: 1,
            weight: 1,
            label: label.as_ref().map(|t| (t.width + 8.0, t.height + 4.0)),
            clip_from: None,
            clip_to: None,
        });
        metas.push(EdgeLayout {
            from: r.from.clone(),
            to: r.to.clone(),
            path: Vec::new(),
            start: r.start,
            end: r.end,
            dotted: r.dotted,
            label: label.map(|t| (t, (0.0, 0.0))),
            card_from: r
                .card_from
                .as_ref()
                .map(|s| (decode_entities(s), (0.0, 0.0))),
            card_to: r.card_to.as_ref().map(|s| (decode_entities(s), (0.0, 0.0))),
        });
    }
    for n in &d.notes {
        let (Some(a), Some(b)) = (find(&n.id), n.class.as_deref().and_then(find)) else {
            continue;
        };
        edges.push(EEdge {
            from: a,
            to: b,
            minlen: 1,
            weight: 1,
            label: None,
            clip_from: None,
            clip_to: None,
        });
        metas.push(EdgeLayout {
            from: n.id.clone(),
            to: ids[b].clone(),
            path: Vec::new(),
            start: RelEnd::None,
            end: RelEnd::None,
            dotted: true,
            label: None,
            card_from: None,
            card_to: None,
        });
    }
    let clusters: Vec<ECluster> = d
        .namespaces
        .iter()
        .map(|n| {
            let t = text_lines(&n.label).join(" ");
            ECluster {
                parent: ns_index(&n.parent),
                title_w: measure.width(&t, fs, false) + 16.0,
                title_h: lh + 4.0,
            }
        })
        .collect();
    let sp = engine::Spacing {
        node_sep: opts.node_sep,
        rank_sep: opts.rank_sep,
        edge_sep: opts.edge_sep,
        cluster_pad: opts.cluster_pad,
        cluster_margin: opts.cluster_pad,
    };
    let out = engine::run(&nodes, &edges, &clusters, d.direction, &sp);
    let m = opts.margin;
    let at = |v: usize| (out.nodes[v].0 + m, out.nodes[v].1 + m);
    for (k, b) in classes.iter_mut().enumerate() {
        let (cx, cy) = at(k);
        b.x = cx - b.width / 2.0;
        b.y = cy - b.height / 2.0;
        for l in b.attributes.iter_mut().chain(b.methods.iter_mut()) {
            l.y += b.y;
        }
    }
    let nc = classes.len();
    for (k, n) in notes.iter_mut().enumerate() {
        let (cx, cy) = at(nc + k);
        n.x = cx - n.width / 2.0;
        n.y = cy - n.height / 2.0;
    }
    let nn = nc + notes.len();
    for (k, i) in interfaces.iter_mut().enumerate() {
        let (cx, cy) = at(nn + k);
        i.x = cx - i.width / 2.0;
        i.y = cy - i.height / 2.0;
    }
    for (meta, g) in metas.iter_mut().zip(&out.edges) {
        meta.path = g
            .path
            .iter()
            .map(|c| c.map(|p| (p.0 + m, p.1 + m)))
            .collect();
        if let (Some((_, p)), Some(c)) = (meta.label.as_mut(), g.label) {
            *p = (c.0 + m, c.1 + m);
        }
        let label_box = meta.label.as_ref().map(|(t, c)| {
            (
                c.0 - t.width / 2.0 - 2.0,
                c.1 - t.height / 2.0,
                t.width + 4.0,
                t.height,
            )
        });
        let fwd = meta.path.clone();
        let rev: Vec<Cubic> = fwd.iter().rev().map(|s| [s[3], s[2], s[1], s[0]]).collect();
        for (card, path, side) in [
            (meta.card_from.as_mut(), &fwd, 1.0f32),
            (meta.card_to.as_mut(), &rev, -1.0),
        ] {
            let Some((text, p)) = card else { continue };
            let w = measure.width(text, fs, false);
            let vertical = matches!(d.direction, Direction::TB | Direction::BT);
            *p = card_place(path, w, fs, lh, side, vertical, label_box);
        }
    }
    let clusters: Vec<ClusterBox> = d
        .namespaces
        .iter()
        .zip(&out.clusters)
        .filter_map(|(n, r)| {
            let r = (*r)?;
            Some(ClusterBox {
                id: n.id.clone(),
                title: text_lines(&n.label).join(" "),
                x: r.x - r.w / 2.0 + m,
                y: r.y - r.h / 2.0 + m,
                width: r.w,
                height: r.h,
            })
        })
        .collect();
    let mut lay = ClassLayout {
        direction: d.direction,
        font_size: fs,
        line_height: lh,
        classes,
        notes,
        interfaces,
        edges: metas,
        clusters,
        width: out.width + 2.0 * m,
        height: out.height + 2.0 * m,
    };
    grow_to_fit(&mut lay, fs);
    lay
}

/// Widens the drawing so cardinality texts near the border stay inside it.
fn grow_to_fit(l: &mut ClassLayout, fs: f32) {
    let mut max_x = l.width;
    let mut max_y = l.height;
    let mut min_x: f32 = 0.0;
    let mut min_y: f32 = 0.0;
    for e in &l.edges {
        for (s, p) in e.card_from.iter().chain(e.card_to.iter()) {
            let half = s.chars().count() as f32 * fs * 0.35 + 4.0;
            min_x = min_x.min(p.0 - half);
            max_x = max_x.max(p.0 + half);
            min_y = min_y.min(p.1 - fs);
            max_y = max_y.max(p.1 + fs);
        }
    }
    let (dx, dy) = (-min_x, -min_y);
    if dx > 0.0 || dy > 0.0 {
        shift(l, dx, dy);
    }
    l.width = max_x + dx;
    l.height = max_y + dy;
}

fn shift(l: &mut ClassLayout, dx: f32, dy: f32) {
    for b in &mut l.classes {
        b.x += dx;
        b.y += dy;
        for m in b.attributes.iter_mut().chain(b.methods.iter_mut()) {
            m.y += dy;
        }
    }
    for n in &mut l.notes {
        n.x += dx;
        n.y += dy;
    }
    for i in &mut l.interfaces {
        i.x += dx;
        i.y += dy;
    }
    for c in &mut l.clusters {
        c.x += dx;
        c.y += dy;
    }
    for e in &mut l.edges {
        for c in &mut e.path {
            for p in c.iter_mut() {
                p.0 += dx;
                p.1 += dy;
            }
        }
        for (_, p) in e
            .label
            .iter_mut()
            .map(|(_, p)| ((), p))
            .chain(e.card_from.iter_mut().map(|(_, p)| ((), p)))
            .chain(e.card_to.iter_mut().map(|(_, p)| ((), p)))
        {
            p.0 += dx;
            p.1 += dy;
        }
    }
}
