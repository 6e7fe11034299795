//! The layered (Sugiyama) layout engine on an abstract graph: nodes with sizes and outline
//! polygons, edges with minimum lengths and label sizes, a tree of clusters. Flowcharts
//! use it today; class, state and ER diagrams will use it with their own node shapes.
//! Works in a top-to-bottom frame and turns the result for BT/LR/RL at the end.
//!
//! Steps (Sugiyama, Tagawa, Toda 1981; Gansner et al. 1993), one file each:
//! 1. [`rank`]: cycle breaking (DFS back edges are reversed for layout, drawn in their real
//!    direction); ranking by network simplex (§2, [`simplex`]) with each edge's minimum
//!    length (doubled when edge labels need a rank of their own, as dagre does); long
//!    edges split into dummy nodes, one per rank, the label as a sized dummy in the middle;
//!    clusters get zero-size placeholders in ranks they span but have no node in;
//! 2. [`order`](mod@order): crossing minimisation;
//! 3. [`coords`]: x coordinates by the auxiliary-graph network simplex of §4.2 (edge
//!    straightness weights Ω = 1, 2, 8), with cluster borders as variables so boxes
//!    contain their members and keep other nodes out; y coordinates from rank heights,
//!    leaving room for cluster titles and padding;
//! 4. [`route`]: vertical runs through each rank's band and cubic S-curves across the gaps
//!    between ranks (which hold no nodes), ends clipped to the node outline;
//! 5. this file: the turn into the final frame, moved to the origin.
//!
//! The engine knows no diagram type, no label text and no shape: a caller measures its
//! labels, sizes its nodes and hands over each node's outline.

mod coords;
mod order;
mod rank;
mod route;
mod simplex;

use super::geometry::{Cubic, Direction, Point};
use order::{OrderInput, order};

pub use route::{horizontal_exit, vertical_exit};

/// Layout settings. Distances in px.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Label font size (Mermaid's default is 16 px).
    pub font_size: f32,
    /// Labels wider than this are wrapped at line-break opportunities.
    pub max_label_width: f32,
    /// Horizontal gap between nodes in one rank (dagre's `nodesep`, 50).
    pub node_sep: f32,
    /// Gap between ranks (dagre's `ranksep`, 50).
    pub rank_sep: f32,
    /// Gap between an edge's dummy node and its neighbours (dagre's `edgesep`, 20).
    pub edge_sep: f32,
    /// Padding inside a subgraph box.
    pub cluster_pad: f32,
    /// Margin around the whole drawing.
    pub margin: f32,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            font_size: 16.0,
            max_label_width: 260.0,
            node_sep: 50.0,
            rank_sep: 50.0,
            edge_sep: 20.0,
            cluster_pad: 15.0,
            margin: 8.0,
        }
    }
}

/// Spacing settings, px.
#[derive(Debug, Clone, Copy)]
pub struct Spacing {
    /// Gap between neighbouring nodes in one rank.
    pub node_sep: f32,
    /// Gap between ranks.
    pub rank_sep: f32,
    /// Gap beside an edge's dummy and label nodes.
    pub edge_sep: f32,
    /// Padding inside a cluster box.
    pub cluster_pad: f32,
    /// Gap between a cluster box and what is beside it.
    pub cluster_margin: f32,
}

/// A node of the graph to lay out.
pub struct ENode {
    /// Final-frame width, px.
    pub w: f32,
    /// Final-frame height, px.
    pub h: f32,
    /// The node's outline as a polygon around its centre, in the final frame (px); edge
    /// ends are clipped to it.
    pub outline: Vec<(f32, f32)>,
    /// The innermost cluster holding the node.
    pub cluster: Option<usize>,
}

/// An edge of the graph to lay out.
pub struct EEdge {
    /// Index of the source node.
    pub from: usize,
    /// Index of the target node.
    pub to: usize,
    /// Minimum number of ranks between the ends (at least 1).
    pub minlen: u32,
    /// How much the edge wants to be short and straight.
    pub weight: i64,
    /// Final-frame label size, px.
    pub label: Option<(f32, f32)>,
    /// Clip the start at this cluster's box.
    pub clip_from: Option<usize>,
    /// Clip the end at this cluster's box.
    pub clip_to: Option<usize>,
}

/// A cluster: a box around its member nodes and clusters, with a title.
pub struct ECluster {
    /// The enclosing cluster.
    pub parent: Option<usize>,
    /// Final-frame title width, px.
    pub title_w: f32,
    /// Final-frame title height, px.
    pub title_h: f32,
}

/// A routed edge.
pub struct EdgeGeom {
    /// Cubic pieces from the source end to the target end, px.
    pub path: Vec<Cubic>,
    /// Centre of the label, px.
    pub label: Option<Point>,
    /// True when the edge was reversed to break a cycle.
    pub reversed: bool,
}

/// Axis-aligned box by centre and size, px.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rect {
    /// Centre x.
    pub x: f32,
    /// Centre y.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// The laid-out graph, origin at the top-left of the drawing.
pub struct EngineOutput {
    /// Centre of each node.
    pub nodes: Vec<Point>,
    /// Each edge, in input order.
    pub edges: Vec<EdgeGeom>,
    /// Box of each cluster (`None` for a cluster with nothing in it).
    pub clusters: Vec<Option<Rect>>,
    /// Width of the drawing, px.
    pub width: f32,
    /// Height of the drawing, px.
    pub height: f32,
}

fn horizontal(d: Direction) -> bool {
    matches!(d, Direction::LR | Direction::RL)
}

/// Lays out `nodes`, `edges` and `clusters` with ranks running in `dir`.
pub fn run(
    nodes: &[ENode],
    edges: &[EEdge],
    clusters: &[ECluster],
    dir: Direction,
    sp: &Spacing,
) -> EngineOutput {
    let g = Graph {
        nodes,
        edges,
        clusters,
        dir,
        hor: horizontal(dir),
        sp,
    };
    let lay = rank::build(&g);
    let rank::Layered {
        ln,
        up,
        down,
        segs,
        lpath,
        nranks,
        ..
    } = &lay;
    let (m, nc, nranks) = (ln.len(), clusters.len(), *nranks);
    let ranks_of: Vec<usize> = ln.iter().map(|l| l.rank).collect();
    let big = m + segs.len();
    let layers = order(&OrderInput {
        rank: &ranks_of,
        path: lpath,
        nclusters: nc,
        up,
        down,
        nranks,
        max_iter: if big > 6000 {
            4
        } else if big > 1500 {
            10
        } else {
            24
        },
    });
    let co = coords::place(&g, &lay, &layers);
    let geoms = route::route(&g, &lay, &co);

    // ---- turn into the final frame and normalise
    let node_pts: Vec<Point> = (0..nodes.len())
        .map(|v| (co.xs[v], co.ys[lay.rank[v]]))
        .collect();
    let mut out = EngineOutput {
        nodes: node_pts,
        edges: geoms,
        clusters: co.boxes,
        width: 0.0,
        height: 0.0,
    };
    finish(&mut out, nodes, edges, dir);
    out
}

/// The input of one run, with the frame it is laid out in.
#[derive(Clone, Copy)]
struct Graph<'a> {
    nodes: &'a [ENode],
    edges: &'a [EEdge],
    clusters: &'a [ECluster],
    dir: Direction,
    /// True for LR/RL: the internal frame is the final one turned by a quarter.
    hor: bool,
    sp: &'a Spacing,
}

impl Graph<'_> {
    /// A final-frame size `(w, h)` in the internal frame.
    fn isz(&self, w: f32, h: f32) -> (f32, f32) {
        if self.hor { (h, w) } else { (w, h) }
    }
}

/// How many simplex exchanges a problem of `size` nodes and edges may take.
fn iter_budget(size: usize) -> usize {
    (12_000_000 / size.max(1)).clamp(20, 5000)
}

/// Turns the internal top-to-bottom frame into `dir` and moves the drawing to (0, 0).
fn finish(out: &mut EngineOutput, nodes: &[ENode], edges: &[EEdge], dir: Direction) {
    let hor = horizontal(dir);
    // bounding box in the internal frame
    let mut minx = f32::INFINITY;
    let mut miny = f32::INFINITY;
    let mut maxx = f32::NEG_INFINITY;
    let mut maxy = f32::NEG_INFINITY;
    let mut add = |x: f32, y: f32, w: f32, h: f32| {
        minx = minx.min(x - w / 2.0);
        maxx = maxx.max(x + w / 2.0);
        miny = miny.min(y - h / 2.0);
        maxy = maxy.max(y + h / 2.0);
    };
    for (v, p) in out.nodes.iter().enumerate() {
        let (w, h) = if hor {
            (nodes[v].h, nodes[v].w)
        } else {
            (nodes[v].w, nodes[v].h)
        };
        add(p.0, p.1, w, h);
    }
    for b in out.clusters.iter().flatten() {
        add(b.x, b.y, b.w, b.h);
    }
    for (i, g) in out.edges.iter().enumerate() {
        for c in &g.path {
            for p in c {
                add(p.0, p.1, 0.0, 0.0);
            }
        }
        if let (Some(p), Some((w, h))) = (g.label, edges[i].label) {
            let (w, h) = if hor { (h, w) } else { (w, h) };
            add(p.0, p.1, w, h);
        }
    }
    if !minx.is_finite() {
        minx = 0.0;
        miny = 0.0;
        maxx = 0.0;
        maxy = 0.0;
    }
    let (iw, ih) = (maxx - minx, maxy - miny);
    let tf = |p: Point| -> Point {
        let (x, y) = (p.0 - minx, p.1 - miny);
        match dir {
            Direction::TB => (x, y),
            Direction::BT => (x, ih - y),
            Direction::LR => (y, x),
            Direction::RL => (ih - y, x),
        }
    };
    for p in out.nodes.iter_mut() {
        *p = tf(*p);
    }
    for g in out.edges.iter_mut() {
        for c in g.path.iter_mut() {
            for p in c.iter_mut() {
                *p = tf(*p);
            }
        }
        if let Some(p) = g.label.as_mut() {
            *p = tf(*p);
        }
    }
    for b in out.clusters.iter_mut().flatten() {
        let (x, y) = tf((b.x, b.y));
        let (w, h) = if hor { (b.h, b.w) } else { (b.w, b.h) };
        *b = Rect { x, y, w, h };
    }
    if hor {
        out.width = ih;
        out.height = iw;
    } else {
        out.width = iw;
        out.height = ih;
    }
}
