//! Mermaid ER diagram parse + layout + SVG: `cargo bench --bench mermaid_er`.
//!
//! Two inputs: a typical diagram (six entities, attribute blocks with keys and comments,
//! an alias, every cardinality, identifying and non-identifying lines) and a generated
//! one of 500 entities and 500 relationships (xorshift, fixed seed), each entity with
//! three attributes. Text is measured with `SimpleMeasure`, so the figures are about the
//! diagram engine, not shaping.

use criterion::{Criterion, criterion_group, criterion_main};
use inkbind::mermaid::{SimpleMeasure, SvgOptions, render};

const TYPICAL: &str = "erDiagram
    CUSTOMER ||--o{ ORDER : places
    ORDER ||--|{ LINE-ITEM : contains
    CUSTOMER }|..|{ DELIVERY-ADDRESS : uses
    PRODUCT |o--o| STOCK : \"kept as\"
    LINE-ITEM }o--|| PRODUCT : refers
    CUSTOMER[\"Customer\"] {
        int id PK \"surrogate key\"
        string name
        string email UK
    }
    ORDER {
        int id PK
        int customerId FK \"who ordered\"
        date placedOn
    }
    LINE-ITEM {
        int orderId PK, FK
        int productId PK, FK
        int quantity
    }
";

/// 500 entities with three attributes each, and 500 relationships: a random tree plus
/// random extra links.
fn large(seed: u64) -> String {
    let mut s = seed;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let cards = ["||", "|o", "}o", "}|"];
    let cards_r = ["||", "o|", "o{", "|{"];
    let mut out = String::from("erDiagram\n");
    for k in 0..500 {
        out.push_str(&format!(
            "E{k} {{\n  int id PK\n  string name \"n{k}\"\n  int parent FK\n}}\n"
        ));
    }
    for k in 0..500u64 {
        let (a, b) = if k > 0 && k < 499 {
            (next() % k, k)
        } else {
            (next() % 500, next() % 500)
        };
        let l = cards[(next() % 4) as usize];
        let r = cards_r[(next() % 4) as usize];
        let rel = if next() % 3 == 0 { ".." } else { "--" };
        out.push_str(&format!("E{a} {l}{rel}{r} E{b} : r{k}\n"));
    }
    out
}

fn bench(c: &mut Criterion) {
    let opts = SvgOptions::default();
    c.bench_function("er typical: parse+layout+svg", |b| {
        b.iter(|| render(TYPICAL, &SimpleMeasure, &opts).unwrap())
    });
    let big = large(0x2545_F491_4F6C_DD1D);
    c.bench_function("er 500 entities/relationships: parse+layout+svg", |b| {
        b.iter(|| render(&big, &SimpleMeasure, &opts).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
