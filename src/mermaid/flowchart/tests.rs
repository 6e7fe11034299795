//! Focused parser tests with the expected values written out.

use super::model::*;
use super::parse::parse;

fn ok(src: &str) -> Flowchart {
    match parse(src) {
        Ok((fc, _)) => fc,
        Err(e) => panic!("expected {src:?} to parse, got {e}"),
    }
}

fn ok_warn(src: &str) -> (Flowchart, Vec<Warning>) {
    match parse(src) {
        Ok(r) => r,
        Err(e) => panic!("expected {src:?} to parse, got {e}"),
    }
}

fn err(src: &str) -> ParseError {
    match parse(src) {
        Ok(_) => panic!("expected {src:?} to be rejected"),
        Err(e) => e,
    }
}

fn ids(fc: &Flowchart) -> Vec<&str> {
    fc.nodes.iter().map(|n| n.id.as_str()).collect()
}

fn edges(fc: &Flowchart) -> Vec<(&str, &str)> {
    fc.edges
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect()
}

fn label(fc: &Flowchart, i: usize) -> String {
    fc.edges[i]
        .label
        .as_ref()
        .map(Label::plain_text)
        .unwrap_or_default()
}

fn kind(stroke: Stroke, start: Marker, end: Marker) -> EdgeKind {
    EdgeKind { stroke, start, end }
}

#[test]
fn dash_text_edge_label() {
    let fc = ok("flowchart LR\n  A-- text -->B");
    assert_eq!(edges(&fc), vec![("A", "B")]);
    assert_eq!(label(&fc, 0), "text");
    assert_eq!(
        fc.edges[0].kind,
        kind(Stroke::Normal, Marker::None, Marker::Arrow)
    );
    assert_eq!(fc.edges[0].length, 1);
    assert_eq!(fc.direction, Direction::LR);
}

#[test]
fn open_line() {
    let fc = ok("graph TD\nA --- B");
    assert_eq!(
        fc.edges[0].kind,
        kind(Stroke::Normal, Marker::None, Marker::None)
    );
    assert_eq!(fc.edges[0].kind.mermaid_type(), "arrow_open");
    assert_eq!(fc.edges[0].label, None);
}

#[test]
fn edge_id() {
    let fc = ok("flowchart LR\nA e1@--> B");
    assert_eq!(fc.edges[0].id.as_deref(), Some("e1"));
    assert_eq!(edges(&fc), vec![("A", "B")]);
    // a plain edge has no user id
    let fc = ok("flowchart LR\nA --> B");
    assert_eq!(fc.edges[0].id, None);
}

#[test]
fn edge_id_data_does_not_make_a_node() {
    let fc = ok("flowchart LR\nA e1@--> B\ne1@{ animate: true }");
    assert_eq!(ids(&fc), vec!["A", "B"]);
    assert!(fc.edges[0].animate);
}

#[test]
fn ampersand_groups() {
    let fc = ok("graph TD\nA & B --> C");
    assert_eq!(edges(&fc), vec![("A", "C"), ("B", "C")]);
    let fc = ok("graph TD\nA & B --> C & D");
    assert_eq!(
        edges(&fc),
        vec![("A", "C"), ("A", "D"), ("B", "C"), ("B", "D")]
    );
    assert_eq!(ids(&fc), vec!["A", "B", "C", "D"]);
}

#[test]
fn chains() {
    let fc = ok("graph LR\nA --> B --> C");
    assert_eq!(edges(&fc), vec![("A", "B"), ("B", "C")]);
    let fc = ok("graph LR\na --> b & c--> d");
    assert_eq!(
        edges(&fc),
        vec![("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]
    );
}

#[test]
fn cjk_ids_and_br_labels() {
    let fc = ok(
        "graph TD\n開始[開始<br/>二行目] --> 終了(終わり<br>です)\n終了 --> 처리[처리<br />단계<BR>끝]",
    );
    assert_eq!(ids(&fc), vec!["開始", "終了", "처리"]);
    let n = &fc.nodes[0];
    assert_eq!(n.label.lines.len(), 2);
    assert_eq!(n.label.plain_text(), "開始\n二行目");
    assert_eq!(fc.nodes[1].label.plain_text(), "終わり\nです");
    assert_eq!(fc.nodes[1].shape, Shape::Rounded);
    assert_eq!(fc.nodes[2].label.plain_text(), "처리\n단계\n끝");
}

#[test]
fn cjk_edge_labels() {
    let fc = ok(
        "flowchart LR\n  あ -- ラベル --> い\n  い -->|はい| う\n  う -. 点線 .-> え\n  え == 太い ==> お",
    );
    assert_eq!(label(&fc, 0), "ラベル");
    assert_eq!(label(&fc, 1), "はい");
    assert_eq!(label(&fc, 2), "点線");
    assert_eq!(fc.edges[2].kind.stroke, Stroke::Dotted);
    assert_eq!(label(&fc, 3), "太い");
    assert_eq!(fc.edges[3].kind.stroke, Stroke::Thick);
}

#[test]
fn comments_ignored() {
    let fc = ok("graph TD\n%% a comment\nA --> B\n  %% indented comment --> C\nB --> C");
    assert_eq!(ids(&fc), vec!["A", "B", "C"]);
    assert_eq!(edges(&fc), vec![("A", "B"), ("B", "C")]);
}

#[test]
fn syntax_error_position() {
    let e = err("graph TD\nA-->B\nA[x(y)]");
    assert_eq!((e.line, e.column), (3, 4));
    assert_eq!(e.near, "(y)]");
    assert_eq!(
        e.to_string(),
        "line 3, column 4: syntax error: expected the end of the node shape, found `(` near \"(y)]\""
    );
    let e = err("graph TD\n  A --> B\n  C -->\n");
    assert_eq!((e.line, e.column), (3, 8));
}

#[test]
fn error_position_after_front_matter_and_comments() {
    let e = err("---\ntitle: T\n---\n%% c\ngraph LR\n  A --> B[x(y]\n");
    assert_eq!((e.line, e.column), (6, 12));
}

#[test]
fn edge_forms() {
    let fc = ok("graph LR\n\
        a-.->b\na-.-b\na==>b\na===b\na--ob\na--xb\na<-->b\na o--o b\na x--x b\na~~~b\n\
        a--->b\na-..->b\na===>b\na---->b\na<-.->b\na<==>b");
    use Marker::*;
    use Stroke::*;
    let want = [
        (kind(Dotted, None, Arrow), 1),
        (kind(Dotted, None, None), 1),
        (kind(Thick, None, Arrow), 1),
        (kind(Thick, None, None), 1),
        (kind(Normal, None, Circle), 1),
        (kind(Normal, None, Cross), 1),
        (kind(Normal, Arrow, Arrow), 1),
        (kind(Normal, Circle, Circle), 1),
        (kind(Normal, Cross, Cross), 1),
        (kind(Invisible, None, None), 1),
        (kind(Normal, None, Arrow), 2),
        (kind(Dotted, None, Arrow), 2),
        (kind(Thick, None, Arrow), 2),
        (kind(Normal, None, Arrow), 3),
        (kind(Dotted, Arrow, Arrow), 1),
        (kind(Thick, Arrow, Arrow), 1),
    ];
    assert_eq!(fc.edges.len(), want.len());
    for (i, (k, len)) in want.iter().enumerate() {
        assert_eq!(fc.edges[i].kind, *k, "edge {i}");
        assert_eq!(fc.edges[i].length, *len, "edge {i}");
    }
    assert_eq!(ids(&fc), vec!["a", "b"]);
}

#[test]
fn labelled_edge_forms() {
    let fc = ok(
        "graph LR\nA -->|pipe| B\nA -. dotted .-> B\nA == thick ==> B\nA -- \"quoted\" --- B\nA ---|\"q2\"| B",
    );
    assert_eq!(label(&fc, 0), "pipe");
    assert_eq!(label(&fc, 1), "dotted");
    assert_eq!(label(&fc, 2), "thick");
    assert_eq!(label(&fc, 3), "quoted");
    assert_eq!(fc.edges[3].kind.end, Marker::None);
    assert_eq!(label(&fc, 4), "q2");
}

#[test]
fn classic_shapes() {
    let fc = ok("graph TD\n\
        a[rect]\nb(round)\nc([stadium])\nd[[sub]]\ne[(db)]\nf((circle))\ng(((double)))\n\
        h>odd]\ni{diamond}\nj{{hex}}\nk[/lean r/]\nl[\\lean l\\]\nm[/trap\\]\nn[\\inv/]\no(-ell-)\np");
    use Shape::*;
    let want = [
        Rect,
        Rounded,
        Stadium,
        Subroutine,
        Cylinder,
        Circle,
        DoubleCircle,
        Odd,
        Diamond,
        Hexagon,
        LeanRight,
        LeanLeft,
        Trapezoid,
        InvTrapezoid,
        Ellipse,
        Rect,
    ];
    let got: Vec<Shape> = fc.nodes.iter().map(|n| n.shape).collect();
    assert_eq!(got, want);
    assert_eq!(fc.nodes[10].label.plain_text(), "lean r");
    assert_eq!(fc.nodes[15].label.plain_text(), "p");
}

#[test]
fn shape_data() {
    let (fc, w) = ok_warn(
        "flowchart TD\nA@{ shape: cyl, label: \"Data base\" }\nB@{ shape: diam }\nC@{ shape: docs }\nD@{ shape: lean-l }\nE@{ shape: choice }\nF@{ shape: stop }",
    );
    use Shape::*;
    let got: Vec<Shape> = fc.nodes.iter().map(|n| n.shape).collect();
    assert_eq!(
        got,
        vec![
            Cylinder,
            Diamond,
            StackedDocument,
            LeanLeft,
            Rect,
            FramedCircle
        ]
    );
    assert_eq!(fc.nodes[0].label.plain_text(), "Data base");
    assert_eq!(fc.nodes[0].label.kind, LabelKind::Markdown);
    assert_eq!(fc.nodes[1].label.plain_text(), "B");
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].line, w[0].column), (6, 2));
    assert!(w[0].message.contains("choice"));
}

#[test]
fn shape_names_and_aliases() {
    for s in Shape::ALL {
        if *s == Shape::Ellipse {
            assert_eq!(Shape::from_name(s.short_name()), None);
            continue;
        }
        assert_eq!(Shape::from_name(s.short_name()), Some(*s));
    }
    assert_eq!(Shape::from_name("database"), Some(Shape::Cylinder));
    assert_eq!(Shape::from_name("question"), Some(Shape::Diamond));
    assert_eq!(Shape::from_name("doublecircle"), Some(Shape::DoubleCircle));
    assert_eq!(Shape::from_name("Rect"), None);
}

#[test]
fn bad_shape_names_rejected() {
    let e = err("flowchart TD\n  A@{ shape: no-such-shape }");
    assert_eq!((e.line, e.column), (2, 4));
    err("flowchart TD\n  A@{ shape: Rect }");
    err("flowchart TD\n  A@{ shape: lean_right }");
}

#[test]
fn multiline_shape_data() {
    let fc =
        ok("flowchart TD\n  A@{\n    shape: hex\n    label: \"Two\n    lines\"\n  }\n  A --> B");
    assert_eq!(fc.nodes[0].shape, Shape::Hexagon);
    assert_eq!(fc.nodes[0].label.plain_text(), "Two\nlines");
}

#[test]
fn quoted_and_entity_labels() {
    let fc = ok("graph LR\nA[\"A #quot;quoted#quot; label\"] --> B[\"#9829; love #amp; #35;\"]");
    assert_eq!(fc.nodes[0].label.plain_text(), "A \"quoted\" label");
    assert_eq!(fc.nodes[0].label.kind, LabelKind::String);
    assert_eq!(fc.nodes[1].label.plain_text(), "♥ love & #");
}

#[test]
fn markdown_strings() {
    let fc = ok("flowchart LR\nA[\"`**Bold** and *it*\nsecond line`\"] -- \"`edge **b**`\" --> B");
    let l = &fc.nodes[0].label;
    assert_eq!(l.kind, LabelKind::Markdown);
    assert_eq!(l.lines.len(), 2);
    assert_eq!(
        l.lines[0],
        vec![
            TextRun {
                text: "Bold".into(),
                bold: true,
                italic: false
            },
            TextRun {
                text: " and ".into(),
                bold: false,
                italic: false
            },
            TextRun {
                text: "it".into(),
                bold: false,
                italic: true
            },
        ]
    );
    assert_eq!(l.plain_text(), "Bold and it\nsecond line");
    assert_eq!(label(&fc, 0), "edge b");
}

#[test]
fn directions() {
    for (h, d) in [
        ("graph TD", Direction::TB),
        ("graph TB", Direction::TB),
        ("flowchart BT", Direction::BT),
        ("flowchart LR", Direction::LR),
        ("flowchart RL", Direction::RL),
        ("graph >", Direction::LR),
        ("graph <", Direction::RL),
        ("graph ^", Direction::BT),
        ("graph v", Direction::TB),
        ("flowchart", Direction::TB),
    ] {
        assert_eq!(ok(&format!("{h}\nA-->B")).direction, d, "{h}");
    }
}

#[test]
fn semicolons_separate_statements() {
    let fc = ok("graph TD;A-->B;B-->C;");
    assert_eq!(edges(&fc), vec![("A", "B"), ("B", "C")]);
}

#[test]
fn subgraphs() {
    let fc = ok(
        "flowchart TB\n  c1-->a2\n  subgraph one [First one]\n    a1-->a2\n  end\n  subgraph \"Second title\"\n    direction LR\n    b1-->b2\n  end\n  subgraph three\n    subgraph inner\n      x\n    end\n    y\n  end\n  one --> three",
    );
    let sg: Vec<&str> = fc.subgraphs.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(sg, vec!["one", "subGraph1", "inner", "three"]);
    assert_eq!(fc.subgraphs[0].title.plain_text(), "First one");
    assert_eq!(fc.subgraphs[0].members, vec!["a2", "a1"]);
    assert_eq!(fc.subgraphs[1].title.plain_text(), "Second title");
    assert_eq!(fc.subgraphs[1].direction, Some(Direction::LR));
    assert_eq!(fc.subgraphs[1].members, vec!["b2", "b1"]);
    assert_eq!(fc.subgraphs[2].members, vec!["x"]);
    assert_eq!(fc.subgraphs[3].members, vec!["inner", "y"]);
    assert_eq!(fc.subgraphs[3].title.plain_text(), "three");
    assert!(fc.is_subgraph("three"));
    assert_eq!(edges(&fc).last(), Some(&("one", "three")));
    assert_eq!(fc.parent_of("x").map(|s| s.id.as_str()), Some("inner"));
}

#[test]
fn styling_statements() {
    let fc = ok(
        "graph LR\nA:::warm --> B\nclassDef warm fill:#f96,stroke:#333\nclass B warm\nstyle A fill:#f9f,stroke-width:4px\nlinkStyle 0 stroke:#ff3,stroke-width:4px\nlinkStyle default interpolate basis",
    );
    assert_eq!(fc.nodes[0].classes, vec!["warm"]);
    assert_eq!(fc.nodes[1].classes, vec!["warm"]);
    assert_eq!(fc.nodes[0].styles, vec!["fill:#f9f", "stroke-width:4px"]);
    assert_eq!(fc.class_defs.len(), 1);
    assert_eq!(fc.class_defs[0].name, "warm");
    assert_eq!(fc.class_defs[0].styles, vec!["fill:#f96", "stroke:#333"]);
    assert_eq!(fc.link_styles[0].target, LinkStyleTarget::Indices(vec![0]));
    assert_eq!(
        fc.link_styles[0].styles,
        vec!["stroke:#ff3", "stroke-width:4px"]
    );
    assert_eq!(fc.link_styles[1].target, LinkStyleTarget::Default);
    assert_eq!(fc.link_styles[1].interpolate.as_deref(), Some("basis"));
    assert_eq!(fc.curve.as_deref(), Some("basis"));
}

#[test]
fn link_style_out_of_bounds() {
    let e = err("graph LR\nA-->B\nlinkStyle 1 stroke:red");
    assert_eq!((e.line, e.column), (3, 11));
}

#[test]
fn clicks() {
    let fc = ok(
        "flowchart LR\nA-->B\nclick A href \"https://example.com\" \"Tip\" _blank\nclick B callback",
    );
    assert_eq!(fc.nodes[0].link.as_deref(), Some("https://example.com"));
    assert_eq!(fc.nodes[0].link_target.as_deref(), Some("_blank"));
    assert_eq!(fc.nodes[0].tooltip.as_deref(), Some("Tip"));
    assert_eq!(
        fc.clicks[1].action,
        ClickAction::Callback {
            name: "callback".into(),
            args: None
        }
    );
}

#[test]
fn accessibility() {
    let fc = ok("graph LR\naccTitle: My title\naccDescr {\n  Line one\n  Line two\n}\nA-->B");
    assert_eq!(fc.acc_title.as_deref(), Some("My title"));
    assert_eq!(fc.acc_descr.as_deref(), Some("Line one\nLine two"));
    let fc = ok("graph LR\naccDescr: short one\nA-->B");
    assert_eq!(fc.acc_descr.as_deref(), Some("short one"));
}

#[test]
fn front_matter_and_directives() {
    let (fc, w) = ok_warn(
        "---\ntitle: Hello\nconfig:\n  look: handDrawn\n---\n%%{init: {'theme': 'dark', 'flowchart': {'curve': 'stepAfter'}, 'themeVariables': {'primaryColor': '#00ff00'}}}%%\nflowchart LR\nA-->B",
    );
    assert_eq!(fc.title.as_deref(), Some("Hello"));
    assert_eq!(fc.theme.as_deref(), Some("dark"));
    assert_eq!(fc.curve.as_deref(), Some("stepAfter"));
    assert_eq!(
        fc.theme_variables,
        vec![("primaryColor".to_string(), "#00ff00".to_string())]
    );
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].message.contains("look"));
}

#[test]
fn reserved_words_rejected() {
    err("graph TD;subgraph.node;subgraph-node");
    err("graph TD;end.node");
    err("graph TD;style.node");
}

#[test]
fn not_a_flowchart() {
    let e = err("sequenceDiagram\nA->>B: hi");
    assert_eq!((e.line, e.column), (1, 1));
    err("");
}

#[test]
fn cjk_everywhere() {
    let fc = ok(
        "flowchart BT\n  classDef 強調 fill:#f96\n  subgraph 処理群 [処理グループ]\n    direction RL\n    開始@{ shape: stadium, label: \"始まり\" } --> 処理[\"`**太字**の説明`\"]:::強調\n  end\n  처리 & 終了 --> 処理群",
    );
    assert_eq!(fc.direction, Direction::BT);
    assert_eq!(ids(&fc), vec!["開始", "処理", "처리", "終了", "処理群"]);
    assert_eq!(fc.nodes[0].shape, Shape::Stadium);
    assert_eq!(fc.nodes[0].label.plain_text(), "始まり");
    assert_eq!(fc.nodes[1].classes, vec!["強調"]);
    assert_eq!(fc.nodes[1].label.lines[0][0].text, "太字");
    assert!(fc.nodes[1].label.lines[0][0].bold);
    assert_eq!(fc.subgraphs[0].id, "処理群");
    assert_eq!(fc.subgraphs[0].title.plain_text(), "処理グループ");
    assert_eq!(fc.subgraphs[0].direction, Some(Direction::RL));
    assert_eq!(fc.subgraphs[0].members, vec!["処理", "開始"]);
    assert_eq!(
        edges(&fc),
        vec![("開始", "処理"), ("처리", "処理群"), ("終了", "処理群")]
    );
    assert_eq!(fc.class_defs[0].name, "強調");
}

#[test]
fn unsafe_links_dropped() {
    let (fc, w) = ok_warn("flowchart LR\nA-->B\nclick A \"javascript:alert(1)\"");
    assert_eq!(fc.nodes[0].link, None);
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].line, w[0].column), (3, 7));
}

#[test]
fn bare_subgraph_rejected() {
    let e = err("flowchart LR\nsubgraph\nA\nend");
    assert_eq!((e.line, e.column), (2, 1));
}
