//! Mermaid mindmaps drawn: insta snapshots of a few diagrams (deterministic with
//! `SimpleMeasure`), layout invariants over every mindmap file of
//! `tests/data/mermaid-types` that Mermaid accepts (no two node boxes overlap, every label
//! inside its shape, every edge from its parent's box to its child's, the drawing inside
//! its size), PNGs drawn with the real fonts for a person to look at
//! (`$TMPDIR/inkbind-mermaid-mindmap-png/`), and a PDF whose text holds the labels.

mod common;

use common::mermaid_review::render_png;
use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::mindmap::layout::{Layout, NodeBox};
use inkbind::mermaid::mindmap::model::Shape;
use inkbind::mermaid::{DiagramLayout, SimpleMeasure, SvgOptions, render};

const BASIC: &str = "mindmap
  root((mindmap))
    Origins
      Long history
      ::icon(fa fa-book)
      Popularisation
        British popular psychology author Tony Buzan
    Research
      On effectiveness<br/>and features
      On Automatic creation
    Tools
      Pen and paper
      Mermaid
";

const SHAPES: &str = "mindmap
    id[Root]
        a[Square]
        b(Rounded square)
        c((Circle))
        d)Cloud(
        e))Bang((
        f{{Hexagon}}
        g[\"`**Bold** and *italic* markdown`\"]
";

const CJK: &str = "---
config:
  mindmap:
    padding: 12
---
mindmap
  root((日本の<br>四季))
    春
      桜
      花見
    夏
      海水浴
      花火大会と夏祭り
    秋
      紅葉狩り
    冬
      雪まつり
      :::cold
      お正月
";

fn svg_of(src: &str) -> String {
    render(src, &SimpleMeasure, &SvgOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .svg
}

#[test]
fn snapshots() {
    insta::assert_snapshot!("basic", svg_of(BASIC));
    insta::assert_snapshot!("shapes", svg_of(SHAPES));
    insta::assert_snapshot!("cjk_br", svg_of(CJK));
}

type Bx = (f32, f32, f32, f32);

fn overlap(a: Bx, b: Bx) -> bool {
    a.0 < b.2 - 0.01 && b.0 < a.2 - 0.01 && a.1 < b.3 - 0.01 && b.1 < a.3 - 0.01
}

fn contains(outer: Bx, inner: Bx, inset: f32) -> bool {
    inner.0 >= outer.0 + inset - 0.01
        && inner.1 >= outer.1 + inset - 0.01
        && inner.2 <= outer.2 - inset + 0.01
        && inner.3 <= outer.3 - inset + 0.01
}

fn on_or_in(b: Bx, p: (f32, f32)) -> bool {
    p.0 >= b.0 - 0.5 && p.0 <= b.2 + 0.5 && p.1 >= b.1 - 0.5 && p.1 <= b.3 + 0.5
}

/// Whether the node's label lies inside the drawn shape.
fn label_inside(n: &NodeBox) -> bool {
    let l = n.label_box();
    match n.shape {
        Shape::Circle => {
            let r = n.width / 2.0;
            [(l.0, l.1), (l.2, l.1), (l.0, l.3), (l.2, l.3)]
                .iter()
                .all(|&(x, y)| (x - n.x).hypot(y - n.y) <= r + 0.01)
        }
        Shape::Hexagon => {
            // Inside the slanted sides: |dx| <= w/2 - m·|dy|/(h/2) with m = h/4.
            let (hw, hh, m) = (n.width / 2.0, n.height / 2.0, n.height / 4.0);
            contains(n.bounds(), l, 0.0)
                && [l.1, l.3]
                    .iter()
                    .all(|&y| (l.2 - n.x).max(n.x - l.0) <= hw - m * (y - n.y).abs() / hh + 0.01)
        }
        // A bang's arcs cut up to 8 px into its box.
        Shape::Bang => contains(n.bounds(), l, 8.0),
        _ => contains(n.bounds(), l, 0.0),
    }
}

fn check(lay: &Layout) -> Vec<String> {
    let mut bad = Vec::new();
    for (i, a) in lay.nodes.iter().enumerate() {
        if ![a.x, a.y, a.width, a.height].iter().all(|v| v.is_finite()) {
            bad.push(format!("node {i} not finite"));
        }
        if !label_inside(a) {
            bad.push(format!("label of {:?} outside its {:?}", a.id, a.shape));
        }
        if !contains((0.0, 0.0, lay.width, lay.height), a.bounds(), 0.0) {
            bad.push(format!("{:?} outside the drawing", a.id));
        }
        for b in &lay.nodes[i + 1..] {
            if overlap(a.bounds(), b.bounds()) {
                bad.push(format!("{:?} overlaps {:?}", a.id, b.id));
            }
        }
    }
    if lay.edges.len() != lay.nodes.len().saturating_sub(1) {
        bad.push(format!(
            "{} edges for {} nodes",
            lay.edges.len(),
            lay.nodes.len()
        ));
    }
    for e in &lay.edges {
        let (Some(first), Some(last)) = (e.curve.first(), e.curve.last()) else {
            bad.push(format!("edge {}->{} empty", e.from, e.to));
            continue;
        };
        if !on_or_in(lay.nodes[e.from].bounds(), first[0]) {
            bad.push(format!(
                "edge {}->{} does not leave its parent",
                e.from, e.to
            ));
        }
        if !on_or_in(lay.nodes[e.to].bounds(), last[3]) {
            bad.push(format!(
                "edge {}->{} does not reach its child",
                e.from, e.to
            ));
        }
        if lay.nodes[e.to].section != e.section {
            bad.push(format!(
                "edge {}->{} not in its child's colour",
                e.from, e.to
            ));
        }
    }
    bad
}

#[test]
fn corpus_invariants() {
    let mut drawn = 0;
    let mut problems = Vec::new();
    for case in mermaid_cases("mindmap") {
        if !case.parses() {
            continue;
        }
        let d = render(&case.source, &SimpleMeasure, &SvgOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", case.name()));
        let DiagramLayout::Mindmap(lay) = &d.layout else {
            panic!("{}: not drawn as a mindmap", case.name());
        };
        usvg::Tree::from_str(&d.svg, &usvg::Options::default())
            .unwrap_or_else(|e| panic!("{}: usvg: {e}", case.name()));
        for p in check(lay) {
            problems.push(format!("{}: {p}", case.name()));
        }
        drawn += 1;
    }
    for p in &problems {
        println!("{p}");
    }
    println!("{drawn} mindmaps drawn, {} problems", problems.len());
    assert!(drawn >= 123);
    assert!(problems.is_empty(), "{} layout problems", problems.len());
}

#[test]
fn wrapped_labels_and_sections() {
    let d = render(BASIC, &SimpleMeasure, &SvgOptions::default()).unwrap();
    let DiagramLayout::Mindmap(lay) = &d.layout else {
        panic!("not a mindmap");
    };
    let long = lay
        .nodes
        .iter()
        .find(|n| n.id.starts_with("British"))
        .unwrap();
    assert!(long.text.lines.len() >= 2 && long.text.width <= 200.0);
    // Branch colours: the three branches take sections 0, 1, 2.
    let sections: Vec<Option<usize>> = lay.nodes.iter().map(|n| n.section).collect();
    assert_eq!(sections[0], None);
    assert_eq!(sections[1], Some(0));
    assert_eq!(sections.last().copied().flatten(), Some(2));
    assert!(
        d.alt_text
            .starts_with("Mindmap:\nmindmap\n  Origins\n    Long history")
    );
}

#[test]
fn pngs_for_review() {
    let out = std::env::temp_dir().join("inkbind-mermaid-mindmap-png");
    std::fs::create_dir_all(&out).unwrap();
    render_png("basic", BASIC, "en", &out);
    render_png("shapes", SHAPES, "en", &out);
    render_png("cjk_ja", CJK, "ja", &out);
}

/// A Markdown file with mindmaps converts to a PDF whose text holds the labels (drawn as
/// vectors with selectable text, not printed as source).
#[test]
fn pdf_has_mindmap_labels() {
    if !common::have("pdftotext") {
        return;
    }
    let dir = common::tempdir();
    let md = dir.path().join("mindmap.md");
    std::fs::write(
        &md,
        format!("---\nlang: ja\n---\n\n# 四季\n\n```mermaid\n{CJK}```\n\n```mermaid\n{BASIC}```\n"),
    )
    .unwrap();
    let pdf = dir.path().join("mindmap.pdf");
    let o = common::inkbind(["build", md.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = common::squash(&common::pdftotext(&pdf, None));
    for want in [
        "四季",
        "花見",
        "海水浴",
        "紅葉狩り",
        "雪まつり",
        "Origins",
        "Research",
        "Mermaid",
    ] {
        assert!(text.contains(want), "{want:?} not in the PDF text: {text}");
    }
    assert!(!text.contains("root(("), "diagram source printed");
}
