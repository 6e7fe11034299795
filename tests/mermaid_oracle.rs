//! Oracle test: our parser against Mermaid 12.3's own parse of every file in
//! the shared corpus (`<crate>/../shared/mermaid-corpus`, see its README).
//!
//! For each file we compare: parse/reject agreement and, for files both
//! parse, vertex ids in order, edge endpoints/kinds/lengths in order, edge
//! label text (with `<br>` as a newline) and subgraph ids and members.
//! Files that disagree must be listed in `tests/mermaid_oracle_known.tsv`
//! (id, tab, reason); a listed file that now agrees fails the test too.
//! `MERMAID_ORACLE_WRITE_KNOWN=1` rewrites that file from the current run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::mermaid_review::check_known;
use inkbind::mermaid::model::{Flowchart, Label, LabelKind, Shape, Stroke};
use inkbind::mermaid::parse::parse;
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/mermaid-corpus")
}

fn kind_of(v: &Value) -> LabelKind {
    match v.as_str() {
        Some("markdown") => LabelKind::Markdown,
        Some("string") => LabelKind::String,
        _ => LabelKind::Text,
    }
}

fn norm(s: &str) -> String {
    s.split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn classic_shape(t: &str) -> Option<Shape> {
    Some(match t {
        "square" | "rect" => Shape::Rect,
        "round" => Shape::Rounded,
        "circle" => Shape::Circle,
        "doublecircle" => Shape::DoubleCircle,
        "ellipse" => Shape::Ellipse,
        "stadium" => Shape::Stadium,
        "subroutine" => Shape::Subroutine,
        "cylinder" => Shape::Cylinder,
        "diamond" => Shape::Diamond,
        "hexagon" => Shape::Hexagon,
        "odd" => Shape::Odd,
        "trapezoid" => Shape::Trapezoid,
        "inv_trapezoid" => Shape::InvTrapezoid,
        "lean_right" => Shape::LeanRight,
        "lean_left" => Shape::LeanLeft,
        _ => return None,
    })
}

fn stroke_name(s: Stroke) -> &'static str {
    match s {
        Stroke::Normal => "normal",
        Stroke::Dotted => "dotted",
        Stroke::Thick => "thick",
        Stroke::Invisible => "invisible",
    }
}

/// Returns `None` when our result agrees with the truth, else a short reason.
fn compare(truth: &Value, ours: &Result<Flowchart, String>) -> Option<String> {
    let parses = truth["parses"].as_bool().unwrap_or(false);
    let fc = match (parses, ours) {
        (false, Err(_)) => return None,
        (false, Ok(_)) => return Some("accepted; Mermaid rejects".into()),
        (true, Err(e)) => return Some(format!("rejected; Mermaid parses: {e}")),
        (true, Ok(fc)) => fc,
    };
    let meta = |k: &str| {
        truth
            .get("meta")
            .and_then(|m| m.get(k))
            .and_then(Value::as_str)
    };
    if meta("acc_title") != fc.acc_title.as_deref() || meta("acc_descr") != fc.acc_descr.as_deref()
    {
        return Some(format!(
            "accessibility: truth {:?}/{:?} ours {:?}/{:?}",
            meta("acc_title"),
            meta("acc_descr"),
            fc.acc_title,
            fc.acc_descr
        ));
    }
    let tdir = truth["direction"].as_str().unwrap_or("");
    if tdir != fc.direction.as_str() {
        return Some(format!("direction: truth {tdir} ours {:?}", fc.direction));
    }
    let empty = vec![];
    let tv = truth["vertices"].as_array().unwrap_or(&empty);
    let t_ids: Vec<&str> = tv.iter().filter_map(|v| v["id"].as_str()).collect();
    let o_ids: Vec<&str> = fc.nodes.iter().map(|n| n.id.as_str()).collect();
    if t_ids != o_ids {
        return Some(format!("vertex ids differ: truth {t_ids:?} ours {o_ids:?}"));
    }
    for (t, o) in tv.iter().zip(&fc.nodes) {
        let want = match t.get("shape").and_then(Value::as_str) {
            None => Some(Shape::Rect),
            Some(name) => classic_shape(name).or_else(|| Shape::from_name(name)),
        };
        // names Mermaid accepts without a drawing of their own become Rect
        let want = want.unwrap_or(Shape::Rect);
        if want != o.shape {
            return Some(format!(
                "vertex {} shape: truth {:?} ours {:?}",
                o.id,
                t.get("shape"),
                o.shape
            ));
        }
        let tl = t["label"].as_str().unwrap_or("");
        let tl = norm(&Label::from_mermaid_text(tl, kind_of(&t["label_type"])).plain_text());
        let ol = norm(&o.label.plain_text());
        if tl != ol {
            return Some(format!("vertex {} label: truth {tl:?} ours {ol:?}", o.id));
        }
        let strs = |k: &str| -> Vec<String> {
            t.get(k)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        if strs("classes") != o.classes {
            return Some(format!(
                "vertex {} classes: truth {:?} ours {:?}",
                o.id,
                strs("classes"),
                o.classes
            ));
        }
        if strs("styles") != o.styles {
            return Some(format!(
                "vertex {} styles: truth {:?} ours {:?}",
                o.id,
                strs("styles"),
                o.styles
            ));
        }
        // URL normalisation (a trailing '/') is cosmetic; unsafe schemes
        // (`javascript:`) become `about:blank` in Mermaid and no link here.
        let tlink = t
            .get("link")
            .and_then(Value::as_str)
            .filter(|l| *l != "about:blank");
        if tlink.map(|l| l.trim_end_matches('/'))
            != o.link.as_deref().map(|l| l.trim_end_matches('/'))
        {
            return Some(format!(
                "vertex {} link: truth {:?} ours {:?}",
                o.id,
                t.get("link"),
                o.link
            ));
        }
    }
    let te = truth["edges"].as_array().unwrap_or(&empty);
    if te.len() != fc.edges.len() {
        return Some(format!(
            "edge count differs: truth {} ours {}",
            te.len(),
            fc.edges.len()
        ));
    }
    for (i, (t, o)) in te.iter().zip(&fc.edges).enumerate() {
        let tf = t["from"].as_str().unwrap_or("");
        let tt = t["to"].as_str().unwrap_or("");
        if tf != o.from || tt != o.to {
            return Some(format!(
                "edge {i} endpoints: truth {tf}->{tt} ours {}->{}",
                o.from, o.to
            ));
        }
        let ttype = t["type"].as_str().unwrap_or("");
        let ostype = o.kind.mermaid_type();
        let ttype = if ttype == "invisible" {
            "arrow_open"
        } else {
            ttype
        };
        if ttype != ostype {
            return Some(format!("edge {i} type: truth {ttype} ours {ostype}"));
        }
        let tstroke = t["stroke"].as_str().unwrap_or("");
        if tstroke != stroke_name(o.kind.stroke) {
            return Some(format!(
                "edge {i} stroke: truth {tstroke} ours {}",
                stroke_name(o.kind.stroke)
            ));
        }
        let tlen = t["length"].as_u64().unwrap_or(0) as u32;
        if tlen != o.length {
            return Some(format!("edge {i} length: truth {tlen} ours {}", o.length));
        }
        if t.get("user_id").and_then(Value::as_bool).unwrap_or(false)
            && o.id.as_deref() != t["id"].as_str()
        {
            return Some(format!("edge {i} id: truth {:?} ours {:?}", t["id"], o.id));
        }
        let tl = t["label"].as_str().unwrap_or("");
        let tl = norm(&Label::from_mermaid_text(tl, kind_of(&t["label_type"])).plain_text());
        let ol = norm(&o.label.as_ref().map(Label::plain_text).unwrap_or_default());
        if tl != ol {
            return Some(format!("edge {i} label: truth {tl:?} ours {ol:?}"));
        }
    }
    let ts = truth["subgraphs"].as_array().unwrap_or(&empty);
    if ts.len() != fc.subgraphs.len() {
        return Some(format!(
            "subgraph count differs: truth {} ours {}",
            ts.len(),
            fc.subgraphs.len()
        ));
    }
    for (t, o) in ts.iter().zip(&fc.subgraphs) {
        let tid = t["id"].as_str().unwrap_or("");
        if tid != o.id {
            return Some(format!("subgraph id: truth {tid} ours {}", o.id));
        }
        let tt = t["title"].as_str().unwrap_or("");
        let tt = norm(&Label::from_mermaid_text(tt, kind_of(&t["label_type"])).plain_text());
        if tt != norm(&o.title.plain_text()) {
            return Some(format!(
                "subgraph {tid} title: truth {tt:?} ours {:?}",
                o.title.plain_text()
            ));
        }
        // Mermaid keeps `direction TD` as "TD"; it means TB.
        let tdir = t
            .get("dir")
            .and_then(Value::as_str)
            .map(|d| if d == "TD" { "TB" } else { d });
        if tdir != o.direction.map(|d| d.as_str()) {
            return Some(format!(
                "subgraph {tid} dir: truth {tdir:?} ours {:?}",
                o.direction
            ));
        }
        let tm: Vec<&str> = t["members"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let om: Vec<&str> = o.members.iter().map(String::as_str).collect();
        if tm != om {
            return Some(format!("subgraph {tid} members: truth {tm:?} ours {om:?}"));
        }
    }
    let tc = truth.get("class_defs").and_then(Value::as_object);
    let n_tc = tc.map(|m| m.len()).unwrap_or(0);
    if n_tc != fc.class_defs.len() {
        return Some(format!(
            "classDef count: truth {n_tc} ours {}",
            fc.class_defs.len()
        ));
    }
    for cd in &fc.class_defs {
        let want: Vec<&str> = tc
            .and_then(|m| m.get(&cd.name))
            .and_then(|c| c.get("styles"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if want != cd.styles {
            return Some(format!(
                "classDef {} styles: truth {want:?} ours {:?}",
                cd.name, cd.styles
            ));
        }
    }
    None
}

#[test]
fn mermaid_oracle() {
    let dir = corpus_dir();
    if !dir.join("corpus").is_dir() {
        let msg = format!(
            "SKIPPED: Mermaid oracle corpus not found at {}",
            dir.display()
        );
        if std::env::var("INKBIND_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("{msg} (INKBIND_REQUIRE_TOOLS=1)");
        }
        eprintln!(
            "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n{msg}\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
        );
        return;
    }
    let mut ids: Vec<String> = std::fs::read_dir(dir.join("corpus"))
        .expect("read corpus dir")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.strip_suffix(".mmd").map(str::to_string)
        })
        .collect();
    ids.sort();
    assert!(!ids.is_empty(), "corpus is empty");
    let mut disagree: BTreeMap<String, String> = BTreeMap::new();
    for id in &ids {
        let src = std::fs::read_to_string(dir.join("corpus").join(format!("{id}.mmd")))
            .expect("read corpus file");
        let truth: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("truth").join(format!("{id}.json")))
                .expect("read truth file"),
        )
        .expect("truth is JSON");
        let ours = parse(&src).map(|(fc, _)| fc).map_err(|e| e.to_string());
        if let Some(reason) = compare(&truth, &ours) {
            disagree.insert(id.clone(), reason);
        }
    }
    check_known(
        "mermaid_oracle_known.tsv",
        "mermaid oracle",
        &disagree,
        ids.len(),
        99.0,
    );
}

/// Tiny deterministic generator (xorshift) for the garbage inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn no_panic(input: &str, failures: &mut Vec<String>) {
    let owned = input.to_string();
    let r = std::panic::catch_unwind(move || {
        let _ = parse(&owned);
    });
    if r.is_err() {
        let mut shown: String = input.chars().take(200).collect();
        if shown.len() < input.len() {
            shown.push('…');
        }
        failures.push(shown);
    }
}

/// Truncated, mutated and random inputs derived from every corpus file must
/// give `Ok` or `Err`, never a panic.
#[test]
fn parser_never_panics() {
    let dir = corpus_dir();
    let mut sources = vec![
        "graph TD\n".to_string() + &"subgraph a\n".repeat(5000),
        "graph TD\n".to_string() + &"&".repeat(20000) + "@x",
        "graph TD\n".to_string() + &"A-->".repeat(3000),
        "graph TD\nA@{".to_string(),
        "graph TD\nA@{ shape: \"".to_string(),
        "%%{init: {".to_string(),
        "---\n".to_string(),
        "---\n---\n".to_string(),
        "graph TD\naccDescr {".to_string(),
        "graph TD\nclick A call f(".to_string(),
        "graph\u{FEFF} TD\nA\u{2028}B".to_string(),
        "flowchart TD\nA[\"`**`\"]".to_string(),
        "flowchart TD\nA[\"#;#9999999999;#x;ﬂ°¶ß\"]".to_string(),
    ];
    if dir.join("corpus").is_dir() {
        let mut names: Vec<_> = std::fs::read_dir(dir.join("corpus"))
            .expect("read corpus dir")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "mmd"))
            .collect();
        names.sort();
        for p in names {
            sources.push(std::fs::read_to_string(p).expect("read corpus file"));
        }
    } else {
        eprintln!(
            "SKIPPED (corpus part): Mermaid oracle corpus not found at {}",
            dir.display()
        );
    }
    let palette: Vec<char> = "[](){}|\"`<>-=.~ox&:;@#%\n \\/^v*,!?ABC1_東ß\u{FB02}°¶\r\t"
        .chars()
        .collect();
    let mut failures = Vec::new();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for src in &sources {
        let chars: Vec<char> = src.chars().collect();
        let step = (chars.len() / 12).max(1);
        let mut cut = 0;
        while cut <= chars.len() {
            no_panic(&chars[..cut].iter().collect::<String>(), &mut failures);
            cut += step;
        }
        for _ in 0..3 {
            let mut m = chars.clone();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(m.len() + 1);
                match rng.below(3) {
                    0 => {
                        for _ in 0..1 + rng.below(4) {
                            m.insert(at.min(m.len()), palette[rng.below(palette.len())]);
                        }
                    }
                    1 => {
                        let end = (at + 1 + rng.below(6)).min(m.len());
                        if at < end {
                            m.drain(at..end);
                        }
                    }
                    _ => {
                        let b = rng.below(m.len() + 1);
                        let (a, b) = (at.min(b), at.max(b));
                        m[a..b].reverse();
                    }
                }
            }
            no_panic(&m.iter().collect::<String>(), &mut failures);
        }
        // random text after the header
        let mut g = String::from("flowchart LR\n");
        for _ in 0..40 {
            g.push(palette[rng.below(palette.len())]);
        }
        no_panic(&g, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "parser panicked on {} inputs, e.g. {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
}
