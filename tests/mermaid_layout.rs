//! Layout invariants over the whole Mermaid corpus (`<crate>/../shared/mermaid-corpus`),
//! and the edge-crossing total compared with dagre's (the corpus README's method).
//!
//! Measuring: [`SimpleMeasure`] (CJK 1 em, other characters 0.6 em, at 16 px), so the test
//! is deterministic and needs no fonts. Checks, for every file that parses:
//! - no two nodes or edge labels overlap;
//! - no drawn edge passes through a node that is not one of its ends (each routed cubic is
//!   sampled; nodes inside a subgraph the edge ends at count as ends);
//! - edges point along the rank direction, except edges reversed to break cycles;
//! - subgraph boxes hold their members, nested boxes sit inside their parents, other boxes
//!   and non-member nodes stay out;
//! - total crossings ≤ dagre's total.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use inkbind::mermaid::layout::{Layout, LayoutOptions, layout};
use inkbind::mermaid::model::{Direction, Flowchart, Stroke};
use inkbind::mermaid::parse::parse;
use inkbind::mermaid::{SimpleMeasure, layout_json};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/mermaid-corpus")
}

#[derive(Clone, Copy, Debug)]
struct Bx {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

impl Bx {
    fn overlaps(&self, o: &Bx, tol: f32) -> bool {
        (self.x - o.x).abs() * 2.0 < self.w + o.w - 2.0 * tol
            && (self.y - o.y).abs() * 2.0 < self.h + o.h - 2.0 * tol
    }
    fn contains(&self, o: &Bx, tol: f32) -> bool {
        o.x - o.w / 2.0 >= self.x - self.w / 2.0 - tol
            && o.x + o.w / 2.0 <= self.x + self.w / 2.0 + tol
            && o.y - o.h / 2.0 >= self.y - self.h / 2.0 - tol
            && o.y + o.h / 2.0 <= self.y + self.h / 2.0 + tol
    }
    fn inside(&self, p: (f32, f32), shrink: f32) -> bool {
        (p.0 - self.x).abs() < self.w / 2.0 - shrink && (p.1 - self.y).abs() < self.h / 2.0 - shrink
    }
}

fn bez(c: &[(f32, f32); 4], t: f32) -> (f32, f32) {
    let mt = 1.0 - t;
    let (a, b, cc, d) = (mt * mt * mt, 3.0 * mt * mt * t, 3.0 * mt * t * t, t * t * t);
    (
        a * c[0].0 + b * c[1].0 + cc * c[2].0 + d * c[3].0,
        a * c[0].1 + b * c[1].1 + cc * c[2].1 + d * c[3].1,
    )
}

/// Problems found in one layout (empty = fine).
pub fn check(fc: &Flowchart, l: &Layout) -> Vec<String> {
    let mut errs = Vec::new();
    let node_box: HashMap<&str, Bx> = l
        .nodes
        .iter()
        .map(|n| {
            (
                n.id.as_str(),
                Bx {
                    x: n.x,
                    y: n.y,
                    w: n.width,
                    h: n.height,
                },
            )
        })
        .collect();
    // subgraph tree
    let sub_parent: HashMap<&str, Option<&str>> = l
        .subgraphs
        .iter()
        .map(|s| (s.id.as_str(), s.parent.as_deref()))
        .collect();
    let sub_box: HashMap<&str, Bx> = l
        .subgraphs
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                Bx {
                    x: s.x,
                    y: s.y,
                    w: s.width,
                    h: s.height,
                },
            )
        })
        .collect();
    let ancestors = |start: Option<&str>| -> Vec<String> {
        let mut v = Vec::new();
        let mut cur = start.map(str::to_string);
        while let Some(c) = cur {
            if v.contains(&c) || v.len() > 64 {
                break;
            }
            v.push(c.clone());
            cur = sub_parent
                .get(c.as_str())
                .copied()
                .flatten()
                .map(str::to_string);
        }
        v
    };
    let node_anc: HashMap<&str, Vec<String>> = l
        .nodes
        .iter()
        .map(|n| {
            let p = fc.parent_of(&n.id).map(|s| s.id.as_str());
            (n.id.as_str(), ancestors(p))
        })
        .collect();
    // 1. overlaps among nodes and edge labels
    let mut items: Vec<(String, Bx)> = l
        .nodes
        .iter()
        .map(|n| (format!("node {}", n.id), node_box[n.id.as_str()]))
        .collect();
    for e in &l.edges {
        if let Some(lb) = &e.label
            && e.kind.stroke != Stroke::Invisible
        {
            items.push((
                format!("label of {}->{}", e.from, e.to),
                Bx {
                    x: lb.x,
                    y: lb.y,
                    w: lb.width,
                    h: lb.height,
                },
            ));
        }
    }
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            if items[i].1.overlaps(&items[j].1, 0.5) {
                errs.push(format!("overlap: {} and {}", items[i].0, items[j].0));
            }
        }
    }
    // 2. edges through nodes
    for e in &l.edges {
        if e.kind.stroke == Stroke::Invisible {
            continue;
        }
        let mut ends: HashSet<&str> = HashSet::new();
        for id in [e.from.as_str(), e.to.as_str()] {
            ends.insert(id);
            if sub_box.contains_key(id) {
                for (nid, anc) in &node_anc {
                    if anc.iter().any(|a| a == id) {
                        ends.insert(nid);
                    }
                }
            }
        }
        'nodes: for n in &l.nodes {
            if ends.contains(n.id.as_str()) {
                continue;
            }
            let b = node_box[n.id.as_str()];
            for c in &e.curve {
                for s in 0..=16 {
                    let p = bez(c, s as f32 / 16.0);
                    if b.inside(p, 1.0) {
                        errs.push(format!(
                            "edge {}->{} passes through node {}",
                            e.from, e.to, n.id
                        ));
                        continue 'nodes;
                    }
                }
            }
        }
    }
    // 3. rank direction
    for e in &l.edges {
        let (Some(a), Some(b)) = (node_box.get(e.from.as_str()), node_box.get(e.to.as_str()))
        else {
            continue;
        };
        if e.from == e.to {
            continue;
        }
        let d = match e.rank_dir {
            Direction::TB => b.y - a.y,
            Direction::BT => a.y - b.y,
            Direction::LR => b.x - a.x,
            Direction::RL => a.x - b.x,
        };
        let ok = if e.reversed { d < 0.0 } else { d > 0.0 };
        if !ok {
            errs.push(format!(
                "edge {}->{} against rank order (reversed {})",
                e.from, e.to, e.reversed
            ));
        }
    }
    // 4. subgraph boxes
    for (nid, anc) in &node_anc {
        let b = node_box[nid];
        for s in &l.subgraphs {
            let sb = sub_box[s.id.as_str()];
            if anc.contains(&s.id) {
                if !sb.contains(&b, 0.5) {
                    errs.push(format!("subgraph {} does not contain {}", s.id, nid));
                }
            } else if sb.overlaps(&b, 0.5) && *nid != s.id {
                errs.push(format!("node {} overlaps subgraph {}", nid, s.id));
            }
        }
    }
    for s in &l.subgraphs {
        let anc = ancestors(Some(s.id.as_str()));
        for t in &l.subgraphs {
            if s.id == t.id {
                continue;
            }
            let (sb, tb) = (sub_box[s.id.as_str()], sub_box[t.id.as_str()]);
            if anc.contains(&t.id) {
                if !tb.contains(&sb, 0.5) {
                    errs.push(format!("subgraph {} not inside {}", s.id, t.id));
                }
            } else if !ancestors(Some(t.id.as_str())).contains(&s.id)
                && sb.overlaps(&tb, 0.5)
                && s.id < t.id
            {
                errs.push(format!("subgraphs {} and {} overlap", s.id, t.id));
            }
        }
    }
    errs
}

fn seg_cross(p1: (f32, f32), p2: (f32, f32), q1: (f32, f32), q2: (f32, f32)) -> Option<(f32, f32)> {
    let d = (p2.0 - p1.0) * (q2.1 - q1.1) - (p2.1 - p1.1) * (q2.0 - q1.0);
    if d.abs() < 1e-9 {
        return None;
    }
    let t = ((q1.0 - p1.0) * (q2.1 - q1.1) - (q1.1 - p1.1) * (q2.0 - q1.0)) / d;
    let u = ((q1.0 - p1.0) * (p2.1 - p1.1) - (q1.1 - p1.1) * (p2.0 - p1.0)) / d;
    let eps = 1e-6;
    (t > eps && t < 1.0 - eps && u > eps && u < 1.0 - eps)
        .then_some((p1.0 + t * (p2.0 - p1.0), p1.1 + t * (p2.1 - p1.1)))
}

/// Crossings counted as the corpus README says: pairs of polyline segments of two
/// different visible edges crossing in their interiors; for edges sharing an end, a
/// crossing inside that end's box (+2 px) does not count.
pub fn crossings(l: &Layout) -> usize {
    let mut boxes: HashMap<&str, Bx> = HashMap::new();
    for n in &l.nodes {
        boxes.insert(
            &n.id,
            Bx {
                x: n.x,
                y: n.y,
                w: n.width,
                h: n.height,
            },
        );
    }
    for s in &l.subgraphs {
        boxes.insert(
            &s.id,
            Bx {
                x: s.x,
                y: s.y,
                w: s.width,
                h: s.height,
            },
        );
    }
    let vis: Vec<_> = l
        .edges
        .iter()
        .filter(|e| e.kind.stroke != Stroke::Invisible)
        .collect();
    let mut count = 0;
    for i in 0..vis.len() {
        for j in i + 1..vis.len() {
            let (a, b) = (vis[i], vis[j]);
            let shared: Vec<&str> = [a.from.as_str(), a.to.as_str()]
                .into_iter()
                .filter(|x| *x == b.from || *x == b.to)
                .collect();
            for s in a.points.windows(2) {
                for t in b.points.windows(2) {
                    if let Some(p) = seg_cross(s[0], s[1], t[0], t[1]) {
                        let excused = shared.iter().any(|id| {
                            boxes.get(id).is_some_and(|bx| {
                                (p.0 - bx.x).abs() <= bx.w / 2.0 + 2.0
                                    && (p.1 - bx.y).abs() <= bx.h / 2.0 + 2.0
                            })
                        });
                        if !excused {
                            count += 1;
                        }
                    }
                }
            }
        }
    }
    count
}

#[test]
fn corpus_layout_invariants() {
    let dir = corpus_dir();
    if !dir.join("corpus").is_dir() {
        if std::env::var("INKBIND_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("mermaid corpus missing at {}", dir.display());
        }
        eprintln!(
            "\n*** SKIPPED corpus_layout_invariants: no corpus at {} ***\n",
            dir.display()
        );
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "mmd"))
        .collect();
    files.sort();
    let only = std::env::var("MERMAID_LAYOUT_ONLY").ok();
    let opts = LayoutOptions::default();
    let (mut ours, mut theirs, mut laid) = (0usize, 0usize, 0usize);
    let mut failures: Vec<String> = Vec::new();
    let mut worse: Vec<String> = Vec::new();
    for f in &files {
        let id = f.file_stem().unwrap().to_string_lossy().to_string();
        if only.as_deref().is_some_and(|o| o != id) {
            continue;
        }
        let src = std::fs::read_to_string(f).unwrap();
        let Ok((fc, _)) = parse(&src) else { continue };
        let l = layout(&fc, &SimpleMeasure, &opts);
        laid += 1;
        let _ = layout_json(&l);
        for e in check(&fc, &l) {
            failures.push(format!("{id}: {e}"));
        }
        let c = crossings(&l);
        ours += c;
        let dj = dir.join("dagre").join(format!("{id}.json"));
        if let Ok(t) = std::fs::read_to_string(&dj) {
            let v: serde_json::Value = serde_json::from_str(&t).unwrap();
            let d = v["metrics"]["crossings"].as_u64().unwrap_or(0) as usize;
            theirs += d;
            if c > d {
                worse.push(format!("{id}: ours {c} dagre {d}"));
            }
        }
    }
    println!("laid out {laid} files; crossings ours {ours}, dagre {theirs}");
    if !worse.is_empty() {
        println!("files with more crossings than dagre ({}):", worse.len());
        for w in &worse {
            println!("  {w}");
        }
    }
    for f in failures.iter().take(60) {
        println!("FAIL {f}");
    }
    assert!(failures.is_empty(), "{} invariant failures", failures.len());
    assert!(ours <= theirs, "crossings: ours {ours} > dagre {theirs}");
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A random flowchart: `n` nodes, cycles, self loops, labels, long edges, nested
/// subgraphs (some with their own direction) and edges to subgraphs.
fn random_flowchart(rng: &mut Rng, n: usize) -> String {
    let dirs = ["TD", "LR", "BT", "RL"];
    let shapes = ["[", "(", "{", "((", "[(", "{{", "([", ">"];
    let close = ["]", ")", "}", "))", ")]", "}}", "])", "]"];
    let mut s = format!("flowchart {}\n", dirs[rng.below(4)]);
    let mut i = 0;
    let mut sub = 0;
    let mut depth = 0;
    while i < n {
        match rng.below(10) {
            0 if depth < 3 => {
                s.push_str(&format!("subgraph s{sub} [Group {sub}]\n"));
                if rng.below(3) == 0 {
                    s.push_str(&format!(
                        "direction {}\n",
                        ["TB", "LR", "BT", "RL"][rng.below(4)]
                    ));
                }
                sub += 1;
                depth += 1;
            }
            1 if depth > 0 => {
                s.push_str("end\n");
                depth -= 1;
            }
            _ => {
                let k = rng.below(shapes.len());
                let label = if rng.below(4) == 0 {
                    format!("長いラベル {i} with several words to wrap around")
                } else {
                    format!("N{i}")
                };
                s.push_str(&format!("n{i}{}{}{}\n", shapes[k], label, close[k]));
                i += 1;
            }
        }
    }
    for _ in 0..depth {
        s.push_str("end\n");
    }
    let edges = n + n / 2;
    for _ in 0..edges {
        let a = rng.below(n);
        let b = if rng.below(6) == 0 { a } else { rng.below(n) };
        let link = [
            "-->", "---", "-.->", "==>", "--o", "--x", "<-->", "--->", "~~~",
        ][rng.below(9)];
        let from = if sub > 0 && rng.below(15) == 0 {
            format!("s{}", rng.below(sub))
        } else {
            format!("n{a}")
        };
        if rng.below(4) == 0 && link != "~~~" {
            s.push_str(&format!("{from} {link}|lab {a}| n{b}\n"));
        } else {
            s.push_str(&format!("{from} {link} n{b}\n"));
        }
    }
    s
}

#[test]
fn random_graphs_never_panic_and_keep_invariants() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let opts = LayoutOptions::default();
    let mut sizes: Vec<usize> = (0..60).map(|k| 2 + k % 40).collect();
    sizes.extend([120, 300]);
    for &n in &sizes {
        let src = random_flowchart(&mut rng, n);
        let (fc, _) = parse(&src).unwrap_or_else(|e| panic!("{e}\n{src}"));
        let l = layout(&fc, &SimpleMeasure, &opts);
        if n <= 120 {
            let errs = check(&fc, &l);
            assert!(errs.is_empty(), "{errs:?}\n{src}");
        }
    }
}

/// A random model (the parser refuses more than 500 edges, as Mermaid does, so big graphs
/// are built directly): `n` nodes, 1.5 n edges with cycles, self loops, labels and long
/// spans, and a few nested subgraphs.
fn random_model(rng: &mut Rng, n: usize) -> Flowchart {
    use inkbind::mermaid::model::{Edge, EdgeKind, Label, Marker, Node, Subgraph};
    let mut fc = Flowchart::default();
    for i in 0..n {
        fc.nodes.push(Node {
            id: format!("n{i}"),
            label: Label::plain(&format!("Node {i}")),
            ..Node::default()
        });
    }
    for _ in 0..n + n / 2 {
        let a = rng.below(n);
        let b = if rng.below(20) == 0 { a } else { rng.below(n) };
        fc.edges.push(Edge {
            from: format!("n{a}"),
            to: format!("n{b}"),
            kind: EdgeKind {
                stroke: Stroke::Normal,
                start: Marker::None,
                end: Marker::Arrow,
            },
            label: (rng.below(5) == 0).then(|| Label::plain("label")),
            length: 1 + (rng.below(8) == 0) as u32,
            ..Edge::default()
        });
    }
    // subgraphs over consecutive id ranges, inner first
    let mut start = 0;
    for k in 0..(n / 100).min(8) {
        let len = 5 + rng.below(20);
        if start + len >= n {
            break;
        }
        let mut members: Vec<String> = (start..start + len).map(|i| format!("n{i}")).collect();
        if k > 0 && k % 3 == 0 {
            members.push(format!("s{}", k - 1));
        }
        fc.subgraphs.push(Subgraph {
            id: format!("s{k}"),
            title: Label::plain(&format!("Group {k}")),
            members,
            ..Subgraph::default()
        });
        start += len + rng.below(50);
    }
    fc
}

#[test]
fn huge_graphs_finish() {
    let mut rng = Rng(12345);
    let opts = LayoutOptions::default();
    for n in [500usize, 1000, 2000] {
        let fc = random_model(&mut rng, n);
        let t = std::time::Instant::now();
        let l = layout(&fc, &SimpleMeasure, &opts);
        let svg =
            inkbind::mermaid::svg::write_svg(&fc, &l, &inkbind::mermaid::SvgOptions::default());
        let el = t.elapsed();
        println!("{n} nodes, {} edges: {el:?}", fc.edges.len());
        assert_eq!(l.nodes.len(), n);
        assert!(svg.ends_with("</svg>\n"));
        assert!(el.as_secs() < 60, "{n} nodes took {el:?}");
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(77);
    let opts = inkbind::mermaid::SvgOptions::default();
    let alphabet: &[u8] = b"flowchart graph TD LR subgraph end --> -.- ==> [](){}<>|\"'`;:&@#%\n\t x o 1 A B \xe3\x81\x82";
    for k in 0..400 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                if k % 2 == 0 {
                    alphabet[rng.below(alphabet.len())]
                } else {
                    rng.next() as u8
                }
            })
            .collect();
        let mut src = String::from_utf8_lossy(&bytes).to_string();
        if k % 3 == 0 {
            src = format!("flowchart TD\n{src}");
        }
        let _ = inkbind::mermaid::render(&src, &SimpleMeasure, &opts);
    }
}
