//! User journeys drawn: invariants over every accepted journey file of
//! `tests/data/mermaid-types` (task boxes in one row without overlap, each label inside its
//! box, section headers spanning exactly their tasks, faces inside the score band under
//! their task, everything inside the drawing, fonts at least the flowchart's), insta
//! snapshots of small journeys (one CJK with `<br>`), random inputs that never panic, and
//! PNGs drawn with the real fonts in `$TMPDIR/inkbind-mermaid-png/` for a person to look at.

mod common;

use common::mermaid_draw::{Rng, inside, png};
use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::journey::layout::{FACE_RADIUS_PX, JourneyLayout, layout};
use inkbind::mermaid::journey::model::Journey;
use inkbind::mermaid::journey::parse;
use inkbind::mermaid::{DiagramLayout, LayoutOptions, SimpleMeasure, SvgOptions, render};

fn check(j: &Journey, l: &JourneyLayout, min_font: f32) -> Vec<String> {
    let mut bad = Vec::new();
    let page = (0.0, 0.0, l.width, l.height);
    if l.tasks.len() != j.tasks.len() {
        bad.push("a task is not drawn".into());
    }
    for w in l.tasks.windows(2) {
        let (a, b) = (w[0].bx.rect, w[1].bx.rect);
        if a.0 + a.2 > b.0 || a.1 != b.1 {
            bad.push(format!(
                "tasks {} and {} overlap",
                w[0].bx.index, w[1].bx.index
            ));
        }
    }
    for w in l.sections.windows(2) {
        let (a, b) = (w[0].rect, w[1].rect);
        if a.0 + a.2 > b.0 {
            bad.push(format!(
                "sections {} and {} overlap",
                w[0].index, w[1].index
            ));
        }
    }
    let (y5, y0) = l.score_band;
    for t in &l.tasks {
        let r = t.bx.rect;
        if !inside(r, t.bx.label.bbox, 0.5) {
            bad.push(format!("task {} label outside its box", t.bx.index));
        }
        if t.bx.label.font_size < min_font {
            bad.push("task font too small".into());
        }
        if !inside(page, r, 0.5) {
            bad.push(format!("task {} outside the drawing", t.bx.index));
        }
        if let Some(f) = t.face {
            if f.cy < y5 - 1e-3 || f.cy > y0 + 1e-3 || (f.cx - t.drop.0).abs() > 1e-3 {
                bad.push(format!("face of task {} off its band", t.bx.index));
            }
            let fb = (f.cx - FACE_RADIUS_PX, f.cy - FACE_RADIUS_PX, 30.0, 30.0);
            if !inside(page, fb, 0.5) {
                bad.push(format!("face of task {} outside the drawing", t.bx.index));
            }
            let want = j.tasks[t.bx.index].score;
            if want.is_finite() && (0.0..=5.0).contains(&want) {
                let cy = y5 + (5.0 - want as f32) * 30.0;
                if (cy - f.cy).abs() > 1e-3 {
                    bad.push(format!("face of task {} not at its score", t.bx.index));
                }
            }
        }
        if t.drop.1 > r.1 + 1e-3 || t.drop.2 < y0 - 1e-3 || t.drop.2 > l.height {
            bad.push(format!("drop line of task {} too short", t.bx.index));
        }
    }
    for s in &l.sections {
        if !inside(s.rect, s.label.bbox, 0.5) {
            bad.push(format!("section {} label outside its box", s.index));
        }
        let covered: Vec<_> = l
            .tasks
            .iter()
            .filter(|t| t.bx.rect.0 >= s.rect.0 - 1e-3 && t.bx.rect.0 < s.rect.0 + s.rect.2)
            .collect();
        let (Some(first), Some(last)) = (covered.first(), covered.last()) else {
            bad.push(format!("section {} over no task", s.index));
            continue;
        };
        let end = last.bx.rect.0 + last.bx.rect.2;
        let section = &j.tasks[first.bx.index].section;
        if (first.bx.rect.0 - s.rect.0).abs() > 1e-3
            || (end - s.rect.0 - s.rect.2).abs() > 1e-3
            || covered
                .iter()
                .any(|t| &j.tasks[t.bx.index].section != section)
        {
            bad.push(format!("section {} does not span its tasks", s.index));
        }
    }
    if let Some(t) = &l.title
        && !inside(page, t.bbox, 0.5)
    {
        bad.push("title outside the drawing".into());
    }
    for w in l.legend.windows(2) {
        let (a, b) = (w[0].label.bbox, w[1].label.bbox);
        if a.1 + a.3 > b.1 + 0.5 {
            bad.push(format!(
                "legend {} and {} overlap",
                w[0].dot.actor, w[1].dot.actor
            ));
        }
    }
    for e in &l.legend {
        if !inside(page, e.label.bbox, 0.5) {
            bad.push(format!("legend {} outside the drawing", e.dot.actor));
        }
    }
    if l.arrow.0 >= l.arrow.2 || l.arrow.2 > l.width {
        bad.push("arrow line not left to right inside the drawing".into());
    }
    bad
}

#[test]
fn corpus_invariants() {
    let opts = SvgOptions::default();
    let mut drawn = 0;
    for c in mermaid_cases("journey") {
        let Ok((j, _)) = parse(&c.source) else {
            assert!(!c.parses(), "{}: Mermaid parses it", c.name());
            continue;
        };
        let d = render(&c.source, &SimpleMeasure, &opts).expect("accepted files render");
        let DiagramLayout::Journey(l) = &d.layout else {
            panic!("{}: not drawn as a journey", c.name())
        };
        let bad = check(&j, l, opts.layout.font_size);
        assert!(bad.is_empty(), "{}: {bad:#?}", c.name());
        usvg::Tree::from_str(&d.svg, &usvg::Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", c.name()));
        drawn += 1;
    }
    assert_eq!(drawn, 34);
}

const PIECES: &[&str] = &[
    "journey",
    "\n",
    "title T",
    "section S",
    "section 朝の部",
    "Task",
    "長い作業の名前<br>二行目",
    ": 5",
    ": 3: A, B",
    ": 1: 私",
    ":",
    ": 0: ",
    ": x",
    ": 9: C",
    "accTitle: a",
    "accDescr {\n d\n}",
    "%% c",
    "#",
    ";",
    " ",
    "\t",
    "}",
    "{",
    "Supercalifragilisticexpialidocious",
];

/// Random journey-like sources never panic; accepted ones keep every invariant.
#[test]
fn random_sources_never_panic() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut accepted = 0;
    for _ in 0..3000 {
        let mut s = String::from(if rng.below(4) == 0 { "" } else { "journey\n" });
        for _ in 0..rng.below(40) {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
        if let Ok((j, _)) = parse(&s) {
            accepted += 1;
            let l = layout(&j, &SimpleMeasure, &LayoutOptions::default());
            let bad = check(&j, &l, 16.0);
            assert!(bad.is_empty(), "{s:?}: {bad:#?}");
        }
        let _ = render(&s, &SimpleMeasure, &SvgOptions::default());
    }
    assert!(accepted > 300, "only {accepted} random sources parsed");
    for n in [0usize, 1, 7, 600] {
        let mut s = String::from("journey\ntitle Big\n");
        for i in 0..n {
            if i % 5 == 0 {
                s.push_str(&format!("section Part {}\n", i / 5));
            }
            s.push_str(&format!(
                "  Task {i}: {}: A{}, B\n",
                rng.below(6),
                rng.below(9)
            ));
        }
        let (j, _) = parse(&s).unwrap();
        let l = layout(&j, &SimpleMeasure, &LayoutOptions::default());
        assert!(check(&j, &l, 16.0).is_empty(), "{n} tasks");
    }
}

const BASIC: &str = "journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
";

const CJK: &str = "journey
    title 研修<br>初日
    section 受付
        名札を受け取る<br/>（入口）: 3: 新人
        待つ: 0
    section 講義
        自己紹介: 4: 新人, 講師
        グループ討論で意見をまとめて発表する: 2: 新人, 講師, 先輩社員
";

const THEMED: &str = "%%{init: {\"theme\": \"forest\", \"journey\": {\"leftMargin\": 120}}}%%
journey
    accTitle: Shopping
    Open the app: 4: Customer
    section Browse
        Search: 3: Customer
        Compare: 2: Customer, Support
    section Buy
        Pay: 5: Customer
";

fn svg_of(src: &str) -> String {
    render(src, &SimpleMeasure, &SvgOptions::default())
        .unwrap()
        .svg
}

#[test]
fn snapshots() {
    insta::assert_snapshot!("journey_basic", svg_of(BASIC));
    insta::assert_snapshot!("journey_cjk_br", svg_of(CJK));
    insta::assert_snapshot!("journey_themed", svg_of(THEMED));
}

#[test]
fn pngs_for_review() {
    let out = std::env::temp_dir().join("inkbind-mermaid-png");
    std::fs::create_dir_all(&out).unwrap();
    png("journey_basic", BASIC, &out);
    png("journey_cjk_br", CJK, &out);
    png("journey_themed", THEMED, &out);
}
