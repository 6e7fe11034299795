//! Layout of a state diagram on the shared layered engine
//! ([`crate::mermaid::common::layout`], the one flowcharts use).
//!
//! States and notes are the engine's nodes, sized for their shapes ([`shapes`]);
//! composites and their concurrency regions are clusters. As in Mermaid's dagre renderer,
//! a composite (or region) that no transition crosses is laid out on its own, in its own
//! `direction`, and placed as one block; others stay clusters of the enclosing layout (in
//! its direction). A note hangs off its state by a short link, the note before the state
//! for `left of` and after it for `right of`, as Mermaid links them. Transitions to a
//! composite end on its box.
//!
//! **Coordinates**: px, origin at the top-left of the drawing, y down; `x`/`y` are box
//! centres, `width`/`height` full sizes.

use std::collections::HashMap;

use super::model::{Direction, StateDiagram, StateKind};
use super::shapes::{self, Shape};
use crate::mermaid::common::geometry::{Cubic, Point};
use crate::mermaid::common::label::{Label, LabelKind};
use crate::mermaid::common::layout::{
    self as engine, ECluster, EEdge, ENode, EdgeGeom, LayoutOptions, Rect, Spacing,
};
use crate::mermaid::common::measure::{TextBlock, TextMeasure, measure_label};

/// A placed state (not a composite).
#[derive(Debug, Clone, PartialEq)]
pub struct StateBox {
    /// The state id.
    pub id: String,
    /// Index into [`StateDiagram::states`].
    pub index: usize,
    /// Its shape.
    pub shape: Shape,
    /// The label (empty for pseudo-states).
    pub label: TextBlock,
    /// Further descriptions, drawn under a line (empty when none).
    pub descriptions: TextBlock,
    /// Centre x, px.
    pub x: f32,
    /// Centre y, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
}

/// A placed composite state: a titled box, split into regions by dashed lines.
#[derive(Debug, Clone, PartialEq)]
pub struct CompositeBox {
    /// The state id.
    pub id: String,
    /// Index into [`StateDiagram::states`].
    pub index: usize,
    /// The title.
    pub title: TextBlock,
    /// Height of the title bar, px.
    pub title_height: f32,
    /// Nesting depth (0 for a top-level composite).
    pub depth: usize,
    /// Centre x, px.
    pub x: f32,
    /// Centre y, px.
    pub y: f32,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
    /// Dashed separators between regions, as line segments.
    pub separators: Vec<(Point, Point)>,
}

/// A placed note.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteBox {
    /// The id of the state it belongs to.
    pub state: String,
    /// Index into [`StateDiagram::notes`].
    pub index: usize,
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

/// A transition's label box.
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

/// A routed transition (or a note's link, with `index` `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct EdgePath {
    /// Index into [`StateDiagram::transitions`]; `None` for a note link.
    pub index: Option<usize>,
    /// The route as cubic pieces from the source end to the target end, px.
    pub curve: Vec<Cubic>,
    /// The label, if any.
    pub label: Option<EdgeLabel>,
}

/// A laid-out state diagram.
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
    /// States that are not composites.
    pub states: Vec<StateBox>,
    /// Composite boxes, outer before inner.
    pub composites: Vec<CompositeBox>,
    /// Notes.
    pub notes: Vec<NoteBox>,
    /// Transitions, then note links.
    pub edges: Vec<EdgePath>,
    /// The diagram title (front matter `title`), centred above the drawing: the text and
    /// the top of its first line, px.
    pub title: Option<(TextBlock, f32)>,
}

/// Font size of the diagram title, px (Mermaid's `statediagramTitleText`).
pub const TITLE_FONT_PX: f32 = 18.0;

impl Layout {
    /// Moves everything by `(dx, dy)` px (the size is the caller's).
    fn shift(&mut self, dx: f32, dy: f32) {
        let mv = |p: &mut Point| {
            p.0 += dx;
            p.1 += dy;
        };
        for s in &mut self.states {
            (s.x, s.y) = (s.x + dx, s.y + dy);
        }
        for n in &mut self.notes {
            (n.x, n.y) = (n.x + dx, n.y + dy);
        }
        for c in &mut self.composites {
            (c.x, c.y) = (c.x + dx, c.y + dy);
            for (a, b) in &mut c.separators {
                mv(a);
                mv(b);
            }
        }
        for e in &mut self.edges {
            for c in &mut e.curve {
                c.iter_mut().for_each(mv);
            }
            if let Some(l) = &mut e.label {
                (l.x, l.y) = (l.x + dx, l.y + dy);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum End {
    Vert(usize),
    Cluster(usize),
}

enum VKind {
    State(usize),
    Note(usize),
}

struct Vert {
    kind: VKind,
    shape: Shape,
    label: TextBlock,
    descriptions: TextBlock,
    /// Size for a top-to-bottom layout; bars turn in LR/RL.
    w: f32,
    h: f32,
    cluster: Option<usize>,
}

struct Clu {
    /// The composite state.
    state: usize,
    /// Region index within the composite, for a region.
    region: Option<usize>,
    parent: Option<usize>,
    dir: Direction,
    title: TextBlock,
    title_h: f32,
    children: Vec<usize>,
}

struct Ctx<'a> {
    opts: &'a LayoutOptions,
    verts: Vec<Vert>,
    clus: Vec<Clu>,
    roots: Vec<usize>,
    /// (ends, label size, transition index)
    edges: Vec<(End, End, Option<TextBlock>, Option<usize>)>,
}

struct ScopeOut {
    verts: Vec<(usize, Point, Direction)>,
    edges: Vec<(usize, EdgeGeom)>,
    clusters: Vec<(usize, Rect)>,
    w: f32,
    h: f32,
}

fn horizontal(d: Direction) -> bool {
    matches!(d, Direction::LR | Direction::RL)
}

fn text(raw: &str, m: &dyn TextMeasure, o: &LayoutOptions) -> TextBlock {
    let l = Label::from_mermaid_text(raw, LabelKind::Text);
    measure_label(&l, m, o.font_size, o.max_label_width)
}

/// Lays out `sd`, measuring text with `measure`. Never panics; time is bounded by the
/// engine's iteration caps.
pub fn layout(sd: &StateDiagram, measure: &dyn TextMeasure, opts: &LayoutOptions) -> Layout {
    let ctx = Ctx::new(sd, measure, opts);
    let out = ctx.scope(None, sd.direction);
    let mut lay = ctx.assemble(sd, out, measure);
    if let Some(t) = sd.title.as_deref().filter(|t| !t.trim().is_empty()) {
        let l = Label::from_mermaid_text(t, LabelKind::Text);
        let tb = measure_label(&l, measure, TITLE_FONT_PX, f32::INFINITY);
        let lh = measure.line_height(TITLE_FONT_PX);
        let dy = tb.lines.len() as f32 * lh + 8.0;
        let extra = (tb.width + 2.0 * opts.margin - lay.width).max(0.0);
        lay.shift(extra / 2.0, dy);
        lay.width += extra;
        lay.height += dy;
        lay.title = Some((tb, opts.margin));
    }
    lay
}

impl<'a> Ctx<'a> {
    fn new(sd: &StateDiagram, m: &dyn TextMeasure, opts: &'a LayoutOptions) -> Ctx<'a> {
        let mut clus: Vec<Clu> = Vec::new();
        let mut comp_of: HashMap<&str, usize> = HashMap::new();
        let mut region_of: HashMap<(&str, usize), usize> = HashMap::new();
        for (i, s) in sd.states.iter().enumerate() {
            if s.kind == Some(StateKind::Composite) && !comp_of.contains_key(s.id.as_str()) {
                let title = text(s.label.as_deref().unwrap_or(&s.id), m, opts);
                let title_h = title.height + 8.0;
                comp_of.insert(s.id.as_str(), clus.len());
                clus.push(Clu {
                    state: i,
                    region: None,
                    parent: None,
                    dir: s.dir.unwrap_or_default(),
                    title,
                    title_h,
                    children: Vec::new(),
                });
                for k in 0..s.regions {
                    region_of.insert((s.id.as_str(), k), clus.len());
                    clus.push(Clu {
                        state: i,
                        region: Some(k),
                        parent: Some(clus.len() - 1 - k),
                        dir: s.region_dirs.get(k).copied().unwrap_or_default(),
                        title: TextBlock::default(),
                        title_h: 0.0,
                        children: Vec::new(),
                    });
                }
            }
        }
        let owner = |parent: Option<&str>, region: Option<usize>| -> Option<usize> {
            let p = parent?;
            match region {
                Some(k) => region_of.get(&(p, k)).or_else(|| comp_of.get(p)).copied(),
                None => comp_of.get(p).copied(),
            }
        };
        // composites nest in their parents (cycles are cut)
        for c in 0..clus.len() {
            if clus[c].region.is_some() {
                continue;
            }
            let s = &sd.states[clus[c].state];
            let mut p = owner(s.parent.as_deref(), s.region);
            let mut cur = p;
            let mut guard = 0;
            while let Some(q) = cur {
                guard += 1;
                if q == c || guard > clus.len() {
                    p = None;
                    break;
                }
                cur = clus[q].parent;
            }
            clus[c].parent = p;
        }
        let mut roots = Vec::new();
        for c in 0..clus.len() {
            match clus[c].parent {
                Some(p) => clus[p].children.push(c),
                None => roots.push(c),
            }
        }
        let mut verts: Vec<Vert> = Vec::new();
        let mut vert_of: HashMap<&str, usize> = HashMap::new();
        for (i, s) in sd.states.iter().enumerate() {
            if s.kind == Some(StateKind::Composite) || vert_of.contains_key(s.id.as_str()) {
                continue;
            }
            let shape = Shape::of(s.kind, !s.descriptions.is_empty());
            let label = if shape.has_label() {
                text(s.label.as_deref().unwrap_or(&s.id), m, opts)
            } else {
                TextBlock::default()
            };
            let descriptions = if s.descriptions.is_empty() {
                TextBlock::default()
            } else {
                text(&s.descriptions.join("<br>"), m, opts)
            };
            let (w, h) = shapes::size(shape, &label, &descriptions);
            vert_of.insert(s.id.as_str(), verts.len());
            verts.push(Vert {
                kind: VKind::State(i),
                shape,
                label,
                descriptions,
                w,
                h,
                cluster: owner(s.parent.as_deref(), s.region),
            });
        }
        let end_of = |id: &str| -> Option<End> {
            if let Some(&c) = comp_of.get(id) {
                return Some(End::Cluster(c));
            }
            vert_of.get(id).map(|&v| End::Vert(v))
        };
        let mut edges = Vec::new();
        for (i, t) in sd.transitions.iter().enumerate() {
            let (Some(a), Some(b)) = (end_of(&t.from), end_of(&t.to)) else {
                continue;
            };
            let label = t
                .label
                .as_deref()
                .map(|l| text(l, m, opts))
                .filter(|l| !l.plain_text().trim().is_empty());
            edges.push((a, b, label, Some(i)));
        }
        for (i, n) in sd.notes.iter().enumerate() {
            let Some(st) = end_of(&n.state) else { continue };
            let t = text(&n.text.replace('\n', "<br>"), m, opts);
            let (w, h) = shapes::size(Shape::Note, &t, &TextBlock::default());
            let cluster = match st {
                End::Vert(v) => verts[v].cluster,
                End::Cluster(c) => clus[c].parent,
            };
            let v = verts.len();
            verts.push(Vert {
                kind: VKind::Note(i),
                shape: Shape::Note,
                label: t,
                descriptions: TextBlock::default(),
                w,
                h,
                cluster,
            });
            let (a, b) = match n.side {
                super::model::NoteSide::Left => (End::Vert(v), st),
                super::model::NoteSide::Right => (st, End::Vert(v)),
            };
            edges.push((a, b, None, None));
        }
        Ctx {
            opts,
            verts,
            clus,
            roots,
            edges,
        }
    }

    fn within(&self, a: usize, d: usize) -> bool {
        let mut cur = Some(a);
        let mut guard = 0;
        while let Some(c) = cur {
            if c == d {
                return true;
            }
            guard += 1;
            if guard > self.clus.len() {
                return false;
            }
            cur = self.clus[c].parent;
        }
        false
    }

    fn inside(&self, e: End, d: usize) -> bool {
        match e {
            End::Vert(v) => self.verts[v].cluster.is_some_and(|p| self.within(p, d)),
            End::Cluster(c) => c != d && self.within(c, d),
        }
    }

    /// True when no edge crosses the border of cluster `d`.
    fn isolated(&self, d: usize) -> bool {
        for (a, b, _, _) in &self.edges {
            let (ia, ib) = (self.inside(*a, d), self.inside(*b, d));
            let (da, db) = (*a == End::Cluster(d), *b == End::Cluster(d));
            if (da && ib) || (db && ia) || (ia != ib && !(da || db)) {
                return false;
            }
        }
        true
    }

    fn spacing(&self) -> Spacing {
        Spacing {
            node_sep: self.opts.node_sep,
            rank_sep: self.opts.rank_sep,
            edge_sep: self.opts.edge_sep,
            cluster_pad: self.opts.cluster_pad,
            cluster_margin: self.opts.cluster_pad,
        }
    }

    /// Lays out what lies directly in `scope` (the whole diagram for `None`) in `dir`.
    fn scope(&self, scope: Option<usize>, dir: Direction) -> ScopeOut {
        let pad = self.opts.cluster_pad;
        let mut flat: Vec<usize> = Vec::new();
        let mut collapsed: Vec<usize> = Vec::new();
        let mut stack: Vec<usize> = match scope {
            Some(s) => self.clus[s].children.clone(),
            None => self.roots.clone(),
        };
        stack.reverse();
        while let Some(d) = stack.pop() {
            if self.isolated(d) {
                collapsed.push(d);
            } else {
                flat.push(d);
                for &c in self.clus[d].children.iter().rev() {
                    stack.push(c);
                }
            }
        }
        let mut cmap: HashMap<usize, usize> = HashMap::new();
        let mut eclusters: Vec<ECluster> = Vec::new();
        for &d in &flat {
            cmap.insert(d, eclusters.len());
            eclusters.push(ECluster {
                parent: None,
                title_w: self.clus[d].title.width + 16.0,
                title_h: self.clus[d].title_h,
            });
        }
        for &d in &flat {
            eclusters[cmap[&d]].parent = self.clus[d].parent.and_then(|p| cmap.get(&p).copied());
        }
        #[derive(Clone, Copy, PartialEq)]
        enum Rep {
            In,
            Coll(usize),
            Out,
        }
        let rep = |mut p: Option<usize>| -> Rep {
            let mut guard = 0;
            loop {
                if p == scope {
                    return Rep::In;
                }
                let Some(c) = p else { return Rep::Out };
                if collapsed.contains(&c) {
                    return Rep::Coll(c);
                }
                guard += 1;
                if guard > self.clus.len() {
                    return Rep::Out;
                }
                p = self.clus[c].parent;
            }
        };
        let hor = horizontal(dir);
        let mut enodes: Vec<ENode> = Vec::new();
        let mut node_vert: Vec<Option<usize>> = Vec::new();
        let mut vmap: HashMap<usize, usize> = HashMap::new();
        for (vi, v) in self.verts.iter().enumerate() {
            if rep(v.cluster) != Rep::In {
                continue;
            }
            let (w, h) = if hor && v.shape.is_bar() {
                (v.h, v.w)
            } else {
                (v.w, v.h)
            };
            vmap.insert(vi, enodes.len());
            node_vert.push(Some(vi));
            enodes.push(ENode {
                w,
                h,
                outline: shapes::outline(v.shape, w, h),
                cluster: v.cluster.and_then(|p| cmap.get(&p).copied()),
            });
        }
        let mut subs: Vec<(usize, usize, ScopeOut)> = Vec::new();
        let mut collmap: HashMap<usize, usize> = HashMap::new();
        for &d in &collapsed {
            let out = self.scope(Some(d), self.clus[d].dir);
            let c = &self.clus[d];
            let w = (out.w + 2.0 * pad).max(c.title.width + 2.0 * pad);
            let h = out.h + 2.0 * pad + c.title_h;
            collmap.insert(d, enodes.len());
            subs.push((d, enodes.len(), out));
            node_vert.push(None);
            enodes.push(ENode {
                w,
                h,
                outline: shapes::outline(Shape::Rect, w, h),
                cluster: c.parent.and_then(|p| cmap.get(&p).copied()),
            });
        }
        // engine nodes inside each flat cluster, for edges that end on its box: the first
        // one (usually the region's start) for edges into it, the last one (usually its
        // end) for edges out of it
        let mut leaf: HashMap<usize, usize> = HashMap::new();
        let mut last_leaf: HashMap<usize, usize> = HashMap::new();
        for (k, n) in enodes.iter().enumerate() {
            let mut cur = n.cluster;
            let mut guard = 0;
            while let Some(c) = cur {
                leaf.entry(c).or_insert(k);
                last_leaf.insert(c, k);
                guard += 1;
                if guard > eclusters.len() {
                    break;
                }
                cur = eclusters[c].parent;
            }
        }
        let mut eedges: Vec<EEdge> = Vec::new();
        let mut eidx: Vec<usize> = Vec::new();
        for (i, (a, b, label, _)) in self.edges.iter().enumerate() {
            let place = |e: End, is_source: bool| -> Option<(usize, Option<usize>, bool)> {
                match e {
                    End::Vert(v) => match rep(self.verts[v].cluster) {
                        Rep::In => Some((vmap[&v], None, false)),
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
                        match rep(Some(c)) {
                            Rep::Out => None,
                            Rep::Coll(k) => Some((collmap[&k], None, true)),
                            Rep::In => {
                                let ec = *cmap.get(&c)?;
                                let pick = if is_source { &last_leaf } else { &leaf };
                                Some((*pick.get(&ec)?, Some(ec), false))
                            }
                        }
                    }
                }
            };
            let (Some(pa), Some(pb)) = (place(*a, true), place(*b, false)) else {
                continue;
            };
            if pa.0 == pb.0 && (pa.2 || pb.2) {
                continue;
            }
            eidx.push(i);
            eedges.push(EEdge {
                from: pa.0,
                to: pb.0,
                minlen: 1,
                weight: 1,
                label: label.as_ref().map(|t| (t.width + 8.0, t.height + 4.0)),
                clip_from: if pa.0 == pb.0 { None } else { pa.1 },
                clip_to: if pa.0 == pb.0 { None } else { pb.1 },
            });
        }
        let res = engine::run(&enodes, &eedges, &eclusters, dir, &self.spacing());
        let mut out = ScopeOut {
            verts: Vec::new(),
            edges: Vec::new(),
            clusters: Vec::new(),
            w: res.width,
            h: res.height,
        };
        for (k, nv) in node_vert.iter().enumerate() {
            if let Some(v) = nv {
                out.verts.push((*v, res.nodes[k], dir));
            }
        }
        for (k, g) in res.edges.into_iter().enumerate() {
            out.edges.push((eidx[k], g));
        }
        for &d in &flat {
            if let Some(b) = res.clusters[cmap[&d]] {
                out.clusters.push((d, b));
            }
        }
        for (d, node, sub) in subs {
            let (cx, cy) = res.nodes[node];
            let (w, h) = (enodes[node].w, enodes[node].h);
            let ox = cx - w / 2.0 + (w - sub.w) / 2.0;
            let oy = cy - h / 2.0 + pad + self.clus[d].title_h;
            out.clusters.push((d, Rect { x: cx, y: cy, w, h }));
            let mv = |p: Point| (p.0 + ox, p.1 + oy);
            for (v, p, dd) in sub.verts {
                out.verts.push((v, mv(p), dd));
            }
            for (i, mut g) in sub.edges {
                for c in g.path.iter_mut() {
                    for p in c.iter_mut() {
                        *p = mv(*p);
                    }
                }
                g.label = g.label.map(mv);
                out.edges.push((i, g));
            }
            for (c, mut b) in sub.clusters {
                (b.x, b.y) = mv((b.x, b.y));
                out.clusters.push((c, b));
            }
        }
        out
    }

    fn depth(&self, c: usize) -> usize {
        let mut k = 0;
        let mut cur = self.clus[c].parent;
        while let Some(p) = cur {
            k += 1;
            if k > self.clus.len() {
                break;
            }
            cur = self.clus[p].parent;
        }
        k
    }

    fn assemble(&self, sd: &StateDiagram, out: ScopeOut, measure: &dyn TextMeasure) -> Layout {
        let m = self.opts.margin;
        let mv = |p: Point| (p.0 + m, p.1 + m);
        let mut states = Vec::new();
        let mut notes = Vec::new();
        for (v, p, dir) in out.verts {
            let vt = &self.verts[v];
            let (x, y) = mv(p);
            let (w, h) = if horizontal(dir) && vt.shape.is_bar() {
                (vt.h, vt.w)
            } else {
                (vt.w, vt.h)
            };
            match vt.kind {
                VKind::State(index) => states.push(StateBox {
                    id: sd.states[index].id.clone(),
                    index,
                    shape: vt.shape,
                    label: vt.label.clone(),
                    descriptions: vt.descriptions.clone(),
                    x,
                    y,
                    width: w,
                    height: h,
                }),
                VKind::Note(index) => notes.push(NoteBox {
                    state: sd.notes[index].state.clone(),
                    index,
                    text: vt.label.clone(),
                    x,
                    y,
                    width: w,
                    height: h,
                }),
            }
        }
        states.sort_by_key(|s| s.index);
        notes.sort_by_key(|n| n.index);
        let mut edges: Vec<EdgePath> = Vec::new();
        let mut geo: Vec<(usize, EdgeGeom)> = out.edges;
        geo.sort_by_key(|(i, _)| *i);
        for (i, g) in geo {
            let (_, _, label, index) = &self.edges[i];
            let curve: Vec<Cubic> = g
                .path
                .iter()
                .map(|c| [mv(c[0]), mv(c[1]), mv(c[2]), mv(c[3])])
                .collect();
            let label = match (label, g.label) {
                (Some(t), Some(p)) => {
                    let (x, y) = mv(p);
                    Some(EdgeLabel {
                        text: t.clone(),
                        x,
                        y,
                        width: t.width + 8.0,
                        height: t.height + 4.0,
                    })
                }
                _ => None,
            };
            edges.push(EdgePath {
                index: *index,
                curve,
                label,
            });
        }
        // composites from their cluster boxes; regions give the separators
        let mut boxes: HashMap<usize, Rect> = HashMap::new();
        for (c, b) in out.clusters {
            boxes.insert(
                c,
                Rect {
                    x: b.x + m,
                    y: b.y + m,
                    ..b
                },
            );
        }
        let mut composites = Vec::new();
        for (c, cl) in self.clus.iter().enumerate() {
            if cl.region.is_some() {
                continue;
            }
            let Some(b) = boxes.get(&c).copied() else {
                continue;
            };
            let regions: Vec<Rect> = cl
                .children
                .iter()
                .filter(|&&r| self.clus[r].region.is_some())
                .filter_map(|r| boxes.get(r).copied())
                .collect();
            composites.push(CompositeBox {
                id: sd.states[cl.state].id.clone(),
                index: cl.state,
                title: cl.title.clone(),
                title_height: cl.title_h,
                depth: self.depth(c),
                x: b.x,
                y: b.y,
                width: b.w,
                height: b.h,
                separators: separators(&b, cl.title_h, &regions),
            });
        }
        composites.sort_by_key(|c| (c.depth, c.index));
        Layout {
            width: out.w + 2.0 * m,
            height: out.h + 2.0 * m,
            font_size: self.opts.font_size,
            line_height: measure.line_height(self.opts.font_size),
            states,
            composites,
            notes,
            edges,
            title: None,
        }
    }
}

/// Dashed lines between neighbouring regions of a composite box `b` (title bar
/// `title_h` high): vertical between regions side by side, horizontal between stacked
/// ones.
fn separators(b: &Rect, title_h: f32, regions: &[Rect]) -> Vec<(Point, Point)> {
    if regions.len() < 2 {
        return Vec::new();
    }
    let (left, right) = (b.x - b.w / 2.0, b.x + b.w / 2.0);
    let (top, bottom) = (b.y - b.h / 2.0 + title_h, b.y + b.h / 2.0);
    let span_x = |r: &Rect| (r.x - r.w / 2.0, r.x + r.w / 2.0);
    let span_y = |r: &Rect| (r.y - r.h / 2.0, r.y + r.h / 2.0);
    let mut rs: Vec<Rect> = regions.to_vec();
    // side by side when no two regions share an x range
    rs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let side = rs
        .windows(2)
        .all(|w| span_x(&w[0]).1 <= span_x(&w[1]).0 + 0.5);
    let mut out = Vec::new();
    if side {
        for w in rs.windows(2) {
            let x = (span_x(&w[0]).1 + span_x(&w[1]).0) / 2.0;
            out.push(((x, top), (x, bottom)));
        }
        return out;
    }
    rs.sort_by(|a, b| a.y.total_cmp(&b.y));
    if rs
        .windows(2)
        .all(|w| span_y(&w[0]).1 <= span_y(&w[1]).0 + 0.5)
    {
        for w in rs.windows(2) {
            let y = (span_y(&w[0]).1 + span_y(&w[1]).0) / 2.0;
            out.push(((left, y), (right, y)));
        }
    }
    out
}
