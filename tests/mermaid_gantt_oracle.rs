//! Oracle test: our gantt parser against Mermaid 12.3's own parse of every gantt file in
//! `tests/data/mermaid-types` (schema in its README, "gantt"), with "today" fixed at
//! 2026-01-05T00:00:00Z as the oracle fixes it.
//!
//! For each file: accept/reject agreement (a `model_error`, Mermaid's unreadable date,
//! counts as a rejection; the error line must agree when the truth has one); for files both
//! accept: title, accessibility texts, dateFormat, axisFormat, tickInterval, todayMarker,
//! weekday, inclusiveEndDates, topAxis, includes, excludes, sections, and every task's id,
//! name, section, start and end instants, render end, specs, after/until ids, tags, classes
//! and link. Disagreeing files must be listed in `tests/mermaid_gantt_known.tsv`.

mod common;

use std::collections::BTreeMap;

use common::mermaid_review::check_known;
use common::mermaid_types::mermaid_cases;
use inkbind::mermaid::gantt::date::iso_string;
use inkbind::mermaid::gantt::model::GanttChart;
use inkbind::mermaid::gantt::parse;
use serde_json::Value;

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

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.trim().to_string())
}

/// `None` when our result agrees with the truth, else a short reason.
fn compare(truth: &Value, ours: &Result<GanttChart, (usize, String)>) -> Option<String> {
    let accepts = truth["parses"].as_bool().unwrap_or(false) && truth.get("model_error").is_none();
    let g = match (accepts, ours) {
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
        (true, Ok(g)) => g,
    };
    let s = |k: &str| truth[k].as_str().map(str::to_string);
    let scalars = [
        ("title", g.title.clone().map(|t| t.trim().to_string())),
        ("acc_title", g.acc_title.clone()),
        ("acc_descr", g.acc_descr.clone()),
        ("date_format", trimmed(&g.date_format)),
        ("axis_format", trimmed(&g.axis_format)),
        ("tick_interval", trimmed(&g.tick_interval)),
        ("today_marker", trimmed(&g.today_marker)),
        ("weekday", Some(g.weekday.clone())),
    ];
    for (k, o) in scalars {
        let t = s(k).map(|t| t.trim().to_string());
        if t != o {
            return Some(format!("{k}: truth {t:?} ours {o:?}"));
        }
    }
    if truth["inclusive_end_dates"].as_bool() != Some(g.inclusive_end_dates)
        || truth["top_axis"].as_bool() != Some(g.top_axis)
    {
        return Some("inclusiveEndDates/topAxis differ".into());
    }
    for (k, o) in [
        ("includes", &g.includes),
        ("excludes", &g.excludes),
        ("sections", &g.sections),
    ] {
        if &strs(truth, k) != o {
            return Some(format!("{k}: truth {:?} ours {o:?}", strs(truth, k)));
        }
    }
    let empty = vec![];
    let tt = truth["tasks"].as_array().unwrap_or(&empty);
    if tt.len() != g.tasks.len() {
        return Some(format!(
            "task count: truth {} ours {}",
            tt.len(),
            g.tasks.len()
        ));
    }
    for (t, o) in tt.iter().zip(&g.tasks) {
        let id = &o.id;
        let text = |k: &str| t[k].as_str().map(str::to_string);
        let iso = |v: Option<i64>| v.map(iso_string);
        let fields = [
            ("id", Some(o.id.clone())),
            ("name", Some(o.name.clone())),
            ("section", Some(o.section.clone()).filter(|s| !s.is_empty())),
            ("start", iso(o.start_ms)),
            ("end", iso(o.end_ms)),
            ("start_spec", o.start_spec.clone()),
            ("end_spec", o.end_spec.clone()),
            ("link", o.link.clone()),
        ];
        for (k, ov) in fields {
            let tv = text(k).map(|v| if k == "name" { v.trim().to_string() } else { v });
            if tv != ov {
                return Some(format!("{id} {k}: truth {tv:?} ours {ov:?}"));
            }
        }
        let tr = text("render_end");
        if tr.is_some() && tr != iso(o.render_end_ms) {
            return Some(format!(
                "{id} render_end: truth {tr:?} ours {:?}",
                iso(o.render_end_ms)
            ));
        }
        if strs(t, "after") != o.after || strs(t, "until") != o.until {
            return Some(format!("{id} after/until differ"));
        }
        for (k, ov) in [
            ("milestone", o.milestone),
            ("crit", o.crit),
            ("active", o.active),
            ("done", o.done),
            ("vert", o.vert),
        ] {
            if t[k].as_bool().unwrap_or(false) != ov {
                return Some(format!("{id} {k}: truth {} ours {ov}", t[k]));
            }
        }
        if strs(t, "classes") != o.classes {
            return Some(format!(
                "{id} classes: truth {:?} ours {:?}",
                strs(t, "classes"),
                o.classes
            ));
        }
    }
    None
}

#[test]
fn mermaid_gantt_oracle() {
    let cases = mermaid_cases("gantt");
    assert!(cases.len() >= 122, "gantt corpus has {} files", cases.len());
    let mut disagree: BTreeMap<String, String> = BTreeMap::new();
    for case in &cases {
        let ours = parse(&case.source)
            .map(|(g, _)| g)
            .map_err(|e| (e.line, e.to_string()));
        if let Some(reason) = compare(&case.truth, &ours) {
            disagree.insert(case.id.clone(), reason);
        }
    }
    check_known(
        "mermaid_gantt_known.tsv",
        "mermaid gantt oracle",
        &disagree,
        cases.len(),
        99.0,
    );
}
