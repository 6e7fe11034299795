//! Mermaid state diagrams drawn: insta snapshots of a few diagrams (deterministic with
//! `SimpleMeasure`), layout invariants over every state file of
//! `tests/data/mermaid-types` that Mermaid accepts (no two boxes overlap unless one is a
//! composite holding the other, members inside their composites, labels inside their
//! shapes, edges finite), and PNGs drawn with the real fonts for a person to look at
//! (`$TMPDIR/inkbind-mermaid-state-png/`).

mod common;

use common::mermaid_review::render_png;
use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::state::layout::Layout;
use inkbind::mermaid::state::model::StateDiagram;
use inkbind::mermaid::{DiagramLayout, SimpleMeasure, SvgOptions, render};

const BASIC: &str = "stateDiagram-v2
    [*] --> Still
    Still --> [*]
    Still --> Moving : push
    Moving --> Still : stop
    Moving --> Crash
    Crash --> [*]
";

const COMPOSITE: &str = "stateDiagram-v2
    direction LR
    [*] --> First
    state First {
        [*] --> fir
        fir --> [*]
    }
    state fork_state <<fork>>
    First --> fork_state
    fork_state --> A
    fork_state --> B
    state join_state <<join>>
    A --> join_state
    B --> join_state
    join_state --> check
    state check <<choice>>
    check --> Done : yes
    check --> First : no
    note right of Done : finished
";

const CONCURRENT: &str = "stateDiagram-v2
    [*] --> Active
    state Active {
        [*] --> NumLockOff
        NumLockOff --> NumLockOn : EvNumLockPressed
        NumLockOn --> NumLockOff : EvNumLockPressed
        --
        [*] --> CapsLockOff
        CapsLockOff --> CapsLockOn : EvCapsLockPressed
        CapsLockOn --> CapsLockOff : EvCapsLockPressed
    }
    classDef hot fill:#f96,stroke:#333
    class Active hot
";

const CJK: &str = "---
title: 自動販売機
---
stateDiagram-v2
    accTitle: 自動販売機の状態
    [*] --> 待機
    待機 --> 選択中 : 硬貨を<br/>投入
    選択中 --> 払い出し : ボタン押下
    払い出し --> 待機
    note left of 待機
        お客様を
        待っている
    end note
    払い出し --> [*]
";

fn svg_of(src: &str) -> String {
    render(src, &SimpleMeasure, &SvgOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .svg
}

#[test]
fn snapshots() {
    insta::assert_snapshot!("basic", svg_of(BASIC));
    insta::assert_snapshot!("composite", svg_of(COMPOSITE));
    insta::assert_snapshot!("concurrent", svg_of(CONCURRENT));
    insta::assert_snapshot!("cjk_br", svg_of(CJK));
}

#[test]
fn drawing_follows_mermaid() {
    let s = svg_of(COMPOSITE);
    assert!(s.contains("stroke-dasharray") || !s.contains("--"));
    assert!(s.contains("fill=\"#fff5ad\""), "yellow note");
    assert!(s.contains("<circle"), "start and end circles");
    let s = svg_of(CONCURRENT);
    assert!(s.contains("stroke-dasharray=\"5,5\""), "region separator");
    assert!(s.contains("fill=\"#f96\""), "classDef fill applied");
    let d = render(CJK, &SimpleMeasure, &SvgOptions::default()).unwrap();
    assert!(d.alt_text.starts_with("自動販売機の状態"), "{}", d.alt_text);
    assert!(d.svg.contains(">硬貨を</text>") && d.svg.contains(">投入</text>"));
    let d = render(BASIC, &SimpleMeasure, &SvgOptions::default()).unwrap();
    assert!(d.alt_text.contains("Still"), "{}", d.alt_text);
}

/// A box: centre x, centre y, width, height (px).
type Bx = (f32, f32, f32, f32);

fn overlap(a: Bx, b: Bx) -> bool {
    let e = 0.5;
    (a.0 - b.0).abs() * 2.0 < a.2 + b.2 - e && (a.1 - b.1).abs() * 2.0 < a.3 + b.3 - e
}

fn contains(outer: Bx, inner: Bx) -> bool {
    let e = 0.5;
    inner.0 - inner.2 / 2.0 >= outer.0 - outer.2 / 2.0 - e
        && inner.0 + inner.2 / 2.0 <= outer.0 + outer.2 / 2.0 + e
        && inner.1 - inner.3 / 2.0 >= outer.1 - outer.3 / 2.0 - e
        && inner.1 + inner.3 / 2.0 <= outer.1 + outer.3 / 2.0 + e
}

/// The composite ids enclosing `p`, innermost first (`p` included).
fn ancestors_of<'a>(sd: &'a StateDiagram, mut p: Option<&'a str>) -> Vec<&'a str> {
    let mut v = Vec::new();
    while let Some(id) = p {
        if v.contains(&id) {
            break;
        }
        v.push(id);
        p = sd
            .states
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.parent.as_deref());
    }
    v
}

/// The problems of one laid-out diagram.
fn check(sd: &StateDiagram, lay: &Layout) -> Vec<String> {
    let mut bad = Vec::new();
    // composite box of each composite id, and its ancestors
    let comp: std::collections::HashMap<&str, Bx> = lay
        .composites
        .iter()
        .map(|c| (c.id.as_str(), (c.x, c.y, c.width, c.height)))
        .collect();
    let ancestors = |p| ancestors_of(sd, p);
    // leaf boxes: states and notes
    let mut leaves: Vec<(String, Bx, Option<&str>)> = Vec::new();
    for s in &lay.states {
        let st = &sd.states[s.index];
        let b = (s.x, s.y, s.width, s.height);
        if s.label.width > s.width + 0.5 || s.label.height > s.height + 0.5 {
            bad.push(format!("label of {} outside its shape", st.id));
        }
        leaves.push((st.id.clone(), b, st.parent.as_deref()));
    }
    for n in &lay.notes {
        let b = (n.x, n.y, n.width, n.height);
        if n.text.width > n.width + 0.5 {
            bad.push(format!("note text of {} outside its box", n.state));
        }
        leaves.push((format!("note of {}", n.state), b, None));
    }
    for (id, b, parent) in &leaves {
        for a in ancestors(*parent) {
            if let Some(cb) = comp.get(a)
                && !contains(*cb, *b)
            {
                bad.push(format!("{id} outside its composite {a}"));
            }
        }
        if !b.0.is_finite() || !b.1.is_finite() {
            bad.push(format!("{id} not placed"));
        }
    }
    for i in 0..leaves.len() {
        for j in i + 1..leaves.len() {
            if overlap(leaves[i].1, leaves[j].1) {
                bad.push(format!("{} overlaps {}", leaves[i].0, leaves[j].0));
            }
        }
    }
    // composites: nested or apart; leaves outside a composite stay out of it
    for c in &lay.composites {
        let cb = (c.x, c.y, c.width, c.height);
        if c.title.width > c.width + 0.5 {
            bad.push(format!("title of {} wider than its box", c.id));
        }
        for (id, b, parent) in &leaves {
            let inside = ancestors(*parent).contains(&c.id.as_str());
            if !inside && !id.starts_with("note of") && overlap(cb, *b) {
                bad.push(format!("{id} overlaps composite {}", c.id));
            }
        }
        for d in &lay.composites {
            if c.id == d.id {
                continue;
            }
            let db = (d.x, d.y, d.width, d.height);
            let nested = ancestors(Some(&d.id)).contains(&c.id.as_str())
                || ancestors(Some(&c.id)).contains(&d.id.as_str());
            if !nested && overlap(cb, db) {
                bad.push(format!("composite {} overlaps {}", c.id, d.id));
            }
        }
    }
    for e in &lay.edges {
        if e.curve
            .iter()
            .flatten()
            .any(|p| !p.0.is_finite() || !p.1.is_finite())
        {
            bad.push("edge with a non-finite point".into());
        }
    }
    if !(lay.width.is_finite() && lay.height.is_finite()) {
        bad.push("size not finite".into());
    }
    bad
}

#[test]
fn corpus_invariants() {
    let mut drawn = 0;
    let mut problems = Vec::new();
    for case in mermaid_cases("state") {
        if !case.parses() {
            continue;
        }
        let (sd, _) = inkbind::mermaid::state::parse(&case.source).unwrap();
        let d = render(&case.source, &SimpleMeasure, &SvgOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", case.name()));
        let DiagramLayout::State(lay) = &d.layout else {
            panic!("{}: not drawn as a state diagram", case.name());
        };
        usvg::Tree::from_str(&d.svg, &usvg::Options::default())
            .unwrap_or_else(|e| panic!("{}: usvg: {e}", case.name()));
        for p in check(&sd, lay) {
            problems.push(format!("{}: {p}", case.name()));
        }
        drawn += 1;
    }
    for p in &problems {
        println!("{p}");
    }
    println!("{drawn} state diagrams drawn, {} problems", problems.len());
    assert!(drawn >= 270);
    assert!(problems.is_empty(), "{} layout problems", problems.len());
}

#[test]
fn pngs_for_review() {
    let out = std::env::temp_dir().join("inkbind-mermaid-state-png");
    std::fs::create_dir_all(&out).unwrap();
    render_png("basic", BASIC, "en", &out);
    render_png("composite", COMPOSITE, "en", &out);
    render_png("concurrent", CONCURRENT, "en", &out);
    render_png("cjk_ja", CJK, "ja", &out);
}

/// A Markdown file with a state diagram converts to a PDF whose text holds the labels
/// (the diagram is drawn as vectors with selectable text, not printed as source).
#[test]
fn pdf_has_state_labels() {
    if !common::have("pdftotext") {
        return;
    }
    let dir = common::tempdir();
    let md = dir.path().join("states.md");
    std::fs::write(
        &md,
        format!(
            "---\nlang: ja\n---\n\n# 状態遷移\n\n```mermaid\n{CJK}```\n\n```mermaid\n{CONCURRENT}```\n"
        ),
    )
    .unwrap();
    let pdf = dir.path().join("states.pdf");
    let o = common::inkbind(["build", md.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = common::squash(&common::pdftotext(&pdf, None));
    for want in [
        "自動販売機",
        "待機",
        "選択中",
        "払い出し",
        "硬貨を",
        "投入",
        "お客様を",
        "NumLockOff",
        "EvCapsLockPressed",
        "Active",
    ] {
        assert!(text.contains(want), "{want:?} not in the PDF text: {text}");
    }
    assert!(!text.contains("-->"), "diagram source printed");
}
