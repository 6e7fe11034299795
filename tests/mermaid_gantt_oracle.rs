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

// ------------------------------------------------------------------ drawing

use inkbind::mermaid::gantt::layout::{BarKind, GanttLayout, LabelPlace, TextBox, layout};
use inkbind::mermaid::{DiagramLayout, SimpleMeasure, SvgOptions, render};

fn overlap(a: &TextBox, b: &TextBox) -> bool {
    a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5
}

/// Layout invariants: bars (and milestones) inside the axis range, each task's bar inside
/// its section's band, labels inside the drawing and not overlapping each other, section
/// titles left of the chart area, ticks inside the range.
fn check_layout(name: &str, g: &GanttChart, l: &GanttLayout) -> Vec<String> {
    let mut bad = Vec::new();
    let (x0, x1) = l.range_px;
    let eps = 0.51;
    for b in &l.bars {
        let t = &g.tasks[b.task];
        let (lo, hi) = match b.kind {
            BarKind::Bar => (b.x, b.x + b.w),
            BarKind::Milestone | BarKind::Vert => (b.x + b.w / 2.0, b.x + b.w / 2.0),
        };
        if lo < x0 - eps || hi > x1 + eps {
            bad.push(format!(
                "{name} {}: bar {lo}..{hi} outside axis {x0}..{x1}",
                t.id
            ));
        }
        if b.kind != BarKind::Vert {
            let band = l
                .bands
                .iter()
                .find(|bd| (bd.rows.0..bd.rows.1).contains(&b.row));
            match band {
                Some(bd) if bd.section == t.section => {
                    if b.y < bd.y - eps || b.y + b.h > bd.y + bd.h + eps {
                        bad.push(format!("{name} {}: bar outside its band", t.id));
                    }
                }
                _ => bad.push(format!("{name} {}: no band of its section", t.id)),
            }
        }
        if b.place == LabelPlace::Inside && (b.label.x < b.x || b.label.x + b.label.w > b.x + b.w) {
            bad.push(format!("{name} {}: inside label wider than its bar", t.id));
        }
        if b.label.x < -eps || b.label.x + b.label.w > l.width + eps {
            bad.push(format!("{name} {}: label outside the drawing", t.id));
        }
    }
    let mut labels: Vec<(&str, &TextBox)> = l
        .bars
        .iter()
        .filter(|b| b.place != LabelPlace::Below && !b.label.text.is_empty())
        .map(|b| (g.tasks[b.task].id.as_str(), &b.label))
        .collect();
    for bd in &l.bands {
        for t in &bd.title {
            if t.x + t.w > x0 + eps {
                bad.push(format!(
                    "{name}: section title {:?} runs into the chart",
                    t.text
                ));
            }
            if !t.text.is_empty() {
                labels.push(("section", t));
            }
        }
    }
    for i in 0..labels.len() {
        for j in i + 1..labels.len() {
            if overlap(labels[i].1, labels[j].1) {
                bad.push(format!(
                    "{name}: labels {} {:?} and {} {:?} overlap",
                    labels[i].0, labels[i].1.text, labels[j].0, labels[j].1.text
                ));
            }
        }
    }
    for p in l.ticks.windows(2) {
        let w = |s: &str| {
            inkbind::mermaid::TextMeasure::width(&SimpleMeasure, s, l.font_size * 0.85, false)
        };
        if p[1].x - p[0].x < (w(&p[0].label) + w(&p[1].label)) / 2.0 {
            bad.push(format!(
                "{name}: tick labels {} and {} overlap",
                p[0].label, p[1].label
            ));
        }
    }
    for t in &l.ticks {
        if t.x < x0 - eps || t.x > x1 + eps {
            bad.push(format!("{name}: tick {} outside the axis", t.label));
        }
    }
    if let Some((x, _, _)) = l.today
        && (x < x0 - eps || x > x1 + eps)
    {
        bad.push(format!("{name}: today line outside the axis"));
    }
    bad
}

#[test]
fn gantt_corpus_invariants() {
    let mut bad = Vec::new();
    let mut drawn = 0;
    for case in mermaid_cases("gantt") {
        let Ok((g, _)) = parse(&case.source) else {
            continue;
        };
        let l = layout(&g, &SimpleMeasure, &Default::default());
        bad.extend(check_layout(&case.id, &g, &l));
        let d = render(&case.source, &SimpleMeasure, &SvgOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", case.id));
        assert!(matches!(d.layout, DiagramLayout::Gantt(_)), "{}", case.id);
        assert!(d.svg.starts_with("<svg") && d.svg.ends_with("</svg>\n"));
        for t in g
            .tasks
            .iter()
            .filter(|t| !t.name.is_empty() && t.start_ms.is_some())
        {
            let esc = inkbind::mermaid::common::svg::escape(&t.name);
            assert!(
                d.svg.contains(&esc),
                "{}: label {:?} not drawn",
                case.id,
                t.name
            );
        }
        drawn += 1;
    }
    assert!(drawn >= 118, "only {drawn} gantt files drawn");
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

const BASIC: &str = "gantt
    title A Gantt Diagram
    dateFormat YYYY-MM-DD
    section Section
        A task          :a1, 2014-01-01, 30d
        Another task    :after a1, 20d
    section Another
        Task in Another :2014-01-12, 12d
        another task    :24d
";

const TAGS: &str = "gantt
    dateFormat YYYY-MM-DD
    excludes weekends
    section Work
        Done work   :done, d1, 2024-01-01, 3d
        Active work :active, a1, after d1, 5d
        Critical    :crit, c1, after a1, 2d
        Release     :milestone, m1, after c1, 0d
        Freeze      :vert, v1, 2024-01-10, 0d
";

const CJK: &str = "gantt
    title 開発計画
    dateFormat YYYY-MM-DD
    axisFormat %m/%d
    tickInterval 1week
    section 設計<br>フェーズ
        要件定義 :r1, 2025-01-06, 5d
        基本設計 :after r1, 1w
    section 実装
        実装と単体テスト :crit, 2025-01-20, 10d
";

fn svg_of(src: &str) -> String {
    render(src, &SimpleMeasure, &SvgOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .svg
}

#[test]
fn gantt_snapshots() {
    insta::assert_snapshot!("gantt_basic", svg_of(BASIC));
    insta::assert_snapshot!("gantt_tags", svg_of(TAGS));
    insta::assert_snapshot!("gantt_cjk_br", svg_of(CJK));
    // `GANTT_PNG_DIR=…` also writes PNGs drawn with the bundled fonts, to look at.
    if let Ok(dir) = std::env::var("GANTT_PNG_DIR") {
        let dir = std::path::Path::new(&dir);
        common::mermaid_review::render_png("gantt_basic", BASIC, "en", dir);
        common::mermaid_review::render_png("gantt_tags", TAGS, "en", dir);
        common::mermaid_review::render_png("gantt_cjk", CJK, "ja", dir);
    }
}

#[test]
fn gantt_dates_and_today() {
    let (g, _) = parse(TAGS).unwrap();
    // 2024-01-01 (Mon) + 3 days; after it 5 working days skip the weekend of 6–7 Jan.
    assert_eq!(
        iso_string(g.tasks[0].end_ms.unwrap()),
        "2024-01-04T00:00:00.000Z"
    );
    assert_eq!(
        iso_string(g.tasks[1].end_ms.unwrap()),
        "2024-01-11T00:00:00.000Z"
    );
    // "today" is a parameter: a task after an unknown id starts at its midnight.
    let src = "gantt\n  dateFormat YYYY-MM-DD\n  A :a, after nobody, 2d\n";
    let day = 86_400_000;
    let (g1, _) = inkbind::mermaid::gantt::parse_at(src, 10 * day + 5000).unwrap();
    assert_eq!(g1.tasks[0].start_ms, Some(10 * day));
    let (g2, _) = parse(src).unwrap();
    assert_eq!(
        iso_string(g2.tasks[0].start_ms.unwrap()),
        "2026-01-05T00:00:00.000Z"
    );
    // The today line is drawn only when today is inside the chart's range.
    let inside = "gantt\n  dateFormat YYYY-MM-DD\n  A :a, 2026-01-01, 10d\n";
    let (g3, _) = parse(inside).unwrap();
    assert!(
        layout(&g3, &SimpleMeasure, &Default::default())
            .today
            .is_some()
    );
    let (g4, _) = parse(BASIC).unwrap();
    assert!(
        layout(&g4, &SimpleMeasure, &Default::default())
            .today
            .is_none()
    );
    // Errors carry the line.
    let e = parse("gantt\n  dateFormat YYYY-MM-DD\n  A :a, 2025-13-45, 2d\n").unwrap_err();
    assert_eq!(e.line, 3);
}

/// Random gantt-like sources (xorshift, fixed seeds) never panic and finish.
#[test]
fn gantt_random_inputs() {
    const PIECES: [&str; 34] = [
        "gantt\n",
        "section S\n",
        "dateFormat YYYY-MM-DD\n",
        "dateFormat X\n",
        "dateFormat HH:mm\n",
        "excludes weekends\n",
        "excludes 2024-01-03, friday\n",
        "inclusiveEndDates\n",
        "title T\n",
        "weekend friday\n",
        "weekday monday\n",
        "todayMarker off\n",
        "tickInterval 1day\n",
        "axisFormat %d %b\n",
        "topAxis\n",
        "A :a1, 2024-01-01, 3d\n",
        "B :after a1, 2w\n",
        "C :crit, done, 5d\n",
        "D :milestone, m, 2024-01-05, 0d\n",
        "E :until a1\n",
        "F :b, after a1 m, until x\n",
        "G :1M\n",
        "H :x, 12:30, 1.5h\n",
        "click a1 href \"x\"\n",
        "click b call f(1)\n",
        "%% c\n",
        ":",
        ",",
        " ",
        "1y\n",
        "after ",
        "9999-12-31",
        "<br>",
        "日程 ",
    ];
    for seed in 1..=3000u64 {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut src = String::from("gantt\n");
        let n = 1 + (seed % 30) as usize;
        for _ in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            src.push_str(PIECES[(x % PIECES.len() as u64) as usize]);
        }
        if let Ok((g, _)) = parse(&src) {
            let l = layout(&g, &SimpleMeasure, &Default::default());
            assert!(l.width.is_finite() && l.height.is_finite(), "seed {seed}");
        }
        let _ = render(&src, &SimpleMeasure, &SvgOptions::default());
    }
}
