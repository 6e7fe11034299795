//! Mermaid user journey parse + layout + SVG: `cargo bench --bench mermaid_journey`.
//!
//! A typical journey (title, two sections, five tasks, two actors) and one of 500 tasks in
//! 100 sections with 20 actors; text is measured with `SimpleMeasure` so the figures are
//! about the journey code, not shaping.

use criterion::{Criterion, criterion_group, criterion_main};
use inkbind::mermaid::{SimpleMeasure, SvgOptions, render};

const TYPICAL: &str = "journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
";

fn big(n: usize) -> String {
    let mut s = String::from("journey\n    title Many tasks\n");
    for i in 0..n {
        if i % 5 == 0 {
            s.push_str(&format!("    section Part {}\n", i / 5));
        }
        s.push_str(&format!(
            "      Task number {i}: {}: Actor {}, Actor {}\n",
            1 + i % 5,
            i % 20,
            (i * 7) % 20
        ));
    }
    s
}

fn bench(c: &mut Criterion) {
    let opts = SvgOptions::default();
    c.bench_function("journey typical (5 tasks)", |b| {
        b.iter(|| render(TYPICAL, &SimpleMeasure, &opts).unwrap())
    });
    let src = big(500);
    c.bench_function("journey 500 tasks", |b| {
        b.iter(|| render(&src, &SimpleMeasure, &opts).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
