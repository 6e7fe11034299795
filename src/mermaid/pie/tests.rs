//! Unit tests of the pie grammar, layout and drawing.

use super::layout::layout;
use super::parse::parse;
use crate::mermaid::common::layout::LayoutOptions;
use crate::mermaid::common::measure::SimpleMeasure;
use crate::mermaid::common::svg::SvgOptions;

#[test]
fn slices_title_and_show_data() {
    let (p, w) =
        parse("pie showData title Pets\n  \"Dogs\" : 386\n  'Cats': 85.5 %% note\n").unwrap();
    assert!(w.is_empty());
    assert!(p.show_data);
    assert_eq!(p.title.as_deref(), Some("Pets"));
    assert_eq!(p.slices.len(), 2);
    assert_eq!(p.slices[1].label, "Cats");
    assert_eq!(p.slices[1].value, 85.5);
}

#[test]
fn accessibility_and_repeated_labels() {
    let src = "pie\n accTitle: A  t\n accDescr {\n  one\n\n  two\n }\n\"x\": 1\n\"x\": 2\n";
    let (p, _) = parse(src).unwrap();
    assert_eq!(p.acc_title.as_deref(), Some("A t"));
    assert_eq!(p.acc_descr.as_deref(), Some("one\ntwo"));
    assert_eq!(p.slices.len(), 1);
    assert_eq!(p.slices[0].value, 1.0);
}

#[test]
fn rejections_have_positions() {
    let e = parse("pie\n    %% c\n    犬 : 10\n").unwrap_err();
    assert_eq!((e.line, e.column), (3, 5));
    let e = parse("pie\n\"a\": -4\n").unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("negative"), "{e}");
    assert!(parse("pie\n\"a\": 1.2.3\n").is_err());
    assert!(parse("pie\n\"a\" 1\n").is_err());
    assert!(parse("pies\n").is_err());
    assert!(parse("pie\n\"a\": 007\n").is_err());
}

#[test]
fn front_matter_title_and_text_position() {
    let src = "---\ntitle: FM\nconfig:\n  pie:\n    textPosition: 0.5\n---\npie\n\"a\": 1\n";
    let (p, _) = parse(src).unwrap();
    assert_eq!(p.title.as_deref(), Some("FM"));
    assert_eq!(p.text_position, 0.5);
    let (p, _) = parse("---\ntitle: FM\n---\npie title Own\n").unwrap();
    assert_eq!(p.title.as_deref(), Some("Own"));
}

#[test]
fn angles_follow_source_order_clockwise_from_noon() {
    let (p, _) = parse("pie\n\"a\": 1\n\"b\": 3\n\"tiny\": 0.01\n").unwrap();
    let l = layout(&p, &SimpleMeasure, &LayoutOptions::default());
    assert_eq!(l.slices.len(), 2, "the slice under 1 % is not drawn");
    assert_eq!(l.legend.len(), 3, "but it is in the legend");
    assert_eq!(l.slices[0].start_rad, 0.0);
    let quarter = std::f32::consts::FRAC_PI_2;
    assert!((l.slices[0].end_rad - quarter).abs() < 1e-4);
    // the first slice's percentage is right of and above the centre
    let t = &l.slices[0].percent;
    assert!(t.x > l.center.0 && t.baseline < l.center.1);
    assert_eq!(t.text.plain_text(), "25%");
}

#[test]
fn svg_has_slices_and_labels() {
    let d = crate::mermaid::render(
        "pie title T\n\"東京\" : 2\n\"大阪\" : 1\n",
        &SimpleMeasure,
        &SvgOptions::default(),
    )
    .unwrap();
    assert_eq!(d.svg.matches("<path").count(), 2);
    assert!(d.svg.contains(">東京</text>") && d.svg.contains(">67%</text>"));
    assert!(d.svg.contains(">T</text>"));
}
