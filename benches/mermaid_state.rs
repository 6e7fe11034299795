//! Mermaid state diagram parse + layout + SVG: `cargo bench --bench mermaid_state`.
//!
//! Two inputs: a typical diagram (start/end, a composite, fork/join, a choice, a note,
//! labelled transitions) and a generated one of 500 states and 500 transitions in 25
//! composites (xorshift, fixed seed). Text is measured with `SimpleMeasure`, so the
//! figures are about the diagram engine, not shaping.

use criterion::{Criterion, criterion_group, criterion_main};
use inkbind::mermaid::{SimpleMeasure, SvgOptions, render};

const TYPICAL: &str = "stateDiagram-v2
    [*] --> Idle
    Idle --> Running : start
    state Running {
        [*] --> Loading
        Loading --> Ready : loaded
        Ready --> [*]
    }
    state fork_state <<fork>>
    Running --> fork_state
    fork_state --> Save
    fork_state --> Notify
    state join_state <<join>>
    Save --> join_state
    Notify --> join_state
    join_state --> check
    state check <<choice>>
    check --> Idle : again
    check --> [*] : done
    note right of Idle : waiting for input
";

/// 500 states in 25 composites of 20, and 500 transitions (most inside a composite).
fn large(seed: u64) -> String {
    let mut s = seed;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let mut out = String::from("stateDiagram-v2\n[*] --> C0\n");
    let mut edges = 1;
    for c in 0..25 {
        out.push_str(&format!("state C{c} {{\n  [*] --> S{c}_0\n"));
        for k in 1..20 {
            let from = next() % k;
            out.push_str(&format!("  S{c}_{from} --> S{c}_{k} : t{k}\n"));
        }
        out.push_str("}\n");
        edges += 20;
        if c > 0 {
            out.push_str(&format!("C{} --> C{c}\n", c - 1));
            edges += 1;
        }
    }
    while edges < 500 {
        let a = next() % 25;
        let b = next() % 25;
        out.push_str(&format!("C{a} --> C{b}\n"));
        edges += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let opts = SvgOptions::default();
    c.bench_function("state typical: parse+layout+svg", |b| {
        b.iter(|| render(TYPICAL, &SimpleMeasure, &opts).unwrap())
    });
    let big = large(0x2545_F491_4F6C_DD1D);
    c.bench_function("state 500 states/transitions: parse+layout+svg", |b| {
        b.iter(|| render(&big, &SimpleMeasure, &opts).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
