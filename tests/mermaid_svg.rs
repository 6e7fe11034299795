//! Mermaid SVG output: insta snapshots of a handful of diagrams (deterministic output with
//! `SimpleMeasure`), usvg parsing every corpus diagram's SVG, and PNGs of corpus and
//! CJK diagrams drawn with the real fonts (written to `$TMPDIR/inkbind-mermaid-png/` for a
//! person to look at).

mod common;

use std::path::{Path, PathBuf};

use common::mermaid_review::render_png;
use inkbind::mermaid::{RenderError, SimpleMeasure, SvgOptions, render};

const CJK: &str = "flowchart TD
    開始([開始]) --> 入力[/データを<br/>入力する/]
    入力 --> 判定{値は<br>正しい？}
    判定 -->|はい| 保存[(データベースに保存)]
    判定 -->|いいえ| エラー[エラーを表示して<br />もう一度入力してもらう]
    エラー --> 入力
    保存 --> 終了((終了))
";

const SUBGRAPH: &str = "flowchart TB
    c1-->a2
    subgraph one [第一段階]
    a1-->a2
    end
    subgraph two
    b1-->b2
    end
    subgraph three
    c1-->c2
    end
    one --> two
    three --> two
    two --> c2
";

const LR: &str = "flowchart LR
    A[Hard edge] -->|Link text| B(Round edge)
    B --> C{Decision}
    C -->|One| D[Result one]
    C -->|Two| E[Result two]
    D -.-> F((end))
    E ==> F
";

const SHAPES: &str = "flowchart TD
    a[rect] --> b(rounded) --> c([stadium]) --> d[[subroutine]]
    d --> e[(cylinder)] --> f((circle)) --> g>odd]
    g --> h{diamond} --> i{{hexagon}} --> j[/lean right/]
    j --> k[\\lean left\\] --> l[/trapezoid\\] --> m[\\inv trapezoid/]
    m --> n(((double))) --> o@{ shape: doc, label: \"document\" }
    o --> p@{ shape: delay } --> q@{ shape: tri, label: \"tri\" }
    a o--o n
    b x--x h
";

const EDGE_LABELS: &str = "---
title: Edge <labels> & \"escapes\"
---
flowchart TD
    accDescr: Labels on edges, styles and a loop.
    A[\"`**bold** & plain`\"] -- one --> B
    A -- two --> C
    B -- \"three & <four>\" --> D
    C --> D
    D -->|back again| A
    D --> D
    classDef hot fill:#f96,stroke:#333,stroke-width:4px
    class C hot
    style B fill:#bbf,stroke:#f66,color:#fff
    linkStyle 0 stroke:#ff3,stroke-width:4px
";

fn svg_of(src: &str) -> String {
    render(src, &SimpleMeasure, &SvgOptions::default())
        .unwrap()
        .svg
}

#[test]
fn snapshots() {
    insta::assert_snapshot!("cjk_br", svg_of(CJK));
    insta::assert_snapshot!("subgraph", svg_of(SUBGRAPH));
    insta::assert_snapshot!("lr", svg_of(LR));
    insta::assert_snapshot!("shapes", svg_of(SHAPES));
    insta::assert_snapshot!("edge_labels", svg_of(EDGE_LABELS));
}

#[test]
fn deterministic_and_well_formed() {
    for src in [CJK, SUBGRAPH, LR, SHAPES, EDGE_LABELS] {
        let a = svg_of(src);
        assert_eq!(a, svg_of(src));
        assert!(!a.contains("foreignObject"));
        assert!(!a.contains("class="));
        assert!(a.contains("viewBox=\"0 0 "));
        usvg::Tree::from_str(&a, &usvg::Options::default()).expect("usvg parses the SVG");
    }
    let r = render(EDGE_LABELS, &SimpleMeasure, &SvgOptions::default()).unwrap();
    assert!(
        r.svg
            .contains("<title>Edge &lt;labels&gt; &amp; &quot;escapes&quot;</title>")
    );
    assert!(r.alt_text.contains("Labels on edges"));
    assert!(r.svg.contains("fill=\"#f96\""));
    assert!(r.svg.contains("stroke=\"#ff3\""));
    assert!(r.svg.contains("font-weight=\"bold\""));
}

#[test]
fn other_diagrams_are_unsupported() {
    for (src, kind) in [
        ("timeline\n  title History", "timeline"),
        ("quadrantChart\n  title Q", "quadrantChart"),
        ("gitGraph\n  commit", "gitGraph"),
    ] {
        match render(src, &SimpleMeasure, &SvgOptions::default()) {
            Err(RenderError::Unsupported { diagram }) => assert_eq!(diagram, kind),
            other => panic!("{src}: {other:?}"),
        }
    }
    assert!(matches!(
        render(
            "flowchart TD\n A --> ",
            &SimpleMeasure,
            &SvgOptions::default()
        ),
        Err(RenderError::Syntax(_))
    ));
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/mermaid-corpus")
}

#[test]
fn every_corpus_svg_parses() {
    let dir = corpus_dir().join("corpus");
    if !dir.is_dir() {
        assert_ne!(
            std::env::var("INKBIND_REQUIRE_TOOLS").as_deref(),
            Ok("1"),
            "corpus missing"
        );
        eprintln!("\n*** SKIPPED every_corpus_svg_parses: no corpus ***\n");
        return;
    }
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let src = std::fs::read_to_string(&p).unwrap();
        if let Ok(r) = render(&src, &SimpleMeasure, &SvgOptions::default()) {
            usvg::Tree::from_str(&r.svg, &usvg::Options::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            n += 1;
        }
    }
    assert!(n > 1600);
}

#[test]
fn pngs_for_review() {
    let out = std::env::temp_dir().join("inkbind-mermaid-png");
    std::fs::create_dir_all(&out).unwrap();
    render_png("cjk_ja", CJK, "ja", &out);
    render_png("subgraph", SUBGRAPH, "en", &out);
    render_png("lr", LR, "en", &out);
    render_png("shapes", SHAPES, "en", &out);
    render_png("edge_labels", EDGE_LABELS, "en", &out);
    render_png(
        "cjk_ko",
        "flowchart LR\n  시작[시작] --> 처리[데이터 처리<br/>단계]\n  처리 -->|성공| 완료((완료))\n  처리 -->|실패| 재시도[다시 시도]\n  재시도 --> 처리",
        "ko",
        &out,
    );
    let dir = corpus_dir().join("corpus");
    if !dir.is_dir() {
        return;
    }
    // CJK, subgraphs, direction, LR, long labels, many crossings for dagre
    for id in [
        "1089", "1695", "1658", "1043", "1175", "1086", "1166", "1071", "1088", "0938", "1183",
        "1733", "1734", "0919",
    ] {
        let p = dir.join(format!("{id}.mmd"));
        if let Ok(src) = std::fs::read_to_string(&p) {
            let lang = if id == "1089" || id == "1695" {
                "zh-Hans"
            } else {
                "en"
            };
            render_png(&format!("corpus_{id}"), &src, lang, &out);
        }
    }
}
