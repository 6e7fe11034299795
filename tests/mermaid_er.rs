//! Mermaid ER diagrams drawn: insta snapshots of a few diagrams (deterministic with
//! `SimpleMeasure`), the drawing's Mermaid conventions, layout invariants over every ER
//! file of `tests/data/mermaid-types` that Mermaid parses, random inputs, PNGs for a person
//! to look at, and a PDF whose text holds the labels.

mod common;

use common::mermaid_review::render_png;
use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::er::layout::Layout;
use inkbind::mermaid::{DiagramLayout, SimpleMeasure, SvgOptions, render};

const BASIC: &str = "erDiagram
    CUSTOMER ||--o{ ORDER : places
    ORDER ||--|{ LINE-ITEM : contains
    CUSTOMER }|..|{ DELIVERY-ADDRESS : uses
";

const ATTRIBUTES: &str = "erDiagram
    accTitle: Cars and drivers
    CAR ||--o{ NAMED-DRIVER : allows
    CAR {
        string registrationNumber PK
        string make
        string model
        string[] parts
    }
    PERSON ||--o{ NAMED-DRIVER : is
    PERSON[\"Person (driver)\"] {
        string driversLicense PK \"The license #\"
        string(99) firstName \"Only 99 characters are allowed\"
        string lastName
        int age
    }
    NAMED-DRIVER {
        string carRegistrationNumber PK, FK
        string driverLicence PK, FK
    }
    classDef hot fill:#f96,stroke:#333
    class CAR hot
";

const LR: &str = "erDiagram
    direction LR
    A |o--o| B : \"one or zero\"
    B u--|| C : parent
    C zero or more optionally to 1+ D : words
";

const CJK: &str = "---
title: 通販サイト
---
erDiagram
    顧客[\"お客様\"] {
        int 顧客ID PK \"通し番号\"
        string 氏名
    }
    顧客 ||--o{ 注文 : \"注文<br/>する\"
    注文 ||--|{ 明細 : 含む
";

fn svg_of(src: &str) -> String {
    render(src, &SimpleMeasure, &SvgOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .svg
}

#[test]
fn snapshots() {
    insta::assert_snapshot!("basic", svg_of(BASIC));
    insta::assert_snapshot!("attributes", svg_of(ATTRIBUTES));
    insta::assert_snapshot!("lr_word_cardinalities", svg_of(LR));
    insta::assert_snapshot!("cjk_br", svg_of(CJK));
}

#[test]
fn drawing_follows_mermaid() {
    let s = svg_of(BASIC);
    assert!(
        s.contains("stroke-dasharray"),
        "non-identifying line dashed"
    );
    assert!(s.contains("<circle"), "zero-or-more circle");
    let s = svg_of(ATTRIBUTES);
    assert!(s.contains("fill=\"#f96\""), "classDef fill applied");
    assert!(s.contains("fill=\"#f2f2f2\""), "alternating row fill");
    assert!(s.contains(">PK, FK</text>"), "keys column");
    assert!(s.contains(">Person (driver)</text>"), "alias drawn");
    let d = render(ATTRIBUTES, &SimpleMeasure, &SvgOptions::default()).unwrap();
    assert_eq!(d.alt_text, "Cars and drivers");
    let d = render(CJK, &SimpleMeasure, &SvgOptions::default()).unwrap();
    assert!(d.svg.contains(">注文</text>") && d.svg.contains(">する</text>"));
    assert!(d.svg.contains(">通販サイト</text>"), "title drawn");
    let d = render(BASIC, &SimpleMeasure, &SvgOptions::default()).unwrap();
    assert!(d.alt_text.contains("CUSTOMER"), "{}", d.alt_text);
    let DiagramLayout::Er(lay) = &render(LR, &SimpleMeasure, &SvgOptions::default())
        .unwrap()
        .layout
    else {
        panic!("not an ER layout")
    };
    let xs: Vec<f32> = lay.entities.iter().map(|e| e.x).collect();
    assert!(
        xs.windows(2).all(|w| w[0] < w[1]),
        "LR runs left to right: {xs:?}"
    );
}

/// A box: centre x, centre y, width, height (px).
type Bx = (f32, f32, f32, f32);

fn overlap(a: Bx, b: Bx) -> bool {
    (a.0 - b.0).abs() * 2.0 < a.2 + b.2 - 0.5 && (a.1 - b.1).abs() * 2.0 < a.3 + b.3 - 0.5
}

fn check(lay: &Layout) -> Vec<String> {
    let mut bad = Vec::new();
    let bx = |e: &inkbind::mermaid::er::layout::EntityBox| (e.x, e.y, e.width, e.height);
    for (i, a) in lay.entities.iter().enumerate() {
        for b in &lay.entities[i + 1..] {
            if overlap(bx(a), bx(b)) {
                bad.push(format!("entities {} and {} overlap", a.name, b.name));
            }
        }
        let top = a.y - a.height / 2.0;
        if a.title.width > a.width + 0.01 || a.title.height > a.header_height + 0.01 {
            bad.push(format!("{}: name outside its header", a.name));
        }
        let cols: f32 = a.columns.iter().sum();
        if !a.rows.is_empty() && (cols - a.width).abs() > 0.01 {
            bad.push(format!("{}: columns {cols} != width {}", a.name, a.width));
        }
        let mut y = top + a.header_height;
        for r in &a.rows {
            if (r.top - y).abs() > 0.01 || r.top + r.height > top + a.height + 0.01 {
                bad.push(format!("{}: row {} outside its box", a.name, r.index));
            }
            for (c, cell) in r.cells.iter().enumerate() {
                if cell.width > 0.0 && cell.width > a.columns[c] + 0.01 {
                    bad.push(format!(
                        "{}: row {} cell {c} wider than its column",
                        a.name, r.index
                    ));
                }
                if cell.height > r.height + 0.01 {
                    bad.push(format!(
                        "{}: row {} cell {c} taller than its row",
                        a.name, r.index
                    ));
                }
            }
            y += r.height;
        }
    }
    for r in &lay.relationships {
        if let Some(l) = &r.label
            && (l.text.width > l.width || l.text.height > l.height)
        {
            bad.push(format!("relationship {}: label outside its box", r.index));
        }
        let pts = r.curve.iter().flat_map(|c| c.iter());
        for p in pts {
            if !(p.0.is_finite() && p.1.is_finite())
                || p.0 < -1.0
                || p.1 < -1.0
                || p.0 > lay.width + 1.0
                || p.1 > lay.height + 1.0
            {
                bad.push(format!(
                    "relationship {}: point {p:?} off the drawing",
                    r.index
                ));
                break;
            }
        }
    }
    bad
}

#[test]
fn corpus_invariants() {
    let mut drawn = 0;
    let mut problems = Vec::new();
    for case in mermaid_cases("er") {
        if !case.parses() {
            continue;
        }
        let d = render(&case.source, &SimpleMeasure, &SvgOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", case.name()));
        let DiagramLayout::Er(lay) = &d.layout else {
            panic!("{}: not drawn as an ER diagram", case.name());
        };
        usvg::Tree::from_str(&d.svg, &usvg::Options::default())
            .unwrap_or_else(|e| panic!("{}: usvg: {e}", case.name()));
        for p in check(lay) {
            problems.push(format!("{}: {p}", case.name()));
        }
        drawn += 1;
    }
    for p in &problems {
        println!("{p}");
    }
    println!("{drawn} ER diagrams drawn, {} problems", problems.len());
    assert!(drawn >= 605);
    assert!(problems.is_empty(), "{} layout problems", problems.len());
}

/// xorshift64*: a fixed-seed source of random choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// Random ER-ish text: valid statements mixed with stray tokens and punctuation.
fn random_er(rng: &mut Rng) -> String {
    let names = [
        "A", "B", "\"C D\"", "顧客", "1", "2.5", "u", "one", "x-y", "E.F",
    ];
    let cards = [
        "||",
        "|o",
        "o|",
        "}o",
        "o{",
        "}|",
        "|{",
        "one",
        "many(0)",
        "1+",
        "u",
        "zero or more",
    ];
    let rels = ["--", "..", "to", "optionally to", ".-", "-."];
    let junk = [
        "{",
        "}",
        "[",
        "]",
        ":",
        ":::",
        "\"",
        "~",
        "%%",
        "style",
        "classDef",
        "end",
        "subgraph",
        "direction LR",
        "accDescr {",
        "`",
        ";",
        "#",
        "\n",
    ];
    let mut s = String::from(if rng.next().is_multiple_of(10) {
        "erdiagram\n"
    } else {
        "erDiagram\n"
    });
    let n = rng.next() % 12;
    for _ in 0..n {
        match rng.next() % 6 {
            0 | 1 => s.push_str(&format!(
                "{} {}{}{} {} : {}\n",
                rng.pick(&names),
                rng.pick(&cards),
                rng.pick(&rels),
                rng.pick(&cards),
                rng.pick(&names),
                rng.pick(&["x", "\"a b\"", "\"\"", "y<br>z"])
            )),
            2 => s.push_str(&format!(
                "{} {{\n {} {} {}\n}}\n",
                rng.pick(&names),
                rng.pick(&["int", "List~T~", "string?", "`a b`", "PK"]),
                rng.pick(&["id", "name", "x(1)"]),
                rng.pick(&["PK", "PK, FK", "\"c\"", "UK \"d\"", ""])
            )),
            3 => s.push_str(&format!(
                "{}\n",
                rng.pick(&[
                    "classDef c fill:#f96",
                    "class A c",
                    "style A fill:red",
                    "A:::c",
                    "subgraph S\nA\nend",
                    "accTitle: t",
                    "direction BT"
                ])
            )),
            _ => {
                for _ in 0..(rng.next() % 5) {
                    s.push_str(rng.pick(&junk));
                    s.push(' ');
                    s.push_str(rng.pick(&names));
                }
                s.push('\n');
            }
        }
    }
    s
}

#[test]
fn random_inputs_never_panic() {
    let mut accepted = 0;
    for seed in 1..=3000u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let src = random_er(&mut rng);
        if let Ok(d) = render(&src, &SimpleMeasure, &SvgOptions::default()) {
            accepted += 1;
            let DiagramLayout::Er(lay) = &d.layout else {
                panic!("not an ER layout: {src}");
            };
            let bad = check(lay);
            assert!(bad.is_empty(), "{src}\n{bad:?}");
        }
    }
    println!("{accepted} of 3000 random inputs drawn");
    assert!(accepted > 100);
}

#[test]
fn pngs_for_review() {
    let out = std::env::temp_dir().join("inkbind-mermaid-er-png");
    std::fs::create_dir_all(&out).unwrap();
    render_png("basic", BASIC, "en", &out);
    render_png("attributes", ATTRIBUTES, "en", &out);
    render_png("lr", LR, "en", &out);
    render_png("cjk_ja", CJK, "ja", &out);
}

/// A Markdown file with ER diagrams converts to a PDF whose text holds the labels (the
/// diagram is drawn as vectors with selectable text, not printed as source).
#[test]
fn pdf_has_er_labels() {
    if !common::have("pdftotext") {
        return;
    }
    let dir = common::tempdir();
    let md = dir.path().join("er.md");
    std::fs::write(
        &md,
        format!("---\nlang: ja\n---\n\n# データモデル\n\n```mermaid\n{CJK}```\n\n```mermaid\n{ATTRIBUTES}```\n"),
    )
    .unwrap();
    let pdf = dir.path().join("er.pdf");
    let o = common::inkbind(["build", md.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = common::squash(&common::pdftotext(&pdf, None));
    for want in [
        "通販サイト",
        "お客様",
        "顧客ID",
        "通し番号",
        "注文",
        "含む",
        "registrationNumber",
        "NAMED-DRIVER",
        "allows",
        "PK,FK",
    ] {
        assert!(text.contains(want), "{want:?} not in the PDF text: {text}");
    }
    assert!(!text.contains("||--"), "diagram source printed");
}
