//! Mermaid class diagram parse + layout + SVG: `cargo bench --bench mermaid_class`.
//!
//! Two inputs: a typical hand-written diagram (8 classes with members, generics, an
//! annotation, a namespace, a note, six relation kinds with cardinalities and labels),
//! and a generated one of 500 classes and 500 relations (each class with two members;
//! xorshift, fixed seed). Text is measured with `SimpleMeasure`, so the figures are about
//! the diagram engine, not shaping.

use criterion::{Criterion, criterion_group, criterion_main};
use inkbind::mermaid::{SimpleMeasure, SvgOptions, render};

const TYPICAL: &str = r#"classDiagram
    direction TB
    class Animal {
      <<abstract>>
      +String name
      +int age$
      +makeSound()* void
    }
    class Zoo~T~ {
      -List~T~ animals
      +add(T animal) bool
    }
    namespace Birds {
      class Duck
      class Penguin
    }
    Animal <|-- Duck
    Animal <|-- Penguin
    Zoo "1" *-- "many" Animal : houses
    Keeper "1" --> "*" Animal : feeds
    Vet ..> Animal : treats
    Ticket o-- Zoo
    Duck ..|> Swimmer
    note for Zoo "Open daily<br>9-17"
"#;

/// `n` classes with two members each and `n` relations between them (fixed seed).
fn generated(n: usize) -> String {
    let mut s: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let arrows = ["<|--", "*--", "o--", "-->", "..>", "..|>", "--"];
    let mut out = String::from("classDiagram\n");
    for i in 0..n {
        out.push_str(&format!(
            "  class C{i} {{\n    +int field{i}\n    +run{i}(x) bool\n  }}\n"
        ));
    }
    for i in 1..n {
        let span = if next() % 6 == 0 { i } else { 6.min(i) };
        let j = i - 1 - (next() as usize % span);
        let a = arrows[(next() % arrows.len() as u64) as usize];
        out.push_str(&format!("  C{j} {a} C{i}\n"));
    }
    out.push_str("  C0 --> C1 : extra\n");
    out
}

fn bench(c: &mut Criterion) {
    let opts = SvgOptions::default();
    c.bench_function("class typical: parse+layout+svg", |b| {
        b.iter(|| render(TYPICAL, &SimpleMeasure, &opts).expect("renders"))
    });
    let big = generated(500);
    let mut g = c.benchmark_group("class 500");
    g.sample_size(10);
    g.bench_function("class 500 classes/relations: parse+layout+svg", |b| {
        b.iter(|| render(&big, &SimpleMeasure, &opts).expect("renders"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
