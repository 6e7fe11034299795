//! Oracle test: our mindmap parser against Mermaid 12.3's own parse of every mindmap file
//! in `tests/data/mermaid-types` (schema in its README, "mindmap").
//!
//! For each file: parse/reject agreement (and the error line when Mermaid gives one); for
//! files both parse: the node tree, node by node (id, text, shape, icon, class, children
//! in order), and the node count and depth. Texts are compared as Mermaid stores them
//! (sanitised, markdown and `<br>` still in). Files that disagree must be listed in
//! `tests/mermaid_mindmap_known.tsv` (id, tab, reason); a listed file that now agrees
//! fails the test too. `MERMAID_ORACLE_WRITE_KNOWN=1` rewrites that file from the run.

mod common;

use std::collections::BTreeMap;

use common::mermaid_review::check_known;
use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::mindmap::model::Mindmap;
use inkbind::mermaid::mindmap::parse;
use serde_json::Value;

/// Compares the truth subtree `t` with our node `i`; `None` when they agree.
fn compare_node(t: &Value, mm: &Mindmap, i: usize) -> Option<String> {
    let n = &mm.nodes[i];
    let s = |k: &str| t[k].as_str();
    if s("id") != Some(&n.id) {
        return Some(format!("id: truth {:?} ours {:?}", t["id"], n.id));
    }
    if s("text") != Some(&n.text) {
        return Some(format!(
            "{} text: truth {:?} ours {:?}",
            n.id, t["text"], n.text
        ));
    }
    if s("shape") != Some(n.shape.as_str()) {
        return Some(format!(
            "{} shape: truth {:?} ours {:?}",
            n.id, t["shape"], n.shape
        ));
    }
    if s("icon") != n.icon.as_deref() {
        return Some(format!(
            "{} icon: truth {:?} ours {:?}",
            n.id, t["icon"], n.icon
        ));
    }
    if s("class") != n.class.as_deref() {
        return Some(format!(
            "{} class: truth {:?} ours {:?}",
            n.id, t["class"], n.class
        ));
    }
    let empty = vec![];
    let tc = t["children"].as_array().unwrap_or(&empty);
    if tc.len() != n.children.len() {
        return Some(format!(
            "{} children: truth {} ours {}",
            n.id,
            tc.len(),
            n.children.len()
        ));
    }
    tc.iter()
        .zip(&n.children)
        .find_map(|(tc, &c)| compare_node(tc, mm, c))
}

/// Returns `None` when our result agrees with the truth, else a short reason.
fn compare(truth: &Value, ours: &Result<Mindmap, (usize, String)>) -> Option<String> {
    let parses = truth["parses"].as_bool().unwrap_or(false);
    let mm = match (parses, ours) {
        (false, Err((line, _))) => {
            return match truth["error"]["line"].as_u64() {
                Some(tl) if tl as usize != *line => {
                    Some(format!("error line: truth {tl} ours {line}"))
                }
                _ => None,
            };
        }
        (false, Ok(_)) => return Some("accepted; Mermaid rejects".into()),
        (true, Err((_, e))) => return Some(format!("rejected; Mermaid parses: {e}")),
        (true, Ok(mm)) => mm,
    };
    match (&truth["root"], mm.root()) {
        (Value::Null, None) => {}
        (Value::Null, Some(_)) => return Some("truth has no root, we have one".into()),
        (_, None) => return Some("we have no root".into()),
        (t, Some(_)) => {
            if let Some(r) = compare_node(t, mm, 0) {
                return Some(r);
            }
        }
    }
    let counts = &truth["counts"];
    if counts["nodes"].as_u64() != Some(mm.nodes.len() as u64) {
        return Some(format!(
            "node count: truth {} ours {}",
            counts["nodes"],
            mm.nodes.len()
        ));
    }
    if counts["depth"].as_u64() != Some(mm.depth() as u64) {
        return Some(format!(
            "depth: truth {} ours {}",
            counts["depth"],
            mm.depth()
        ));
    }
    None
}

#[test]
fn mermaid_mindmap_oracle() {
    let cases = mermaid_cases("mindmap");
    assert!(
        cases.len() >= 127,
        "mindmap corpus has {} files",
        cases.len()
    );
    let mut disagree: BTreeMap<String, String> = BTreeMap::new();
    for case in &cases {
        let ours = parse(&case.source)
            .map(|(mm, _)| mm)
            .map_err(|e| (e.line, e.to_string()));
        if let Some(reason) = compare(&case.truth, &ours) {
            disagree.insert(case.id.clone(), reason);
        }
    }
    check_known(
        "mermaid_mindmap_known.tsv",
        "mermaid mindmap oracle",
        &disagree,
        cases.len(),
        99.0,
    );
}
