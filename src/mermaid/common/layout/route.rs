//! Edge routing in the engine's top-to-bottom frame: the ends of a node's edges spread
//! along its side (ports), vertical runs through each rank's band and cubic S-curves across
//! the gaps between ranks (which hold no nodes), ends clipped to the node outline or, for
//! edges to a cluster, to its box; self loops on the right of their node with their labels
//! stacked beside them.
//!
//! Knows no shape but the outline polygons the caller handed over, and nothing of markers
//! or labels' text: the writer shortens lines under markers.

use super::coords::Coords;
use super::rank::Layered;
use super::{EEdge, ENode, EdgeGeom, Graph, Rect};
use crate::mermaid::common::geometry::{Cubic, Direction, Point};

/// Routes every edge.
pub(super) fn route(g: &Graph, lay: &Layered, co: &Coords) -> Vec<EdgeGeom> {
    let Graph {
        nodes,
        edges,
        dir,
        hor,
        ..
    } = *g;
    let Layered {
        cpath,
        loops,
        reversed,
        rank,
        ln,
        chains,
        label_node,
        segs,
        ..
    } = lay;
    let Coords {
        xs,
        ys,
        rank_h,
        boxes,
    } = co;
    let (n, m) = (nodes.len(), ln.len());
    let isz = |w: f32, h: f32| g.isz(w, h);
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
                i, e, edges, loops, xs, ys, rank, nodes, &polys, hor,
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

    geoms
}

fn ih_of(nodes: &[ENode], v: usize, hor: bool) -> f32 {
    if hor { nodes[v].w } else { nodes[v].h }
}

pub(super) fn loop_len(k: usize) -> f32 {
    36.0 + 14.0 * k as f32
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
