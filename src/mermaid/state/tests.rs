//! Unit tests of the state-diagram parser's Mermaid behaviours, the layout's invariants
//! on small cases, and a property test (random inputs never panic).

use super::model::*;
use super::parse;
use crate::mermaid::common::measure::SimpleMeasure;
use crate::mermaid::common::svg::SvgOptions;

fn p(src: &str) -> StateDiagram {
    parse(src).unwrap_or_else(|e| panic!("{src}: {e}")).0
}

fn ids(sd: &StateDiagram) -> Vec<&str> {
    sd.states.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn start_and_end_per_scope() {
    let sd = p("stateDiagram-v2\n[*] --> A\nA --> [*]\nstate A {\n [*] --> a\n a --> [*]\n}\n");
    assert_eq!(
        ids(&sd),
        ["root_start", "A", "root_end", "A_start", "a", "A_end"]
    );
    assert_eq!(sd.states[1].kind, Some(StateKind::Composite));
    assert_eq!(sd.states[4].parent.as_deref(), Some("A"));
    assert_eq!(sd.transitions.len(), 4);
}

#[test]
fn descriptions_and_aliases() {
    let sd = p("stateDiagram\nS1 : first\nS1 : second\nstate \"Long name\" as L\n");
    assert_eq!(sd.states[0].label.as_deref(), Some("first"));
    assert_eq!(sd.states[0].descriptions, ["second"]);
    assert_eq!(sd.states[1].label.as_deref(), Some("Long name"));
}

#[test]
fn regions_and_directions() {
    let sd = p(
        "stateDiagram-v2\ndirection LR\nstate Active {\n direction TB\n [*] --> A\n --\n [*] --> B\n}\n",
    );
    assert_eq!(sd.direction, Direction::LR);
    let a = &sd.states[0];
    assert_eq!(a.regions, 2);
    assert_eq!(a.dir, Some(Direction::TB));
    assert_eq!(
        ids(&sd),
        ["Active", "Active#0_start", "A", "Active#1_start", "B"]
    );
    assert_eq!(sd.states[2].region, Some(0));
    assert_eq!(sd.states[4].region, Some(1));
    assert_eq!(sd.states[4].parent.as_deref(), Some("Active"));
}

#[test]
fn pseudo_states_keep_their_first_shape() {
    let sd =
        p("stateDiagram-v2\nstate f <<fork>>\nstate c <<choice>>\nA --> B\nstate B <<choice>>\n");
    let kinds: Vec<_> = sd.states.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            Some(StateKind::Fork),
            Some(StateKind::Choice),
            Some(StateKind::Normal),
            Some(StateKind::Normal)
        ]
    );
}

#[test]
fn notes_one_line_and_multi_line() {
    let sd = p(
        "stateDiagram-v2\nA --> B\nnote left of A : short\nnote right of B\n  line one\n  line two\nend note\n",
    );
    assert_eq!(sd.notes.len(), 2);
    assert_eq!(sd.notes[0].side, NoteSide::Left);
    assert_eq!(sd.notes[0].text, "short");
    assert_eq!(sd.notes[1].text, "line one\n  line two");
}

#[test]
fn classes_styles_and_accessibility() {
    let sd = p(
        "stateDiagram-v2\naccTitle: T\naccDescr { multi\nline }\nclassDef hot fill:#f00,color:white\nA:::hot --> B\nclass B hot\nstyle A stroke:#00f\nclick A \"https://example.com\" \"tip\"\n",
    );
    assert_eq!(sd.acc_title.as_deref(), Some("T"));
    assert_eq!(sd.acc_descr.as_deref(), Some("multi\nline"));
    assert_eq!(sd.states[0].classes, ["hot"]);
    assert_eq!(sd.states[1].classes, ["hot"]);
    assert_eq!(sd.states[0].styles, ["stroke:#00f"]);
    assert_eq!(sd.class_defs[0].text_styles, ["fill:white"]);
    assert_eq!(sd.links.len(), 1);
}

#[test]
fn errors_have_positions() {
    let e = parse("stateDiagram-v2\n  state X {\n    a --> b\n").unwrap_err();
    assert_eq!((e.line, e.column), (3, 12));
    let e = parse("stateDiagram-v2\n  [*] --> \"Quoted\"\n").unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.near.contains("Quoted"), "{e}");
    let e = parse("stateDiagram-v2\n  classDef 強調 fill:#f96\n").unwrap_err();
    assert_eq!(e.line, 2);
    // a composite may not have further descriptions
    assert!(parse("stateDiagram-v2\nX : a\nX : b\nstate X {\n a\n}\n").is_err());
}

#[test]
fn cjk_and_line_breaks() {
    let sd = p("stateDiagram-v2\n[*] --> 待機\n待機 --> 動作 : 開始<br/>押下\n");
    assert_eq!(ids(&sd), ["root_start", "待機", "動作"]);
    assert_eq!(sd.transitions[1].label.as_deref(), Some("開始<br/>押下"));
}

#[test]
fn layout_keeps_members_inside_composites() {
    let src = "stateDiagram-v2\n[*] --> Outer\nstate Outer {\n [*] --> In1\n In1 --> In2\n state Inner {\n  x --> y\n }\n In2 --> Inner\n}\nOuter --> Done\nnote right of Done : bye\n";
    let sd = p(src);
    let lay = super::layout::layout(&sd, &SimpleMeasure, &Default::default());
    let outer = lay.composites.iter().find(|c| c.id == "Outer").unwrap();
    for s in &lay.states {
        let st = &sd.states[s.index];
        if st.parent.as_deref() == Some("Outer") {
            assert!(s.x - s.width / 2.0 >= outer.x - outer.width / 2.0 - 0.5);
            assert!(s.x + s.width / 2.0 <= outer.x + outer.width / 2.0 + 0.5);
            assert!(
                s.y - s.height / 2.0 >= outer.y - outer.height / 2.0 + outer.title_height - 0.5
            );
            assert!(s.y + s.height / 2.0 <= outer.y + outer.height / 2.0 + 0.5);
        }
    }
    assert_eq!(lay.notes.len(), 1);
    assert_eq!(lay.edges.len(), sd.transitions.len() + 1);
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

#[test]
fn random_inputs_never_panic() {
    let pieces = [
        "A",
        "B",
        "[*]",
        " --> ",
        " : ",
        "label",
        "\n",
        "state ",
        "{",
        "}",
        "--",
        "\"x\"",
        " as ",
        "<<fork>>",
        "<<join>>",
        "<<choice>>",
        "note left of ",
        "note right of ",
        "end note",
        "direction LR",
        "classDef c fill:#f00",
        "class A c",
        ":::c",
        "style A fill:#0f0",
        "accTitle: t",
        "accDescr {",
        "%% c",
        "click A \"u\" \"t\"",
        "待機",
        "<br>",
        ";",
        " ",
        "-",
        "scale 3 width",
        "hide empty description",
        "default",
    ];
    for seed in 1..=3000u64 {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut src = String::from(if seed % 2 == 0 {
            "stateDiagram-v2\n"
        } else {
            "stateDiagram\n"
        });
        let n = (r.next() % 40) as usize;
        for _ in 0..n {
            src.push_str(r.pick(&pieces));
        }
        if let Ok(d) = crate::mermaid::render(&src, &SimpleMeasure, &SvgOptions::default()) {
            assert!(d.svg.starts_with("<svg"), "{src}");
            assert!(d.width_px.is_finite() && d.height_px.is_finite(), "{src}");
        }
    }
}
