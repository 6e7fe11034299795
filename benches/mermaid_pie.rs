//! Mermaid pie chart parse + layout + SVG: `cargo bench --bench mermaid_pie`.
//!
//! A typical chart (title, five slices) and one of 500 slices with `showData`; text is
//! measured with `SimpleMeasure` so the figures are about the pie code, not shaping.

use criterion::{Criterion, criterion_group, criterion_main};
use inkbind::mermaid::{SimpleMeasure, SvgOptions, render};

const TYPICAL: &str = "pie title Languages
    accTitle: Key languages
    \"JavaScript\": 30
    \"Python\": 25
    \"Java\": 20
    \"C#\": 15
    \"Others\": 10
";

fn big(n: usize) -> String {
    let mut s = String::from("pie showData title Many slices\n");
    for i in 0..n {
        s.push_str(&format!("    \"slice {i}\" : {}.5\n", 1 + (i * 7919) % 97));
    }
    s
}

fn bench(c: &mut Criterion) {
    let opts = SvgOptions::default();
    c.bench_function("pie typical (5 slices)", |b| {
        b.iter(|| render(TYPICAL, &SimpleMeasure, &opts).unwrap())
    });
    let src = big(500);
    c.bench_function("pie 500 slices", |b| {
        b.iter(|| render(&src, &SimpleMeasure, &opts).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
