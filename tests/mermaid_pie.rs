//! Pie charts drawn: invariants over every accepted pie file of `tests/data/mermaid-types`
//! (drawn slices fill 360° in source order, percentages inside their slice, every text
//! inside the drawing, legend entries apart, fonts at least the flowchart's), insta
//! snapshots of small charts (one CJK with `<br>`), random inputs that never panic, and
//! PNGs drawn with the real fonts in `$TMPDIR/inkbind-mermaid-png/` for a person to look at.

mod common;

use std::f32::consts::TAU;

use common::mermaid_draw::{Bx, Rng, inside, png};
use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::pie::layout::{PieLayout, layout};
use inkbind::mermaid::pie::model::Pie;
use inkbind::mermaid::pie::parse;
use inkbind::mermaid::{DiagramLayout, LayoutOptions, SimpleMeasure, SvgOptions, render};

fn overlap(a: Bx, b: Bx) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// Every broken invariant of `l`, the layout of `pie`.
fn check(pie: &Pie, l: &PieLayout, min_font: f32) -> Vec<String> {
    let mut bad = Vec::new();
    let page = (0.0, 0.0, l.width, l.height);
    if !l.slices.is_empty() {
        let sum: f32 = l.slices.iter().map(|s| s.end_rad - s.start_rad).sum();
        if (sum - TAU).abs() > 1e-3 {
            bad.push(format!("slice angles sum to {}°", sum.to_degrees()));
        }
        if l.slices[0].start_rad != 0.0 {
            bad.push("first slice does not start at 12 o'clock".into());
        }
    }
    for w in l.slices.windows(2) {
        if w[0].index >= w[1].index || (w[0].end_rad - w[1].start_rad).abs() > 1e-5 {
            bad.push(format!(
                "slices {} and {} not in order",
                w[0].index, w[1].index
            ));
        }
    }
    let total = pie.total();
    for s in &l.slices {
        let share = (pie.slices[s.index].value / total) as f32;
        if share < 0.01 {
            bad.push(format!("slice {} under 1 % is drawn", s.index));
        }
        // the percentage's anchor is inside its sector
        let (dx, dy) = (s.percent.x - l.center.0, s.percent.baseline - l.center.1);
        let r = (dx * dx + dy * dy).sqrt();
        let a = dx.atan2(-dy).rem_euclid(TAU);
        let within = s.end_rad - s.start_rad >= TAU - 1e-3
            || (a >= s.start_rad - 1e-3 && a <= s.end_rad + 1e-3);
        if r > l.radius || !within {
            bad.push(format!(
                "percentage of slice {} outside its sector",
                s.index
            ));
        }
        if s.percent.font_size < min_font {
            bad.push("percentage font too small".into());
        }
    }
    let mut texts: Vec<(String, Bx)> = Vec::new();
    if let Some(t) = &l.title {
        texts.push(("title".into(), t.bbox));
    }
    for e in &l.legend {
        texts.push((format!("legend {}", e.index), e.label.bbox));
        let sq = (e.square.0, e.square.1, e.square.2, e.square.2);
        texts.push((format!("square {}", e.index), sq));
        if e.label.font_size < min_font {
            bad.push("legend font too small".into());
        }
    }
    for (name, b) in &texts {
        if !inside(page, *b, 0.5) {
            bad.push(format!("{name} {b:?} outside the drawing {page:?}"));
        }
    }
    for w in l.legend.windows(2) {
        let row = |e: &inkbind::mermaid::pie::layout::LegendEntry| {
            let b = e.label.bbox;
            (
                e.square.0,
                e.square.1,
                b.0 + b.2 - e.square.0,
                e.square.2.max(b.3 - 4.0),
            )
        };
        let (a, b) = (row(&w[0]), row(&w[1]));
        if overlap(a, b) || b.1 < a.1 {
            bad.push(format!(
                "legend entries {} and {} overlap",
                w[0].index, w[1].index
            ));
        }
    }
    if pie.slices.len() != l.legend.len() {
        bad.push("legend misses slices".into());
    }
    bad
}

#[test]
fn corpus_invariants() {
    let opts = SvgOptions::default();
    let mut drawn = 0;
    for c in mermaid_cases("pie") {
        let Ok((pie, _)) = parse(&c.source) else {
            assert!(!c.parses(), "{}: Mermaid parses it", c.name());
            continue;
        };
        let d = render(&c.source, &SimpleMeasure, &opts).expect("accepted files render");
        let DiagramLayout::Pie(l) = &d.layout else {
            panic!("{}: not drawn as a pie", c.name())
        };
        let bad = check(&pie, l, opts.layout.font_size);
        assert!(bad.is_empty(), "{}: {bad:#?}", c.name());
        usvg::Tree::from_str(&d.svg, &usvg::Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", c.name()));
        for s in &pie.slices {
            let shown = s.label.replace('&', "&amp;").replace('<', "&lt;");
            assert!(
                d.svg.contains(&shown),
                "{}: legend misses {}",
                c.name(),
                s.label
            );
        }
        drawn += 1;
    }
    assert_eq!(drawn, 62);
}

const PIECES: &[&str] = &[
    "pie",
    " showData",
    " title T",
    "\n",
    "\"a\"",
    "\"東京<br>大阪\"",
    ":",
    " 1",
    " 0",
    " 12.5",
    " -3",
    " 1.2.3",
    "accTitle: x",
    "accDescr {\n y\n}",
    "%% c",
    "%%{init: {}}%%",
    "'q'",
    " ",
    "\t",
    "\"",
    "{",
    "}",
    "title",
    "犬",
    "0.001",
    "1e9",
    "999999999999",
];

/// Random pie-like sources never panic; accepted ones keep every invariant.
#[test]
fn random_sources_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut accepted = 0;
    for _ in 0..3000 {
        let mut s = String::from(if rng.below(4) == 0 { "" } else { "pie\n" });
        for _ in 0..rng.below(40) {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
        if let Ok((pie, _)) = parse(&s) {
            accepted += 1;
            let l = layout(&pie, &SimpleMeasure, &LayoutOptions::default());
            let bad = check(&pie, &l, 16.0);
            assert!(bad.is_empty(), "{s:?}: {bad:#?}");
        }
        let _ = render(&s, &SimpleMeasure, &SvgOptions::default());
    }
    assert!(accepted > 100, "only {accepted} random sources parsed");
    // well-formed random charts of up to 600 slices
    for n in [0usize, 1, 2, 37, 600] {
        let mut s = String::from("pie showData title Big\n");
        for i in 0..n {
            s.push_str(&format!("\"slice {i}\" : {}\n", 1 + rng.below(1000)));
        }
        let (pie, _) = parse(&s).unwrap();
        let l = layout(&pie, &SimpleMeasure, &LayoutOptions::default());
        assert!(check(&pie, &l, 16.0).is_empty(), "{n} slices");
    }
}

const BASIC: &str = "pie title Pets adopted by volunteers
    \"Dogs\" : 386
    \"Cats\" : 85
    \"Rats\" : 15
";

const CJK: &str = "pie showData
    title 好きな季節<br>アンケート
    \"春\" : 32.5
    \"夏<br/>（海）\" : 21
    \"秋\" : 38.25
    \"冬\" : 8
";

const THEMED: &str = "%%{init: {\"theme\": \"forest\", \"pie\": {\"textPosition\": 0.5}, \"themeVariables\": {\"pieOuterStrokeWidth\": \"5px\", \"pie2\": \"#ff8800\"}}}%%
pie
    accTitle: Sports
    \"Bandy\" : 40
    \"Ice-Hockey\" : 80
    \"Football\" : 90
    \"Curling\" : 0.5
";

fn svg_of(src: &str) -> String {
    render(src, &SimpleMeasure, &SvgOptions::default())
        .unwrap()
        .svg
}

#[test]
fn snapshots() {
    insta::assert_snapshot!("pie_basic", svg_of(BASIC));
    insta::assert_snapshot!("pie_cjk_br", svg_of(CJK));
    insta::assert_snapshot!("pie_themed", svg_of(THEMED));
}

#[test]
fn pngs_for_review() {
    let out = std::env::temp_dir().join("inkbind-mermaid-png");
    std::fs::create_dir_all(&out).unwrap();
    png("pie_basic", BASIC, &out);
    png("pie_cjk_br", CJK, &out);
    png("pie_themed", THEMED, &out);
}
