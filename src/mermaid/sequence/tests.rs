//! Unit tests of the sequence pipeline: parser details, layout invariants on small diagrams
//! and SVG snapshots.

use super::model::*;
use super::parse;
use crate::mermaid::common::svg::SvgOptions;
use crate::mermaid::{SimpleMeasure, render};

fn seq(src: &str) -> Sequence {
    parse(src).expect("parses").0
}

#[test]
fn participants_aliases_and_kinds() {
    let s = seq(
        "sequenceDiagram\nparticipant A as Alice\nactor B\nparticipant C@{ \"type\": \"database\" }\nA->>B: hi\n",
    );
    let names: Vec<(&str, &str, &str)> = s
        .participants
        .iter()
        .map(|p| (p.id.as_str(), p.label.as_str(), p.kind.name()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("A", "Alice", "participant"),
            ("B", "B", "actor"),
            ("C", "C", "database")
        ]
    );
}

#[test]
fn activation_shorthand_and_errors() {
    let s = seq("sequenceDiagram\nA->>+B: go\nB-->>-A: back\n");
    assert!(matches!(s.statements[1], Statement::Activate(ref a) if a == "B"));
    assert!(matches!(s.statements[3], Statement::Deactivate(ref a) if a == "B"));
    let e = parse("sequenceDiagram\nA->>-B: go\n").unwrap_err();
    assert!(e.message.contains("inactive participant (A)"), "{e}");
}

#[test]
fn syntax_error_position() {
    let e = parse("sequenceDiagram\n    Alice->>Bob 你好\n").unwrap_err();
    assert_eq!((e.line, e.column), (2, 19), "{e}");
}

#[test]
fn blocks_nest() {
    let s =
        seq("sequenceDiagram\nloop every minute\nalt ok\nA->>B: x\nelse bad\nA->>B: y\nend\nend\n");
    let Statement::Block { kind, sections } = &s.statements[0] else {
        panic!("{:?}", s.statements)
    };
    assert_eq!(*kind, BlockKind::Loop);
    assert_eq!(sections[0].label, "every minute");
    let Statement::Block { kind, sections } = &sections[0].statements[0] else {
        panic!()
    };
    assert_eq!(*kind, BlockKind::Alt);
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[1].label, "bad");
}

#[test]
fn renders_svg() {
    let d = render(
        "sequenceDiagram\nAlice->>Bob: Hello<br>there\nNote over Alice,Bob: 日本語\n",
        &SimpleMeasure,
        &SvgOptions::default(),
    )
    .expect("renders");
    assert!(d.svg.contains(">Hello</text>") && d.svg.contains(">there</text>"));
    assert!(d.svg.contains("日本語"));
    assert!(
        d.alt_text.contains("Alice to Bob: Hello there"),
        "{}",
        d.alt_text
    );
}
