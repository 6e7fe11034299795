//! Gantt charts: parse + date resolution + layout + SVG of a typical chart and of one with
//! 500 tasks (sections of 25, `after` chains, tags, excludes weekends).

use criterion::{Criterion, criterion_group, criterion_main};
use inkbind::mermaid::{SimpleMeasure, SvgOptions, render};

const TYPICAL: &str = "gantt
    title A Gantt Diagram
    dateFormat YYYY-MM-DD
    excludes weekends
    section Design
        Requirements :done, r1, 2024-01-01, 5d
        Architecture :active, a1, after r1, 1w
        Review       :milestone, m1, after a1, 0d
    section Build
        Backend      :crit, b1, after a1, 10d
        Frontend     :f1, after a1, 12d
        Integration  :after b1 f1, 5d
    section Release
        Freeze       :vert, v1, 2024-02-20, 0d
        Launch       :milestone, after b1, 0d
";

fn big(n: usize) -> String {
    let mut s = String::from("gantt\n    dateFormat YYYY-MM-DD\n    excludes weekends\n");
    for i in 0..n {
        if i % 25 == 0 {
            s.push_str(&format!("    section Part {}\n", i / 25));
        }
        let tag = ["", "done, ", "active, ", "crit, "][i % 4];
        if i == 0 {
            s.push_str("        Task 0 :t0, 2024-01-01, 2d\n");
        } else {
            s.push_str(&format!(
                "        Task {i} :{tag}t{i}, after t{}, {}d\n",
                i - 1,
                1 + i % 5
            ));
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let opts = SvgOptions::default();
    c.bench_function("gantt_typical", |b| {
        b.iter(|| render(TYPICAL, &SimpleMeasure, &opts).unwrap())
    });
    let src = big(500);
    c.bench_function("gantt_500_tasks", |b| {
        b.iter(|| render(&src, &SimpleMeasure, &opts).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
