//! Times the example articles to PDF and to EPUB: `cargo bench --bench render`.
//!
//! Each conversion (parse + layout + write, everything but reading the file) runs `RUNS`
//! times after one warm-up; the median and the fastest run are printed, then the process's
//! peak resident memory (VmHWM). Set `INKBIND_BENCH_RUNS` to change the count.

use std::path::Path;
use std::time::{Duration, Instant};

use inkbind::diagnostics::Diagnostics;
use inkbind::pipeline::{self, RenderOptions};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> (Duration, Duration) {
    f();
    let v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    let min = *v.iter().min().expect("runs > 0");
    (median(v), min)
}

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: run once then.
    let runs: usize = std::env::var("INKBIND_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if std::env::args().any(|a| a == "--bench") {
            30
        } else {
            1
        });
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!(
        "{:<28} {:>6} {:>12} {:>12} {:>7}",
        "document", "format", "median ms", "min ms", "pages"
    );
    for name in [
        "ja-typesetting",
        "zh-ci-pipeline",
        "ko-travel-notes",
        "en-release-notes",
    ] {
        let path = root.join("examples").join(format!("{name}.md"));
        let bytes = std::fs::read(&path).expect("example exists");
        let opts = RenderOptions {
            source_dir: path.parent().expect("dir").to_path_buf(),
            ..Default::default()
        };
        let mut pages = 0;
        let (med, min) = time(runs, || {
            let mut d = Diagnostics::new(name);
            let src = pipeline::decode_source(&bytes, &mut d);
            let doc = pipeline::parse(&src, &mut d);
            pages = pipeline::to_pdf(&doc, &opts, &mut d).expect("pdf").1;
        });
        println!(
            "{name:<28} {:>6} {:>12.2} {:>12.2} {pages:>7}",
            "pdf",
            med.as_secs_f64() * 1e3,
            min.as_secs_f64() * 1e3
        );
        let (med, min) = time(runs, || {
            let mut d = Diagnostics::new(name);
            let src = pipeline::decode_source(&bytes, &mut d);
            let doc = pipeline::parse(&src, &mut d);
            pipeline::to_epub(&doc, &opts, &mut d).expect("epub");
        });
        println!(
            "{name:<28} {:>6} {:>12.2} {:>12.2} {:>7}",
            "epub",
            med.as_secs_f64() * 1e3,
            min.as_secs_f64() * 1e3,
            "-"
        );
    }
    // A book-length document: the example bodies repeated until the PDF has 100+ pages.
    let mut big = String::from("---\ntitle: 100 pages\nlang: ja\n---\n\n");
    let bodies: Vec<String> = [
        "ja-typesetting",
        "zh-ci-pipeline",
        "ko-travel-notes",
        "en-release-notes",
    ]
    .iter()
    .map(|n| {
        let s = std::fs::read_to_string(root.join("examples").join(format!("{n}.md")))
            .expect("example");
        // Drop the front matter: only one title block.
        s.split_once("\n---\n")
            .map_or(s.as_str(), |(_, body)| body)
            .to_string()
    })
    .collect();
    let opts = RenderOptions {
        source_dir: root.join("examples"),
        ..Default::default()
    };
    let mut pages = 0;
    while pages < 100 {
        for b in &bodies {
            big.push_str(b);
            big.push_str("\n\n");
        }
        let mut d = Diagnostics::new("big");
        let doc = pipeline::parse(&big, &mut d);
        pages = pipeline::to_pdf(&doc, &opts, &mut d).expect("pdf").1;
    }
    let big_runs = (runs / 5).max(1);
    let (med, min) = time(big_runs, || {
        let mut d = Diagnostics::new("big");
        let doc = pipeline::parse(&big, &mut d);
        pages = pipeline::to_pdf(&doc, &opts, &mut d).expect("pdf").1;
    });
    println!(
        "{:<28} {:>6} {:>12.2} {:>12.2} {pages:>7}",
        "examples x N (book length)",
        "pdf",
        med.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3
    );
    if let Some(mb) = peak_rss_mb() {
        println!("peak RSS of the benchmark process: {mb:.1} MB");
    }
}
