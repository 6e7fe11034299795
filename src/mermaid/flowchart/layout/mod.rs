//! Layout of a parsed flowchart: the flowchart-specific glue around the shared layered
//! (Sugiyama) engine of [`crate::mermaid::common`] (Sugiyama, Tagawa and Toda 1981, in the
//! form of Gansner, Koutsofios, North and Vo, "A Technique for Drawing Directed Graphs",
//! 1993).
//!
//! [`layout`] measures every label through [`TextMeasure`] (long lines wrapped at
//! [`LayoutOptions::max_label_width`] at the line-break opportunities the measurer gives),
//! sizes each node for its shape ([`shapes`]), turns subgraphs into clusters, and runs the
//! engine: cycle breaking, network-simplex ranking, dummy nodes, median/transpose
//! ordering, network-simplex x coordinates, and routing as smooth cubic curves clipped to
//! node outlines. It knows no SVG: drawing is [`super::svg`]'s job.
//!
//! Subgraphs are clusters: their members stay together inside a titled box; boxes nest and
//! never overlap. A subgraph whose `direction` differs from its surroundings and that has
//! no edge crossing its border (edges to the subgraph itself are fine) is laid out on its
//! own in that direction and placed as one block, as Mermaid does; otherwise its direction
//! cannot be honoured and the outer direction is used.
//!
//! **Coordinates**: px, origin at the top-left of the drawing, y down. Every `x`/`y` of a
//! node, label or subgraph is the *centre* of its box; `width`/`height` are full sizes.

mod json;
pub mod shapes;

use std::collections::HashMap;

use super::model::{Direction, EdgeKind, Flowchart, Shape};
use crate::mermaid::common::layout::{
    self as engine, ECluster, EEdge, ENode, EdgeGeom, Rect, Spacing,
};
use crate::mermaid::common::measure::TextMeasure;

pub use crate::mermaid::common::geometry::{Cubic, Point};
pub use crate::mermaid::common::layout::LayoutOptions;
pub use crate::mermaid::common::measure::{TextBlock, measure_label};
pub use json::layout_json;

/// A placed node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeLayout {
    /// Node id (or the subgraph id for an empty subgraph drawn as a node).
    pub id: String,
    /// Index into [`Flowchart::nodes`]; `None` for an empty subgraph.
    pub index: Option<usize>,
    /// The label, wrapped.
    pub label: TextBlock,
    /// Shape ([`Shape::Rect`] for an empty subgraph).
    pub shape: Shape,
    /// True for a subgraph without members, drawn as a titled box.
    pub empty_subgraph: bool,
    /// Centre x, px.
    pub x: f32,
    /// Centre y, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
}

/// An edge label's place.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeLabelLayout {
    /// The label, wrapped.
    pub text: TextBlock,
    /// Centre x, px.
    pub x: f32,
    /// Centre y, px.
    pub y: f32,
    /// Width, px (text plus padding).
    pub width: f32,
    /// Height, px.
    pub height: f32,
}

/// A routed edge.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeLayout {
    /// Index into [`Flowchart::edges`] (the `linkStyle` index).
    pub index: usize,
    /// Source node or subgraph id.
    pub from: String,
    /// Target node or subgraph id.
    pub to: String,
    /// Stroke and end markers.
    pub kind: EdgeKind,
    /// The label, if any.
    pub label: Option<EdgeLabelLayout>,
    /// The route as a polyline from the `from` end to the `to` end (the joints of
    /// [`EdgeLayout::curve`]); the first and last points lie on the end shapes' outlines
    /// (or on a subgraph box for edges to subgraphs).
    pub points: Vec<Point>,
    /// The route as smooth cubic Bézier pieces, from `from` to `to`; markers go at the
    /// ends (the SVG writer shortens the line under an arrow head).
    pub curve: Vec<Cubic>,
    /// True when the layout reversed this edge to break a cycle (it is still drawn from
    /// `from` to `to`, against the rank order).
    pub reversed: bool,
    /// The direction of the layout the edge was routed in (a subgraph's own direction for
    /// edges inside a subgraph laid out on its own).
    pub rank_dir: Direction,
}

/// A placed subgraph box.
#[derive(Debug, Clone, PartialEq)]
pub struct SubgraphLayout {
    /// Subgraph id.
    pub id: String,
    /// Index into [`Flowchart::subgraphs`].
    pub index: usize,
    /// The title, wrapped.
    pub title: TextBlock,
    /// The enclosing subgraph's id.
    pub parent: Option<String>,
    /// The direction used inside this box.
    pub direction: Direction,
    /// Centre x, px.
    pub x: f32,
    /// Centre y, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
}

/// A laid-out flowchart. See the module documentation for units and coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The flowchart's direction.
    pub direction: Direction,
    /// Total width, px (margins included).
    pub width: f32,
    /// Total height, px (margins included).
    pub height: f32,
    /// Font size the labels were measured at, px.
    pub font_size: f32,
    /// Line height of labels, px.
    pub line_height: f32,
    /// Nodes in [`Flowchart::nodes`] order, then empty subgraphs.
    pub nodes: Vec<NodeLayout>,
    /// Edges in [`Flowchart::edges`] order.
    pub edges: Vec<EdgeLayout>,
    /// Subgraph boxes (subgraphs with members), outer boxes before the boxes they hold.
    pub subgraphs: Vec<SubgraphLayout>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum End {
    Vert(usize),
    Cluster(usize),
}

struct Vert {
    id: String,
    index: Option<usize>,
    label: TextBlock,
    shape: Shape,
    w: f32,
    h: f32,
    parent: Option<usize>,
}

struct Ctx<'a> {
    fc: &'a Flowchart,
    opts: &'a LayoutOptions,
    verts: Vec<Vert>,
    /// parent subgraph of each subgraph (only clusters, i.e. non-empty subgraphs)
    sub_parent: Vec<Option<usize>>,
    is_cluster: Vec<bool>,
    titles: Vec<TextBlock>,
    children: Vec<Vec<usize>>,
    roots: Vec<usize>,
    first_leaf: Vec<Option<usize>>,
    ends: Vec<Option<(End, End)>>,
    edge_labels: Vec<Option<TextBlock>>,
}

struct ScopeOut {
    verts: Vec<(usize, Point)>,
    edges: Vec<(usize, EdgeGeom, Direction)>,
    clusters: Vec<(usize, Rect, Direction)>,
    w: f32,
    h: f32,
}

/// Lays out `fc`. Never panics; time is bounded by iteration caps in ranking, ordering
/// and positioning, so graphs of thousands of nodes finish in well under a second in a
/// release build.
pub fn layout(fc: &Flowchart, measure: &dyn TextMeasure, opts: &LayoutOptions) -> Layout {
    let ctx = Ctx::new(fc, measure, opts);
    let out = ctx.scope(None, fc.direction);
    ctx.assemble(out, measure)
}

impl<'a> Ctx<'a> {
    fn new(fc: &'a Flowchart, measure: &dyn TextMeasure, opts: &'a LayoutOptions) -> Ctx<'a> {
        let ns = fc.subgraphs.len();
        let sub_index: HashMap<&str, usize> = fc
            .subgraphs
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        // first subgraph listing each id
        let mut member_of: HashMap<&str, usize> = HashMap::new();
        for (i, s) in fc.subgraphs.iter().enumerate() {
            for mbr in &s.members {
                member_of.entry(mbr.as_str()).or_insert(i);
            }
        }
        let mut sub_parent: Vec<Option<usize>> = (0..ns)
            .map(|i| {
                member_of
                    .get(fc.subgraphs[i].id.as_str())
                    .copied()
                    .filter(|&p| p != i)
            })
            .collect();
        // break parent cycles
        for i in 0..ns {
            let mut seen = vec![i];
            let mut cur = sub_parent[i];
            while let Some(p) = cur {
                if seen.contains(&p) {
                    sub_parent[i] = None;
                    break;
                }
                seen.push(p);
                cur = sub_parent[p];
            }
        }
        let titles: Vec<TextBlock> = fc
            .subgraphs
            .iter()
            .map(|s| measure_label(&s.title, measure, opts.font_size, opts.max_label_width))
            .collect();
        // verts: nodes that are not subgraph ids
        let mut verts: Vec<Vert> = Vec::new();
        let mut vert_of: HashMap<&str, usize> = HashMap::new();
        for (i, nd) in fc.nodes.iter().enumerate() {
            if sub_index.contains_key(nd.id.as_str()) || vert_of.contains_key(nd.id.as_str()) {
                continue;
            }
            let label = measure_label(&nd.label, measure, opts.font_size, opts.max_label_width);
            let (w, h) = shapes::node_size(nd.shape, label.width, label.height);
            vert_of.insert(nd.id.as_str(), verts.len());
            verts.push(Vert {
                id: nd.id.clone(),
                index: Some(i),
                label,
                shape: nd.shape,
                w,
                h,
                parent: member_of.get(nd.id.as_str()).copied(),
            });
        }
        // which subgraphs hold something (fixed point: inner before outer usually)
        let mut is_cluster = vec![false; ns];
        for v in &verts {
            let mut cur = v.parent;
            let mut guard = 0;
            while let Some(p) = cur {
                if is_cluster[p] || guard > ns {
                    break;
                }
                is_cluster[p] = true;
                cur = sub_parent[p];
                guard += 1;
            }
        }
        // empty subgraphs become nodes (sized from their title)
        for i in 0..ns {
            if is_cluster[i] || sub_index.get(fc.subgraphs[i].id.as_str()) != Some(&i) {
                continue;
            }
            let t = &titles[i];
            let w = (t.width + 2.0 * opts.cluster_pad).max(40.0);
            let h = t.height + 2.0 * opts.cluster_pad;
            vert_of.insert(fc.subgraphs[i].id.as_str(), verts.len());
            verts.push(Vert {
                id: fc.subgraphs[i].id.clone(),
                index: None,
                label: t.clone(),
                shape: Shape::Rect,
                w,
                h,
                parent: sub_parent[i],
            });
            let mut cur = sub_parent[i];
            let mut guard = 0;
            while let Some(p) = cur {
                if is_cluster[p] || guard > ns {
                    break;
                }
                is_cluster[p] = true;
                cur = sub_parent[p];
                guard += 1;
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); ns];
        let mut roots = Vec::new();
        for i in 0..ns {
            if !is_cluster[i] {
                continue;
            }
            match sub_parent[i] {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
        }
        let mut first_leaf: Vec<Option<usize>> = vec![None; ns];
        for (vi, v) in verts.iter().enumerate() {
            let mut cur = v.parent;
            let mut guard = 0;
            while let Some(p) = cur {
                if guard > ns {
                    break;
                }
                if first_leaf[p].is_none() {
                    first_leaf[p] = Some(vi);
                }
                cur = sub_parent[p];
                guard += 1;
            }
        }
        let resolve = |id: &str| -> Option<End> {
            if let Some(&c) = sub_index.get(id)
                && is_cluster[c]
            {
                return Some(End::Cluster(c));
            }
            vert_of.get(id).map(|&v| End::Vert(v))
        };
        let ends: Vec<Option<(End, End)>> = fc
            .edges
            .iter()
            .map(|e| Some((resolve(&e.from)?, resolve(&e.to)?)))
            .collect();
        let edge_labels: Vec<Option<TextBlock>> = fc
            .edges
            .iter()
            .map(|e| {
                e.label
                    .as_ref()
                    .filter(|l| !l.is_empty())
                    .map(|l| measure_label(l, measure, opts.font_size, opts.max_label_width))
            })
            .collect();
        Ctx {
            fc,
            opts,
            verts,
            sub_parent,
            is_cluster,
            titles,
            children,
            roots,
            first_leaf,
            ends,
            edge_labels,
        }
    }

    /// True when cluster `a` is `d` or inside `d`.
    fn cluster_within(&self, a: usize, d: usize) -> bool {
        let mut cur = Some(a);
        let mut guard = 0;
        while let Some(c) = cur {
            if c == d {
                return true;
            }
            guard += 1;
            if guard > self.sub_parent.len() + 1 {
                return false;
            }
            cur = self.sub_parent[c];
        }
        false
    }

    fn end_inside(&self, e: End, d: usize) -> bool {
        match e {
            End::Vert(v) => self.verts[v]
                .parent
                .is_some_and(|p| self.cluster_within(p, d)),
            End::Cluster(c) => c != d && self.cluster_within(c, d),
        }
    }

    fn isolated(&self, d: usize) -> bool {
        for (a, b) in self.ends.iter().flatten() {
            let (ia, ib) = (self.end_inside(*a, d), self.end_inside(*b, d));
            let (da, db) = (*a == End::Cluster(d), *b == End::Cluster(d));
            if (da && ib) || (db && ia) {
                return false;
            }
            if ia != ib && !(da || db) {
                return false;
            }
        }
        true
    }

    fn scope(&self, scope: Option<usize>, dir: Direction) -> ScopeOut {
        let sp = Spacing {
            node_sep: self.opts.node_sep,
            rank_sep: self.opts.rank_sep,
            edge_sep: self.opts.edge_sep,
            cluster_pad: self.opts.cluster_pad,
            cluster_margin: self.opts.cluster_pad,
        };
        let pad = self.opts.cluster_pad;
        // classify the clusters below the scope
        let mut flat: Vec<usize> = Vec::new();
        let mut collapsed: Vec<usize> = Vec::new();
        let mut stack: Vec<usize> = match scope {
            Some(s) => self.children[s].clone(),
            None => self.roots.clone(),
        };
        stack.reverse();
        while let Some(d) = stack.pop() {
            let sd = self.fc.subgraphs[d].direction;
            if sd.is_some_and(|x| x != dir) && self.isolated(d) {
                collapsed.push(d);
            } else {
                flat.push(d);
                for &c in self.children[d].iter().rev() {
                    stack.push(c);
                }
            }
        }
        let mut eclusters: Vec<ECluster> = Vec::new();
        let mut cmap: HashMap<usize, usize> = HashMap::new();
        for &d in &flat {
            cmap.insert(d, eclusters.len());
            eclusters.push(ECluster {
                parent: None,
                title_w: self.titles[d].width,
                title_h: self.titles[d].height,
            });
        }
        for &d in &flat {
            let p = self.sub_parent[d].and_then(|p| cmap.get(&p).copied());
            eclusters[cmap[&d]].parent = p;
        }
        // representative of a subgraph parent chain in this scope
        #[derive(Clone, Copy, PartialEq)]
        enum Rep {
            In(Option<usize>), // engine cluster (None: top level)
            Coll(usize),       // collapsed cluster
            Out,
        }
        let rep_parent = |mut p: Option<usize>| -> Rep {
            let mut guard = 0;
            loop {
                if p == scope {
                    return Rep::In(None);
                }
                let Some(c) = p else { return Rep::Out };
                if collapsed.contains(&c) {
                    return Rep::Coll(c);
                }
                guard += 1;
                if guard > self.sub_parent.len() + 1 {
                    return Rep::Out;
                }
                p = self.sub_parent[c];
            }
        };
        let mut enodes: Vec<ENode> = Vec::new();
        let mut node_vert: Vec<Option<usize>> = Vec::new();
        let mut vmap: HashMap<usize, usize> = HashMap::new();
        for (vi, v) in self.verts.iter().enumerate() {
            let cl = match rep_parent(v.parent) {
                Rep::Out | Rep::Coll(_) => continue,
                Rep::In(_) => v.parent.and_then(|p| cmap.get(&p).copied()),
            };
            vmap.insert(vi, enodes.len());
            node_vert.push(Some(vi));
            enodes.push(ENode {
                w: v.w,
                h: v.h,
                outline: shapes::outline(v.shape, v.w, v.h),
                cluster: cl,
            });
        }
        let mut subs: Vec<(usize, usize, ScopeOut)> = Vec::new(); // (cluster, engine node, out)
        let mut collmap: HashMap<usize, usize> = HashMap::new();
        for &d in &collapsed {
            let sd = self.fc.subgraphs[d].direction.unwrap_or(dir);
            let out = self.scope(Some(d), sd);
            let t = &self.titles[d];
            let w = (out.w + 2.0 * pad).max(t.width + 2.0 * pad);
            let h = out.h + 2.0 * pad + t.height + 4.0;
            let cl = self.sub_parent[d].and_then(|p| cmap.get(&p).copied());
            collmap.insert(d, enodes.len());
            subs.push((d, enodes.len(), out));
            node_vert.push(None);
            enodes.push(ENode {
                w,
                h,
                outline: shapes::outline(Shape::Rect, w, h),
                cluster: cl,
            });
        }
        // edges
        let mut eedges: Vec<EEdge> = Vec::new();
        let mut eidx: Vec<usize> = Vec::new();
        for (i, ends) in self.ends.iter().enumerate() {
            let Some((a, b)) = ends else { continue };
            let place = |e: End| -> Option<(usize, Option<usize>, bool)> {
                // (engine node, clip cluster, inside a collapsed block)
                match e {
                    End::Vert(v) => match rep_parent(self.verts[v].parent) {
                        Rep::In(_) => Some((vmap[&v], None, false)),
                        Rep::Coll(c) => Some((collmap[&c], None, true)),
                        Rep::Out => None,
                    },
                    End::Cluster(c) => {
                        if let Some(&n) = collmap.get(&c) {
                            return Some((n, None, false));
                        }
                        if Some(c) == scope {
                            return None;
                        }
                        match rep_parent(Some(c)) {
                            Rep::Out => None,
                            Rep::Coll(k) => Some((collmap[&k], None, true)),
                            Rep::In(_) => {
                                let leaf = self.first_leaf[c]?;
                                match rep_parent(self.verts[leaf].parent) {
                                    Rep::In(_) => Some((vmap[&leaf], cmap.get(&c).copied(), false)),
                                    Rep::Coll(k) => {
                                        Some((collmap[&k], cmap.get(&c).copied(), false))
                                    }
                                    Rep::Out => None,
                                }
                            }
                        }
                    }
                }
            };
            let (Some(pa), Some(pb)) = (place(*a), place(*b)) else {
                continue;
            };
            if pa.0 == pb.0 && (pa.2 || pb.2) {
                continue; // inside a block laid out on its own
            }
            let e = &self.fc.edges[i];
            eidx.push(i);
            eedges.push(EEdge {
                from: pa.0,
                to: pb.0,
                minlen: e.length.max(1),
                weight: 1,
                label: self.edge_labels[i]
                    .as_ref()
                    .map(|t| (t.width + 8.0, t.height + 4.0)),
                clip_from: if pa.0 == pb.0 { None } else { pa.1 },
                clip_to: if pa.0 == pb.0 { None } else { pb.1 },
            });
        }
        let res = engine::run(&enodes, &eedges, &eclusters, dir, &sp);
        let mut out = ScopeOut {
            verts: Vec::new(),
            edges: Vec::new(),
            clusters: Vec::new(),
            w: res.width,
            h: res.height,
        };
        for (k, nv) in node_vert.iter().enumerate() {
            if let Some(v) = nv {
                out.verts.push((*v, res.nodes[k]));
            }
        }
        for (k, g) in res.edges.into_iter().enumerate() {
            out.edges.push((eidx[k], g, dir));
        }
        for &d in &flat {
            if let Some(b) = res.clusters[cmap[&d]] {
                out.clusters.push((d, b, dir));
            }
        }
        for (d, node, sub) in subs {
            let (cx, cy) = res.nodes[node];
            let (w, h) = (enodes[node].w, enodes[node].h);
            let t = &self.titles[d];
            let ox = cx - w / 2.0 + (w - sub.w) / 2.0;
            let oy = cy - h / 2.0 + pad + t.height + 4.0;
            let sd = self.fc.subgraphs[d].direction.unwrap_or(dir);
            out.clusters.push((d, Rect { x: cx, y: cy, w, h }, sd));
            let mv = |p: Point| (p.0 + ox, p.1 + oy);
            for (v, p) in sub.verts {
                out.verts.push((v, mv(p)));
            }
            for (i, mut g, dd) in sub.edges {
                for c in g.path.iter_mut() {
                    for p in c.iter_mut() {
                        *p = mv(*p);
                    }
                }
                g.label = g.label.map(mv);
                out.edges.push((i, g, dd));
            }
            for (c, mut b, dd) in sub.clusters {
                (b.x, b.y) = mv((b.x, b.y));
                out.clusters.push((c, b, dd));
            }
        }
        out
    }

    fn assemble(&self, out: ScopeOut, measure: &dyn TextMeasure) -> Layout {
        let m = self.opts.margin;
        let mv = |p: Point| (p.0 + m, p.1 + m);
        let mut pos: Vec<Option<Point>> = vec![None; self.verts.len()];
        for (v, p) in out.verts {
            pos[v] = Some(mv(p));
        }
        let nodes: Vec<NodeLayout> = self
            .verts
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (x, y) = pos[i].unwrap_or((m, m));
                NodeLayout {
                    id: v.id.clone(),
                    index: v.index,
                    label: v.label.clone(),
                    shape: v.shape,
                    empty_subgraph: v.index.is_none(),
                    x,
                    y,
                    width: v.w,
                    height: v.h,
                }
            })
            .collect();
        let mut geo: Vec<Option<(EdgeGeom, Direction)>> =
            (0..self.fc.edges.len()).map(|_| None).collect();
        for (i, g, d) in out.edges {
            geo[i] = Some((g, d));
        }
        let mut edges = Vec::new();
        for (i, e) in self.fc.edges.iter().enumerate() {
            let Some((g, d)) = geo[i].take() else {
                continue;
            };
            let curve: Vec<Cubic> = g
                .path
                .iter()
                .map(|c| [mv(c[0]), mv(c[1]), mv(c[2]), mv(c[3])])
                .collect();
            let mut points: Vec<Point> = Vec::new();
            if let Some(c) = curve.first() {
                points.push(c[0]);
            }
            for c in &curve {
                points.push(c[3]);
            }
            let label = match (&self.edge_labels[i], g.label) {
                (Some(t), Some(p)) => {
                    let (x, y) = mv(p);
                    Some(EdgeLabelLayout {
                        text: t.clone(),
                        x,
                        y,
                        width: t.width + 8.0,
                        height: t.height + 4.0,
                    })
                }
                _ => None,
            };
            edges.push(EdgeLayout {
                index: i,
                from: e.from.clone(),
                to: e.to.clone(),
                kind: e.kind,
                label,
                points,
                curve,
                reversed: g.reversed,
                rank_dir: d,
            });
        }
        let mut subgraphs: Vec<SubgraphLayout> = out
            .clusters
            .into_iter()
            .map(|(c, b, d)| SubgraphLayout {
                id: self.fc.subgraphs[c].id.clone(),
                index: c,
                title: self.titles[c].clone(),
                parent: self.sub_parent[c].map(|p| self.fc.subgraphs[p].id.clone()),
                direction: d,
                x: b.x + m,
                y: b.y + m,
                width: b.w,
                height: b.h,
            })
            .collect();
        // outer before inner
        let depth = |c: usize| {
            let mut k = 0;
            let mut cur = self.sub_parent[c];
            while let Some(p) = cur {
                k += 1;
                if k > self.sub_parent.len() {
                    break;
                }
                cur = self.sub_parent[p];
            }
            k
        };
        subgraphs.sort_by_key(|s| (depth(s.index), s.index));
        let _ = &self.is_cluster;
        Layout {
            direction: self.fc.direction,
            width: out.w + 2.0 * m,
            height: out.h + 2.0 * m,
            font_size: self.opts.font_size,
            line_height: measure.line_height(self.opts.font_size),
            nodes,
            edges,
            subgraphs,
        }
    }
}
