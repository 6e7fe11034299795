//! Speed of the sequence diagram pipeline (parse, layout, SVG): a typical diagram and one
//! with 500 messages.

use criterion::{Criterion, criterion_group, criterion_main};
use inkbind::mermaid::{SimpleMeasure, SvgOptions, render};

const TYPICAL: &str = "sequenceDiagram
    autonumber
    actor U as User
    participant W as Web server
    participant D@{ \"type\": \"database\" }
    U->>+W: Log in
    W->>D: Look up the account
    D-->>W: Account
    alt valid password
        W-->>U: Welcome page
    else wrong password
        W--xU: Error
    end
    loop every minute
        W->>W: Refresh the session
    end
    Note over U,W: The session stays open
    W-->>-U: Log out
";

fn large(n: usize) -> String {
    let mut s = String::from("sequenceDiagram\n");
    for i in 0..n {
        let (a, b) = (i % 7, (i * 3 + 1) % 7);
        s.push_str(&format!("    P{a}->>P{b}: message number {i}\n"));
        if i % 50 == 0 {
            s.push_str("    loop again\n    P1-->>P2: inner\n    end\n");
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let opts = SvgOptions::default();
    c.bench_function("sequence typical", |b| {
        b.iter(|| render(TYPICAL, &SimpleMeasure, &opts).expect("renders"))
    });
    let big = large(500);
    c.bench_function("sequence 500 messages", |b| {
        b.iter(|| render(&big, &SimpleMeasure, &opts).expect("renders"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
