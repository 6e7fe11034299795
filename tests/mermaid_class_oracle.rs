//! Oracle test: the class diagram parser against Mermaid 12.3's own parse of every class
//! file in `tests/data/mermaid-types` (schema in its README.md).
//!
//! Per file: parse/reject agreement; for rejections the line when Mermaid gives one; for
//! accepted files title, accessibility texts, direction, classes (members with their
//! display text), relations, interfaces, notes, namespaces and classDefs, each as the
//! truth's normalised JSON. Disagreeing files must be listed in
//! `tests/mermaid_class_known.tsv` (id, tab, reason); a listed file that now agrees fails
//! too. `MERMAID_ORACLE_WRITE_KNOWN=1` rewrites that file from the current run.

mod common;

use std::collections::BTreeMap;

use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::class::member::display_text;
use inkbind::mermaid::class::model::{ClassDiagram, Member, MemberKind};
use inkbind::mermaid::class::parse;
use serde_json::{Map, Value, json};

/// The lowest agreement (files agreeing / files) this parser reached.
const MIN_AGREEMENT: f64 = 1.0;

fn put(m: &mut Map<String, Value>, k: &str, v: Value) {
    let empty = match &v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    if !empty {
        m.insert(k.to_string(), v);
    }
}

fn member(m: &Member) -> Value {
    let mut o = Map::new();
    put(&mut o, "visibility", json!(m.visibility));
    put(&mut o, "name", json!(m.name));
    put(&mut o, "return_type", json!(m.return_type));
    put(&mut o, "classifier", json!(m.classifier));
    put(&mut o, "display", json!(display_text(m)));
    if m.kind == MemberKind::Method {
        o.insert("parameters".into(), json!(m.parameters));
    }
    Value::Object(o)
}

/// Our model in the truth's shape.
fn to_truth(d: &ClassDiagram) -> Value {
    let classes: Vec<Value> = d
        .classes
        .iter()
        .map(|c| {
            let mut o = Map::new();
            put(&mut o, "id", json!(c.id));
            put(&mut o, "label", json!(c.label));
            put(&mut o, "generic", json!(c.generic));
            put(&mut o, "annotations", json!(c.annotations));
            put(
                &mut o,
                "attributes",
                Value::Array(c.attributes.iter().map(member).collect()),
            );
            put(
                &mut o,
                "methods",
                Value::Array(c.methods.iter().map(member).collect()),
            );
            put(&mut o, "namespace", json!(c.namespace));
            put(&mut o, "css_classes", json!(c.css_classes));
            put(&mut o, "styles", json!(c.styles));
            put(&mut o, "link", json!(c.link));
            if c.link.is_some() {
                put(&mut o, "link_target", json!(c.link_target));
            }
            put(&mut o, "tooltip", json!(c.tooltip));
            put(&mut o, "callback", json!(c.callback));
            Value::Object(o)
        })
        .collect();
    let relations: Vec<Value> = d
        .relations
        .iter()
        .map(|r| {
            let mut o = Map::new();
            put(&mut o, "from", json!(r.from));
            put(&mut o, "to", json!(r.to));
            put(&mut o, "start", json!(r.start.name()));
            put(&mut o, "end", json!(r.end.name()));
            put(
                &mut o,
                "line",
                json!(if r.dotted { "dotted" } else { "solid" }),
            );
            put(&mut o, "label", json!(r.label));
            put(&mut o, "card_from", json!(r.card_from));
            put(&mut o, "card_to", json!(r.card_to));
            Value::Object(o)
        })
        .collect();
    let notes: Vec<Value> = d
        .notes
        .iter()
        .map(|n| {
            let mut o = Map::new();
            put(&mut o, "id", json!(n.id));
            put(&mut o, "class", json!(n.class));
            put(&mut o, "text", json!(n.text));
            put(&mut o, "namespace", json!(n.namespace));
            Value::Object(o)
        })
        .collect();
    let namespaces: Vec<Value> = d
        .namespaces
        .iter()
        .map(|n| {
            let mut o = Map::new();
            put(&mut o, "id", json!(n.id));
            if n.label != n.id {
                put(&mut o, "label", json!(n.label));
            }
            put(&mut o, "parent", json!(n.parent));
            put(&mut o, "explicit", json!(n.explicit));
            Value::Object(o)
        })
        .collect();
    let interfaces: Vec<Value> = d
        .interfaces
        .iter()
        .map(|i| json!({"id": i.id, "label": i.label, "class": i.class}))
        .collect();
    let mut defs = Map::new();
    for cd in &d.class_defs {
        let mut o = Map::new();
        put(&mut o, "styles", json!(cd.styles));
        put(&mut o, "text_styles", json!(cd.text_styles));
        defs.insert(cd.name.clone(), Value::Object(o));
    }
    json!({
        "title": d.title,
        "acc_title": d.acc_title,
        "acc_descr": d.acc_descr,
        "direction": d.direction.as_str(),
        "classes": classes,
        "relations": relations,
        "notes": notes,
        "namespaces": namespaces,
        "interfaces": interfaces,
        "class_defs": defs,
    })
}

/// `None` when we agree with the truth, else a short reason.
fn compare(truth: &Value, src: &str) -> Option<String> {
    let parses = truth["parses"].as_bool().unwrap_or(false);
    let ours = parse(src);
    match (parses, &ours) {
        (false, Ok(_)) => return Some("accepted; Mermaid rejects".into()),
        (true, Err(e)) => return Some(format!("rejected; Mermaid parses: {e}")),
        (false, Err(e)) => {
            let line = truth["error"]["line"].as_u64();
            return match line {
                Some(l) if l as usize != e.line => {
                    Some(format!("rejected at line {}, Mermaid at {l}", e.line))
                }
                _ => None,
            };
        }
        (true, Ok(_)) => {}
    }
    let (d, _) = ours.ok()?;
    let mine = to_truth(&d);
    for key in [
        "title",
        "acc_title",
        "acc_descr",
        "direction",
        "classes",
        "relations",
        "notes",
        "namespaces",
        "interfaces",
        "class_defs",
    ] {
        if mine[key] != truth[key] {
            let m = mine[key].to_string();
            let t = truth[key].to_string();
            let cut = |s: &str| s.chars().take(300).collect::<String>();
            return Some(format!("{key}: ours {} / Mermaid {}", cut(&m), cut(&t)));
        }
    }
    None
}

fn load_known(path: &std::path::Path) -> BTreeMap<String, String> {
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

#[test]
fn mermaid_class_oracle() {
    let cases = mermaid_cases("class");
    assert_eq!(cases.len(), 617, "class corpus size");
    let mut disagree: BTreeMap<String, String> = BTreeMap::new();
    for c in &cases {
        if let Some(r) = compare(&c.truth, &c.source) {
            disagree.insert(c.id.clone(), r);
        }
    }
    let total = cases.len();
    let agree = total - disagree.len();
    let rate = agree as f64 / total as f64;
    eprintln!(
        "class oracle: {agree}/{total} files agree ({:.2}%)",
        rate * 100.0
    );
    let known_path = common::root().join("tests/mermaid_class_known.tsv");
    if std::env::var("MERMAID_ORACLE_WRITE_KNOWN").as_deref() == Ok("1") {
        let mut s = String::from(
            "# Class corpus files where our parse disagrees with Mermaid 12.3 (id<TAB>reason).\n",
        );
        for (id, r) in &disagree {
            s.push_str(&format!("{id}\t{}\n", r.replace(['\t', '\n'], " ")));
        }
        std::fs::write(&known_path, s).expect("write known file");
    }
    let known = load_known(&known_path);
    let unknown: Vec<String> = disagree
        .iter()
        .filter(|(id, _)| !known.contains_key(*id))
        .map(|(id, r)| format!("{id}: {r}"))
        .collect();
    let fixed: Vec<&String> = known
        .keys()
        .filter(|k| !disagree.contains_key(*k))
        .collect();
    assert!(
        unknown.is_empty(),
        "{} files disagree and are not listed in tests/mermaid_class_known.tsv:\n{}",
        unknown.len(),
        unknown.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "listed in tests/mermaid_class_known.tsv but now agree: {fixed:?}"
    );
    assert!(
        rate >= MIN_AGREEMENT,
        "agreement {:.2}% is below {:.0}%",
        rate * 100.0,
        MIN_AGREEMENT * 100.0
    );
}
