//! The gantt parser: the grammar of Mermaid 12.3's `gantt.jison` over the tokens of the
//! gantt `lexer`, calling the `ganttDb.js` actions (`addTask`, `addSection`, `setLink`, …)
//! in source order; [`super::db`] then resolves every task's dates as `getTasks()` does.
//!
//! A syntax error is reported just after the last token accepted, at its line and column in
//! the original source, like Mermaid's jison parser. Dates that Mermaid's database cannot
//! read (`Invalid date:…`) are errors too, at the task's line.

use super::db::{Db, RawTask};
use super::lexer::{self, T, Token};
use super::model::{GanttChart, ParseError, Warning};
use crate::mermaid::common::config::Value;
use crate::mermaid::common::preprocess::{self, Pre};
use crate::mermaid::common::settings::{self, Section};

/// JavaScript `\s` (what the grammar's `\s` and `trim()` mean).
pub(crate) fn is_space(c: char) -> bool {
    preprocess::is_js_space(c)
}

/// Monday 2026-01-05T00:00:00Z: the "today" the oracle fixes; [`parse`] uses it so results
/// never depend on the clock. [`parse_at`] takes another.
pub const DEFAULT_TODAY_MS: i64 = 1_767_571_200_000;

/// Longest source accepted (characters), so random input cannot take unbounded time.
pub const MAX_SOURCE_CHARS: usize = 200_000;

/// Parses a gantt chart (text starting with `gantt`, after front matter, directives and
/// comments) with "today" = [`DEFAULT_TODAY_MS`].
///
/// # Errors
/// The first syntax error or unreadable date, with line/column in `src`.
pub fn parse(src: &str) -> Result<(GanttChart, Vec<Warning>), ParseError> {
    parse_at(src, DEFAULT_TODAY_MS)
}

/// [`parse`] with "today" at `today_ms` (milliseconds since the epoch; its midnight is used
/// for `after`/`until` of unknown ids, its date for time-only formats).
///
/// # Errors
/// As [`parse`].
pub fn parse_at(src: &str, today_ms: i64) -> Result<(GanttChart, Vec<Warning>), ParseError> {
    parse_preprocessed(src, preprocess::preprocess(src), today_ms)
}

/// [`parse_at`] of `src` whose preprocessing `pre` is already done.
pub(crate) fn parse_preprocessed(
    src: &str,
    pre: Pre,
    today_ms: i64,
) -> Result<(GanttChart, Vec<Warning>), ParseError> {
    let src_chars: Vec<char> = src.chars().collect();
    let at = |idx: usize, msg: &str| {
        let o = pre.text.orig_at(idx, src_chars.len());
        preprocess::error_at(&src_chars, o, msg)
    };
    if pre.text.chars.len() > MAX_SOURCE_CHARS {
        return Err(at(0, "gantt source too long"));
    }
    let mut warnings = Vec::new();
    let mut display_mode = None;
    let mut top_axis_cfg = false;
    let settings = settings::read(
        &pre,
        &src_chars,
        &mut Section {
            name: "gantt",
            apply: &mut |k, v: &Value| match k {
                "displayMode" => {
                    display_mode = v.scalar();
                    true
                }
                "topAxis" => {
                    top_axis_cfg = v.truthy();
                    true
                }
                "barHeight"
                | "barGap"
                | "topPadding"
                | "leftPadding"
                | "rightPadding"
                | "gridLineStartPadding"
                | "fontSize"
                | "sectionFontSize"
                | "numberSectionStyles"
                | "useWidth"
                | "useMaxWidth"
                | "axisFormat"
                | "tickInterval"
                | "todayMarker"
                | "weekday" => false,
                _ => false,
            },
        },
        &mut warnings,
    );
    let toks = lexer::tokenize(&pre.text.chars);
    let mut db = Db::new(today_ms);
    if let Some(t) = &settings.title {
        db.chart.title = Some(t.clone());
    }
    let line_of = |idx: usize| {
        let o = pre.text.orig_at(idx, src_chars.len());
        src_chars[..o.min(src_chars.len())]
            .iter()
            .filter(|&&c| c == '\n')
            .count()
            + 1
    };
    statements(&toks, &mut db, &line_of).map_err(|(idx, msg)| at(idx, &msg))?;
    let mut chart = db.finish().map_err(|(line, msg)| {
        preprocess::error_at(&src_chars, line_start(&src_chars, line), &msg)
    })?;
    chart.display_mode = display_mode;
    chart.top_axis_config = top_axis_cfg;
    Ok((chart, warnings))
}

/// Char index where 1-based `line` starts in `src`.
fn line_start(src: &[char], line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    let mut n = 1;
    for (i, &c) in src.iter().enumerate() {
        if c == '\n' {
            n += 1;
            if n == line {
                return i + 1;
            }
        }
    }
    src.len()
}

type PErr = (usize, String);

/// `start: gantt document EOF` with `document: line*`.
fn statements(toks: &[Token], db: &mut Db, line_of: &dyn Fn(usize) -> usize) -> Result<(), PErr> {
    let mut last_end;
    let unexpected = |t: &Token, last_end: usize, expected: &str| -> PErr {
        (last_end, format!("expected {expected}, got {}", t.t.name()))
    };
    let mut i;
    match toks.first() {
        Some(Token {
            t: T::Gantt, end, ..
        }) => {
            last_end = *end;
            i = 1;
        }
        Some(t) => return Err(unexpected(t, 0, "'gantt'")),
        None => return Err((0, "empty source".into())),
    }
    while i < toks.len() {
        let tok = &toks[i];
        let mut take = 1;
        match &tok.t {
            T::Nl => {}
            T::Eof => return Ok(()),
            T::Keyword(k, v) => db.keyword(k, v),
            T::Weekday(d) => db.chart.weekday = d.clone(),
            T::Weekend(d) => db.chart.weekend = d.clone(),
            T::AccTitle | T::AccDescr => {
                let next = toks
                    .get(i + 1)
                    .ok_or((tok.end, "unexpected end".to_string()))?;
                match (&tok.t, &next.t) {
                    (T::AccTitle, T::AccTitleValue(v)) => {
                        db.chart.acc_title = Some(v.trim_matches(is_space).to_string())
                    }
                    (T::AccDescr, T::AccDescrValue(v)) => {
                        db.chart.acc_descr = Some(v.trim_matches(is_space).to_string())
                    }
                    _ => return Err(unexpected(next, tok.end, "a value")),
                }
                take = 2;
            }
            T::AccDescrMultiline(v) => {
                db.chart.acc_descr = Some(v.trim_matches(is_space).to_string())
            }
            T::Section(s) => db.add_section(s),
            T::TaskTxt(txt) => match toks.get(i + 1) {
                Some(Token {
                    t: T::TaskData(data),
                    end,
                    ..
                }) => {
                    db.add_task(RawTask::new(txt, data, line_of(tok.start)))
                        .map_err(|m| (*end, m))?;
                    take = 2;
                }
                Some(next) => return Err(unexpected(next, tok.end, "'taskData'")),
                None => return Err((tok.end, "unexpected end".into())),
            },
            T::Click(id) => {
                take = click(toks, i, id, db)?;
            }
            _ => {
                return Err(unexpected(
                    tok,
                    last_end,
                    "a statement (section, task, dateFormat, title, …)",
                ));
            }
        }
        last_end = toks[i + take - 1].end;
        i += take;
    }
    Ok(())
}

/// The `clickStatement` forms: `click id` then `call f(args)` and/or `href "url"` in the
/// orders the grammar lists. Returns how many tokens it used.
fn click(toks: &[Token], i: usize, id: &str, db: &mut Db) -> Result<usize, PErr> {
    let kind = |k: usize| toks.get(i + k).map(|t| &t.t);
    let err = |k: usize| -> PErr {
        let t = &toks[(i + k).min(toks.len() - 1)];
        (
            toks[i + k - 1].end,
            format!("expected 'callbackname' or 'href', got {}", t.t.name()),
        )
    };
    match kind(1) {
        Some(T::CallbackName(_)) => {
            let mut n = 2;
            if let Some(T::CallbackArgs(_)) = kind(n) {
                n += 1;
            }
            db.set_class(id, "clickable");
            if let Some(T::Href(url)) = kind(n) {
                db.set_link(id, url);
                n += 1;
            }
            Ok(n)
        }
        Some(T::Href(url)) => {
            let mut n = 2;
            if let Some(T::CallbackName(_)) = kind(n) {
                n += 1;
                if let Some(T::CallbackArgs(_)) = kind(n) {
                    n += 1;
                }
                db.set_class(id, "clickable");
            }
            db.set_link(id, url);
            Ok(n)
        }
        _ => Err(err(1)),
    }
}
