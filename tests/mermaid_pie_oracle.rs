//! Oracle test: our pie parser against Mermaid 12.3's own parse of every pie file in
//! `tests/data/mermaid-types` (schema in its README): accept ⇔ Mermaid accepts (with the
//! line when Mermaid gives one), and for accepted files `show_data`, `title`,
//! `acc_title`, `acc_descr` and the slices (label, value) in order. Disagreeing files must
//! be listed in `tests/mermaid_pie_known.tsv` (id, tab, reason); a listed file that
//! agrees fails the test too.

mod common;

use common::mermaid_draw::{run_oracle, titles_agree};
use inkbind::mermaid::pie::model::Pie;
use inkbind::mermaid::pie::parse;
use serde_json::Value;

/// `None` when our accepted model agrees with the truth, else why not.
fn compare(truth: &Value, pie: &Pie) -> Option<String> {
    if truth["show_data"].as_bool() != Some(pie.show_data) {
        return Some(format!("show_data: ours {}", pie.show_data));
    }
    if let Some(r) = titles_agree(truth, [&pie.title, &pie.acc_title, &pie.acc_descr]) {
        return Some(r);
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
    run_oracle(
        "pie",
        66,
        "mermaid_pie_known.tsv",
        |src| {
            parse(src)
                .map(|(p, _)| p)
                .map_err(|e| (e.line, e.to_string()))
        },
        compare,
    );
}
