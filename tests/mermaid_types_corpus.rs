//! Checks the data of the Mermaid oracle for sequence, class, state, ER, pie, gantt, journey and
//! mindmap diagrams (`tests/data/mermaid-types/`, see its README): every corpus file has a truth
//! file and a manifest line, truth files have the documented keys, and the README's counts are
//! the data's. The comparisons with our own parsers load the same cases through
//! `common::mermaid_types::mermaid_cases`.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::mermaid_types::*;
use serde_json::Value;

/// Model keys of a truth file whose source Mermaid parsed (README, "Schema").
fn model_keys(diagram_type: &str) -> &'static [&'static str] {
    match diagram_type {
        "sequence" => &["participants", "boxes", "statements", "counts"],
        "class" => &[
            "classes",
            "relations",
            "notes",
            "namespaces",
            "interfaces",
            "class_defs",
            "counts",
        ],
        "state" => &[
            "states",
            "transitions",
            "notes",
            "links",
            "class_defs",
            "counts",
        ],
        "er" => &[
            "entities",
            "relationships",
            "subgraphs",
            "class_defs",
            "counts",
        ],
        "pie" => &["show_data", "slices", "counts"],
        "gantt" => &[
            "date_format",
            "axis_format",
            "tick_interval",
            "today_marker",
            "display_mode",
            "weekday",
            "inclusive_end_dates",
            "top_axis",
            "includes",
            "excludes",
            "sections",
            "tasks",
            "counts",
        ],
        "journey" => &["sections", "tasks", "actors", "counts"],
        "mindmap" => &["root", "counts"],
        other => panic!("unknown diagram type {other}"),
    }
}

/// Mermaid's diagram id for each folder.
fn mermaid_diagram_type(diagram_type: &str) -> &'static str {
    match diagram_type {
        "class" => "classDiagram",
        "state" => "stateDiagram",
        "sequence" => "sequence",
        "er" => "er",
        "pie" => "pie",
        "gantt" => "gantt",
        "journey" => "journey",
        "mindmap" => "mindmap",
        other => panic!("unknown diagram type {other}"),
    }
}

/// Problems with one truth file, as messages naming it.
fn truth_problems(case: &MermaidCase) -> Vec<String> {
    let t = &case.truth;
    let name = case.name();
    let mut out = Vec::new();
    for k in TRUTH_COMMON_KEYS {
        if t.get(k).is_none() {
            out.push(format!("{name}: no `{k}`"));
        }
    }
    if t["id"] != case.id.as_str() || t["type"] != case.diagram_type {
        out.push(format!("{name}: id/type say {}/{}", t["id"], t["type"]));
    }
    if t["mermaid_version"] != "12.3.0" {
        out.push(format!("{name}: mermaid_version {}", t["mermaid_version"]));
    }
    if !t["config"].is_object() {
        out.push(format!("{name}: config is not an object"));
    }
    if case.parses() {
        if !t["error"].is_null() {
            out.push(format!("{name}: parses but has an error"));
        }
        if t["diagram_type"] != mermaid_diagram_type(case.diagram_type) {
            out.push(format!("{name}: diagram_type {}", t["diagram_type"]));
        }
        if t.get("model_error").is_none() {
            for k in model_keys(case.diagram_type) {
                if t.get(*k).is_none() {
                    out.push(format!("{name}: parses but has no `{k}`"));
                }
            }
        }
    } else {
        let e = &t["error"];
        let pos_ok = |k: &str| e[k].is_null() || e[k].as_u64().is_some_and(|n| n >= 1);
        if !e["message"].is_string()
            || !e["kind"].is_string()
            || !pos_ok("line")
            || !pos_ok("column")
        {
            out.push(format!(
                "{name}: error is not {{message, line, column, kind}}: {e}"
            ));
        }
        if let Some(line) = e["line"].as_u64() {
            let lines = case.source.split('\n').count() as u64;
            if line > lines {
                out.push(format!(
                    "{name}: error line {line} past the source's {lines} lines"
                ));
            }
        }
        for k in model_keys(case.diagram_type) {
            if t.get(*k).is_some() {
                out.push(format!("{name}: rejected but has `{k}`"));
            }
        }
    }
    out
}

#[test]
fn every_corpus_file_has_truth_and_a_manifest_line() {
    let manifest = mermaid_manifest();
    let mut listed = BTreeSet::new();
    for m in &manifest {
        let key = format!(
            "{}/{}",
            m["type"].as_str().unwrap(),
            m["id"].as_str().unwrap()
        );
        assert!(listed.insert(key.clone()), "manifest lists {key} twice");
        for k in ["source_path", "origin", "licence", "via", "header"] {
            assert!(m.get(k).is_some(), "manifest {key}: no `{k}`");
        }
        let handwritten = m["origin"] == "handwritten";
        assert_eq!(
            m["repo"].is_null(),
            handwritten,
            "manifest {key}: repo must be null exactly for handwritten files"
        );
        assert_eq!(
            m["commit"].as_str().is_some_and(|c| c.len() == 40),
            !handwritten,
            "manifest {key}: commit must be a full hash unless handwritten"
        );
    }
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for t in MERMAID_TYPES {
        let cases = mermaid_cases(t);
        assert!(cases.len() >= 30, "{t}: only {} files", cases.len());
        for c in &cases {
            seen.insert(c.name());
            if !listed.contains(&c.name()) {
                problems.push(format!("{}: not in manifest.jsonl", c.name()));
            }
            problems.extend(truth_problems(c));
        }
        // no stray truth file without its source
        let dir = mermaid_types_dir().join("truth").join(t);
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            if !cases.iter().any(|c| c.id == id) {
                problems.push(format!("{}: truth without a corpus file", p.display()));
            }
        }
    }
    for key in listed.difference(&seen) {
        problems.push(format!("manifest lists {key}, which has no corpus file"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// (files, parse, rejected) per type as the truth files have them.
fn counts() -> BTreeMap<&'static str, (usize, usize, usize)> {
    MERMAID_TYPES
        .iter()
        .map(|&t| {
            let cases = mermaid_cases(t);
            let ok = cases.iter().filter(|c| c.parses()).count();
            (t, (cases.len(), ok, cases.len() - ok))
        })
        .collect()
}

#[test]
fn readme_counts_are_the_data() {
    let readme = std::fs::read_to_string(mermaid_types_dir().join("README.md")).unwrap();
    for (t, (files, ok, rejected)) in counts() {
        let row = format!("| {t} | {files} | {ok} | {rejected} |");
        assert!(
            readme.lines().any(|l| l.starts_with(&row)),
            "README.md has no counts row starting `{row}`"
        );
    }
}

/// Statements of a sequence truth, with the statements inside blocks.
fn sequence_statements(list: &Value, out: &mut Vec<Value>) {
    for st in list.as_array().into_iter().flatten() {
        out.push(st.clone());
        for sec in st["sections"].as_array().into_iter().flatten() {
            sequence_statements(&sec["statements"], out);
        }
    }
}

/// Nodes of a mindmap tree.
fn mindmap_nodes(node: &Value) -> usize {
    if node.is_null() {
        return 0;
    }
    1 + node["children"]
        .as_array()
        .into_iter()
        .flatten()
        .map(mindmap_nodes)
        .sum::<usize>()
}

#[test]
fn truth_counts_agree_with_the_models() {
    // `counts` is a summary; recount it from the lists and trees it summarises
    let mut problems = Vec::new();
    for t in MERMAID_TYPES {
        for c in mermaid_cases(t).iter().filter(|c| c.parses()) {
            let Some(counts) = c.truth["counts"].as_object() else {
                continue; // model_error: no model
            };
            let mut stmts = Vec::new();
            sequence_statements(&c.truth["statements"], &mut stmts);
            let of_kind = |k: &str| stmts.iter().filter(|s| s["kind"] == k).count();
            for (k, n) in counts {
                let actual = match (t, k.as_str()) {
                    ("sequence", "messages") => Some(of_kind("message")),
                    ("sequence", "notes") => Some(of_kind("note")),
                    ("sequence", "blocks") => Some(of_kind("block")),
                    ("mindmap", "nodes") => Some(mindmap_nodes(&c.truth["root"])),
                    ("mindmap", "depth") => None,
                    _ => c.truth[k.as_str()].as_array().map(Vec::len),
                };
                if let Some(a) = actual
                    && Some(a as u64) != n.as_u64()
                {
                    problems.push(format!(
                        "{}: counts.{k} is {n}, the model has {a}",
                        c.name()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn sources_cover_the_asked_features() {
    // CJK text, <br>, %% comments, directives, front matter and accessibility fields occur in
    // every type that supports them, and every type has sources Mermaid rejects.
    let has = |s: &str, f: &str| match f {
        "cjk" => s
            .chars()
            .any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF)),
        "comment" => s.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("%%") && !l.starts_with("%%{")
        }),
        "directive" => s.contains("%%{"),
        "frontmatter" => s.trim_start().starts_with("---"),
        "acc" => s.contains("accTitle") || s.contains("accDescr"),
        _ => unreachable!(),
    };
    let mut problems = Vec::new();
    for t in MERMAID_TYPES {
        let cases = mermaid_cases(t);
        let mut feats = vec!["cjk", "comment", "directive", "frontmatter"];
        if t != "mindmap" {
            feats.push("acc"); // Mermaid's mindmap has no accTitle/accDescr
        }
        for f in feats {
            if !cases.iter().any(|c| has(&c.source, f)) {
                problems.push(format!("{t}: no source with {f}"));
            }
        }
        if !cases.iter().any(|c| !c.parses()) {
            problems.push(format!("{t}: no source Mermaid rejects"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
