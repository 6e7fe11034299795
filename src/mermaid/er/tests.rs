use super::model::{Cardinality, Key};
use super::parse;
use crate::mermaid::common::measure::SimpleMeasure;
use crate::mermaid::{SvgOptions, render};

#[test]
fn relationship_cardinalities_and_labels() {
    let (er, _) = parse(
        "erDiagram\n CUSTOMER ||--o{ ORDER : places\n ORDER }|..|{ LINE-ITEM : \"is in\"\n A one or zero to many(1) B : x\n",
    )
    .unwrap();
    let r = &er.relationships;
    assert_eq!(r.len(), 3);
    assert_eq!(
        (r[0].card_from, r[0].card_to, r[0].identifying),
        (Cardinality::OnlyOne, Cardinality::ZeroOrMore, true)
    );
    assert_eq!(
        (r[1].card_from, r[1].card_to, r[1].identifying),
        (Cardinality::OneOrMore, Cardinality::OneOrMore, false)
    );
    assert_eq!(r[1].label, "is in");
    assert_eq!(
        (r[2].card_from, r[2].card_to),
        (Cardinality::ZeroOrOne, Cardinality::OneOrMore)
    );
}

#[test]
fn attributes_keys_comments_alias() {
    let (er, _) = parse(
        "erDiagram\n P[\"Person\"] {\n string name PK, FK \"the name\"\n List~int~ ids\n int age UK\n }\n",
    )
    .unwrap();
    let e = &er.entities[0];
    assert_eq!((e.name.as_str(), e.alias.as_str()), ("P", "Person"));
    assert_eq!(e.attributes.len(), 3);
    assert_eq!(e.attributes[0].keys, vec![Key::Pk, Key::Fk]);
    assert_eq!(e.attributes[0].comment, "the name");
    assert_eq!(e.attributes[1].ty, "List~int~");
    assert_eq!(e.attributes[2].keys, vec![Key::Uk]);
}

#[test]
fn errors_carry_positions() {
    let e = parse("erDiagram\n    A ||--o{ B\n").unwrap_err();
    assert_eq!((e.line, e.column), (2, 15));
    let e = parse("erDiagram\nstyle A fill:rgb(1,2,3)\n").unwrap_err();
    assert_eq!(e.line, 2);
}

#[test]
fn renders_boxes_markers_and_dashes() {
    let d = render(
        "erDiagram\n A ||--o{ B : has\n B }o..|| C : refs\n A { int id PK }\n",
        &SimpleMeasure,
        &SvgOptions::default(),
    )
    .unwrap();
    assert!(d.svg.contains("stroke-dasharray"));
    assert!(d.svg.contains(">has</text>"));
    assert!(d.svg.contains("<circle"));
    assert!(d.alt_text.contains("3 entities"));
}
