//! Coordinates in the engine's top-to-bottom frame. x: the auxiliary-graph network simplex
//! of Gansner et al. 1993 §4.2 (edge straightness weights Ω = 1, 2, 8), with the left and
//! right border of every cluster as variables so boxes contain their members and keep
//! other nodes out. y: from rank heights and the gap between ranks, leaving room for
//! cluster titles and padding (in LR/RL, boxes too short for their title are widened).
//!
//! Knows no edge geometry (routing follows in `route`) and no node shape.

use super::rank::{Kind, Layered};
use super::simplex::{NsEdge, solve};
use super::{Graph, Rect, iter_budget};
use crate::mermaid::common::geometry::Direction;

/// Where the layered nodes and cluster boxes went.
pub(super) struct Coords {
    /// x of each layered node (then the cluster border variables), px.
    pub(super) xs: Vec<f32>,
    /// y of each rank's centre line, px.
    pub(super) ys: Vec<f32>,
    /// Height of each rank, px.
    pub(super) rank_h: Vec<f32>,
    /// Box of each cluster that holds something.
    pub(super) boxes: Vec<Option<Rect>>,
}

/// Places the layered graph whose ranks are ordered as `layers`.
pub(super) fn place(g: &Graph, lay: &Layered, layers: &[Vec<usize>]) -> Coords {
    let Graph {
        edges,
        clusters,
        dir,
        hor,
        sp,
        ..
    } = *g;
    let Layered {
        cpath,
        ln,
        span,
        by_depth,
        segs,
        lpath,
        ranksep,
        nranks,
        ..
    } = lay;
    let (ranksep, nranks) = (*ranksep, *nranks);
    let (m, nc) = (ln.len(), clusters.len());
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
    for layer in layers.iter() {
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
    for &(a, b, i) in segs.iter() {
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
            for layer in layers.iter() {
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
    for l in ln.iter() {
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
        for &c in by_depth.iter() {
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
        for &c in by_depth.iter() {
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

    Coords {
        xs,
        ys,
        rank_h,
        boxes,
    }
}
