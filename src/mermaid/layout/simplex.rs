//! Network simplex for difference constraints, after Gansner, Koutsofios, North and Vo,
//! "A Technique for Drawing Directed Graphs" (IEEE TSE 19(3), 1993), §2.3–2.4.
//!
//! Given nodes and edges `u → v` with a minimum length `minlen` and a weight, find integer
//! values `r` with `r[v] - r[u] >= minlen` for every edge that minimise
//! `Σ weight · (r[v] - r[u])`. The same solver ranks nodes (§2) and assigns x coordinates on
//! the auxiliary graph of §4.2. The implementation follows the structure of the paper (and
//! of dagre's port): feasible tight spanning tree, cut values, leave/enter edge exchange.
//! Every intermediate tree is feasible, so stopping after `max_iter` exchanges still gives a
//! valid (if less optimal) answer; that bounds the time on huge graphs.

/// One constraint edge.
#[derive(Debug, Clone, Copy)]
pub struct NsEdge {
    /// Tail.
    pub u: usize,
    /// Head.
    pub v: usize,
    /// Minimum `r[v] - r[u]`.
    pub minlen: i64,
    /// Cost weight (non-negative).
    pub weight: i64,
}

/// Solves the problem for `n` nodes. The constraint graph must be acyclic; it may be
/// disconnected (each connected component is solved on its own and starts at 0).
/// Returns `None` when the graph has a cycle.
pub fn solve(n: usize, edges: &[NsEdge], max_iter: usize) -> Option<Vec<i64>> {
    if n == 0 {
        return Some(Vec::new());
    }
    // merge parallel edges
    let mut sorted: Vec<NsEdge> = edges.iter().copied().filter(|e| e.u != e.v).collect();
    sorted.sort_by_key(|e| (e.u, e.v));
    let mut merged: Vec<NsEdge> = Vec::with_capacity(sorted.len());
    for e in sorted {
        if let Some(last) = merged.last_mut() {
            if last.u == e.u && last.v == e.v {
                last.minlen = last.minlen.max(e.minlen);
                last.weight += e.weight;
                continue;
            }
        }
        merged.push(e);
    }
    let mut rank = longest_path(n, &merged)?;
    // components
    let mut uf: Vec<usize> = (0..n).collect();
    fn find(uf: &mut [usize], mut x: usize) -> usize {
        while uf[x] != x {
            uf[x] = uf[uf[x]];
            x = uf[x];
        }
        x
    }
    for e in &merged {
        let a = find(&mut uf, e.u);
        let b = find(&mut uf, e.v);
        if a != b {
            uf[a] = b;
        }
    }
    let mut comp_of = vec![usize::MAX; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    for v in 0..n {
        let r = find(&mut uf, v);
        if comp_of[r] == usize::MAX {
            comp_of[r] = comps.len();
            comps.push(Vec::new());
        }
        comps[comp_of[r]].push(v);
    }
    if comps.len() == 1 {
        let mut s = Simplex::new(n, merged, rank);
        s.run(max_iter);
        let mut r = s.rank;
        normalise(&mut r);
        return Some(r);
    }
    let mut local = vec![0usize; n];
    let mut comp_edges: Vec<Vec<NsEdge>> = vec![Vec::new(); comps.len()];
    for (ci, c) in comps.iter().enumerate() {
        for (i, &v) in c.iter().enumerate() {
            local[v] = i;
            let _ = ci;
        }
    }
    for e in &merged {
        let ci = comp_of[find(&mut uf, e.u)];
        comp_edges[ci].push(NsEdge {
            u: local[e.u],
            v: local[e.v],
            ..*e
        });
    }
    for (ci, c) in comps.iter().enumerate() {
        if c.len() == 1 {
            rank[c[0]] = 0;
            continue;
        }
        let r0: Vec<i64> = c.iter().map(|&v| rank[v]).collect();
        let mut s = Simplex::new(c.len(), std::mem::take(&mut comp_edges[ci]), r0);
        s.run(max_iter);
        let mut r = s.rank;
        normalise(&mut r);
        for (i, &v) in c.iter().enumerate() {
            rank[v] = r[i];
        }
    }
    Some(rank)
}

fn normalise(r: &mut [i64]) {
    if let Some(&m) = r.iter().min() {
        for x in r.iter_mut() {
            *x -= m;
        }
    }
}

/// Feasible initial values: longest path from the sources (Kahn's order).
fn longest_path(n: usize, edges: &[NsEdge]) -> Option<Vec<i64>> {
    let mut indeg = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        indeg[e.v] += 1;
        out[e.u].push(i);
    }
    let mut rank = vec![0i64; n];
    let mut stack: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut seen = 0;
    while let Some(u) = stack.pop() {
        seen += 1;
        for &ei in &out[u] {
            let e = edges[ei];
            rank[e.v] = rank[e.v].max(rank[u] + e.minlen);
            indeg[e.v] -= 1;
            if indeg[e.v] == 0 {
                stack.push(e.v);
            }
        }
    }
    if seen != n {
        return None;
    }
    // Pull sources down towards their successors (tighter start, fewer components).
    Some(rank)
}

struct Simplex {
    n: usize,
    edges: Vec<NsEdge>,
    rank: Vec<i64>,
    /// Incident edge indices per node.
    inc: Vec<Vec<usize>>,
    in_tree: Vec<bool>,
    /// Tree adjacency: edge indices.
    tree_adj: Vec<Vec<usize>>,
    cut: Vec<i64>,
    low: Vec<usize>,
    lim: Vec<usize>,
    parent_edge: Vec<usize>,
    parent: Vec<usize>,
}

const NONE: usize = usize::MAX;

impl Simplex {
    fn new(n: usize, edges: Vec<NsEdge>, rank: Vec<i64>) -> Simplex {
        let mut inc = vec![Vec::new(); n];
        for (i, e) in edges.iter().enumerate() {
            inc[e.u].push(i);
            inc[e.v].push(i);
        }
        let m = edges.len();
        Simplex {
            n,
            edges,
            rank,
            inc,
            in_tree: vec![false; m],
            tree_adj: vec![Vec::new(); n],
            cut: vec![0; m],
            low: vec![0; n],
            lim: vec![0; n],
            parent_edge: vec![NONE; n],
            parent: vec![NONE; n],
        }
    }

    fn slack(&self, i: usize) -> i64 {
        let e = self.edges[i];
        self.rank[e.v] - self.rank[e.u] - e.minlen
    }

    /// §2.3 `feasible_tree`: grow a tree of tight edges, shifting it by the smallest slack
    /// of an incident edge whenever it stops growing.
    fn feasible_tree(&mut self) {
        let n = self.n;
        let mut node_in = vec![false; n];
        let mut count = 1;
        node_in[0] = true;
        let mut stack = vec![0usize];
        loop {
            while let Some(u) = stack.pop() {
                for k in 0..self.inc[u].len() {
                    let ei = self.inc[u][k];
                    let e = self.edges[ei];
                    let w = if e.u == u { e.v } else { e.u };
                    if !node_in[w] && self.slack(ei) == 0 {
                        node_in[w] = true;
                        count += 1;
                        self.in_tree[ei] = true;
                        self.tree_adj[u].push(ei);
                        self.tree_adj[w].push(ei);
                        stack.push(w);
                    }
                }
            }
            if count >= n {
                break;
            }
            // the incident edge with the smallest slack
            let mut best: Option<(i64, usize)> = None;
            for (i, e) in self.edges.iter().enumerate() {
                if node_in[e.u] != node_in[e.v] {
                    let s = self.rank[e.v] - self.rank[e.u] - e.minlen;
                    if best.is_none_or(|(bs, _)| s < bs) {
                        best = Some((s, i));
                    }
                }
            }
            let Some((s, i)) = best else { break };
            let delta = if node_in[self.edges[i].u] { s } else { -s };
            for v in 0..n {
                if node_in[v] {
                    self.rank[v] += delta;
                }
            }
            // restart the growth from every tree node touching a now-tight edge
            for (j, e) in self.edges.iter().enumerate() {
                if node_in[e.u] != node_in[e.v] && self.rank[e.v] - self.rank[e.u] - e.minlen == 0 {
                    stack.push(if node_in[e.u] { e.u } else { e.v });
                    let _ = j;
                }
            }
        }
    }

    /// Postorder numbering (`low`, `lim`) and parents from node 0.
    fn low_lim(&mut self) {
        let root = 0;
        let mut next = 1usize;
        self.parent[root] = NONE;
        self.parent_edge[root] = NONE;
        // iterative DFS: (node, child index)
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        self.low[root] = next;
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            if *k < self.tree_adj[v].len() {
                let ei = self.tree_adj[v][*k];
                *k += 1;
                if ei == self.parent_edge[v] {
                    continue;
                }
                let e = self.edges[ei];
                let w = if e.u == v { e.v } else { e.u };
                self.parent[w] = v;
                self.parent_edge[w] = ei;
                self.low[w] = next;
                stack.push((w, 0));
            } else {
                self.lim[v] = next;
                next += 1;
                stack.pop();
            }
        }
    }

    /// Order of nodes with children before parents.
    fn postorder(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.n).collect();
        order.sort_unstable_by_key(|&v| self.lim[v]);
        order
    }

    /// §2.4 cut values, computed from the leaves up (dagre's `calcCutValue`).
    fn cut_values(&mut self) {
        for v in self.postorder() {
            let pe = self.parent_edge[v];
            if pe == NONE {
                continue;
            }
            let p = self.parent[v];
            let child_is_tail = self.edges[pe].u == v;
            let mut cv = self.edges[pe].weight;
            for &ei in &self.inc[v] {
                if ei == pe {
                    continue;
                }
                let e = self.edges[ei];
                let is_out = e.u == v;
                let other = if is_out { e.v } else { e.u };
                let _ = p;
                let points_to_head = is_out == child_is_tail;
                cv += if points_to_head { e.weight } else { -e.weight };
                if self.in_tree[ei] && self.parent_edge[other] == ei {
                    let oc = self.cut[ei];
                    cv += if points_to_head { -oc } else { oc };
                }
            }
            self.cut[pe] = cv;
        }
    }

    fn is_descendant(&self, v: usize, root: usize) -> bool {
        self.low[root] <= self.lim[v] && self.lim[v] <= self.lim[root]
    }

    fn run(&mut self, max_iter: usize) {
        if self.n <= 1 {
            return;
        }
        self.feasible_tree();
        self.low_lim();
        self.cut_values();
        let m = self.edges.len();
        let mut start = 0usize;
        for _ in 0..max_iter {
            // leave edge: a tree edge with a negative cut value
            let mut leave = NONE;
            for k in 0..m {
                let i = (start + k) % m;
                if self.in_tree[i] && self.cut[i] < 0 {
                    leave = i;
                    start = i + 1;
                    break;
                }
            }
            if leave == NONE {
                break;
            }
            let e = self.edges[leave];
            let (mut tail, mut flip) = (e.u, false);
            if self.lim[e.u] > self.lim[e.v] {
                tail = e.v;
                flip = true;
            }
            let mut best: Option<(i64, usize)> = None;
            for i in 0..m {
                if self.in_tree[i] {
                    continue;
                }
                let f = self.edges[i];
                if flip == self.is_descendant(f.u, tail) && flip != self.is_descendant(f.v, tail) {
                    let s = self.slack(i);
                    if best.is_none_or(|(bs, _)| s < bs) {
                        best = Some((s, i));
                    }
                }
            }
            let Some((_, enter)) = best else { break };
            // exchange
            self.in_tree[leave] = false;
            let (a, b) = (e.u, e.v);
            self.tree_adj[a].retain(|&x| x != leave);
            self.tree_adj[b].retain(|&x| x != leave);
            self.in_tree[enter] = true;
            let f = self.edges[enter];
            self.tree_adj[f.u].push(enter);
            self.tree_adj[f.v].push(enter);
            self.low_lim();
            self.cut_values();
            self.update_ranks();
        }
    }

    /// Re-derives every value from the root along tight tree edges.
    fn update_ranks(&mut self) {
        let mut order: Vec<usize> = (0..self.n).collect();
        order.sort_unstable_by_key(|&v| std::cmp::Reverse(self.lim[v]));
        // preorder approximation: parents have larger lim than children
        for v in order {
            let pe = self.parent_edge[v];
            if pe == NONE {
                continue;
            }
            let e = self.edges[pe];
            let p = self.parent[v];
            if e.u == v {
                self.rank[v] = self.rank[p] - e.minlen;
            } else {
                self.rank[v] = self.rank[p] + e.minlen;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(u: usize, v: usize, minlen: i64, weight: i64) -> NsEdge {
        NsEdge {
            u,
            v,
            minlen,
            weight,
        }
    }

    #[test]
    fn chain_and_shortcut() {
        // a->b->c->d and a->d: d must be at 3, everything tight.
        let r = solve(
            4,
            &[e(0, 1, 1, 1), e(1, 2, 1, 1), e(2, 3, 1, 1), e(0, 3, 1, 1)],
            100,
        )
        .unwrap();
        assert_eq!(r, vec![0, 1, 2, 3]);
    }

    #[test]
    fn pulls_sources_down() {
        // a->c, b->c, b->d->e->c: a should sit right above c.
        let r = solve(
            5,
            &[
                e(0, 2, 1, 1),
                e(1, 2, 1, 1),
                e(1, 3, 1, 1),
                e(3, 4, 1, 1),
                e(4, 2, 1, 1),
            ],
            100,
        )
        .unwrap();
        assert_eq!(r[2] - r[0], 1);
        assert_eq!(r[2], 3);
    }

    #[test]
    fn cycle_is_rejected() {
        assert!(solve(2, &[e(0, 1, 1, 1), e(1, 0, 1, 1)], 10).is_none());
    }

    #[test]
    fn disconnected() {
        let r = solve(4, &[e(0, 1, 2, 1), e(2, 3, 1, 1)], 10).unwrap();
        assert_eq!(r, vec![0, 2, 0, 1]);
    }
}
