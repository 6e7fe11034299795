//! The first steps of the layered layout, in the engine's top-to-bottom frame: cycle
//! breaking (depth-first search; back edges are reversed for layout only), ranking (network
//! simplex, Gansner et al. 1993 §2, with each edge's minimum length, doubled when edge
//! labels need a rank of their own, as dagre does), self-loop room, and the layered graph:
//! long edges split into one dummy node per rank with the label as a sized dummy in the
//! middle, and zero-size placeholders in the ranks a cluster spans but has no node in.
//!
//! Knows no coordinates and no drawing: sizes matter here only as room for self loops and
//! labels in a rank.

use super::route::loop_len;
use super::simplex::{NsEdge, solve};
use super::{Graph, iter_budget};

/// What a node of the layered graph stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    /// A node of the input graph.
    Real(usize),
    /// A point of a long edge in a rank it crosses.
    Dummy,
    /// The label of a long edge, in the rank halfway along it.
    Label,
    /// A placeholder keeping a cluster present in a rank.
    Place,
}

/// A node of the layered graph.
pub(super) struct LNode {
    pub(super) kind: Kind,
    pub(super) rank: usize,
    /// Internal-frame extents left and right of the centre, and height.
    pub(super) left: f32,
    pub(super) right: f32,
    pub(super) h: f32,
    pub(super) cluster: Option<usize>,
}

/// The ranked, layered graph.
pub(super) struct Layered {
    /// Cluster path of each cluster, outermost first (cycles in the parent links cut).
    pub(super) cpath: Vec<Vec<usize>>,
    /// Self-loop edges of each input node.
    pub(super) loops: Vec<Vec<usize>>,
    /// Edges reversed to break cycles.
    pub(super) reversed: Vec<bool>,
    /// Gap between ranks (halved when labels take ranks of their own), px.
    pub(super) ranksep: f32,
    /// Rank of each input node.
    pub(super) rank: Vec<usize>,
    /// Layered nodes: the input nodes first, then dummies, labels and placeholders.
    pub(super) ln: Vec<LNode>,
    /// Layered nodes of each edge from top to bottom (empty for self loops).
    pub(super) chains: Vec<Vec<usize>>,
    /// The label node of each edge, if it has one.
    pub(super) label_node: Vec<Option<usize>>,
    /// First and last rank of each cluster that holds something.
    pub(super) span: Vec<Option<(usize, usize)>>,
    /// Clusters, innermost (deepest) first.
    pub(super) by_depth: Vec<usize>,
    /// Neighbours of each layered node in the rank above and below.
    pub(super) up: Vec<Vec<usize>>,
    pub(super) down: Vec<Vec<usize>>,
    /// Segments between adjacent ranks: (top node, bottom node, edge).
    pub(super) segs: Vec<(usize, usize, usize)>,
    /// Cluster path of each layered node.
    pub(super) lpath: Vec<Vec<usize>>,
    /// Number of ranks.
    pub(super) nranks: usize,
}

/// Breaks cycles, ranks the nodes and builds the layered graph.
pub(super) fn build(g: &Graph) -> Layered {
    let Graph {
        nodes,
        edges,
        clusters,
        sp,
        ..
    } = *g;
    let n = nodes.len();
    let isz = |w: f32, h: f32| g.isz(w, h);
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
    Layered {
        cpath,
        loops,
        reversed,
        ranksep,
        rank,
        ln,
        chains,
        label_node,
        span,
        by_depth,
        up,
        down,
        segs,
        lpath,
        nranks,
    }
}
