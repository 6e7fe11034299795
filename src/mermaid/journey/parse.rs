//! User journey grammar, following Mermaid 12's jison grammar
//! (`packages/mermaid/src/diagrams/user-journey/parser/journey.jison`) and `journeyDb.js`:
//!
//! ```text
//! start     := "journey" line* EOF
//! line      := statement | NEWLINE
//! statement := title | acc_title acc_title_value | acc_descr acc_descr_value
//!            | acc_descr_multiline_value | section | taskName taskData
//! ```
//!
//! The lexer is jison's: rules tried in order, the first that matches wins, keywords in
//! any case. `title …`, `section …` and a task name run to `#`, `;` or the end of the line
//! (a task name and a section also stop at `:`), task data from `:` to `#`, `;` or the end
//! of the line; `%%` and `#` start comments. A task's data is `: score : actor, actor`;
//! the score is JavaScript's `Number()` of its text (NaN when it is none).
//!
//! As jison reports them, syntax errors are placed just after the last token the parser
//! took. Owns the journey grammar only: preprocessing and config come from `common`.

use super::model::{Journey, JourneyConfig, ParseError, Task, Warning};
use crate::mermaid::common::config::Value;
use crate::mermaid::common::preprocess::{self, Pre, Src, is_js_space};
use crate::mermaid::common::settings::{self, Section};

/// More tasks than this are refused (a bound on work for hostile input).
pub const MAX_TASKS: usize = 10_000;

/// True when the preprocessed text is a journey by Mermaid's detector (`/^\s*journey/`).
pub(crate) fn is_journey(text: &Src) -> bool {
    let head: String = text.chars.iter().take(12).collect();
    head.trim_start().starts_with("journey")
}

/// Parses a user journey.
///
/// # Errors
/// The first lexical or syntax error, at 1-based line and column of `src` just after the
/// last token accepted, with the offending text.
pub fn parse(src: &str) -> Result<(Journey, Vec<Warning>), ParseError> {
    parse_preprocessed(src, preprocess::preprocess(src))
}

/// A `12px`-like length as px (`ex` as half an em of 16 px, `em`/`rem` as 16 px).
fn css_px(v: &Value) -> Option<f32> {
    let s = v.scalar()?;
    let t = s.trim();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let n: f32 = t[..end].parse().ok()?;
    let unit = match t[end..].trim() {
        "" | "px" => 1.0,
        "ex" => 8.0,
        "em" | "rem" => 16.0,
        "pt" => 4.0 / 3.0,
        _ => return None,
    };
    Some(n * unit).filter(|p| p.is_finite() && *p > 0.0)
}

fn read_config(cfg: &mut JourneyConfig, key: &str, v: &Value) -> bool {
    let num = |v: &Value| match v {
        Value::Num(n) if n.is_finite() && *n >= 0.0 => Some(*n as f32),
        _ => None,
    };
    let set = |slot: &mut f32, v: &Value| {
        if let Some(n) = num(v) {
            *slot = n.min(10_000.0);
        }
    };
    match key {
        "leftMargin" => set(&mut cfg.left_margin_px, v),
        "height" => set(&mut cfg.height_px, v),
        "width" => set(&mut cfg.width_px, v),
        "taskMargin" => set(&mut cfg.task_margin_px, v),
        "maxLabelWidth" => set(&mut cfg.max_label_width_px, v),
        "actorColours" => {
            if let Value::List(l) = v {
                let c: Vec<String> = l.iter().filter_map(Value::scalar).collect();
                if !c.is_empty() {
                    cfg.actor_colours = c;
                }
            }
        }
        "titleColor" => cfg.title_color = v.scalar().filter(|s| !s.is_empty()),
        "titleFontSize" => cfg.title_font_size_px = css_px(v),
        // read by Mermaid but without a visible effect here (CSS fills win over
        // sectionFills; fonts are the document's)
        "sectionFills" | "sectionColours" | "titleFontFamily" | "taskFontFamily"
        | "taskFontSize" | "textPlacement" | "useMaxWidth" | "diagramMarginX"
        | "diagramMarginY" | "boxMargin" | "boxTextMargin" => {}
        _ => return false,
    }
    true
}

/// [`parse`] of `src` already preprocessed as `pre`.
pub(crate) fn parse_preprocessed(
    src: &str,
    pre: Pre,
) -> Result<(Journey, Vec<Warning>), ParseError> {
    let src_chars: Vec<char> = src.chars().collect();
    let mut warnings = Vec::new();
    let mut config = JourneyConfig::default();
    let settings = settings::read(
        &pre,
        &src_chars,
        &mut Section {
            name: "journey",
            apply: &mut |key, value| read_config(&mut config, key, value),
        },
        &mut warnings,
    );
    let text = &pre.text;
    let toks = lex(&text.chars);
    let mut j = Journey {
        title: settings.title,
        theme: settings.theme,
        theme_variables: settings.theme_variables,
        config,
        ..Journey::default()
    };
    // just after the last accepted token, in the original source
    let mut after: usize = text.orig_at(0, src_chars.len());
    let fail = |t: &Tok, after: usize, want: &str| {
        let near: String = text.chars[t.start..t.end.min(text.chars.len())]
            .iter()
            .take(20)
            .collect();
        let msg = match t.kind {
            Kind::Eof => format!("expecting {want}, got the end of the text"),
            _ => format!("expecting {want}, got `{}`", near.trim()),
        };
        let (line, column) = preprocess::line_col(&src_chars, after);
        ParseError {
            line,
            column,
            message: msg,
            near,
        }
    };
    let accept = |t: &Tok| text.orig_at(t.end.max(t.start + 1) - 1, src_chars.len()) + 1;
    let mut p = 0;
    if toks[p].kind != Kind::Journey {
        return Err(fail(&toks[p], after, "`journey`"));
    }
    after = accept(&toks[p]);
    p += 1;
    let mut section = String::new();
    loop {
        let t = &toks[p];
        let value = |t: &Tok| text.string(t.value.0, t.value.1);
        match t.kind {
            Kind::Eof => break,
            Kind::Newline => {}
            Kind::Title => j.title = Some(value(t)),
            Kind::AccTitle | Kind::AccDescr => {
                let v = &toks[p + 1];
                if v.kind != Kind::AccValue {
                    return Err(fail(v, accept(t), "a value"));
                }
                let s = value(v).trim_matches(is_js_space).to_string();
                if t.kind == Kind::AccTitle {
                    j.acc_title = Some(s);
                } else {
                    j.acc_descr = Some(s);
                }
                p += 1;
            }
            Kind::AccMultiline => {
                let raw = value(t);
                let mut s = String::new();
                // `.trim()`, then `/\n\s+/g` → `\n`
                let mut chars = raw.trim_matches(is_js_space).chars().peekable();
                while let Some(c) = chars.next() {
                    s.push(c);
                    if c == '\n' {
                        while chars.peek().is_some_and(|&n| is_js_space(n)) {
                            chars.next();
                        }
                    }
                }
                j.acc_descr = Some(s);
            }
            Kind::Section => {
                section = value(t);
                j.sections.push(section.clone());
            }
            Kind::TaskName => {
                let d = &toks[p + 1];
                if d.kind != Kind::TaskData {
                    return Err(fail(d, accept(t), "task data `: score: actors`"));
                }
                if j.tasks.len() >= MAX_TASKS {
                    return Err(fail(t, accept(t), &format!("at most {MAX_TASKS} tasks")));
                }
                j.tasks.push(task(value(t), section.clone(), &value(d)));
                p += 1;
            }
            _ => return Err(fail(t, after, "a statement")),
        }
        after = accept(&toks[p]);
        p += 1;
    }
    Ok((j, warnings))
}

/// `journeyDb.addTask`: `data` is the task data after its leading `:`.
fn task(name: String, section: String, data: &str) -> Task {
    let pieces: Vec<&str> = data.split(':').collect();
    let actors = match pieces.get(1) {
        Some(p) => p
            .split(',')
            .map(|a| a.trim_matches(is_js_space).to_string())
            .collect(),
        None => Vec::new(),
    };
    Task {
        name,
        section,
        score: js_number(pieces[0]),
        actors,
    }
}

/// JavaScript's `Number(text)`: blank is 0; decimal (sign, fraction, exponent), `0x`/`0o`/
/// `0b` integers and `Infinity`; anything else NaN.
pub fn js_number(text: &str) -> f64 {
    let t = text.trim_matches(is_js_space);
    if t.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(d) = t.strip_prefix(prefix) {
            return u64::from_str_radix(d, radix).map_or(f64::NAN, |n| n as f64);
        }
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "Infinity" {
        return if t.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let ok = unsigned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if !ok {
        return f64::NAN;
    }
    t.parse().unwrap_or(f64::NAN)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Journey,
    Title,
    AccTitle,
    AccDescr,
    AccValue,
    AccMultiline,
    Section,
    TaskName,
    TaskData,
    Colon,
    Newline,
    Invalid,
    Eof,
}

/// A token: kind, range in the preprocessed text and the range of its value.
#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    value: (usize, usize),
}

/// Case-insensitive ASCII match of `word` at `i`.
fn at_ci(c: &[char], i: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, w)| c.get(i + k).is_some_and(|x| x.eq_ignore_ascii_case(&w)))
}

/// End of a run from `i` of chars outside `stop`.
fn run(c: &[char], i: usize, stop: &[char]) -> usize {
    let mut e = i;
    while e < c.len() && !stop.contains(&c[e]) {
        e += 1;
    }
    e
}

fn skip_space(c: &[char], mut i: usize) -> usize {
    while i < c.len() && is_js_space(c[i]) {
        i += 1;
    }
    i
}

/// `word\s*<sep>\s*` at `i`: the end of the match.
fn keyword_sep(c: &[char], i: usize, word: &str, sep: char) -> Option<usize> {
    if !at_ci(c, i, word) {
        return None;
    }
    let k = skip_space(c, i + word.len());
    (c.get(k) == Some(&sep)).then(|| skip_space(c, k + 1))
}

/// The whole token stream, ending in `Eof`.
fn lex(c: &[char]) -> Vec<Tok> {
    #[derive(PartialEq)]
    enum State {
        Initial,
        AccValue,
        Multiline,
    }
    let mut out = Vec::new();
    let mut state = State::Initial;
    let mut i = 0;
    let tok = |kind, start, end, value| Tok {
        kind,
        start,
        end,
        value,
    };
    loop {
        match state {
            State::AccValue => {
                let e = run(c, i, &['\n']);
                out.push(tok(Kind::AccValue, i, e, (i, e)));
                i = e;
                state = State::Initial;
                continue;
            }
            State::Multiline => {
                if c.get(i) == Some(&'}') {
                    i += 1;
                    state = State::Initial;
                    continue;
                }
                if i >= c.len() {
                    break;
                }
                let e = run(c, i, &['}']);
                out.push(tok(Kind::AccMultiline, i, e, (i, e)));
                i = e;
                continue;
            }
            State::Initial => {}
        }
        if i >= c.len() {
            break;
        }
        let s = i;
        let line_end = |from: usize| run(c, from, &['\n']);
        // comments and blanks
        if at_ci(c, i, "%%") && c.get(i + 2) != Some(&'{') {
            i = line_end(i);
            continue;
        }
        if c[i] != '}' && at_ci(c, i + 1, "%%") {
            i = line_end(i + 1);
            continue;
        }
        if c[i] == '\n' {
            let mut e = i;
            while e < c.len() && c[e] == '\n' {
                e += 1;
            }
            out.push(tok(Kind::Newline, s, e, (s, e)));
            i = e;
            continue;
        }
        if is_js_space(c[i]) {
            i = skip_space(c, i);
            continue;
        }
        if c[i] == '#' {
            i = line_end(i);
            continue;
        }
        if at_ci(c, i, "journey") {
            out.push(tok(Kind::Journey, s, i + 7, (s, i + 7)));
            i += 7;
            continue;
        }
        if at_ci(c, i, "title") && c.get(i + 5).is_some_and(|&w| is_js_space(w)) {
            let e = run(c, i + 6, &['#', '\n', ';']);
            if e > i + 6 {
                out.push(tok(Kind::Title, s, e, (i + 6, e)));
                i = e;
                continue;
            }
        }
        if let Some(e) = keyword_sep(c, i, "accTitle", ':') {
            out.push(tok(Kind::AccTitle, s, e, (s, e)));
            i = e;
            state = State::AccValue;
            continue;
        }
        if let Some(e) = keyword_sep(c, i, "accDescr", ':') {
            out.push(tok(Kind::AccDescr, s, e, (s, e)));
            i = e;
            state = State::AccValue;
            continue;
        }
        if let Some(e) = keyword_sep(c, i, "accDescr", '{') {
            i = e;
            state = State::Multiline;
            continue;
        }
        if at_ci(c, i, "section") && c.get(i + 7).is_some_and(|&w| is_js_space(w)) {
            let e = run(c, i + 8, &['#', ':', '\n', ';']);
            if e > i + 8 {
                out.push(tok(Kind::Section, s, e, (i + 8, e)));
                i = e;
                continue;
            }
        }
        if !matches!(c[i], '#' | ':' | '\n' | ';') {
            let e = run(c, i, &['#', ':', '\n', ';']);
            out.push(tok(Kind::TaskName, s, e, (s, e)));
            i = e;
            continue;
        }
        if c[i] == ':' {
            let e = run(c, i + 1, &['#', '\n', ';']);
            if e > i + 1 {
                out.push(tok(Kind::TaskData, s, e, (i + 1, e)));
                i = e;
            } else {
                out.push(tok(Kind::Colon, s, i + 1, (s, i + 1)));
                i += 1;
            }
            continue;
        }
        out.push(tok(Kind::Invalid, s, i + 1, (s, i + 1)));
        i += 1;
    }
    let n = c.len();
    // jison's lexer fails inside `accDescr {` only when text is left it cannot match;
    // an unterminated block just ends at the end of the text.
    out.push(tok(Kind::Eof, n, n, (n, n)));
    out
}
