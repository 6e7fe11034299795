//! Oracle test: our pie parser against Mermaid 12.3's own parse of every pie file in
//! `tests/data/mermaid-types` (schema in its README): accept ⇔ Mermaid accepts (with the
//! line when Mermaid gives one), and for accepted files `show_data`, `title`,
//! `acc_title`, `acc_descr` and the slices (label, value) in order. Disagreeing files must
//! be listed in `tests/mermaid_pie_known.tsv` (id, tab, reason); a listed file that
//! agrees fails the test too.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::mermaid_draw::load_known;
use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::pie::model::Pie;
use inkbind::mermaid::pie::parse;
use serde_json::Value;

fn opt_eq(truth: &Value, ours: &Option<String>) -> bool {
    truth.as_str() == ours.as_deref()
}

/// `None` when ours agrees with the truth, else why not.
fn compare(truth: &Value, ours: &Result<Pie, (usize, String)>) -> Option<String> {
    let parses = truth["parses"].as_bool().unwrap_or(false);
    let pie = match (parses, ours) {
        (false, Err((line, _))) => {
            let want = truth["error"]["line"].as_u64();
            return match want {
                Some(w) if w as usize != *line => {
                    Some(format!("rejected at line {line}, Mermaid at line {w}"))
                }
                _ => None,
            };
        }
        (false, Ok(_)) => return Some("accepted; Mermaid rejects".into()),
        (true, Err((_, e))) => return Some(format!("rejected; Mermaid parses: {e}")),
        (true, Ok(p)) => p,
    };
    if truth["show_data"].as_bool() != Some(pie.show_data) {
        return Some(format!("show_data: ours {}", pie.show_data));
    }
    for (key, ours) in [
        ("title", &pie.title),
        ("acc_title", &pie.acc_title),
        ("acc_descr", &pie.acc_descr),
    ] {
        if !opt_eq(&truth[key], ours) {
            return Some(format!("{key}: truth {} ours {ours:?}", truth[key]));
        }
    }
    let empty = Vec::new();
    let ts = truth["slices"].as_array().unwrap_or(&empty);
    if ts.len() != pie.slices.len() {
        return Some(format!(
            "slice count: truth {} ours {}",
            ts.len(),
            pie.slices.len()
        ));
    }
    for (i, (t, o)) in ts.iter().zip(&pie.slices).enumerate() {
        let tv = t["value"].as_f64().unwrap_or(f64::NAN);
        if t["label"].as_str() != Some(o.label.as_str()) || tv != o.value {
            return Some(format!(
                "slice {i}: truth {} {tv}, ours {:?} {}",
                t["label"], o.label, o.value
            ));
        }
    }
    None
}

#[test]
fn mermaid_pie_oracle() {
    let cases = mermaid_cases("pie");
    assert_eq!(cases.len(), 66, "the pie corpus has 66 files");
    let mut disagree = BTreeMap::new();
    for c in &cases {
        let ours = parse(&c.source)
            .map(|(p, _)| p)
            .map_err(|e| (e.line, e.to_string()));
        if let Some(r) = compare(&c.truth, &ours) {
            disagree.insert(c.id.clone(), r);
        }
    }
    let total = cases.len();
    let agree = total - disagree.len();
    let pct = 100.0 * agree as f64 / total as f64;
    println!("mermaid pie oracle: {agree}/{total} files agree ({pct:.2}%)");
    let known =
        load_known(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mermaid_pie_known.tsv"));
    let mut problems = Vec::new();
    for (id, r) in &disagree {
        if !known.contains_key(id) {
            problems.push(format!("{id}: disagrees but is not listed: {r}"));
        }
    }
    for id in known.keys() {
        if !disagree.contains_key(id) {
            problems.push(format!("{id}: listed in mermaid_pie_known.tsv but agrees"));
        }
    }
    for p in &problems {
        println!("{p}");
    }
    assert!(
        problems.is_empty(),
        "{} problems ({pct:.2}%)",
        problems.len()
    );
    assert!(pct >= 99.0, "agreement {pct:.2}% is below 99%");
}
