//! Oracle test: the sequence parser against Mermaid 12.3's own parse of every sequence file
//! in `tests/data/mermaid-types` (schema in its README.md).
//!
//! Compared for each file: accept/reject (and the error line when Mermaid gives one); for
//! accepted files title, accTitle/accDescr, participants (id, label, kind, box, created,
//! destroyed, wrap, link and property keys), boxes, every statement in order with its fields
//! (nested blocks included) and the counts. Disagreeing files must be listed in
//! `tests/mermaid_sequence_known.tsv` (id, tab, reason); a listed file that agrees fails too.
//! `MERMAID_ORACLE_WRITE_KNOWN=1` rewrites that list from the current run.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::sequence::model::{Sequence, Statement};
use inkbind::mermaid::sequence::parse;
use serde_json::{Map, Value, json};

/// Our model in the truth's shape (fields absent when unset, as the oracle writes them).
fn to_truth(s: &Sequence) -> Value {
    let participants: Vec<Value> = s
        .participants
        .iter()
        .map(|p| {
            let mut o = Map::new();
            o.insert("id".into(), json!(p.id));
            if !p.label.is_empty() {
                o.insert("label".into(), json!(p.label));
            }
            o.insert("kind".into(), json!(p.kind.name()));
            if let Some(b) = p.box_index {
                o.insert("box".into(), json!(b));
            }
            if p.created {
                o.insert("created".into(), json!(true));
            }
            if p.destroyed {
                o.insert("destroyed".into(), json!(true));
            }
            if p.wrap {
                o.insert("wrap".into(), json!(true));
            }
            if !p.links.is_empty() {
                let mut keys: Vec<&str> = p.links.iter().map(|(k, _)| k.as_str()).collect();
                keys.sort_unstable();
                o.insert("links".into(), json!(keys));
            }
            if !p.properties.is_empty() {
                let mut keys: Vec<&str> = p.properties.iter().map(|(k, _)| k.as_str()).collect();
                keys.sort_unstable();
                o.insert("properties".into(), json!(keys));
            }
            Value::Object(o)
        })
        .collect();
    let boxes: Vec<Value> = s
        .boxes
        .iter()
        .map(|b| {
            let mut o = Map::new();
            if let Some(l) = &b.label {
                o.insert("label".into(), json!(l));
            }
            o.insert("color".into(), json!(b.color));
            if !b.participants.is_empty() {
                o.insert("participants".into(), json!(b.participants));
            }
            if b.wrap {
                o.insert("wrap".into(), json!(true));
            }
            Value::Object(o)
        })
        .collect();
    let mut counts = [0usize; 3];
    let statements = statements(&s.statements, &mut counts);
    json!({
        "title": s.title,
        "acc_title": s.acc_title,
        "acc_descr": s.acc_descr,
        "participants": participants,
        "boxes": boxes,
        "statements": statements,
        "counts": {
            "participants": s.participants.len(),
            "messages": counts[0],
            "notes": counts[1],
            "blocks": counts[2],
        },
    })
}

fn statements(list: &[Statement], counts: &mut [usize; 3]) -> Vec<Value> {
    list.iter()
        .map(|st| {
            let mut o = Map::new();
            match st {
                Statement::Message(m) => {
                    counts[0] += 1;
                    o.insert("kind".into(), json!("message"));
                    o.insert("from".into(), json!(m.from));
                    o.insert("to".into(), json!(m.to));
                    o.insert("arrow".into(), json!(m.arrow.name()));
                    if !m.text.is_empty() {
                        o.insert("text".into(), json!(m.text));
                    }
                    if m.activate {
                        o.insert("activate".into(), json!(true));
                    }
                    if let Some(c) = m.central {
                        o.insert("central".into(), json!(c.name()));
                    }
                    if m.wrap {
                        o.insert("wrap".into(), json!(true));
                    }
                    if let Some(c) = &m.creates {
                        o.insert("creates".into(), json!(c));
                    }
                    if let Some(c) = &m.destroys {
                        o.insert("destroys".into(), json!(c));
                    }
                }
                Statement::Note(n) => {
                    counts[1] += 1;
                    o.insert("kind".into(), json!("note"));
                    let pl = match n.placement {
                        inkbind::mermaid::sequence::model::Placement::LeftOf => "left_of",
                        inkbind::mermaid::sequence::model::Placement::RightOf => "right_of",
                        inkbind::mermaid::sequence::model::Placement::Over => "over",
                    };
                    o.insert("placement".into(), json!(pl));
                    o.insert("actors".into(), json!(n.actors));
                    if !n.text.is_empty() {
                        o.insert("text".into(), json!(n.text));
                    }
                    if n.wrap {
                        o.insert("wrap".into(), json!(true));
                    }
                }
                Statement::Activate(a) => {
                    o.insert("kind".into(), json!("activate"));
                    o.insert("actor".into(), json!(a));
                }
                Statement::Deactivate(a) => {
                    o.insert("kind".into(), json!("deactivate"));
                    o.insert("actor".into(), json!(a));
                }
                Statement::CentralConnection { actor, end } => {
                    o.insert("kind".into(), json!("central_connection"));
                    o.insert("actor".into(), json!(actor));
                    o.insert("end".into(), json!(end.name()));
                }
                Statement::Autonumber {
                    start,
                    step,
                    visible,
                } => {
                    o.insert("kind".into(), json!("autonumber"));
                    if let Some(s) = start {
                        o.insert("start".into(), json!(s));
                    }
                    if let Some(s) = step {
                        o.insert("step".into(), json!(s));
                    }
                    if *visible {
                        o.insert("visible".into(), json!(true));
                    } else {
                        o.insert("off".into(), json!(true));
                    }
                }
                Statement::Block { kind, sections } => {
                    counts[2] += 1;
                    o.insert("kind".into(), json!("block"));
                    o.insert("block".into(), json!(kind.name()));
                    let secs: Vec<Value> = sections
                        .iter()
                        .map(|s| {
                            json!({"label": s.label, "statements": statements(&s.statements, counts)})
                        })
                        .collect();
                    o.insert("sections".into(), json!(secs));
                }
            }
            Value::Object(o)
        })
        .collect()
}

/// Numbers compare as numbers (`10` and `10.0`); links and properties by their keys.
fn normalise(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64().unwrap_or(0.0)),
        Value::Array(a) => Value::Array(a.iter().map(normalise).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("links" | "properties", Value::Object(m)) => {
                            json!(m.keys().cloned().collect::<Vec<_>>())
                        }
                        _ => normalise(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// First difference between two JSON values, as a path and both sides.
fn diff(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                if let Some(d) = diff(&format!("{path}.{k}"), va, vb) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                if let Some(d) = diff(&format!("{path}[{i}]"), va, vb) {
                    return Some(d);
                }
            }
            (x.len() != y.len())
                .then(|| format!("{path}: length truth {} ours {}", x.len(), y.len()))
        }
        _ => (a != b).then(|| {
            let mut s = format!("{path}: truth {a} ours {b}");
            s.truncate(200);
            s
        }),
    }
}

fn compare(
    truth: &Value,
    ours: &Result<Sequence, inkbind::mermaid::model::ParseError>,
) -> Option<String> {
    let parses = truth["parses"].as_bool().unwrap_or(false);
    let seq = match (parses, ours) {
        (false, Err(e)) => {
            if let Some(line) = truth["error"]["line"].as_u64()
                && line as usize != e.line
            {
                return Some(format!("error line: truth {line} ours {} ({e})", e.line));
            }
            return None;
        }
        (false, Ok(_)) => return Some("accepted; Mermaid rejects".into()),
        (true, Err(e)) => return Some(format!("rejected; Mermaid parses: {e}")),
        (true, Ok(s)) => s,
    };
    let keys = [
        "title",
        "acc_title",
        "acc_descr",
        "participants",
        "boxes",
        "statements",
        "counts",
    ];
    let mut t = Map::new();
    for k in keys {
        t.insert(k.into(), truth[k].clone());
    }
    diff(
        "",
        &normalise(&Value::Object(t)),
        &normalise(&to_truth(seq)),
    )
}

fn load_known(path: &Path) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if let Ok(text) = std::fs::read_to_string(path) {
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (id, reason) = line.split_once('\t').unwrap_or((line, ""));
            m.insert(id.trim().to_string(), reason.trim().to_string());
        }
    }
    m
}

/// The agreement reached; the test fails if it drops below.
const MIN_AGREEMENT_PCT: f64 = 99.7;

#[test]
fn mermaid_sequence_oracle() {
    let cases = mermaid_cases("sequence");
    assert!(
        cases.len() >= 400,
        "sequence corpus has {} files",
        cases.len()
    );
    let mut disagree: BTreeMap<String, String> = BTreeMap::new();
    for c in &cases {
        let ours = parse(&c.source).map(|(s, _)| s);
        if let Some(reason) = compare(&c.truth, &ours) {
            disagree.insert(c.id.clone(), reason);
        }
    }
    let total = cases.len();
    let agree = total - disagree.len();
    let pct = 100.0 * agree as f64 / total as f64;
    println!("mermaid sequence oracle: {agree}/{total} files agree ({pct:.2}%)");
    let known_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mermaid_sequence_known.tsv");
    if std::env::var("MERMAID_ORACLE_WRITE_KNOWN").as_deref() == Ok("1") {
        let old = load_known(&known_path);
        let mut out = String::from(
            "# Sequence corpus files where our parse disagrees with Mermaid 12.3 (id<TAB>reason).\n",
        );
        for (id, reason) in &disagree {
            let r = old.get(id).cloned().unwrap_or_else(|| {
                let mut r: String = reason.replace(['\t', '\n'], " ");
                r.truncate(200);
                r
            });
            out.push_str(&format!("{id}\t{r}\n"));
        }
        std::fs::write(&known_path, out).expect("write known list");
    }
    let known = load_known(&known_path);
    let mut problems = Vec::new();
    for (id, reason) in &disagree {
        if !known.contains_key(id) {
            problems.push(format!("{id}: disagrees but is not listed: {reason}"));
        }
    }
    for id in known.keys() {
        if !disagree.contains_key(id) {
            problems.push(format!(
                "{id}: listed in mermaid_sequence_known.tsv but now agrees"
            ));
        }
    }
    for p in &problems {
        println!("{p}");
    }
    assert!(
        problems.is_empty(),
        "{} oracle problems (agreement {pct:.2}%)",
        problems.len()
    );
    assert!(
        pct >= MIN_AGREEMENT_PCT,
        "agreement {pct:.2}% is below {MIN_AGREEMENT_PCT}%"
    );
}
