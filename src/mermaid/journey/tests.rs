//! Unit tests of the journey grammar, layout and drawing.

use super::layout::{Mood, layout};
use super::parse::{js_number, parse};
use crate::mermaid::common::layout::LayoutOptions;
use crate::mermaid::common::measure::SimpleMeasure;
use crate::mermaid::common::svg::SvgOptions;

#[test]
fn tasks_sections_and_actors() {
    let src = "journey\ntitle  Day\nsection Work\n  Make tea: 5: Me, Cat\n  Idle: 3\n  Empty: 2:\n";
    let (j, _) = parse(src).unwrap();
    assert_eq!(j.title.as_deref(), Some(" Day"));
    assert_eq!(j.sections, ["Work"]);
    assert_eq!(j.tasks.len(), 3);
    assert_eq!(j.tasks[0].name, "Make tea");
    assert_eq!(j.tasks[0].actors, ["Me", "Cat"]);
    assert!(j.tasks[1].actors.is_empty());
    assert_eq!(j.tasks[2].actors, [""]);
    assert_eq!(j.actors(), ["", "Cat", "Me"]);
}

#[test]
fn accessibility() {
    let src = "journey\naccTitle: T\naccDescr {\n  one\n    two\n}title X\n";
    let (j, _) = parse(src).unwrap();
    assert_eq!(j.acc_title.as_deref(), Some("T"));
    assert_eq!(j.acc_descr.as_deref(), Some("one\ntwo"));
    assert_eq!(j.title.as_deref(), Some("X"));
}

#[test]
fn errors_sit_after_the_last_token() {
    let e = parse("journey\n    %% c\n    title 朝\n    section 家\n        起きる\n").unwrap_err();
    assert_eq!((e.line, e.column), (5, 12));
    let e = parse("journey\n    section 家\n    : 5: 私\n").unwrap_err();
    assert_eq!((e.line, e.column), (3, 1));
    assert!(parse("journey\nplan the journey: 5\n").is_ok());
    assert!(
        parse("journey\njourney planning: 5\n").is_err(),
        "the keyword wins"
    );
    assert!(parse("journey\na;b: 5\n").is_err());
}

#[test]
fn javascript_numbers() {
    assert_eq!(js_number(" 5 "), 5.0);
    assert_eq!(js_number(""), 0.0);
    assert_eq!(js_number("0x10"), 16.0);
    assert_eq!(js_number("1e1"), 10.0);
    assert!(js_number("2rem").is_nan());
    assert!(js_number("inf").is_nan());
    assert_eq!(js_number("-Infinity"), f64::NEG_INFINITY);
}

#[test]
fn faces_follow_scores() {
    let (j, _) =
        parse("journey\nsection S\n a: 5: x\n b: 3: x\n c: 1: y\n d: 9\n e: zz\n").unwrap();
    let l = layout(&j, &SimpleMeasure, &LayoutOptions::default());
    let f: Vec<_> = l.tasks.iter().map(|t| t.face).collect();
    let (a, b, c, d) = (f[0].unwrap(), f[1].unwrap(), f[2].unwrap(), f[3].unwrap());
    assert_eq!(
        (a.mood, b.mood, c.mood),
        (Mood::Happy, Mood::Neutral, Mood::Sad)
    );
    assert_eq!(b.cy - a.cy, 60.0);
    assert_eq!(c.cy - b.cy, 60.0);
    assert_eq!(d.cy, a.cy, "scores above 5 sit at the top of the band");
    assert!(f[4].is_none(), "no face for a score that is no number");
    assert_eq!(l.sections.len(), 1);
    let s = l.sections[0].rect;
    let last = l.tasks[4].bx.rect;
    assert_eq!(s.0, l.tasks[0].bx.rect.0);
    assert_eq!(s.0 + s.2, last.0 + last.2, "the header spans its tasks");
}

#[test]
fn svg_has_boxes_and_labels() {
    let d = crate::mermaid::render(
        "journey\ntitle 一日\nsection 朝\n 起床<br>準備: 2: 私\n",
        &SimpleMeasure,
        &SvgOptions::default(),
    )
    .unwrap();
    assert!(d.svg.contains(">起床</text>") && d.svg.contains(">準備</text>"));
    assert!(d.svg.contains(">一日</text>") && d.svg.contains(">私</text>"));
    assert_eq!(d.svg.matches("<rect").count(), 2);
}
