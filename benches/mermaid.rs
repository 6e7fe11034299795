//! Mermaid flowchart parse + layout + SVG: `cargo bench --bench mermaid`.
//!
//! Three inputs: a 10-node hand-written diagram (labels, a subgraph, a decision), and random
//! DAGs of 200 and 1,000 nodes (about 1.5 edges per node, mostly short edges, some long
//! ones; fixed seed). Text is measured with `SimpleMeasure` so the figures are about the
//! diagram engine, not shaping. The parser refuses more than 500 edges (Mermaid's default
//! `maxEdges`), so the 1,000-node DAG (1,500 edges) is built as a model and timed for
//! layout + SVG; the others are timed for parse + layout + SVG from source.

use criterion::{Criterion, criterion_group, criterion_main};
use inkbind::mermaid::layout::layout;
use inkbind::mermaid::model::{Edge, EdgeKind, Flowchart, Label, Marker, Node};
use inkbind::mermaid::svg::write_svg;
use inkbind::mermaid::{SimpleMeasure, SvgOptions, parse::parse, render};

const SMALL: &str = "flowchart TD
    A[Start] --> B{Is it working?}
    B -->|Yes| C[Ship it]
    B -->|No| D[Debug]
    D --> E[Read the logs]
    E --> F[Fix the bug]
    F --> B
    subgraph release [Release]
      C --> G[Tag]
      G --> H[(Archive)]
    end
    H --> I([Done])
    I -.-> J[Tell everyone]
";

/// A random DAG with `n` nodes in Mermaid syntax (xorshift, fixed seed).
pub fn random_dag(n: usize, seed: u64) -> String {
    let mut s = seed;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let mut out = String::from("flowchart TD\n");
    for i in 0..n {
        out.push_str(&format!("  n{i}[Node {i}]\n"));
    }
    for i in 1..n {
        let k = 1 + (next() % 2) as usize;
        for _ in 0..k {
            let span = if next() % 5 == 0 { i } else { 8.min(i) };
            let j = i - 1 - (next() as usize % span);
            out.push_str(&format!("  n{j} --> n{i}\n"));
        }
    }
    out
}

/// The same DAG as a model.
fn dag_model(src: &str) -> Flowchart {
    let mut fc = Flowchart::default();
    for line in src.lines().skip(1) {
        let line = line.trim();
        if let Some((a, b)) = line.split_once(" --> ") {
            fc.edges.push(Edge {
                from: a.to_string(),
                to: b.to_string(),
                kind: EdgeKind {
                    end: Marker::Arrow,
                    ..EdgeKind::default()
                },
                length: 1,
                ..Edge::default()
            });
        } else if let Some((id, rest)) = line.split_once('[') {
            fc.nodes.push(Node {
                id: id.to_string(),
                label: Label::plain(rest.trim_end_matches(']')),
                ..Node::default()
            });
        }
    }
    fc
}

fn bench(c: &mut Criterion) {
    let opts = SvgOptions::default();
    let mut g = c.benchmark_group("mermaid");
    g.sample_size(10);
    g.bench_function("10 nodes", |b| {
        b.iter(|| render(SMALL, &SimpleMeasure, &opts).unwrap())
    });
    let d200 = random_dag(200, 42);
    g.bench_function("200-node DAG", |b| {
        b.iter(|| render(&d200, &SimpleMeasure, &opts).unwrap())
    });
    assert!(parse(&d200).is_ok());
    let d1000 = dag_model(&random_dag(1000, 42));
    g.bench_function("1000-node DAG (layout + SVG)", |b| {
        b.iter(|| {
            let l = layout(&d1000, &SimpleMeasure, &opts.layout);
            write_svg(&d1000, &l, &opts)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
