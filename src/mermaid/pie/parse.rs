//! Pie chart grammar, following Mermaid 12's langium grammar
//! (`packages/parser/src/language/pie/pie.langium` with `common/common.langium`) and the
//! database checks of `pieDb.ts`:
//!
//! ```text
//! Pie        := NEWLINE* "pie" "showData"? ( TitleAcc EOL | PieSection | NEWLINE )*
//! PieSection := STRING ":" NUMBER_PIE EOL          EOL := NEWLINE+ | EOF
//! TitleAcc   := ACC_DESCR | ACC_TITLE | TITLE
//! ```
//!
//! The lexer tries the tokens in langium's order (keywords `pie`/`showData` only when
//! followed by white space, `%%` or the end; numbers; `accDescr`, `accTitle`, `title`;
//! quoted strings; words) and skips blanks and trailing `%%` comments. As in langium, the
//! first lexical error wins over parser errors. Negative values are rejected after the
//! parse, as `pieDb.addSection` does; a repeated label keeps its first value.
//!
//! Owns the pie grammar only: preprocessing and config come from `common`.

use super::model::{ParseError, Pie, Slice, Warning};
use crate::mermaid::common::config::Value;
use crate::mermaid::common::preprocess::{self, Pre, Src};
use crate::mermaid::common::settings::{self, Section};

/// More slices than this are refused (a bound on work for hostile input).
pub const MAX_SLICES: usize = 10_000;

/// True when the preprocessed text is a pie chart by Mermaid's detector (`/^\s*pie/`).
pub(crate) fn is_pie(text: &Src) -> bool {
    let head: String = text.chars.iter().take(8).collect();
    head.trim_start().starts_with("pie")
}

/// Parses a pie chart.
///
/// # Errors
/// The first lexical or syntax error (1-based line and column in `src`, with the offending
/// text), or a negative slice value (at its label), as Mermaid 12.3 rejects them.
pub fn parse(src: &str) -> Result<(Pie, Vec<Warning>), ParseError> {
    parse_preprocessed(src, preprocess::preprocess(src))
}

/// [`parse`] of `src` already preprocessed as `pre`.
pub(crate) fn parse_preprocessed(src: &str, pre: Pre) -> Result<(Pie, Vec<Warning>), ParseError> {
    let src_chars: Vec<char> = src.chars().collect();
    let mut warnings = Vec::new();
    let mut text_position: f32 = 0.75;
    let settings = settings::read(
        &pre,
        &src_chars,
        &mut Section {
            name: "pie",
            apply: &mut |key, value| match key {
                "textPosition" => {
                    if let Value::Num(n) = value
                        && (0.0..=1.0).contains(n)
                    {
                        text_position = *n as f32;
                    }
                    true
                }
                "useMaxWidth" => true,
                _ => false,
            },
        },
        &mut warnings,
    );
    let text = &pre.text;
    let err_at = |i: usize, msg: &str| {
        preprocess::error_at(&src_chars, text.orig_at(i, src_chars.len()), msg)
    };
    let toks = lex(&text.chars).map_err(|i| {
        let c = text.chars.get(i).copied().unwrap_or(' ');
        err_at(i, &format!("lexer error: unexpected character `{c}`"))
    })?;
    let mut pie = Pie {
        title: settings.title,
        theme: settings.theme,
        theme_variables: settings.theme_variables,
        text_position,
        ..Pie::default()
    };
    let mut p = 0;
    let unexpected = |t: &Tok, want: &str| {
        let found: String = text.chars[t.start..t.end].iter().collect();
        let found = if t.kind == Kind::Eof {
            "end of input".to_string()
        } else {
            format!("`{}`", found.trim())
        };
        err_at(t.start, &format!("expecting {want} but found {found}"))
    };
    while toks[p].kind == Kind::Newline {
        p += 1;
    }
    if toks[p].kind != Kind::Pie {
        return Err(unexpected(&toks[p], "`pie`"));
    }
    p += 1;
    if toks[p].kind == Kind::ShowData {
        pie.show_data = true;
        p += 1;
    }
    // (label, value, position of the label), checked after the parse as pieDb does.
    let mut sections: Vec<(String, f64, usize)> = Vec::new();
    loop {
        let t = &toks[p];
        match &t.kind {
            Kind::Eof => break,
            Kind::Newline => p += 1,
            Kind::Title(s) | Kind::AccTitle(s) | Kind::AccDescr(s) => {
                if !s.is_empty() {
                    match &t.kind {
                        Kind::Title(_) => pie.title = Some(s.clone()),
                        Kind::AccTitle(_) => pie.acc_title = Some(s.clone()),
                        _ => pie.acc_descr = Some(s.clone()),
                    }
                }
                p += 1;
                p = eol(&toks, p).map_err(|t| unexpected(t, "a new line"))?;
            }
            Kind::Str(label) => {
                if toks[p + 1].kind != Kind::Colon {
                    return Err(unexpected(&toks[p + 1], "`:`"));
                }
                let Kind::Number(v) = toks[p + 2].kind else {
                    return Err(unexpected(&toks[p + 2], "a number"));
                };
                sections.push((label.clone(), v, t.start));
                if sections.len() > MAX_SLICES {
                    return Err(err_at(t.start, &format!("more than {MAX_SLICES} slices")));
                }
                p = eol(&toks, p + 3).map_err(|t| unexpected(t, "a new line"))?;
            }
            _ => return Err(unexpected(t, "a slice, `title`, `accTitle` or `accDescr`")),
        }
    }
    for (label, value, at) in sections {
        if value < 0.0 {
            return Err(err_at(
                at,
                &format!(
                    "\"{label}\" has invalid value: {value}; negative values are not allowed in pie charts"
                ),
            ));
        }
        if !pie.slices.iter().any(|s| s.label == label) {
            pie.slices.push(Slice { label, value });
        }
    }
    Ok((pie, warnings))
}

/// Skips `NEWLINE+ | EOF` from token `p`; the offending token when neither is there.
fn eol(toks: &[Tok], mut p: usize) -> Result<usize, &Tok> {
    match toks[p].kind {
        Kind::Eof => Ok(p),
        Kind::Newline => {
            while toks[p].kind == Kind::Newline {
                p += 1;
            }
            Ok(p)
        }
        _ => Err(&toks[p]),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Pie,
    ShowData,
    Colon,
    Number(f64),
    AccDescr(String),
    AccTitle(String),
    Title(String),
    Str(String),
    Word,
    Newline,
    Eof,
}

/// A token: kind and range in the preprocessed text.
#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_eol(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// JavaScript `\w` without the `u` flag: ASCII letters, digits and `_`.
fn is_w(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn at(c: &[char], i: usize, s: &str) -> bool {
    s.chars()
        .enumerate()
        .all(|(k, ch)| c.get(i + k) == Some(&ch))
}

/// Tokenizes; `Err(index)` of the first character no token matches.
fn lex(c: &[char]) -> Result<Vec<Tok>, usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let start = i;
        let (kind, end) = if let Some(r) = keyword(c, i, "showData").or(keyword(c, i, "pie")) {
            r
        } else if c[i] == ':' {
            (Kind::Colon, i + 1)
        } else if let Some(end) = number(c, i) {
            let s: String = c[i..end].iter().collect();
            (Kind::Number(s.parse().unwrap_or(0.0)), end)
        } else if let Some(r) = title_or_acc(c, i) {
            r
        } else if c[i] == '"' || c[i] == '\'' {
            string(c, i).ok_or(i)?
        } else if is_w(c[i]) {
            let mut e = i + 1;
            while e < c.len() && (is_w(c[e]) || c[e] == '-') {
                e += 1;
            }
            while c[e - 1] == '-' {
                e -= 1;
            }
            (Kind::Word, e)
        } else if c[i] == '\n' {
            (Kind::Newline, i + 1)
        } else if c[i] == '\r' && c.get(i + 1) == Some(&'\n') {
            (Kind::Newline, i + 2)
        } else if is_blank(c[i]) || at(c, i, "%%") {
            // hidden: blanks, then a `%%` comment to the end of the line
            let mut e = i;
            while e < c.len() && is_blank(c[e]) {
                e += 1;
            }
            if at(c, e, "%%") {
                while e < c.len() && !is_eol(c[e]) {
                    e += 1;
                }
            }
            i = e;
            continue;
        } else {
            return Err(i);
        };
        out.push(Tok { kind, start, end });
        i = end;
    }
    out.push(Tok {
        kind: Kind::Eof,
        start: c.len(),
        end: c.len(),
    });
    Ok(out)
}

/// A keyword followed by white space, `%%` or the end (Mermaid's token builder).
fn keyword(c: &[char], i: usize, kw: &str) -> Option<(Kind, usize)> {
    let e = i + kw.chars().count();
    let ok = at(c, i, kw) && (e >= c.len() || c[e].is_whitespace() || at(c, e, "%%"));
    ok.then(|| {
        let k = if kw == "pie" {
            Kind::Pie
        } else {
            Kind::ShowData
        };
        (k, e)
    })
}

/// `FLOAT_PIE: /-?[0-9]+\.[0-9]+(?!\.)/`, else `INT_PIE: /-?(0|[1-9][0-9]*)(?!\.)/`.
fn number(c: &[char], i: usize) -> Option<usize> {
    let d0 = if c[i] == '-' { i + 1 } else { i };
    let digits = |from: usize| {
        let mut e = from;
        while e < c.len() && c[e].is_ascii_digit() {
            e += 1;
        }
        e
    };
    let not_dot = |e: usize| c.get(e) != Some(&'.');
    let int_end = digits(d0);
    if int_end == d0 {
        return None;
    }
    if c.get(int_end) == Some(&'.') {
        let frac_end = digits(int_end + 1);
        let n = frac_end - (int_end + 1);
        if n >= 1 && not_dot(frac_end) {
            return Some(frac_end);
        }
        // backtrack one digit: the next char is then a digit, not a dot
        if n >= 2 {
            return Some(frac_end - 1);
        }
    }
    if c[d0] == '0' {
        return not_dot(d0 + 1).then_some(d0 + 1);
    }
    if not_dot(int_end) {
        return Some(int_end);
    }
    (int_end - d0 >= 2).then_some(int_end - 1)
}

/// Trims and turns runs of two or more blanks into one space (`/[\t ]{2,}/g`), as
/// Mermaid's value converter does.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for ch in s.trim().chars() {
        if is_blank(ch) {
            run.push(ch);
            continue;
        }
        match run.chars().count() {
            0 => {}
            1 => out.push_str(&run),
            _ => out.push(' '),
        }
        run.clear();
        out.push(ch);
    }
    out
}

/// The rest of the line from `i`, stopping before a `%%` comment.
fn line_rest(c: &[char], i: usize) -> usize {
    let mut e = i;
    while e < c.len() && !is_eol(c[e]) && !at(c, e, "%%") {
        e += 1;
    }
    e
}

/// `ACC_DESCR`, `ACC_TITLE` or `TITLE` at `i` (leading blanks included), with its value.
fn title_or_acc(c: &[char], i: usize) -> Option<(Kind, usize)> {
    let mut k = i;
    while k < c.len() && is_blank(c[k]) {
        k += 1;
    }
    let text = |a: usize, b: usize| c[a..b].iter().collect::<String>();
    if at(c, k, "accDescr") {
        let mut m = k + 8;
        while m < c.len() && is_blank(c[m]) {
            m += 1;
        }
        if c.get(m) == Some(&':') {
            let e = line_rest(c, m + 1);
            return Some((Kind::AccDescr(collapse(&text(m + 1, e))), e));
        }
        let mut m = k + 8;
        while m < c.len() && c[m].is_whitespace() {
            m += 1;
        }
        if c.get(m) == Some(&'{') {
            let close = (m + 1..c.len()).find(|&j| c[j] == '}')?;
            let body = text(m + 1, close);
            let lines: Vec<String> = body
                .lines()
                .map(collapse)
                .filter(|l| !l.is_empty())
                .collect();
            return Some((Kind::AccDescr(lines.join("\n")), close + 1));
        }
        return None;
    }
    if at(c, k, "accTitle") {
        let mut m = k + 8;
        while m < c.len() && is_blank(c[m]) {
            m += 1;
        }
        if c.get(m) != Some(&':') {
            return None;
        }
        let e = line_rest(c, m + 1);
        return Some((Kind::AccTitle(collapse(&text(m + 1, e))), e));
    }
    if at(c, k, "title") {
        let m = k + 5;
        if c.get(m).is_some_and(|&ch| is_blank(ch)) {
            let e = line_rest(c, m);
            return Some((Kind::Title(collapse(&text(m, e))), e));
        }
        return Some((Kind::Title(String::new()), m));
    }
    None
}

/// `STRING: /"([^"\\]|\\.)*"|'([^'\\]|\\.)*'/`, its value unquoted with escapes resolved
/// (langium's `convertString`).
fn string(c: &[char], i: usize) -> Option<(Kind, usize)> {
    let q = c[i];
    let mut s = String::new();
    let mut k = i + 1;
    while k < c.len() {
        match c[k] {
            ch if ch == q => return Some((Kind::Str(s), k + 1)),
            '\\' => {
                let e = *c.get(k + 1).filter(|e| !is_eol(**e))?;
                s.push(match e {
                    'b' => '\u{8}',
                    'f' => '\u{C}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'v' => '\u{B}',
                    '0' => '\0',
                    other => other,
                });
                k += 2;
            }
            ch => {
                s.push(ch);
                k += 1;
            }
        }
    }
    None
}
