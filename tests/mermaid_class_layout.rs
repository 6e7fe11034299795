//! Layout invariants over every class diagram of `tests/data/mermaid-types` that Mermaid
//! parses: each renders; no two class or note boxes overlap; every title, annotation and
//! member line fits inside its box; every class of a namespace lies inside the
//! namespace's box; edges start and end near their nodes; cardinalities sit next to their
//! own end and edge labels inside the drawing; the SVG holds every class title.

mod common;

use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::class::layout::{BOX_PAD_X, ClassLayout};
use inkbind::mermaid::class::parse;
use inkbind::mermaid::{DiagramLayout, SimpleMeasure, SvgOptions, TextMeasure, render};

const EPS: f32 = 0.5;

type R = (f32, f32, f32, f32);

fn overlap(a: R, b: R) -> bool {
    a.0 + EPS < b.0 + b.2 && b.0 + EPS < a.0 + a.2 && a.1 + EPS < b.1 + b.3 && b.1 + EPS < a.1 + a.3
}

fn check(name: &str, l: &ClassLayout, src: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let m = SimpleMeasure;
    let fs = l.font_size;
    let mut rects: Vec<(String, R)> = l
        .classes
        .iter()
        .map(|b| (b.id.clone(), (b.x, b.y, b.width, b.height)))
        .collect();
    rects.extend(
        l.notes
            .iter()
            .map(|n| (n.id.clone(), (n.x, n.y, n.width, n.height))),
    );
    for i in 0..rects.len() {
        for j in i + 1..rects.len() {
            if overlap(rects[i].1, rects[j].1) {
                bad.push(format!("{name}: {} overlaps {}", rects[i].0, rects[j].0));
            }
        }
    }
    for b in &l.classes {
        for t in b.title.iter() {
            if m.width(t, fs, true) > b.width + EPS {
                bad.push(format!("{name}: title {t} wider than its box"));
            }
        }
        for a in &b.annotations {
            if m.width(a, fs, false) > b.width + EPS {
                bad.push(format!("{name}: annotation {a} wider than its box"));
            }
        }
        let head_lines = (b.title.len() + b.annotations.len()) as f32;
        if head_lines * l.line_height > b.header_h + EPS {
            bad.push(format!("{name}: {} header overflows", b.id));
        }
        for ml in b.attributes.iter().chain(&b.methods) {
            let inside_x = ml.width + 2.0 * BOX_PAD_X <= b.width + EPS;
            let inside_y = ml.y >= b.y - EPS && ml.y + l.line_height <= b.y + b.height + EPS;
            if !(inside_x && inside_y) {
                bad.push(format!("{name}: member `{}` outside {}", ml.text, b.id));
            }
        }
        if b.x < -EPS
            || b.y < -EPS
            || b.x + b.width > l.width + EPS
            || b.y + b.height > l.height + EPS
        {
            bad.push(format!("{name}: {} outside the drawing", b.id));
        }
    }
    for n in &l.notes {
        if n.text.width > n.width + EPS || n.text.height > n.height + EPS {
            bad.push(format!("{name}: note {} text outside its box", n.id));
        }
    }
    if let Ok((d, _)) = parse(src) {
        for (c, b) in d.classes.iter().zip(&l.classes) {
            let Some(ns) = &c.namespace else { continue };
            let Some(cl) = l.clusters.iter().find(|x| x.id == *ns) else {
                bad.push(format!("{name}: namespace {ns} has no box"));
                continue;
            };
            let inside = b.x >= cl.x - EPS
                && b.y >= cl.y - EPS
                && b.x + b.width <= cl.x + cl.width + EPS
                && b.y + b.height <= cl.y + cl.height + EPS;
            if !inside {
                bad.push(format!("{name}: {} outside namespace {ns}", c.id));
            }
        }
    }
    for e in &l.edges {
        let (Some(first), Some(last)) = (e.path.first(), e.path.last()) else {
            continue;
        };
        let near = |id: &str, p: (f32, f32)| {
            rects
                .iter()
                .map(|(i, r)| (i, *r))
                .chain(
                    l.interfaces
                        .iter()
                        .map(|x| (&x.id, (x.x, x.y, x.width, x.height))),
                )
                .find(|(i, _)| i.as_str() == id)
                .is_none_or(|(_, r)| {
                    p.0 >= r.0 - 2.0
                        && p.0 <= r.0 + r.2 + 2.0
                        && p.1 >= r.1 - 2.0
                        && p.1 <= r.1 + r.3 + 2.0
                })
        };
        if !near(&e.from, first[0]) || !near(&e.to, last[3]) {
            bad.push(format!("{name}: edge {} -> {} detached", e.from, e.to));
        }
        // cardinalities next to their own end, edge labels inside the drawing
        for (card, end) in [(&e.card_from, first[0]), (&e.card_to, last[3])] {
            if let Some((t, p)) = card {
                let dist = ((p.0 - end.0).powi(2) + (p.1 - end.1).powi(2)).sqrt();
                if dist > 60.0 + m.width(t, fs, false) {
                    bad.push(format!("{name}: cardinality {t} {dist:.0} px from its end"));
                }
                if p.0 < 0.0 || p.1 < 0.0 || p.0 > l.width || p.1 > l.height {
                    bad.push(format!("{name}: cardinality {t} outside the drawing"));
                }
            }
        }
        if let Some((t, c)) = &e.label
            && (c.0 - t.width / 2.0 < -EPS
                || c.0 + t.width / 2.0 > l.width + EPS
                || c.1 - t.height / 2.0 < -EPS
                || c.1 + t.height / 2.0 > l.height + EPS)
        {
            bad.push(format!("{name}: edge label outside the drawing"));
        }
    }
    bad
}

#[test]
fn class_corpus_invariants() {
    let mut bad = Vec::new();
    let mut drawn = 0;
    for c in mermaid_cases("class") {
        if !c.parses() {
            continue;
        }
        let r = match render(&c.source, &SimpleMeasure, &SvgOptions::default()) {
            Ok(r) => r,
            Err(e) => {
                // the oracle test lists parse disagreements
                eprintln!("{}: {e}", c.name());
                continue;
            }
        };
        let DiagramLayout::Class(l) = &r.layout else {
            bad.push(format!("{}: not drawn as a class diagram", c.name()));
            continue;
        };
        drawn += 1;
        bad.extend(check(&c.name(), l, &c.source));
        for b in &l.classes {
            for t in &b.title {
                let esc = t
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
                    .replace('\'', "&apos;");
                if !t.trim().is_empty() && !r.svg.contains(&esc) {
                    bad.push(format!("{}: title {t} not in the SVG", c.name()));
                }
            }
        }
    }
    eprintln!("class layout invariants: {drawn} diagrams drawn");
    assert!(drawn >= 540, "only {drawn} diagrams drawn");
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// A Markdown file with a class diagram converts to PDF, and the PDF's text holds the
/// class names, members, a CJK label with `<br>`, a cardinality and the relation label.
#[test]
fn class_diagram_in_pdf() {
    if !common::have("pdftotext") {
        return;
    }
    let dir = common::tempdir();
    let md = dir.path().join("classes.md");
    std::fs::write(
        &md,
        "# Classes\n\n```mermaid\nclassDiagram\n    class 図書[\"図書<br>（蔵書）\"] {\n      +String 書名\n      +貸出する() bool\n    }\n    class Member {\n      <<entity>>\n      +borrow(Book b)$ bool\n    }\n    Member \"1\" --> \"0..*\" 図書 : 借りる\n    Repository~T~ <|.. BookRepository\n```\n",
    )
    .unwrap();
    let pdf = dir.path().join("classes.pdf");
    let out = common::inkbind(["build", md.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = common::squash(&common::pdftotext(&pdf, None));
    for want in [
        "図書",
        "（蔵書）",
        "+String書名",
        "+貸出する():bool",
        "«entity»",
        "Member",
        "+borrow(Bookb):bool",
        "借りる",
        "0..*",
        "Repository<T>",
        "BookRepository",
    ] {
        assert!(text.contains(want), "{want} missing from {text}");
    }
}
