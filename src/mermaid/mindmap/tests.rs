use super::layout::layout;
use super::model::Shape;
use super::parse;
use crate::mermaid::common::layout::LayoutOptions;
use crate::mermaid::{DiagramLayout, SimpleMeasure, SvgOptions, render};

#[test]
fn tree_from_indentation() {
    let (mm, _) = parse("mindmap\n  root((R))\n    A\n      A1\n    B[Bee]\n").unwrap();
    assert_eq!(mm.nodes.len(), 4);
    assert_eq!(mm.nodes[0].shape, Shape::Circle);
    assert_eq!(mm.nodes[2].parent, Some(1));
    assert_eq!(mm.nodes[3].parent, Some(0));
    assert_eq!(mm.nodes[3].text, "Bee");
    assert_eq!(mm.nodes[3].section, Some(1));
    assert_eq!(mm.nodes[3].line, 5);
}

#[test]
fn shapes_from_brackets() {
    let src =
        "mindmap\nr\n a[rect]\n b(round)\n c((circle))\n d)cloud(\n e))bang((\n f{{hex}}\n g\n";
    let (mm, _) = parse(src).unwrap();
    let shapes: Vec<Shape> = mm.nodes.iter().map(|n| n.shape).collect();
    assert_eq!(
        shapes,
        [
            Shape::Default,
            Shape::Rect,
            Shape::RoundedRect,
            Shape::Circle,
            Shape::Cloud,
            Shape::Bang,
            Shape::Hexagon,
            Shape::Default
        ]
    );
    assert_eq!(mm.nodes[1].id, "a");
    assert_eq!(mm.nodes[1].text, "rect");
}

#[test]
fn less_indented_sibling_joins_the_last_less_indented_node() {
    // B (6) is less indented than A1 (8) but more than A (4): A is its parent.
    let (mm, _) = parse("mindmap\nroot\n    A\n        A1\n      B\n       C\n").unwrap();
    assert_eq!(mm.nodes[3].parent, Some(1));
    assert_eq!(mm.nodes[4].parent, Some(3));
}

#[test]
fn tabs_count_as_one() {
    let (mm, _) = parse("mindmap\n\troot\n\t\tA\n\t\t\tB\n").unwrap();
    assert_eq!(mm.nodes[2].parent, Some(1));
}

#[test]
fn only_one_root() {
    let e = parse("mindmap\n  root\n  other\n").unwrap_err();
    assert!(e.message.contains("only one root"), "{e}");
    assert_eq!((e.line, e.column), (3, 3));
}

#[test]
fn icon_class_and_markdown() {
    let src = "mindmap\n  root[\"`**Bold** text`\"]\n  ::icon(fa fa-book)\n  :::urgent large\n";
    let (mm, _) = parse(src).unwrap();
    let r = &mm.nodes[0];
    assert_eq!(r.text, "**Bold** text");
    assert_eq!(r.icon.as_deref(), Some("fa fa-book"));
    assert_eq!(r.class.as_deref(), Some("urgent large"));
    assert!(parse("mindmap\n  ::icon(x)\n").is_err());
}

#[test]
fn syntax_error_position() {
    let e = parse("mindmap\n  root\n    a[x] b\n").unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("SPACELIST"), "{e}");
}

#[test]
fn front_matter_config_and_comments() {
    let src = "---\nconfig:\n  mindmap:\n    padding: 12\n    maxNodeWidth: 120\n---\nmindmap\n%% a comment\n  root\n    a\n";
    let (mm, w) = parse(src).unwrap();
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(mm.padding_px, 12.0);
    assert_eq!(mm.max_node_width_px, 120.0);
    assert_eq!(mm.nodes.len(), 2);
}

#[test]
fn long_text_wraps_at_max_node_width() {
    let src = "mindmap\n  root\n    a[a very long label that certainly needs more than two hundred pixels to be written]\n";
    let (mm, _) = parse(src).unwrap();
    let lay = layout(&mm, &SimpleMeasure, &LayoutOptions::default());
    let a = &lay.nodes[1];
    assert!(a.text.lines.len() > 1);
    assert!(a.text.width <= 200.0, "{}", a.text.width);
}

#[test]
fn branches_on_both_sides() {
    let src = "mindmap\n  root((R))\n    A\n    B\n    C\n    D\n";
    let d = render(src, &SimpleMeasure, &SvgOptions::default()).unwrap();
    let DiagramLayout::Mindmap(lay) = &d.layout else {
        panic!("not a mindmap layout")
    };
    let root_x = lay.nodes[0].x;
    let right = lay.nodes[1..].iter().filter(|b| b.x > root_x).count();
    assert_eq!(right, 2);
    assert!(d.alt_text.contains("\n  A\n  B"), "{}", d.alt_text);
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

#[test]
fn random_inputs_never_panic() {
    let pieces = [
        "root", "A", "节点", "\n", "\n  ", "\n    ", "\n\t", " ", "[", "]", "(", ")", "((", "))",
        "{{", "}}", "-)", "(-", "\"", "\"`", "`\"", "**b**", "<br>", "::icon(", ":::", "c1", "%%",
        "mindmap", "\r\n", "#quot;",
    ];
    for seed in 1..=3000u64 {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut src = String::from("mindmap\n");
        let n = (r.next() % 50) as usize;
        for _ in 0..n {
            src.push_str(r.pick(&pieces));
        }
        if let Ok(d) = render(&src, &SimpleMeasure, &SvgOptions::default()) {
            assert!(d.svg.starts_with("<svg"), "{src}");
            assert!(d.width_px.is_finite() && d.height_px.is_finite(), "{src}");
        }
    }
}
