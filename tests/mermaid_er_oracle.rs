//! Oracle test: our ER-diagram parser against Mermaid 12.3's own parse of every ER file in
//! `tests/data/mermaid-types` (schema in its README, "er").
//!
//! For each file: parse/reject agreement (and the error line when Mermaid gives one);
//! for files both parse: title, accTitle/accDescr, direction, entities (name, alias,
//! attributes with type, name, keys and comment, classes, styles) in order, relationships
//! (from, to, both cardinalities, identifying, label) in order, subgraphs and classDefs.
//! Texts are compared exactly (both sides keep Mermaid's database strings). Files that
//! disagree must be listed in `tests/mermaid_er_known.tsv` (id, tab, reason); a listed
//! file that now agrees fails the test too. `MERMAID_ORACLE_WRITE_KNOWN=1` rewrites that
//! file from the current run.

mod common;

use std::collections::BTreeMap;

use common::mermaid_review::check_known;
use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::er::model::ErDiagram;
use inkbind::mermaid::er::parse;
use serde_json::{Value, json};

fn strs(v: &Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Our entities in the truth's shape (fields absent when unset).
fn entities_json(er: &ErDiagram) -> Vec<Value> {
    er.entities
        .iter()
        .map(|e| {
            let mut m = serde_json::Map::new();
            m.insert("name".into(), json!(e.name));
            if !e.alias.is_empty() {
                m.insert("alias".into(), json!(e.alias));
            }
            if !e.attributes.is_empty() {
                let attrs: Vec<Value> = e
                    .attributes
                    .iter()
                    .map(|a| {
                        let mut am = serde_json::Map::new();
                        am.insert("type".into(), json!(a.ty));
                        am.insert("name".into(), json!(a.name));
                        if !a.keys.is_empty() {
                            let k: Vec<&str> = a.keys.iter().map(|k| k.as_str()).collect();
                            am.insert("keys".into(), json!(k));
                        }
                        if !a.comment.is_empty() {
                            am.insert("comment".into(), json!(a.comment));
                        }
                        Value::Object(am)
                    })
                    .collect();
                m.insert("attributes".into(), Value::Array(attrs));
            }
            if !e.classes.is_empty() {
                m.insert("css_classes".into(), json!(e.classes));
            }
            if !e.styles.is_empty() {
                m.insert("styles".into(), json!(e.styles));
            }
            Value::Object(m)
        })
        .collect()
}

fn relationships_json(er: &ErDiagram) -> Vec<Value> {
    er.relationships
        .iter()
        .map(|r| {
            let mut m = serde_json::Map::new();
            m.insert("from".into(), json!(r.from));
            m.insert("to".into(), json!(r.to));
            m.insert("card_from".into(), json!(r.card_from.as_str()));
            m.insert("card_to".into(), json!(r.card_to.as_str()));
            if !r.label.is_empty() {
                m.insert("label".into(), json!(r.label));
            }
            m.insert("identifying".into(), json!(r.identifying));
            Value::Object(m)
        })
        .collect()
}

/// Returns `None` when our result agrees with the truth, else a short reason.
fn compare(truth: &Value, ours: &Result<ErDiagram, (usize, String)>) -> Option<String> {
    let parses = truth["parses"].as_bool().unwrap_or(false);
    let er = match (parses, ours) {
        (false, Err((line, _))) => {
            let tl = truth["error"]["line"].as_u64();
            return match tl {
                Some(tl) if tl as usize != *line => {
                    Some(format!("error line: truth {tl} ours {line}"))
                }
                _ => None,
            };
        }
        (false, Ok(_)) => return Some("accepted; Mermaid rejects".into()),
        (true, Err((_, e))) => return Some(format!("rejected; Mermaid parses: {e}")),
        (true, Ok(er)) => er,
    };
    let s = |k: &str| truth[k].as_str();
    if s("title") != er.title.as_deref() {
        return Some(format!("title: truth {:?} ours {:?}", s("title"), er.title));
    }
    if s("acc_title") != er.acc_title.as_deref() || s("acc_descr") != er.acc_descr.as_deref() {
        return Some(format!(
            "accessibility: truth {:?}/{:?} ours {:?}/{:?}",
            s("acc_title"),
            s("acc_descr"),
            er.acc_title,
            er.acc_descr
        ));
    }
    if s("direction") != Some(er.direction.as_str()) {
        return Some(format!(
            "direction: truth {:?} ours {:?}",
            s("direction"),
            er.direction
        ));
    }
    let empty = vec![];
    let te = truth["entities"].as_array().unwrap_or(&empty);
    let oe = entities_json(er);
    if te.len() != oe.len() {
        let tn: Vec<&str> = te.iter().filter_map(|v| v["name"].as_str()).collect();
        let on: Vec<&str> = er.entities.iter().map(|e| e.name.as_str()).collect();
        return Some(format!("entities: truth {tn:?} ours {on:?}"));
    }
    for (t, o) in te.iter().zip(&oe) {
        if t != o {
            return Some(format!("entity: truth {t} ours {o}"));
        }
    }
    let tr = truth["relationships"].as_array().unwrap_or(&empty);
    let or = relationships_json(er);
    if tr.len() != or.len() {
        return Some(format!(
            "relationship count: truth {} ours {}",
            tr.len(),
            or.len()
        ));
    }
    for (i, (t, o)) in tr.iter().zip(&or).enumerate() {
        if t != o {
            return Some(format!("relationship {i}: truth {t} ours {o}"));
        }
    }
    let ts = truth["subgraphs"].as_array().unwrap_or(&empty);
    if ts.len() != er.subgraphs.len() {
        return Some(format!(
            "subgraph count: truth {} ours {}",
            ts.len(),
            er.subgraphs.len()
        ));
    }
    for (t, o) in ts.iter().zip(&er.subgraphs) {
        if t["id"].as_str() != Some(&o.id) || strs(t, "members") != o.members {
            return Some(format!("subgraph: truth {t} ours {o:?}"));
        }
    }
    let tc = truth["class_defs"].as_object();
    let n_tc = tc.map(|m| m.len()).unwrap_or(0);
    if n_tc != er.class_defs.len() {
        return Some(format!(
            "classDef count: truth {n_tc} ours {}",
            er.class_defs.len()
        ));
    }
    for cd in &er.class_defs {
        let Some(t) = tc.and_then(|m| m.get(&cd.name)) else {
            return Some(format!("classDef {} missing in truth", cd.name));
        };
        if strs(t, "styles") != cd.styles || strs(t, "text_styles") != cd.text_styles {
            return Some(format!(
                "classDef {}: truth {:?}/{:?} ours {:?}/{:?}",
                cd.name,
                strs(t, "styles"),
                strs(t, "text_styles"),
                cd.styles,
                cd.text_styles
            ));
        }
    }
    None
}

#[test]
fn mermaid_er_oracle() {
    let cases = mermaid_cases("er");
    assert!(cases.len() >= 640, "ER corpus has {} files", cases.len());
    let mut disagree: BTreeMap<String, String> = BTreeMap::new();
    for case in &cases {
        let ours = parse(&case.source)
            .map(|(er, _)| er)
            .map_err(|e| (e.line, e.to_string()));
        if let Some(reason) = compare(&case.truth, &ours) {
            disagree.insert(case.id.clone(), reason);
        }
    }
    check_known(
        "mermaid_er_known.tsv",
        "mermaid ER oracle",
        &disagree,
        cases.len(),
        99.0,
    );
}
