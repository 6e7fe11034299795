//! Unit, snapshot and property tests of the class diagram pipeline.

use super::layout::layout;
use super::model::*;
use super::parse;
use super::svg::{alt_text, write_svg};
use crate::mermaid::common::geometry::Direction;
use crate::mermaid::common::layout::LayoutOptions;
use crate::mermaid::common::measure::SimpleMeasure;
use crate::mermaid::common::svg::SvgOptions;

fn ok(src: &str) -> ClassDiagram {
    match parse(src) {
        Ok((d, _)) => d,
        Err(e) => panic!("{src}: {e}"),
    }
}

fn svg_of(src: &str) -> String {
    let d = ok(src);
    let l = layout(&d, &SimpleMeasure, &LayoutOptions::default());
    write_svg(&d, &l, &SvgOptions::default())
}

#[test]
fn members_bodies_and_lines() {
    let d = ok("classDiagram
class BankAccount {
  +String owner
  +Bigdecimal balance$
  +deposit(amount) bool
  +withdrawal(amount)* int
}
BankAccount : +List~int~ ids
BankAccount : -getIds() List~int~
");
    let c = d.class("BankAccount").unwrap();
    assert_eq!(c.attributes.len(), 3);
    assert_eq!(c.methods.len(), 3);
    assert_eq!(c.attributes[1].classifier, "$");
    assert_eq!(c.methods[1].classifier, "*");
    assert_eq!(
        super::member::display_text(&c.methods[2]),
        "-getIds() : List<int>"
    );
}

#[test]
fn relations_all_kinds() {
    let d = ok("classDiagram
A <|-- B
C *-- D
E o-- F
G <-- H
I -- J
K <.. L
M ..|> N
O .. P
Q <|--|> R
S \"1\" --> \"*\" T : owns
bar ()-- U
");
    let kinds: Vec<(RelEnd, RelEnd, bool)> = d
        .relations
        .iter()
        .map(|r| (r.start, r.end, r.dotted))
        .collect();
    assert_eq!(kinds[0], (RelEnd::Extension, RelEnd::None, false));
    assert_eq!(kinds[1].0, RelEnd::Composition);
    assert_eq!(kinds[2].0, RelEnd::Aggregation);
    assert_eq!(kinds[3].0, RelEnd::Dependency);
    assert_eq!(kinds[5], (RelEnd::Dependency, RelEnd::None, true));
    assert_eq!(kinds[6], (RelEnd::None, RelEnd::Extension, true));
    assert_eq!(kinds[8], (RelEnd::Extension, RelEnd::Extension, false));
    let s = &d.relations[9];
    assert_eq!(
        (
            s.card_from.as_deref(),
            s.card_to.as_deref(),
            s.label.as_str()
        ),
        (Some("1"), Some("*"), "owns")
    );
    assert_eq!(d.relations[10].from, "interface0");
    assert_eq!(d.interfaces[0].label, "bar");
}

#[test]
fn namespaces_notes_direction_acc() {
    let d = ok("classDiagram
direction RL
accTitle: Shapes
accDescr {
  two lines
  of text
}
namespace Outer {
  class A
  namespace Inner {
    class B
  }
}
note for A \"a note\"
note \"floating\"
");
    assert_eq!(d.direction, Direction::RL);
    assert_eq!(d.acc_title.as_deref(), Some("Shapes"));
    assert!(d.acc_descr.as_deref().unwrap().contains('\n'));
    assert_eq!(d.class("A").unwrap().namespace.as_deref(), Some("Outer"));
    assert_eq!(
        d.class("B").unwrap().namespace.as_deref(),
        Some("Outer.Inner")
    );
    assert_eq!(d.notes.len(), 2);
    assert_eq!(d.notes[0].class.as_deref(), Some("A"));
    assert_eq!(alt_text(&d), "Shapes: two lines\nof text");
}

#[test]
fn styles_links_and_labels() {
    let d = ok("classDiagram
class Animal[\"生き物<br>(動物)\"]
class Duck:::warm
classDef warm fill:#f96,color:#333
style Animal fill:#bbf,stroke:#f66
cssClass \"Animal\" warm
click Duck href \"https://example.com\" \"Duck page\"
link Animal \"https://example.org\" _self
callback Animal \"fn\" \"tip\"
<<interface>> Animal
");
    let a = d.class("Animal").unwrap();
    assert_eq!(a.label.as_deref(), Some("生き物<br>(動物)"));
    assert_eq!(a.styles, vec!["fill:#bbf", "stroke:#f66"]);
    assert_eq!(a.link_target.as_deref(), Some("_self"));
    assert!(a.callback);
    assert_eq!(a.annotations, vec!["interface"]);
    let duck = d.class("Duck").unwrap();
    assert_eq!(duck.tooltip.as_deref(), Some("Duck page"));
    assert!(duck.css_classes.contains(&"warm".to_string()));
    // one declaration string (the label token runs over the comma), `fill` renamed
    assert_eq!(d.class_defs[0].text_styles, vec!["bgFill:#f96,color:#333"]);
}

#[test]
fn errors_have_positions() {
    let e = parse("classDiagram\nA --> B\nclass {\n").unwrap_err();
    assert_eq!(e.line, 3);
    let e = parse("classDiagram\n<<interface>> Nope\n").unwrap_err();
    assert_eq!(e.line, 2);
    assert!(parse("classDiagram\nclass A {\n +x\n").is_err());
    assert!(parse("classDiagram\nA : foo;\n").is_err());
}

#[test]
fn boxes_hold_their_lines() {
    let src = "classDiagram
class Shape~T~ {
  <<abstract>>
  +double area()*
  +String name
  +draw(Canvas c)$ void
}
Shape <|-- Circle
Circle : +radius double
";
    let d = ok(src);
    let l = layout(&d, &SimpleMeasure, &LayoutOptions::default());
    for b in &l.classes {
        for m in b.attributes.iter().chain(&b.methods) {
            assert!(m.y >= b.y && m.y + l.line_height <= b.y + b.height + 0.01);
            assert!(m.width + 2.0 * super::layout::BOX_PAD_X <= b.width + 0.01);
        }
    }
    let shape = &l.classes[0];
    assert_eq!(shape.title, vec!["Shape<T>"]);
    assert_eq!(shape.annotations, vec!["«abstract»"]);
}

const SIMPLE: &str = "classDiagram
    Animal <|-- Duck
    Animal <|-- Fish
    Animal : +int age
    Animal : +isMammal()
    class Duck{
      +String beakColor
      +swim()
    }
    class Fish{
      -int sizeInFeet
      -canEat()
    }
";

const RELATIONS_LR: &str = "classDiagram
    direction LR
    classA \"1\" *-- \"many\" classB : contains
    classC o-- classD : aggregation
    classE <.. classF : depends
    classG ..|> classH : realizes
    bar ()-- classI
";

const CJK_BR: &str = "classDiagram
    class 図書[\"図書<br>（蔵書）\"] {
      +String 書名
      +貸出する() bool
    }
    class 会員
    会員 \"1\" --> \"0..*\" 図書 : 借りる
    note for 会員 \"会員証が必要<br/>年会費あり\"
";

const NAMESPACES: &str = "classDiagram
    namespace Shapes {
        class Triangle
        class Square {
          double side
        }
    }
    namespace Paint {
        class Brush~T~
    }
    Square ..> Brush
    Triangle --|> Square
";

#[test]
fn snapshots() {
    insta::assert_snapshot!("class_simple", svg_of(SIMPLE));
    insta::assert_snapshot!("class_relations_lr", svg_of(RELATIONS_LR));
    insta::assert_snapshot!("class_cjk_br", svg_of(CJK_BR));
    insta::assert_snapshot!("class_namespaces", svg_of(NAMESPACES));
}

/// xorshift64.
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

const PIECES: &[&str] = &[
    "A",
    "B",
    "Cls",
    "名前",
    "order",
    "note",
    "class ",
    "namespace ",
    "{",
    "}",
    "\n",
    " ",
    "<|--",
    "*--",
    "o--",
    "-->",
    "..>",
    "..|>",
    "--",
    "..",
    "()--",
    ":",
    ": +int x",
    ": get() int$",
    "\"1\"",
    "\"*\"",
    "~T~",
    "<<interface>>",
    "[\"lbl\"]",
    ":::hot",
    "classDef hot fill:#f00",
    "style A fill:#0f0",
    "click A href \"u\"",
    "direction LR",
    "accTitle: t",
    "accDescr { d }",
    "note for A \"n\"",
    "%% c",
    "`x`",
    ".",
    ",",
    "(",
    ")",
    "<br>",
    "$",
    "*",
];

#[test]
fn random_inputs_never_panic() {
    for seed in 1..=3000u64 {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut s = String::from("classDiagram\n");
        let n = 1 + r.next() % 40;
        for _ in 0..n {
            s.push_str(r.pick(PIECES));
        }
        if let Ok((d, _)) = parse(&s) {
            let l = layout(&d, &SimpleMeasure, &LayoutOptions::default());
            let svg = write_svg(&d, &l, &SvgOptions::default());
            assert!(svg.starts_with("<svg"), "{s}");
        }
    }
}

#[test]
fn hide_empty_members_box() {
    let src = "---\nconfig:\n  class:\n    hideEmptyMembersBox: true\n---\nclassDiagram\nA <|-- B\nB : +x\n";
    let d = ok(src);
    assert!(d.hide_empty_members_box);
    let l = layout(&d, &SimpleMeasure, &LayoutOptions::default());
    assert_eq!(l.classes[0].height, l.classes[0].header_h);
    assert!(l.classes[1].height > l.classes[1].header_h);
    let (_, w) = parse("%%{init: {\"class\": {\"nodeSpacing\": 3}}}%%\nclassDiagram\nA\n").unwrap();
    assert_eq!(w.len(), 1, "unsupported key warned: {w:?}");
}
