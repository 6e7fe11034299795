//! Crossing minimisation: the layer-by-layer sweep of Sugiyama, Tagawa and Toda (1981) with
//! the weighted median of Gansner et al. (1993, §3), adjacent-node transposition (§3,
//! `transpose`), several passes keeping the best order, and clusters kept contiguous in
//! every layer by sorting a layer as a tree (clusters sorted as blocks by the mean key of
//! their members, as dagre's `sortSubgraph` does) with one consistent order of sibling
//! clusters across layers (so cluster boxes can be disjoint).
//!
//! Crossings between two layers are counted with the accumulator tree of Barth, Jünger and
//! Mutzel, "Simple and Efficient Bilayer Cross Counting" (2002).

/// The layered graph as ordering sees it.
pub struct OrderInput<'a> {
    /// Rank of each layered node.
    pub rank: &'a [usize],
    /// Cluster path of each node, outermost first.
    pub path: &'a [Vec<usize>],
    /// Number of clusters.
    pub nclusters: usize,
    /// Neighbours in the rank above.
    pub up: &'a [Vec<usize>],
    /// Neighbours in the rank below.
    pub down: &'a [Vec<usize>],
    /// Number of ranks.
    pub nranks: usize,
    /// Maximum number of sweeps.
    pub max_iter: usize,
}

/// Orders every layer. Returns the layers, left to right.
pub fn order(inp: &OrderInput) -> Vec<Vec<usize>> {
    let n = inp.rank.len();
    // initial order: DFS from nodes in rank order (dagre's initOrder)
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); inp.nranks];
    let mut visited = vec![false; n];
    let mut starts: Vec<usize> = (0..n).collect();
    starts.sort_by_key(|&v| inp.rank[v]);
    for s in starts {
        if visited[s] {
            continue;
        }
        let mut stack = vec![s];
        while let Some(v) = stack.pop() {
            if visited[v] {
                continue;
            }
            visited[v] = true;
            layers[inp.rank[v]].push(v);
            for &w in inp.down[v].iter().rev() {
                if !visited[w] {
                    stack.push(w);
                }
            }
        }
    }
    let mut st = State {
        inp,
        pos: vec![0; n],
        gpos: vec![0.0; inp.nclusters],
    };
    st.reindex(&layers);
    st.global_cluster_order(&layers);
    let keys: Vec<f64> = (0..n).map(|v| st.pos[v] as f64).collect();
    for layer in layers.iter_mut() {
        st.sort_layer(layer, &keys);
    }
    st.reindex(&layers);
    let mut best = layers.clone();
    let mut best_c = st.crossings(&layers);
    if best_c == 0 {
        return best;
    }
    let mut stale = 0;
    for it in 0..inp.max_iter {
        st.global_cluster_order(&layers);
        if it % 2 == 0 {
            for r in 1..layers.len() {
                st.sweep_layer(&mut layers, r, true);
            }
        } else {
            for r in (0..layers.len().saturating_sub(1)).rev() {
                st.sweep_layer(&mut layers, r, false);
            }
        }
        st.transpose(&mut layers);
        let c = st.crossings(&layers);
        if c < best_c {
            best_c = c;
            best = layers.clone();
            stale = 0;
        } else {
            stale += 1;
        }
        if best_c == 0 || stale >= 6 {
            break;
        }
    }
    best
}

struct State<'a, 'b> {
    inp: &'a OrderInput<'b>,
    pos: Vec<usize>,
    gpos: Vec<f64>,
}

impl State<'_, '_> {
    fn reindex(&mut self, layers: &[Vec<usize>]) {
        for l in layers {
            for (i, &v) in l.iter().enumerate() {
                self.pos[v] = i;
            }
        }
    }

    /// Mean relative position of each cluster over the layers it occupies.
    fn global_cluster_order(&mut self, layers: &[Vec<usize>]) {
        let nc = self.inp.nclusters;
        if nc == 0 {
            return;
        }
        let mut sum = vec![0.0f64; nc];
        let mut cnt = vec![0.0f64; nc];
        for l in layers {
            let len = l.len().max(1) as f64;
            for (i, &v) in l.iter().enumerate() {
                for &c in &self.inp.path[v] {
                    sum[c] += (i as f64 + 0.5) / len;
                    cnt[c] += 1.0;
                }
            }
        }
        for c in 0..nc {
            self.gpos[c] = if cnt[c] > 0.0 { sum[c] / cnt[c] } else { 0.0 };
        }
    }

    fn sweep_layer(&mut self, layers: &mut [Vec<usize>], r: usize, use_up: bool) {
        let inp = self.inp;
        let nbr = if use_up { inp.up } else { inp.down };
        let other = if use_up { r.wrapping_sub(1) } else { r + 1 };
        let other_len = layers.get(other).map_or(1, |l| l.len().max(1)) as f64;
        let own_len = layers[r].len().max(1) as f64;
        let mut keys = vec![0.0f64; inp.rank.len()];
        for &v in &layers[r] {
            let mut ps: Vec<f64> = nbr[v]
                .iter()
                .map(|&w| (self.pos[w] as f64 + 0.5) / other_len)
                .collect();
            keys[v] = if ps.is_empty() {
                (self.pos[v] as f64 + 0.5) / own_len
            } else {
                ps.sort_by(f64::total_cmp);
                median(&ps)
            };
        }
        let mut layer = std::mem::take(&mut layers[r]);
        self.sort_layer(&mut layer, &keys);
        for (i, &v) in layer.iter().enumerate() {
            self.pos[v] = i;
        }
        layers[r] = layer;
    }

    /// Sorts one layer by `keys`, clusters as contiguous blocks.
    fn sort_layer(&self, layer: &mut Vec<usize>, keys: &[f64]) {
        let nodes = std::mem::take(layer);
        *layer = self.sort_group(&nodes, 0, keys);
    }

    fn sort_group(&self, nodes: &[usize], depth: usize, keys: &[f64]) -> Vec<usize> {
        let path = self.inp.path;
        // items: Ok(node) or Err(cluster, members)
        let mut items: Vec<(f64, usize, Item)> = Vec::new();
        let mut cluster_slot: Vec<(usize, usize)> = Vec::new(); // (cluster, item index)
        for &v in nodes {
            if path[v].len() <= depth {
                items.push((keys[v], self.pos[v], Item::Node(v)));
            } else {
                let c = path[v][depth];
                if let Some(&(_, ix)) = cluster_slot.iter().find(|(cc, _)| *cc == c) {
                    if let Item::Cluster(_, ref mut m) = items[ix].2 {
                        m.push(v);
                    }
                } else {
                    cluster_slot.push((c, items.len()));
                    items.push((0.0, 0, Item::Cluster(c, vec![v])));
                }
            }
        }
        for it in items.iter_mut() {
            if let Item::Cluster(_, ref m) = it.2 {
                it.0 = m.iter().map(|&v| keys[v]).sum::<f64>() / m.len() as f64;
                it.1 = m.iter().map(|&v| self.pos[v]).min().unwrap_or(0);
            }
        }
        items.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        // one order of sibling clusters in every layer
        let slots: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, it)| matches!(it.2, Item::Cluster(..)))
            .map(|(i, _)| i)
            .collect();
        if slots.len() > 1 {
            let mut cl: Vec<(f64, usize, Item)> = slots
                .iter()
                .map(|&i| std::mem::replace(&mut items[i], (0.0, 0, Item::Node(usize::MAX))))
                .collect();
            cl.sort_by(|a, b| {
                let ca = if let Item::Cluster(c, _) = a.2 { c } else { 0 };
                let cb = if let Item::Cluster(c, _) = b.2 { c } else { 0 };
                self.gpos[ca].total_cmp(&self.gpos[cb]).then(ca.cmp(&cb))
            });
            for (slot, it) in slots.into_iter().zip(cl) {
                items[slot] = it;
            }
        }
        let mut out = Vec::with_capacity(nodes.len());
        for (_, _, it) in items {
            match it {
                Item::Node(v) => out.push(v),
                Item::Cluster(_, m) => out.extend(self.sort_group(&m, depth + 1, keys)),
            }
        }
        out
    }

    /// Crossings between `u` and `v` (u left of v) with their neighbours in `nbr`.
    fn pair_cross(&self, nbr: &[Vec<usize>], u: usize, v: usize) -> usize {
        let mut c = 0;
        for &a in &nbr[u] {
            for &b in &nbr[v] {
                if self.pos[a] > self.pos[b] {
                    c += 1;
                }
            }
        }
        c
    }

    fn transpose(&mut self, layers: &mut [Vec<usize>]) {
        let inp = self.inp;
        let budget_pairs: usize = 4_000_000;
        let mut work = 0usize;
        for _pass in 0..8 {
            let mut improved = false;
            for layer in layers.iter_mut() {
                let len = layer.len();
                for i in 0..len.saturating_sub(1) {
                    let (u, v) = (layer[i], layer[i + 1]);
                    if inp.path[u] != inp.path[v] {
                        continue;
                    }
                    work += (inp.up[u].len() + inp.down[u].len())
                        * (inp.up[v].len() + inp.down[v].len())
                        + 1;
                    let c_uv = self.pair_cross(inp.up, u, v) + self.pair_cross(inp.down, u, v);
                    let c_vu = self.pair_cross(inp.up, v, u) + self.pair_cross(inp.down, v, u);
                    if c_vu < c_uv {
                        layer.swap(i, i + 1);
                        self.pos[u] = i + 1;
                        self.pos[v] = i;
                        improved = true;
                    }
                }
            }
            if !improved || work > budget_pairs {
                break;
            }
        }
    }

    fn crossings(&self, layers: &[Vec<usize>]) -> usize {
        let mut total = 0;
        for r in 0..layers.len().saturating_sub(1) {
            let south = layers[r + 1].len();
            if south == 0 {
                continue;
            }
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            for &v in &layers[r] {
                for &w in &self.inp.down[v] {
                    pairs.push((self.pos[v], self.pos[w]));
                }
            }
            pairs.sort_unstable();
            // accumulator tree over south positions
            let mut first = 1;
            while first < south {
                first *= 2;
            }
            let mut tree = vec![0usize; 2 * first - 1];
            let first = first - 1;
            for &(_, s) in &pairs {
                let mut idx = s + first;
                tree[idx] += 1;
                while idx > 0 {
                    if idx % 2 == 1 {
                        total += tree[idx + 1];
                    }
                    idx = (idx - 1) / 2;
                    tree[idx] += 1;
                }
            }
        }
        total
    }
}

enum Item {
    Node(usize),
    Cluster(usize, Vec<usize>),
}

/// Gansner et al.'s weighted median of sorted positions.
fn median(ps: &[f64]) -> f64 {
    let m = ps.len() / 2;
    if ps.len() % 2 == 1 {
        ps[m]
    } else if ps.len() == 2 {
        (ps[0] + ps[1]) / 2.0
    } else {
        let left = ps[m - 1] - ps[0];
        let right = ps[ps.len() - 1] - ps[m];
        if left + right == 0.0 {
            (ps[m - 1] + ps[m]) / 2.0
        } else {
            (ps[m - 1] * right + ps[m] * left) / (left + right)
        }
    }
}
