//! The layered (Sugiyama) pipeline on an abstract graph: nodes with sizes, edges with
//! minimum lengths and label sizes, a tree of clusters. Works in a top-to-bottom frame
//! and turns the result for BT/LR/RL at the end.
//!
//! Steps (Sugiyama, Tagawa, Toda 1981; Gansner et al. 1993):
//! 1. cycle breaking: DFS back edges are reversed for layout, drawn in their real direction;
//! 2. ranking: network simplex (§2) with each edge's minimum length (doubled when edge
//!    labels need a rank of their own, as dagre does);
//! 3. long edges split into dummy nodes, one per rank, the label as a sized dummy in the
//!    middle; clusters get zero-size placeholders in ranks they span but have no node in;
//! 4. ordering: see [`order`];
//! 5. x coordinates: the auxiliary-graph network simplex of §4.2 (edge straightness
//!    weights Ω = 1, 2, 8), with cluster borders as variables so boxes contain their
//!    members and keep other nodes out;
//! 6. y coordinates from rank heights, leaving room for cluster titles and padding;
//! 7. routing: vertical runs through each rank's band and cubic S-curves across the gaps
//!    between ranks (which hold no nodes), ends clipped to the node outline.

mod order;
mod simplex;

use super::geometry::{Cubic, Direction, Point};
use order::{OrderInput, order};
use simplex::{NsEdge, solve};

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
    pub node_sep: f32,
    pub rank_sep: f32,
    pub edge_sep: f32,
    pub cluster_pad: f32,
    pub cluster_margin: f32,
}

pub struct ENode {
    /// Final-frame width and height.
    pub w: f32,
    pub h: f32,
    /// The node's outline as a polygon around its centre, in the final frame (px); edge
    /// ends are clipped to it.
    pub outline: Vec<(f32, f32)>,
    pub cluster: Option<usize>,
}

pub struct EEdge {
    pub from: usize,
    pub to: usize,
    pub minlen: u32,
    pub weight: i64,
    /// Final-frame label size.
    pub label: Option<(f32, f32)>,
    /// Clip the start at this cluster's box.
    pub clip_from: Option<usize>,
    /// Clip the end at this cluster's box.
    pub clip_to: Option<usize>,
}

pub struct ECluster {
    pub parent: Option<usize>,
    pub title_w: f32,
    pub title_h: f32,
}

pub struct EdgeGeom {
    pub path: Vec<Cubic>,
    pub label: Option<Point>,
    pub reversed: bool,
}

/// Axis-aligned box by centre and size.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

pub struct EngineOutput {
    pub nodes: Vec<Point>,
    pub edges: Vec<EdgeGeom>,
    pub clusters: Vec<Option<Rect>>,
    pub width: f32,
    pub height: f32,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Real(usize),
    Dummy,
    Label,
    Place,
}

struct LNode {
    kind: Kind,
    rank: usize,
    /// internal-frame extents
    left: f32,
    right: f32,
    h: f32,
    cluster: Option<usize>,
}

fn horizontal(d: Direction) -> bool {
    matches!(d, Direction::LR | Direction::RL)
}

/// Runs the pipeline.
pub fn run(
    nodes: &[ENode],
    edges: &[EEdge],
    clusters: &[ECluster],
    dir: Direction,
    sp: &Spacing,
) -> EngineOutput {
    let hor = horizontal(dir);
    let n = nodes.len();
    let isz = |w: f32, h: f32| if hor { (h, w) } else { (w, h) };
    // cluster paths (outermost first), with cycle protection
    let nc = clusters.len();
    let mut cpath: Vec<Vec<usize>> = Vec::with_capacity(nc);
    for c in 0..nc {
        let mut p = vec![c];
        let mut cur = clusters[c].parent;
        while let Some(q) = cur {
            if p.contains(&q) || p.len() > nc {
                break;
            }
            p.push(q);
            cur = clusters[q].parent;
        }
        p.reverse();
        cpath.push(p);
    }
    let node_path =
        |cl: Option<usize>| -> Vec<usize> { cl.map(|c| cpath[c].clone()).unwrap_or_default() };

    // ---- self loops and cycle breaking
    let mut loops: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut reversed = vec![false; edges.len()];
    {
        let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        for (i, e) in edges.iter().enumerate() {
            if e.from == e.to {
                loops[e.from].push(i);
            } else {
                out[e.from].push((e.to, i));
            }
        }
        // 0 = new, 1 = on stack, 2 = done
        let mut state = vec![0u8; n];
        for s in 0..n {
            if state[s] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(s, 0)];
            state[s] = 1;
            while let Some(&mut (v, ref mut k)) = stack.last_mut() {
                if *k < out[v].len() {
                    let (w, ei) = out[v][*k];
                    *k += 1;
                    match state[w] {
                        0 => {
                            state[w] = 1;
                            stack.push((w, 0));
                        }
                        1 => reversed[ei] = true,
                        _ => {}
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
    }
    let has_labels = edges.iter().any(|e| e.label.is_some() && e.from != e.to);
    let factor: u32 = if has_labels { 2 } else { 1 };
    let ranksep = sp.rank_sep / factor as f32;

    // ---- ranking
    let top_bot = |i: usize| {
        let e = &edges[i];
        if reversed[i] {
            (e.to, e.from)
        } else {
            (e.from, e.to)
        }
    };
    let ns_edges: Vec<NsEdge> = (0..edges.len())
        .filter(|&i| edges[i].from != edges[i].to)
        .map(|i| {
            let (u, v) = top_bot(i);
            NsEdge {
                u,
                v,
                minlen: (edges[i].minlen.clamp(1, 20) * factor) as i64,
                weight: edges[i].weight,
            }
        })
        .collect();
    let budget = iter_budget(n + ns_edges.len());
    let rank: Vec<usize> = solve(n, &ns_edges, budget)
        .unwrap_or_else(|| vec![0; n])
        .into_iter()
        .map(|r| r.max(0) as usize)
        .collect();

    // ---- self-loop extents (internal frame, on the right side)
    let mut loop_right = vec![0.0f32; n];
    let mut band_h = vec![0.0f32; n];
    for v in 0..n {
        let (_, ih) = isz(nodes[v].w, nodes[v].h);
        band_h[v] = ih;
        if loops[v].is_empty() {
            continue;
        }
        let k = loops[v].len();
        let reach = 0.75 * loop_len(k - 1);
        let mut lw: f32 = 0.0;
        let mut lh: f32 = 0.0;
        for &ei in &loops[v] {
            if let Some((w, h)) = edges[ei].label {
                let (w, h) = isz(w, h);
                lw = lw.max(w);
                lh += h + 4.0;
            }
        }
        loop_right[v] = reach + if lw > 0.0 { 8.0 + lw } else { 0.0 } + 4.0;
        band_h[v] = band_h[v].max(lh);
    }

    // ---- layered graph
    let mut ln: Vec<LNode> = Vec::with_capacity(n * 2);
    for v in 0..n {
        let (iw, _) = isz(nodes[v].w, nodes[v].h);
        ln.push(LNode {
            kind: Kind::Real(v),
            rank: rank[v],
            left: iw / 2.0,
            right: iw / 2.0 + loop_right[v],
            h: band_h[v],
            cluster: nodes[v].cluster,
        });
    }
    let lca = |a: Option<usize>, b: Option<usize>| -> Option<usize> {
        let (pa, pb) = (node_path(a), node_path(b));
        let mut r = None;
        for (x, y) in pa.iter().zip(pb.iter()) {
            if x == y {
                r = Some(*x);
            } else {
                break;
            }
        }
        r
    };
    // chains[i]: layered nodes from top to bottom (empty for self loops)
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); edges.len()];
    let mut label_node: Vec<Option<usize>> = vec![None; edges.len()];
    for i in 0..edges.len() {
        if edges[i].from == edges[i].to {
            continue;
        }
        let (u, v) = top_bot(i);
        let (ru, rv) = (rank[u], rank[v]);
        let cl = lca(nodes[u].cluster, nodes[v].cluster);
        let mut chain = vec![u];
        let lab_rank = if edges[i].label.is_some() && rv > ru + 1 {
            Some(ru + (rv - ru) / 2)
        } else {
            None
        };
        for r in ru + 1..rv {
            let id = ln.len();
            if Some(r) == lab_rank {
                let (w, h) = edges[i].label.map(|(w, h)| isz(w, h)).unwrap_or((0.0, 0.0));
                ln.push(LNode {
                    kind: Kind::Label,
                    rank: r,
                    left: w / 2.0,
                    right: w / 2.0,
                    h,
                    cluster: cl,
                });
                label_node[i] = Some(id);
            } else {
                ln.push(LNode {
                    kind: Kind::Dummy,
                    rank: r,
                    left: 0.0,
                    right: 0.0,
                    h: 0.0,
                    cluster: cl,
                });
            }
            chain.push(id);
        }
        chain.push(v);
        chains[i] = chain;
    }
    // cluster spans and placeholders
    let mut span: Vec<Option<(usize, usize)>> = vec![None; nc];
    let mut present: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for l in &ln {
        if let Some(c) = l.cluster {
            for &a in &cpath[c] {
                span[a] = Some(match span[a] {
                    None => (l.rank, l.rank),
                    Some((lo, hi)) => (lo.min(l.rank), hi.max(l.rank)),
                });
                present.insert((a, l.rank));
            }
        }
    }
    // placeholders go to the deepest cluster missing in a rank; process outer to inner
    let mut by_depth: Vec<usize> = (0..nc).collect();
    by_depth.sort_by_key(|&c| std::cmp::Reverse(cpath[c].len()));
    for &c in &by_depth {
        if let Some((lo, hi)) = span[c] {
            for r in lo..=hi {
                if !present.contains(&(c, r)) {
                    ln.push(LNode {
                        kind: Kind::Place,
                        rank: r,
                        left: 0.0,
                        right: 0.0,
                        h: 0.0,
                        cluster: Some(c),
                    });
                    for &a in &cpath[c] {
                        present.insert((a, r));
                    }
                }
            }
        }
    }
    let m = ln.len();
    let nranks = ln.iter().map(|l| l.rank + 1).max().unwrap_or(0);
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); m];
    // segments: (top, bottom, edge)
    let mut segs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, ch) in chains.iter().enumerate() {
        for w in ch.windows(2) {
            down[w[0]].push(w[1]);
            up[w[1]].push(w[0]);
            segs.push((w[0], w[1], i));
        }
    }
    let lpath: Vec<Vec<usize>> = ln.iter().map(|l| node_path(l.cluster)).collect();
    let ranks_of: Vec<usize> = ln.iter().map(|l| l.rank).collect();
    let big = m + segs.len();
    let layers = order(&OrderInput {
        rank: &ranks_of,
        path: &lpath,
        nclusters: nc,
        up: &up,
        down: &down,
        nranks,
        max_iter: if big > 6000 {
            4
        } else if big > 1500 {
            10
        } else {
            24
        },
    });

    // ---- x coordinates (auxiliary graph, §4.2)
    let left_pad = |_c: usize| -> f32 {
        if hor {
            sp.cluster_pad + 0.0
        } else {
            sp.cluster_pad
        }
    };
    let title_side = |c: usize| -> f32 { if hor { clusters[c].title_h + 4.0 } else { 0.0 } };
    let side = |k: Kind| -> f32 {
        match k {
            Kind::Real(_) => sp.node_sep / 2.0,
            Kind::Dummy | Kind::Label => sp.edge_sep / 2.0,
            Kind::Place => 0.0,
        }
    };
    let lvar = |c: usize| m + 2 * c;
    let rvar = |c: usize| m + 2 * c + 1;
    let mut cons: Vec<NsEdge> = Vec::new();
    let ce = |u: usize, v: usize, len: f32, w: i64| NsEdge {
        u,
        v,
        minlen: len.ceil() as i64,
        weight: w,
    };
    for layer in &layers {
        for pair in layer.windows(2) {
            let (u, v) = (pair[0], pair[1]);
            let (pu, pv) = (&lpath[u], &lpath[v]);
            let k = pu.iter().zip(pv.iter()).take_while(|(a, b)| a == b).count();
            let (lv, lo) = if pu.len() > k {
                (rvar(pu[k]), sp.cluster_margin)
            } else {
                (u, ln[u].right + side(ln[u].kind))
            };
            let (rv, ro) = if pv.len() > k {
                (lvar(pv[k]), sp.cluster_margin)
            } else {
                (v, ln[v].left + side(ln[v].kind))
            };
            cons.push(ce(lv, rv, lo + ro, 0));
        }
    }
    for (v, l) in ln.iter().enumerate() {
        if let Some(c) = l.cluster {
            cons.push(ce(lvar(c), v, left_pad(c) + title_side(c) + l.left, 0));
            cons.push(ce(v, rvar(c), l.right + sp.cluster_pad, 0));
        }
    }
    for c in 0..nc {
        if span[c].is_none() {
            continue;
        }
        let min_w = if hor {
            2.0 * sp.cluster_pad
        } else {
            clusters[c].title_w + 2.0 * sp.cluster_pad
        };
        cons.push(ce(lvar(c), rvar(c), min_w, 1));
        if let Some(p) = clusters[c].parent
            && span[p].is_some()
            && cpath[c].len() >= 2
        {
            cons.push(ce(lvar(p), lvar(c), left_pad(p) + title_side(p), 0));
            cons.push(ce(rvar(c), rvar(p), sp.cluster_pad, 0));
        }
    }
    let mut nvars = m + 2 * nc;
    for &(a, b, i) in &segs {
        let dummy = |x: usize| !matches!(ln[x].kind, Kind::Real(_));
        let omega = match (dummy(a), dummy(b)) {
            (false, false) => 1,
            (true, true) => 8,
            _ => 2,
        };
        let w = omega * edges[i].weight.max(1);
        let aux = nvars;
        nvars += 1;
        cons.push(ce(aux, a, 0.0, w));
        cons.push(ce(aux, b, 0.0, w));
    }
    let xs: Vec<f32> = match solve(nvars, &cons, iter_budget(nvars + cons.len())) {
        Some(x) => x.into_iter().map(|v| v as f32).collect(),
        None => {
            // should not happen; pack each layer from the left without clusters
            let mut x = vec![0.0f32; nvars];
            for layer in &layers {
                let mut cur = 0.0;
                for (i, &v) in layer.iter().enumerate() {
                    if i > 0 {
                        let u = layer[i - 1];
                        cur += ln[u].right + ln[v].left + side(ln[u].kind) + side(ln[v].kind);
                    }
                    x[v] = cur;
                }
            }
            x
        }
    };

    // ---- y coordinates
    let mut rank_h = vec![0.0f32; nranks];
    for l in &ln {
        rank_h[l.rank] = rank_h[l.rank].max(l.h);
    }
    let title_top = dir == Direction::TB;
    let title_bottom = dir == Direction::BT;
    let mut extra = vec![0.0f32; nc];
    let mut ys = vec![0.0f32; nranks];
    let mut ts = vec![0.0f32; nc];
    let mut bs = vec![0.0f32; nc];
    for _round in 0..4 {
        // stacks, inner clusters first
        for &c in &by_depth {
            let Some((lo, hi)) = span[c] else { continue };
            let mut t = sp.cluster_pad
                + extra[c]
                + if title_top {
                    clusters[c].title_h + 4.0
                } else {
                    0.0
                };
            let mut b = sp.cluster_pad
                + extra[c]
                + if title_bottom {
                    clusters[c].title_h + 4.0
                } else {
                    0.0
                };
            let mut tchild: f32 = 0.0;
            let mut bchild: f32 = 0.0;
            for d in 0..nc {
                if clusters[d].parent == Some(c)
                    && d != c
                    && let Some((dl, dh)) = span[d]
                {
                    if dl == lo {
                        tchild = tchild.max(ts[d]);
                    }
                    if dh == hi {
                        bchild = bchild.max(bs[d]);
                    }
                }
            }
            t += tchild;
            b += bchild;
            ts[c] = t;
            bs[c] = b;
        }
        let mut top_stack = vec![0.0f32; nranks + 1];
        let mut bot_stack = vec![0.0f32; nranks + 1];
        for c in 0..nc {
            if let Some((lo, hi)) = span[c] {
                top_stack[lo] = top_stack[lo].max(ts[c]);
                bot_stack[hi] = bot_stack[hi].max(bs[c]);
            }
        }
        let mut y = top_stack[0] + rank_h.first().copied().unwrap_or(0.0) / 2.0;
        for r in 0..nranks {
            if r > 0 {
                y += rank_h[r - 1] / 2.0
                    + ranksep
                    + bot_stack[r - 1]
                    + top_stack[r]
                    + rank_h[r] / 2.0;
            }
            ys[r] = y;
        }
        if !hor {
            break;
        }
        // LR/RL: titles run along the rank axis; widen boxes that are too short
        let mut changed = false;
        for &c in &by_depth {
            if let Some((lo, hi)) = span[c] {
                let ext = ys[hi] + rank_h[hi] / 2.0 + bs[c] - (ys[lo] - rank_h[lo] / 2.0 - ts[c]);
                let need = clusters[c].title_w + 2.0 * sp.cluster_pad;
                if ext + 0.5 < need {
                    extra[c] += (need - ext) / 2.0;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }

    // ---- cluster boxes (internal frame)
    let mut boxes: Vec<Option<Rect>> = vec![None; nc];
    for c in 0..nc {
        if let Some((lo, hi)) = span[c] {
            let (l, r) = (xs[lvar(c)], xs[rvar(c)]);
            let t = ys[lo] - rank_h[lo] / 2.0 - ts[c];
            let b = ys[hi] + rank_h[hi] / 2.0 + bs[c];
            boxes[c] = Some(Rect {
                x: (l + r) / 2.0,
                y: (t + b) / 2.0,
                w: r - l,
                h: b - t,
            });
        }
    }

    // ---- ports: spread the ends of a real node's edges along its side
    let mut port_bottom = vec![0.0f32; segs.len()]; // x at the top node of the segment
    let mut port_top = vec![0.0f32; segs.len()]; // x at the bottom node
    for (si, &(a, b, _)) in segs.iter().enumerate() {
        port_bottom[si] = xs[a];
        port_top[si] = xs[b];
    }
    {
        let mut downs: Vec<Vec<usize>> = vec![Vec::new(); m];
        let mut ups: Vec<Vec<usize>> = vec![Vec::new(); m];
        for (si, &(a, b, _)) in segs.iter().enumerate() {
            downs[a].push(si);
            ups[b].push(si);
        }
        for v in 0..n {
            let (iw, _) = isz(nodes[v].w, nodes[v].h);
            for (list, other_is_b) in [(&mut downs[v], true), (&mut ups[v], false)] {
                let k = list.len();
                if k < 2 {
                    continue;
                }
                list.sort_by(|&s, &t| {
                    let xo = |si: usize| {
                        if other_is_b {
                            xs[segs[si].1]
                        } else {
                            xs[segs[si].0]
                        }
                    };
                    xo(s).total_cmp(&xo(t)).then(s.cmp(&t))
                });
                let spacing = (0.5 * iw / (k - 1) as f32).min(14.0);
                for (j, &si) in list.iter().enumerate() {
                    let off = (j as f32 - (k - 1) as f32 / 2.0) * spacing;
                    if other_is_b {
                        port_bottom[si] = xs[v] + off;
                    } else {
                        port_top[si] = xs[v] + off;
                    }
                }
            }
        }
    }
    let polys: Vec<Vec<(f32, f32)>> = nodes
        .iter()
        .map(|nd| {
            nd.outline
                .iter()
                .map(|&(x, y)| match dir {
                    Direction::TB => (x, y),
                    Direction::BT => (x, -y),
                    Direction::LR => (y, x),
                    Direction::RL => (y, -x),
                })
                .collect()
        })
        .collect();
    let seg_index: std::collections::HashMap<(usize, usize, usize), usize> = segs
        .iter()
        .enumerate()
        .map(|(si, &(a, b, e))| ((a, b, e), si))
        .collect();

    let band_top = |r: usize| ys[r] - rank_h[r] / 2.0;
    let band_bot = |r: usize| ys[r] + rank_h[r] / 2.0;
    let mut geoms: Vec<EdgeGeom> = Vec::with_capacity(edges.len());
    for (i, e) in edges.iter().enumerate() {
        if e.from == e.to {
            geoms.push(self_loop(
                i, e, edges, &loops, &xs, &ys, &rank, nodes, &polys, hor,
            ));
            continue;
        }
        let ch = &chains[i];
        let mut path: Vec<Cubic> = Vec::new();
        let u = ch[0];
        let last = *ch.last().expect("chain has two ends");
        let s0 = seg_index[&(ch[0], ch[1], i)];
        let px = port_bottom[s0];
        let iu = ih_of(nodes, u, hor);
        let sy = ys[ln[u].rank] + vertical_exit(&polys[u], px - xs[u], true, iu / 2.0);
        push_line(&mut path, (px, sy), (px, band_bot(ln[u].rank)));
        for k in 0..ch.len() - 1 {
            let (a, b) = (ch[k], ch[k + 1]);
            let si = seg_index[&(a, b, i)];
            let xa = port_bottom[si];
            let xb = port_top[si];
            let (ya, yb) = (band_bot(ln[a].rank), band_top(ln[b].rank));
            let mid = (ya + yb) / 2.0;
            path.push([(xa, ya), (xa, mid), (xb, mid), (xb, yb)]);
            if b != last {
                push_line(&mut path, (xb, yb), (xb, band_bot(ln[b].rank)));
            } else {
                let ib = ih_of(nodes, b, hor);
                let ey = ys[ln[b].rank] + vertical_exit(&polys[b], xb - xs[b], false, ib / 2.0);
                push_line(&mut path, (xb, yb), (xb, ey));
            }
        }
        let label = label_node[i].map(|l| (xs[l], ys[ln[l].rank]));
        if reversed[i] {
            path.reverse();
            for c in path.iter_mut() {
                c.reverse();
            }
        }
        geoms.push(EdgeGeom {
            path,
            label,
            reversed: reversed[i],
        });
    }
    // clip at cluster boxes
    for (i, e) in edges.iter().enumerate() {
        let inside = |v: usize, c: usize| nodes[v].cluster.is_some_and(|k| cpath[k].contains(&c));
        if let Some(c) = e.clip_to
            && let Some(bx) = boxes[c]
            && !inside(e.from, c)
        {
            clip_end(&mut geoms[i].path, &bx);
        }
        if let Some(c) = e.clip_from
            && let Some(bx) = boxes[c]
            && !inside(e.to, c)
        {
            let p = &mut geoms[i].path;
            p.reverse();
            for q in p.iter_mut() {
                q.reverse();
            }
            clip_end(p, &bx);
            p.reverse();
            for q in p.iter_mut() {
                q.reverse();
            }
        }
    }

    // ---- turn into the final frame and normalise
    let node_pts: Vec<Point> = (0..n).map(|v| (xs[v], ys[rank[v]])).collect();
    let mut out = EngineOutput {
        nodes: node_pts,
        edges: geoms,
        clusters: boxes,
        width: 0.0,
        height: 0.0,
    };
    finish(&mut out, nodes, edges, dir);
    out
}

fn ih_of(nodes: &[ENode], v: usize, hor: bool) -> f32 {
    if hor { nodes[v].w } else { nodes[v].h }
}

fn loop_len(k: usize) -> f32 {
    36.0 + 14.0 * k as f32
}

fn iter_budget(size: usize) -> usize {
    (12_000_000 / size.max(1)).clamp(20, 5000)
}

fn push_line(path: &mut Vec<Cubic>, a: Point, b: Point) {
    if (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3 {
        return;
    }
    let p = |t: f32| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
    path.push([a, p(1.0 / 3.0), p(2.0 / 3.0), b]);
}

#[allow(clippy::too_many_arguments)]
fn self_loop(
    i: usize,
    e: &EEdge,
    edges: &[EEdge],
    loops: &[Vec<usize>],
    xs: &[f32],
    ys: &[f32],
    rank: &[usize],
    nodes: &[ENode],
    polys: &[Vec<(f32, f32)>],
    hor: bool,
) -> EdgeGeom {
    let v = e.from;
    let k = loops[v].iter().position(|&x| x == i).unwrap_or(0);
    let (iw, ih) = if hor {
        (nodes[v].h, nodes[v].w)
    } else {
        (nodes[v].w, nodes[v].h)
    };
    let (x, y) = (xs[v], ys[rank[v]]);
    let q = (ih / 4.0).min(10.0);
    let x0 = x + horizontal_exit(&polys[v], -q, true, iw / 2.0);
    let x1 = x + horizontal_exit(&polys[v], q, true, iw / 2.0);
    let far = x + iw / 2.0 + loop_len(k);
    let path = vec![[
        (x0, y - q),
        (far, y - q - 6.0),
        (far, y + q + 6.0),
        (x1, y + q),
    ]];
    let reach = 0.75 * loop_len(loops[v].len() - 1);
    // labels stacked on the right of the loops
    let hor_sz = |(w, h): (f32, f32)| if hor { (h, w) } else { (w, h) };
    let total: f32 = loops[v]
        .iter()
        .filter_map(|&j| edges[j].label.map(|s| hor_sz(s).1 + 4.0))
        .sum();
    let mut top = y - total / 2.0;
    let mut label = None;
    for &j in &loops[v] {
        if let Some(s) = edges[j].label {
            let (w, h) = hor_sz(s);
            if j == i {
                label = Some((x + iw / 2.0 + reach + 8.0 + w / 2.0, top + h / 2.0 + 2.0));
            }
            top += h + 4.0;
        }
    }
    EdgeGeom {
        path,
        label,
        reversed: false,
    }
}

fn bez(c: &Cubic, t: f32) -> Point {
    let mt = 1.0 - t;
    let a = mt * mt * mt;
    let b = 3.0 * mt * mt * t;
    let cc = 3.0 * mt * t * t;
    let d = t * t * t;
    (
        a * c[0].0 + b * c[1].0 + cc * c[2].0 + d * c[3].0,
        a * c[0].1 + b * c[1].1 + cc * c[2].1 + d * c[3].1,
    )
}

/// de Casteljau split at `t`: the first part.
fn split_first(c: &Cubic, t: f32) -> Cubic {
    let l = |a: Point, b: Point| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
    let p01 = l(c[0], c[1]);
    let p12 = l(c[1], c[2]);
    let p23 = l(c[2], c[3]);
    let p012 = l(p01, p12);
    let p123 = l(p12, p23);
    let p = l(p012, p123);
    [c[0], p01, p012, p]
}

fn in_rect(p: Point, r: &Rect) -> bool {
    (p.0 - r.x).abs() < r.w / 2.0 && (p.1 - r.y).abs() < r.h / 2.0
}

/// Cuts the path where it first enters `r`.
fn clip_end(path: &mut Vec<Cubic>, r: &Rect) {
    for k in 0..path.len() {
        let c = path[k];
        if in_rect(c[0], r) {
            // already inside at the start of this piece (first piece starts inside)
            if k == 0 {
                return;
            }
            path.truncate(k);
            return;
        }
        let steps = 24;
        let mut prev = 0.0;
        for s in 1..=steps {
            let t = s as f32 / steps as f32;
            if in_rect(bez(&c, t), r) {
                let (mut lo, mut hi) = (prev, t);
                for _ in 0..20 {
                    let mid = (lo + hi) / 2.0;
                    if in_rect(bez(&c, mid), r) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                path[k] = split_first(&c, lo);
                path.truncate(k + 1);
                return;
            }
            prev = t;
        }
    }
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

/// Where the vertical line `x = px` (relative to the centre) leaves the outline, going down
/// (`down = true`: the largest y) or up (the smallest y). Falls back to the box edge.
pub fn vertical_exit(poly: &[(f32, f32)], px: f32, down: bool, half_h: f32) -> f32 {
    let mut best: Option<f32> = None;
    let n = poly.len();
    for i in 0..n {
        let (a, b) = (poly[i], poly[(i + 1) % n]);
        let (lo, hi) = if a.0 <= b.0 { (a, b) } else { (b, a) };
        if px < lo.0 || px > hi.0 {
            continue;
        }
        let y = if (hi.0 - lo.0).abs() < 1e-6 {
            if down { lo.1.max(hi.1) } else { lo.1.min(hi.1) }
        } else {
            lo.1 + (hi.1 - lo.1) * (px - lo.0) / (hi.0 - lo.0)
        };
        best = Some(match best {
            None => y,
            Some(c) if down => c.max(y),
            Some(c) => c.min(y),
        });
    }
    best.unwrap_or(if down { half_h } else { -half_h })
}

/// Where the horizontal line `y = py` (relative to the centre) leaves the outline on the
/// right (`right = true`) or left side. Falls back to the box edge.
pub fn horizontal_exit(poly: &[(f32, f32)], py: f32, right: bool, half_w: f32) -> f32 {
    let swapped: Vec<(f32, f32)> = poly.iter().map(|&(x, y)| (y, x)).collect();
    vertical_exit(&swapped, py, right, half_w)
}
