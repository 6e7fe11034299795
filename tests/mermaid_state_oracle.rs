//! Oracle test: our state-diagram parser against Mermaid 12.3's own parse of every state
//! file in `tests/data/mermaid-types` (schema in its README, "state").
//!
//! For each file: parse/reject agreement (and the error line when Mermaid gives one);
//! for files both parse: title, accTitle/accDescr, direction, states (id, kind, label,
//! descriptions, parent, region, regions, dir, classes, styles) in order, transitions
//! (from, to, label) in order, notes (state, position, text), links and classDefs.
//! Texts are compared as the label text they draw (`<br>` as a line break, entities
//! decoded, lines trimmed). Files that disagree must be listed in
//! `tests/mermaid_state_known.tsv` (id, tab, reason); a listed file that now agrees fails
//! the test too. `MERMAID_ORACLE_WRITE_KNOWN=1` rewrites that file from the current run.

mod common;

use std::collections::BTreeMap;

use common::mermaid_review::check_known;
use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::model::{Label, LabelKind};
use inkbind::mermaid::state::model::StateDiagram;
use inkbind::mermaid::state::parse;
use serde_json::Value;

fn norm(s: &str) -> String {
    let l = Label::from_mermaid_text(s, LabelKind::Text).plain_text();
    l.split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn opt_norm(v: Option<&str>) -> Option<String> {
    v.map(norm).filter(|s| !s.is_empty())
}

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

/// Returns `None` when our result agrees with the truth, else a short reason.
fn compare(truth: &Value, ours: &Result<StateDiagram, (usize, String)>) -> Option<String> {
    let parses = truth["parses"].as_bool().unwrap_or(false);
    let sd = match (parses, ours) {
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
        (true, Ok(sd)) => sd,
    };
    let s = |k: &str| truth[k].as_str();
    if s("title") != sd.title.as_deref() {
        return Some(format!("title: truth {:?} ours {:?}", s("title"), sd.title));
    }
    if s("acc_title") != sd.acc_title.as_deref() || s("acc_descr") != sd.acc_descr.as_deref() {
        return Some(format!(
            "accessibility: truth {:?}/{:?} ours {:?}/{:?}",
            s("acc_title"),
            s("acc_descr"),
            sd.acc_title,
            sd.acc_descr
        ));
    }
    if s("direction") != Some(sd.direction.as_str()) {
        return Some(format!(
            "direction: truth {:?} ours {:?}",
            s("direction"),
            sd.direction
        ));
    }
    let empty = vec![];
    let ts = truth["states"].as_array().unwrap_or(&empty);
    let t_ids: Vec<&str> = ts.iter().filter_map(|v| v["id"].as_str()).collect();
    let o_ids: Vec<&str> = sd.states.iter().map(|n| n.id.as_str()).collect();
    if t_ids != o_ids {
        return Some(format!("state ids differ: truth {t_ids:?} ours {o_ids:?}"));
    }
    for (t, o) in ts.iter().zip(&sd.states) {
        let id = &o.id;
        let kind = o.kind.map(|k| k.as_str());
        if t["kind"].as_str() != kind {
            return Some(format!("{id} kind: truth {:?} ours {kind:?}", t["kind"]));
        }
        let tl = opt_norm(t["label"].as_str());
        let ol = opt_norm(o.label.as_deref());
        if tl != ol {
            return Some(format!("{id} label: truth {tl:?} ours {ol:?}"));
        }
        let td: Vec<String> = strs(t, "descriptions").iter().map(|d| norm(d)).collect();
        let od: Vec<String> = o.descriptions.iter().map(|d| norm(d)).collect();
        if td != od {
            return Some(format!("{id} descriptions: truth {td:?} ours {od:?}"));
        }
        if t["parent"].as_str() != o.parent.as_deref() {
            return Some(format!(
                "{id} parent: truth {:?} ours {:?}",
                t["parent"], o.parent
            ));
        }
        if t["region"].as_u64().map(|r| r as usize) != o.region {
            return Some(format!(
                "{id} region: truth {:?} ours {:?}",
                t["region"], o.region
            ));
        }
        if t["regions"].as_u64().unwrap_or(0) as usize != o.regions {
            return Some(format!(
                "{id} regions: truth {:?} ours {}",
                t["regions"], o.regions
            ));
        }
        if t["dir"].as_str() != o.dir.map(|d| d.as_str()) {
            return Some(format!("{id} dir: truth {:?} ours {:?}", t["dir"], o.dir));
        }
        if strs(t, "classes") != o.classes {
            return Some(format!(
                "{id} classes: truth {:?} ours {:?}",
                strs(t, "classes"),
                o.classes
            ));
        }
        if strs(t, "styles") != o.styles {
            return Some(format!(
                "{id} styles: truth {:?} ours {:?}",
                strs(t, "styles"),
                o.styles
            ));
        }
    }
    let tt = truth["transitions"].as_array().unwrap_or(&empty);
    if tt.len() != sd.transitions.len() {
        return Some(format!(
            "transition count: truth {} ours {}",
            tt.len(),
            sd.transitions.len()
        ));
    }
    for (i, (t, o)) in tt.iter().zip(&sd.transitions).enumerate() {
        if t["from"].as_str() != Some(&o.from) || t["to"].as_str() != Some(&o.to) {
            return Some(format!(
                "transition {i}: truth {}->{} ours {}->{}",
                t["from"], t["to"], o.from, o.to
            ));
        }
        let tl = opt_norm(t["label"].as_str());
        let ol = opt_norm(o.label.as_deref());
        if tl != ol {
            return Some(format!("transition {i} label: truth {tl:?} ours {ol:?}"));
        }
    }
    let tn = truth["notes"].as_array().unwrap_or(&empty);
    if tn.len() != sd.notes.len() {
        return Some(format!(
            "note count: truth {} ours {}",
            tn.len(),
            sd.notes.len()
        ));
    }
    for (i, (t, o)) in tn.iter().zip(&sd.notes).enumerate() {
        if t["state"].as_str() != Some(&o.state) || t["position"].as_str() != Some(&o.position) {
            return Some(format!(
                "note {i}: truth {} {} ours {} {}",
                t["position"], t["state"], o.position, o.state
            ));
        }
        let tx = norm(t["text"].as_str().unwrap_or(""));
        if tx != norm(&o.text) {
            return Some(format!("note {i} text: truth {tx:?} ours {:?}", o.text));
        }
    }
    let tlinks = truth["links"].as_array().unwrap_or(&empty);
    if tlinks.len() != sd.links.len() {
        return Some(format!(
            "link count: truth {} ours {}",
            tlinks.len(),
            sd.links.len()
        ));
    }
    let tc = truth["class_defs"].as_object();
    let n_tc = tc.map(|m| m.len()).unwrap_or(0);
    if n_tc != sd.class_defs.len() {
        return Some(format!(
            "classDef count: truth {n_tc} ours {}",
            sd.class_defs.len()
        ));
    }
    for cd in &sd.class_defs {
        let t = tc.and_then(|m| m.get(&cd.name));
        let Some(t) = t else {
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
fn mermaid_state_oracle() {
    let cases = mermaid_cases("state");
    assert!(cases.len() >= 270, "state corpus has {} files", cases.len());
    let mut disagree: BTreeMap<String, String> = BTreeMap::new();
    for case in &cases {
        let ours = parse(&case.source)
            .map(|(sd, _)| sd)
            .map_err(|e| (e.line, e.to_string()));
        if let Some(reason) = compare(&case.truth, &ours) {
            disagree.insert(case.id.clone(), reason);
        }
    }
    check_known(
        "mermaid_state_known.tsv",
        "mermaid state oracle",
        &disagree,
        cases.len(),
        99.0,
    );
}
