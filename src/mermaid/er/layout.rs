//! Layout of an ER diagram on the shared layered engine
//! ([`crate::mermaid::common::layout`], the one flowcharts and state diagrams use).
//!
//! Entities are the engine's nodes, sized for their boxes: the name in a header row, then
//! the attribute table with one column each for type, name, keys and comment (a column
//! no attribute fills is left out), as Mermaid's `erBox` shape draws them. A box without
//! attributes is at least 100 × 75 px (Mermaid's `minEntityWidth`/`minEntityHeight`).
//! Relationships are edges with their label in the middle; subgraphs are clusters, and a
//! relationship naming a subgraph ends on its box.
//!
//! **Coordinates**: px, origin at the top-left of the drawing, y down; `x`/`y` are box
//! centres, `width`/`height` full sizes.

use std::collections::HashMap;

use super::model::{Cardinality, ErDiagram};
use crate::mermaid::common::geometry::Cubic;
use crate::mermaid::common::label::{Label, LabelKind};
use crate::mermaid::common::layout::{
    self as engine, ECluster, EEdge, ENode, LayoutOptions, Rect, Spacing,
};
use crate::mermaid::common::measure::{TextBlock, TextMeasure, measure_label};

/// Font size of the diagram title, px (Mermaid's `erDiagramTitleText`).
pub const TITLE_FONT_PX: f32 = 18.0;
/// Smallest width of an entity box without attributes, px (`minEntityWidth`).
pub const MIN_ENTITY_WIDTH_PX: f32 = 100.0;
/// Smallest height of an entity box without attributes, px (`minEntityHeight`).
pub const MIN_ENTITY_HEIGHT_PX: f32 = 75.0;
/// Space around the entity name, px (`entityPadding`).
pub const ENTITY_PADDING_PX: f32 = 15.0;
/// Space left and right of the text in an attribute cell, px.
pub const CELL_PADDING_X_PX: f32 = 10.0;
/// Space above and below the text in an attribute row, px.
pub const CELL_PADDING_Y_PX: f32 = 4.0;

/// Gap between entities of one rank, relative to [`LayoutOptions::node_sep`] (Mermaid's
/// ER `nodeSpacing` 140 against the flowchart's 50).
pub const NODE_SPACING_FACTOR: f32 = 2.8;
/// Gap between ranks, relative to [`LayoutOptions::rank_sep`] (ER `rankSpacing` 80
/// against 50).
pub const RANK_SPACING_FACTOR: f32 = 1.6;

/// Length of the straight run at each end of a relationship that holds its marker, px
/// (the widest marker, zero-or-more, is 36 px deep).
pub const MARKER_RUN_PX: f32 = 36.0;

/// One row of an entity's attribute table.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeRow {
    /// Index into the entity's attributes.
    pub index: usize,
    /// Type, name, keys (`PK, FK`) and comment texts.
    pub cells: [TextBlock; 4],
    /// Top of the row, px.
    pub top: f32,
    /// Height of the row, px.
    pub height: f32,
}

/// A placed entity box.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityBox {
    /// The entity name.
    pub name: String,
    /// Index into [`ErDiagram::entities`].
    pub index: usize,
    /// The header text (the alias when there is one).
    pub title: TextBlock,
    /// Height of the header row (the whole box when there are no attributes), px.
    pub header_height: f32,
    /// Widths of the type, name, keys and comment columns, px (0 for a column left out).
    pub columns: [f32; 4],
    /// Attribute rows, top to bottom.
    pub rows: Vec<AttributeRow>,
    /// Centre x, px.
    pub x: f32,
    /// Centre y, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
}

/// A relationship's label box.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeLabel {
    /// The text.
    pub text: TextBlock,
    /// Centre x, px.
    pub x: f32,
    /// Centre y, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
}

/// A routed relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipPath {
    /// Index into [`ErDiagram::relationships`].
    pub index: usize,
    /// The route as cubic pieces from the `from` end to the `to` end, px.
    pub curve: Vec<Cubic>,
    /// The marker at the `from` end.
    pub card_from: Cardinality,
    /// The marker at the `to` end.
    pub card_to: Cardinality,
    /// Solid (identifying) or dashed line.
    pub identifying: bool,
    /// The label, if any.
    pub label: Option<EdgeLabel>,
}

/// A placed subgraph box.
#[derive(Debug, Clone, PartialEq)]
pub struct SubgraphBox {
    /// The subgraph id.
    pub id: String,
    /// Index into [`ErDiagram::subgraphs`].
    pub index: usize,
    /// The title, drawn at the top.
    pub title: TextBlock,
    /// Centre x, px.
    pub x: f32,
    /// Centre y, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
}

/// A laid-out ER diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Total width, px.
    pub width: f32,
    /// Total height, px.
    pub height: f32,
    /// Label font size, px.
    pub font_size: f32,
    /// Line height of labels, px.
    pub line_height: f32,
    /// Entity boxes in model order.
    pub entities: Vec<EntityBox>,
    /// Relationships in model order (those whose ends have no box are left out).
    pub relationships: Vec<RelationshipPath>,
    /// Subgraph boxes (outer before inner).
    pub subgraphs: Vec<SubgraphBox>,
    /// The diagram title (front matter `title`), centred above the drawing: the text and
    /// the top of its first line, px.
    pub title: Option<(TextBlock, f32)>,
}

impl Layout {
    /// Moves everything by `(dx, dy)` px (the size is the caller's).
    fn shift(&mut self, dx: f32, dy: f32) {
        for e in &mut self.entities {
            (e.x, e.y) = (e.x + dx, e.y + dy);
            for r in &mut e.rows {
                r.top += dy;
            }
        }
        for s in &mut self.subgraphs {
            (s.x, s.y) = (s.x + dx, s.y + dy);
        }
        for r in &mut self.relationships {
            for c in &mut r.curve {
                for p in c.iter_mut() {
                    p.0 += dx;
                    p.1 += dy;
                }
            }
            if let Some(l) = &mut r.label {
                (l.x, l.y) = (l.x + dx, l.y + dy);
            }
        }
    }
}

fn text(raw: &str, m: &dyn TextMeasure, o: &LayoutOptions) -> TextBlock {
    let l = Label::from_mermaid_text(raw, LabelKind::Text);
    measure_label(&l, m, o.font_size, o.max_label_width)
}

/// The keys of an attribute as drawn (`PK, FK`).
pub fn keys_text(keys: &[super::model::Key]) -> String {
    keys.iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Sizes the box of entity `i`: (box, width, height); rows are placed relative to a box
/// whose top is at 0.
fn size_entity(er: &ErDiagram, i: usize, m: &dyn TextMeasure, o: &LayoutOptions) -> EntityBox {
    let e = &er.entities[i];
    let shown = if e.alias.is_empty() {
        &e.name
    } else {
        &e.alias
    };
    let title = text(shown, m, o);
    let lh = m.line_height(o.font_size);
    let mut rows: Vec<AttributeRow> = e
        .attributes
        .iter()
        .enumerate()
        .map(|(k, a)| AttributeRow {
            index: k,
            cells: [
                text(&a.ty, m, o),
                text(&a.name, m, o),
                text(&keys_text(&a.keys), m, o),
                text(&a.comment, m, o),
            ],
            top: 0.0,
            height: 0.0,
        })
        .collect();
    let mut columns = [0.0f32; 4];
    for (c, col) in columns.iter_mut().enumerate() {
        let widest = rows.iter().map(|r| r.cells[c].width).fold(0.0f32, f32::max);
        if widest > 0.0 || (c < 2 && !rows.is_empty()) {
            *col = widest + 2.0 * CELL_PADDING_X_PX;
        }
    }
    if rows.is_empty() {
        let width = (title.width + 2.0 * ENTITY_PADDING_PX).max(MIN_ENTITY_WIDTH_PX);
        let height = (title.height + 2.0 * ENTITY_PADDING_PX).max(MIN_ENTITY_HEIGHT_PX);
        return EntityBox {
            name: e.name.clone(),
            index: i,
            title,
            header_height: height,
            columns,
            rows,
            x: 0.0,
            y: 0.0,
            width,
            height,
        };
    }
    let header_height = title.height + 2.0 * CELL_PADDING_Y_PX + 8.0;
    let table: f32 = columns.iter().sum();
    let width = table.max(title.width + 2.0 * ENTITY_PADDING_PX);
    if width > table {
        // The name is wider than the table: the last column shown takes the rest.
        if let Some(c) = (0..4).rev().find(|&c| columns[c] > 0.0) {
            columns[c] += width - table;
        }
    }
    let mut top = header_height;
    for r in &mut rows {
        let lines = r.cells.iter().map(|c| c.height).fold(lh, f32::max);
        r.top = top;
        r.height = lines + 2.0 * CELL_PADDING_Y_PX;
        top += r.height;
    }
    EntityBox {
        name: e.name.clone(),
        index: i,
        title,
        header_height,
        columns,
        rows,
        x: 0.0,
        y: 0.0,
        width,
        height: top,
    }
}

fn rect_outline(w: f32, h: f32) -> Vec<(f32, f32)> {
    let (a, b) = (w / 2.0, h / 2.0);
    vec![(-a, -b), (a, -b), (a, b), (-a, b)]
}

/// Lays out `er`, measuring text with `measure`. Never panics; time is bounded by the
/// engine's iteration caps.
pub fn layout(er: &ErDiagram, measure: &dyn TextMeasure, opts: &LayoutOptions) -> Layout {
    let mut boxes: Vec<EntityBox> = (0..er.entities.len())
        .map(|i| size_entity(er, i, measure, opts))
        .collect();
    // Subgraphs: the cluster of each entity and each subgraph's parent.
    let sg_index: HashMap<&str, usize> = er
        .subgraphs
        .iter()
        .enumerate()
        .map(|(k, s)| (s.id.as_str(), k))
        .collect();
    let mut entity_cluster: Vec<Option<usize>> = vec![None; er.entities.len()];
    let mut sg_parent: Vec<Option<usize>> = vec![None; er.subgraphs.len()];
    for (k, s) in er.subgraphs.iter().enumerate() {
        for mname in &s.members {
            if let Some(&c) = sg_index.get(mname.as_str()) {
                if c != k && sg_parent[c].is_none() && !is_ancestor(&sg_parent, c, k) {
                    sg_parent[c] = Some(k);
                }
            } else if let Some(v) = er.entity_index(mname)
                && entity_cluster[v].is_none()
            {
                entity_cluster[v] = Some(k);
            }
        }
    }
    let sg_titles: Vec<TextBlock> = er
        .subgraphs
        .iter()
        .map(|s| text(&s.title, measure, opts))
        .collect();
    let eclusters: Vec<ECluster> = (0..er.subgraphs.len())
        .map(|k| ECluster {
            parent: sg_parent[k],
            title_w: sg_titles[k].width + 16.0,
            title_h: sg_titles[k].height + 8.0,
        })
        .collect();
    let enodes: Vec<ENode> = boxes
        .iter()
        .enumerate()
        .map(|(v, b)| ENode {
            w: b.width,
            h: b.height,
            outline: rect_outline(b.width, b.height),
            cluster: entity_cluster[v],
        })
        .collect();
    // An end naming a subgraph: its first entity, clipped at its box.
    let first_entity = |k: usize| -> Option<usize> {
        let mut stack = vec![k];
        let mut seen = 0;
        while let Some(c) = stack.pop() {
            seen += 1;
            if seen > er.subgraphs.len() + 1 {
                return None;
            }
            for mname in &er.subgraphs[c].members {
                if let Some(&cc) = sg_index.get(mname.as_str()) {
                    stack.push(cc);
                } else if let Some(v) = er.entity_index(mname) {
                    return Some(v);
                }
            }
        }
        None
    };
    let end = |name: &str| -> Option<(usize, Option<usize>)> {
        if let Some(&k) = sg_index.get(name) {
            return first_entity(k).map(|v| (v, Some(k)));
        }
        er.entity_index(name).map(|v| (v, None))
    };
    let mut eedges = Vec::new();
    let mut eidx = Vec::new();
    let mut labels = Vec::new();
    for (i, r) in er.relationships.iter().enumerate() {
        let (Some(a), Some(b)) = (end(&r.from), end(&r.to)) else {
            continue;
        };
        let label = (!r.label.trim().is_empty()).then(|| text(&r.label, measure, opts));
        eedges.push(EEdge {
            from: a.0,
            to: b.0,
            minlen: 1,
            weight: 1,
            label: label.as_ref().map(|t| (t.width + 8.0, t.height + 4.0)),
            clip_from: if a.0 == b.0 { None } else { a.1 },
            clip_to: if a.0 == b.0 { None } else { b.1 },
        });
        eidx.push(i);
        labels.push(label);
    }
    // Mermaid's ER defaults (`nodeSpacing` 140, `rankSpacing` 80) against dagre's 50/50:
    // the gaps hold the markers at both ends and the label between them.
    let sp = Spacing {
        node_sep: opts.node_sep * NODE_SPACING_FACTOR,
        rank_sep: opts.rank_sep * RANK_SPACING_FACTOR,
        edge_sep: opts.edge_sep,
        cluster_pad: opts.cluster_pad,
        cluster_margin: opts.cluster_pad,
    };
    let res = engine::run(&enodes, &eedges, &eclusters, er.direction, &sp);
    for (v, b) in boxes.iter_mut().enumerate() {
        let (x, y) = res.nodes[v];
        let top = y - b.height / 2.0;
        (b.x, b.y) = (x, y);
        for r in &mut b.rows {
            r.top += top;
        }
    }
    let relationships: Vec<RelationshipPath> = res
        .edges
        .into_iter()
        .zip(eidx)
        .zip(labels)
        .map(|((g, i), label)| {
            let r = &er.relationships[i];
            RelationshipPath {
                index: i,
                curve: g.path,
                card_from: r.card_from,
                card_to: r.card_to,
                identifying: r.identifying,
                label: match (label, g.label) {
                    (Some(t), Some((x, y))) => Some(EdgeLabel {
                        x,
                        y,
                        width: t.width + 8.0,
                        height: t.height + 4.0,
                        text: t,
                    }),
                    _ => None,
                },
            }
        })
        .collect();
    let mut relationships: Vec<RelationshipPath> = relationships;
    let loops: Vec<bool> = eedges.iter().map(|e| e.from == e.to).collect();
    spread_ends(&boxes, &mut relationships, &loops);
    let mut order: Vec<usize> = (0..er.subgraphs.len()).collect();
    order.sort_by_key(|&k| depth(&sg_parent, k));
    let subgraphs = order
        .into_iter()
        .filter_map(|k| {
            let b: Rect = res.clusters[k]?;
            Some(SubgraphBox {
                id: er.subgraphs[k].id.clone(),
                index: k,
                title: sg_titles[k].clone(),
                x: b.x,
                y: b.y,
                width: b.w,
                height: b.h,
            })
        })
        .collect();
    let mut lay = Layout {
        width: res.width,
        height: res.height,
        font_size: opts.font_size,
        line_height: measure.line_height(opts.font_size),
        entities: boxes,
        relationships,
        subgraphs,
        title: None,
    };
    let m = opts.margin;
    lay.shift(m, m);
    lay.width += 2.0 * m;
    lay.height += 2.0 * m;
    if let Some(t) = er.title.as_deref().filter(|t| !t.trim().is_empty()) {
        let l = Label::from_mermaid_text(t, LabelKind::Text);
        let tb = measure_label(&l, measure, TITLE_FONT_PX, f32::INFINITY);
        let lh = measure.line_height(TITLE_FONT_PX);
        let dy = tb.lines.len() as f32 * lh + 8.0;
        let extra = (tb.width + 2.0 * m - lay.width).max(0.0);
        lay.shift(extra / 2.0, dy);
        lay.width += extra;
        lay.height += dy;
        lay.title = Some((tb, m));
    }
    lay
}

/// A relationship end on one side of a box: relationship index, whether it is the start,
/// and the coordinate along the side of where the route goes next.
type SideEnd = (usize, bool, f32);

/// Spreads relationship ends that meet one side of an entity box at (nearly) one point
/// along that side, in the order of where they go, so their markers do not overlap; every
/// end leaves its side square to it, so its marker stands straight on the box.
fn spread_ends(boxes: &[EntityBox], rels: &mut [RelationshipPath], loops: &[bool]) {
    let mut sides: HashMap<(usize, u8), Vec<SideEnd>> = HashMap::new();
    for (ri, r) in rels.iter().enumerate() {
        if loops.get(ri).copied().unwrap_or(true) {
            // A self-relationship keeps the engine's loop.
            continue;
        }
        for at_start in [true, false] {
            let (tip, next) = match (at_start, r.curve.first(), r.curve.last()) {
                (true, Some(c), _) => (c[0], c[3]),
                (false, _, Some(c)) => (c[3], c[0]),
                _ => continue,
            };
            for (bi, b) in boxes.iter().enumerate() {
                let (l, t) = (b.x - b.width / 2.0, b.y - b.height / 2.0);
                let (rgt, btm) = (l + b.width, t + b.height);
                let on_x = tip.0 >= l - 0.5 && tip.0 <= rgt + 0.5;
                let on_y = tip.1 >= t - 0.5 && tip.1 <= btm + 0.5;
                let side = if on_x && (tip.1 - t).abs() < 0.5 {
                    0
                } else if on_x && (tip.1 - btm).abs() < 0.5 {
                    1
                } else if on_y && (tip.0 - l).abs() < 0.5 {
                    2
                } else if on_y && (tip.0 - rgt).abs() < 0.5 {
                    3
                } else {
                    continue;
                };
                let along = if side < 2 { next.0 } else { next.1 };
                sides
                    .entry((bi, side))
                    .or_default()
                    .push((ri, at_start, along));
                break;
            }
        }
    }
    for ((bi, side), mut ends) in sides {
        let b = &boxes[bi];
        ends.sort_by(|a, b| a.2.total_cmp(&b.2));
        let (lo, len) = if side < 2 {
            (b.x - b.width / 2.0, b.width)
        } else {
            (b.y - b.height / 2.0, b.height)
        };
        // Only when they crowd: ends closer than a marker's width (36 px).
        let pos = |r: &RelationshipPath, at_start: bool| -> f32 {
            let c = if at_start {
                r.curve[0][0]
            } else {
                r.curve[r.curve.len() - 1][3]
            };
            if side < 2 { c.0 } else { c.1 }
        };
        let mut crowded = false;
        for w in ends.windows(2) {
            if (pos(&rels[w[0].0], w[0].1) - pos(&rels[w[1].0], w[1].1)).abs() < 36.0 {
                crowded = true;
            }
        }
        let k = ends.len() as f32;
        let out = match side {
            0 => (0.0, -1.0),
            1 => (0.0, 1.0),
            2 => (-1.0, 0.0),
            _ => (1.0, 0.0),
        };
        for (i, &(ri, at_start, _)) in ends.iter().enumerate() {
            let target = lo + len * (i as f32 + 1.0) / (k + 1.0);
            let r = &mut rels[ri];
            let n = r.curve.len();
            let (seg, a) = if at_start { (0, 0) } else { (n - 1, 3) };
            let mut tip = r.curve[seg][a];
            if crowded && side < 2 {
                tip.0 = target;
            } else if crowded {
                tip.1 = target;
            }
            // The end leaves the side square to it for the marker's length, then bends to
            // the rest of the route.
            let at = |k: f32| (tip.0 + out.0 * k, tip.1 + out.1 * k);
            let straight = [
                tip,
                at(MARKER_RUN_PX / 3.0),
                at(MARKER_RUN_PX * 2.0 / 3.0),
                at(MARKER_RUN_PX),
            ];
            let old = r.curve[seg];
            if at_start {
                r.curve[0] = [straight[3], at(MARKER_RUN_PX + 24.0), old[2], old[3]];
                r.curve.insert(0, straight);
            } else {
                r.curve[n - 1] = [old[0], old[1], at(MARKER_RUN_PX + 24.0), straight[3]];
                r.curve.push([straight[3], straight[2], straight[1], tip]);
            }
        }
    }
}

/// Whether `a` is `b` or encloses it.
fn is_ancestor(parent: &[Option<usize>], a: usize, b: usize) -> bool {
    let mut cur = Some(b);
    let mut steps = 0;
    while let Some(c) = cur {
        if c == a {
            return true;
        }
        steps += 1;
        if steps > parent.len() {
            return false;
        }
        cur = parent[c];
    }
    false
}

fn depth(parent: &[Option<usize>], k: usize) -> usize {
    let mut d = 0;
    let mut cur = parent[k];
    while let Some(c) = cur {
        d += 1;
        if d > parent.len() {
            break;
        }
        cur = parent[c];
    }
    d
}
