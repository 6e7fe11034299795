//! Mermaid mindmap parse + layout + SVG: `cargo bench --bench mermaid_mindmap`.
//!
//! Two inputs: a typical mindmap (the Mermaid documentation's example: a circle root,
//! three branches, an icon, a wrapped label) and a generated one of 500 nodes up to six
//! levels deep with every shape (xorshift, fixed seed). Text is measured with
//! `SimpleMeasure`, so the figures are about the diagram engine, not shaping.

use criterion::{Criterion, criterion_group, criterion_main};
use inkbind::mermaid::{SimpleMeasure, SvgOptions, render};

const TYPICAL: &str = "mindmap
  root((mindmap))
    Origins
      Long history
      ::icon(fa fa-book)
      Popularisation
        British popular psychology author Tony Buzan
    Research
      On effectiveness<br/>and features
      On Automatic creation
        Uses
            Creative techniques
            Strategic planning
            Argument mapping
    Tools
      Pen and paper
      Mermaid
";

/// 500 nodes: each new node goes under a random node of the current path (depth <= 6).
fn large(seed: u64) -> String {
    let mut s = seed;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let shapes = [
        ("", ""),
        ("[", "]"),
        ("(", ")"),
        ("((", "))"),
        (")", "("),
        ("{{", "}}"),
    ];
    let mut out = String::from("mindmap\n  root((Large map))\n");
    let mut depth = 1u64;
    for k in 1..500 {
        depth = (1 + next() % (depth + 1)).min(6);
        let (a, b) = shapes[(next() % shapes.len() as u64) as usize];
        let indent = "  ".repeat(depth as usize + 1);
        out.push_str(&format!("{indent}n{k}{a}Node {k} text{b}\n"));
    }
    out
}

fn bench(c: &mut Criterion) {
    let opts = SvgOptions::default();
    c.bench_function("mindmap typical: parse+layout+svg", |b| {
        b.iter(|| render(TYPICAL, &SimpleMeasure, &opts).unwrap())
    });
    let big = large(0x2545_F491_4F6C_DD1D);
    assert_eq!(
        inkbind::mermaid::mindmap::parse(&big)
            .unwrap()
            .0
            .nodes
            .len(),
        500
    );
    c.bench_function("mindmap 500 nodes: parse+layout+svg", |b| {
        b.iter(|| render(&big, &SimpleMeasure, &opts).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
