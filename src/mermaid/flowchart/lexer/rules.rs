//! What each lexer rule matches: rule `r` at position `i` of the preprocessed text gives
//! the match length, following the regular expressions of Mermaid's `flow.jison` (and
//! their JavaScript semantics: `\s`, `\w`, `\b`, greedy runs with the backtracking they
//! would do). Which rules a state tries and what a match does is in the parent module.
//! Knows no tokens or states: only lengths of matches.

use super::Lx;
use super::unicode::is_unicode_text;
use crate::mermaid::common::preprocess::{is_js_space, is_word};

pub(super) fn is_link_id_char(ch: char) -> bool {
    !is_js_space(ch) && !matches!(ch, '"' | '[' | ']' | '(' | ')' | '{' | '}' | '|')
}

pub(super) fn next_index(c: &[char], pred: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut v = vec![usize::MAX; c.len() + 1];
    for i in (0..c.len()).rev() {
        v[i] = if pred(i) { i } else { v[i + 1] };
    }
    v
}

pub(super) fn lit(c: &[char], i: usize, s: &str) -> Option<usize> {
    let mut k = i;
    for ch in s.chars() {
        if k >= c.len() || c[k] != ch {
            return None;
        }
        k += 1;
    }
    Some(k - i)
}

/// `\b` at position i.
fn wb(c: &[char], i: usize) -> bool {
    let a = i > 0 && is_word(c[i - 1]);
    let b = i < c.len() && is_word(c[i]);
    a != b
}

fn kw(c: &[char], i: usize, s: &str) -> Option<usize> {
    let n = lit(c, i, s)?;
    if wb(c, i + n) { Some(n) } else { None }
}

fn ws_run(c: &[char], i: usize) -> usize {
    let mut k = i;
    while k < c.len() && is_js_space(c[k]) {
        k += 1;
    }
    k - i
}

fn run_while(c: &[char], i: usize, f: impl Fn(char) -> bool) -> usize {
    let mut k = i;
    while k < c.len() && f(c[k]) {
        k += 1;
    }
    k - i
}

/// `\s*[xo<]?` + body + `\s*` helper for link rules. `body` returns the body
/// length at a position, trying the optional prefix char both ways.
/// The body of a solid or thick link: two or more `stroke` characters, then an end marker
/// (`x`, `o`, `>`) or a third stroke character; length in characters.
fn stroke_run(c: &[char], p: usize, stroke: char) -> Option<usize> {
    let n = run_while(c, p, |ch| ch == stroke);
    if n < 2 {
        return None;
    }
    match c.get(p + n) {
        Some('x' | 'o' | '>') => Some(n + 1),
        _ if n >= 3 => Some(n),
        _ => None,
    }
}

/// The opening of a link with text (`-- text -->`, `== text ==>`, `-. text .->`): optional
/// white space, an optional start marker, the two-character `open`, white space.
fn link_start(c: &[char], i: usize, open: &str) -> Option<usize> {
    let mut p = i + ws_run(c, i);
    if matches!(c.get(p), Some('x' | 'o' | '<')) && lit(c, p + 1, open).is_some() {
        p += 1;
    }
    lit(c, p, open)?;
    let e = p + 2;
    Some(e + ws_run(c, e) - i)
}

fn link_rule(c: &[char], i: usize, body: impl Fn(usize) -> Option<usize>) -> Option<usize> {
    // \s* is greedy, but backtracking may give characters back only if they
    // are whitespace; link bodies never start with whitespace, so greedy is exact.
    let w = ws_run(c, i);
    let p = i + w;
    let mut best = None;
    if p < c.len()
        && matches!(c[p], 'x' | 'o' | '<')
        && let Some(n) = body(p + 1)
    {
        best = Some(p + 1 + n);
    }
    if best.is_none()
        && let Some(n) = body(p)
    {
        best = Some(p + n);
    }
    let e = best?;
    Some(e + ws_run(c, e) - i)
}

fn is_node_string_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '"'
                | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '.'
                | '`'
                | '?'
                | '\\'
                | '_'
                | '/'
        )
}

impl Lx<'_> {
    /// Tries rule `r` at `i`; returns the match length.
    pub(super) fn try_rule(&self, r: u8, i: usize) -> Option<usize> {
        let c = self.c;
        let at = |k: usize| -> Option<char> { c.get(k).copied() };
        match r {
            0 => {
                let n = lit(c, i, "accTitle")?;
                let w = ws_run(c, i + n);
                if at(i + n + w)? != ':' {
                    return None;
                }
                let e = i + n + w + 1;
                Some(e + ws_run(c, e) - i)
            }
            1 | 3 => Some(run_while(c, i, |ch| ch != '\n')),
            2 | 4 => {
                let n = lit(c, i, "accDescr")?;
                let w = ws_run(c, i + n);
                if at(i + n + w)? != if r == 2 { ':' } else { '{' } {
                    return None;
                }
                let e = i + n + w + 1;
                Some(e + ws_run(c, e) - i)
            }
            5 => (at(i)? == '}').then_some(1),
            6 => Some(run_while(c, i, |ch| ch != '}')),
            7 => lit(c, i, "@{"),
            8 | 9 | 23 | 24 | 118 => (at(i)? == '"').then_some(1),
            10 | 22 => nonzero(run_while(c, i, |ch| ch != '"')),
            11 => nonzero(run_while(c, i, |ch| ch != '}' && ch != '^' && ch != '"')),
            12 => (at(i)? == '}').then_some(1),
            13 => {
                let n = lit(c, i, "call")?;
                let w = ws_run(c, i + n);
                (w > 0).then_some(n + w)
            }
            14 => {
                if at(i)? != '(' {
                    return None;
                }
                let w = ws_run(c, i + 1);
                (at(i + 1 + w)? == ')').then_some(w + 2)
            }
            15 => (at(i)? == '(').then_some(1),
            16 => Some(run_while(c, i, |ch| ch != '(')),
            17 => (at(i)? == ')').then_some(1),
            18 => Some(run_while(c, i, |ch| ch != ')')),
            19 => nonzero(run_while(c, i, |ch| ch != '`' && ch != '"')),
            20 => lit(c, i, "`\""),
            21 => lit(c, i, "\"`"),
            25 => kw(c, i, "style"),
            26 => kw(c, i, "default"),
            27 => kw(c, i, "linkStyle"),
            28 => kw(c, i, "interpolate"),
            29 => kw(c, i, "classDef"),
            30 => kw(c, i, "class"),
            31 => {
                let n = lit(c, i, "href")?;
                is_js_space(at(i + n)?).then_some(n + 1)
            }
            32 => {
                let n = lit(c, i, "click")?;
                let w = ws_run(c, i + n);
                (w > 0).then_some(n + w)
            }
            33 => is_js_space(at(i)?).then_some(1),
            34 => Some(run_while(c, i, |ch| !is_js_space(ch))),
            35 => kw(c, i, "flowchart-elk"),
            36 => kw(c, i, "swimlane-beta"),
            37 => kw(c, i, "graph"),
            38 => kw(c, i, "flowchart"),
            39 => kw(c, i, "subgraph"),
            40 => {
                let n = kw(c, i, "end")?;
                Some(n + ws_run(c, i + n))
            }
            41 => kw(c, i, "_self"),
            42 => kw(c, i, "_blank"),
            43 => kw(c, i, "_parent"),
            44 => kw(c, i, "_top"),
            45 => {
                // (\r?\n)*\s*\n : longest whitespace prefix ending in '\n'
                let w = ws_run(c, i);
                (i..i + w).rev().find(|&k| c[k] == '\n').map(|k| k + 1 - i)
            }
            46..=51 => {
                let name = ["LR", "RL", "TB", "BT", "TD", "BR"][(r - 46) as usize];
                let w = ws_run(c, i);
                let n = kw(c, i + w, name)?;
                Some(w + n)
            }
            52..=54 => {
                let ch = ['<', '>', '^'][(r - 52) as usize];
                let w = ws_run(c, i);
                (at(i + w)? == ch).then_some(w + 1)
            }
            55 => {
                let w = ws_run(c, i);
                let n = kw(c, i + w, "v")?;
                Some(w + n)
            }
            56..=60 => {
                let name = ["TB", "BT", "RL", "LR", "TD"][(r - 56) as usize];
                // .*direction\s+NAME[^\n]* : some "direction" on this line
                let mut k = self.next_direction[i];
                if k == usize::MAX {
                    return None;
                }
                let le = self.line_end[i];
                while k < le {
                    if let Some(n) = lit(c, k, "direction") {
                        let w = run_while(c, k + n, is_js_space);
                        if w > 0 && lit(c, k + n + w, name).is_some() {
                            // [^\n]* to end of line
                            let e = i + run_while(c, i, |ch| ch != '\n');
                            return Some(e - i);
                        }
                    }
                    k = self.next_direction[k + 1];
                }
                None
            }
            61 => {
                // [^\s"[\](){}|]+@(?=[^{"]): the last valid '@' in the run
                let e = self.link_id_run_end[i];
                let k = self.prev_valid_at[e];
                if k != usize::MAX && k > i && k < e {
                    Some(k + 1 - i)
                } else {
                    None
                }
            }
            62 => nonzero(run_while(c, i, |ch| ch.is_ascii_digit())),
            63 | 104 => (at(i)? == '#').then_some(1),
            64 => lit(c, i, ":::"),
            65 => (at(i)? == ':').then_some(1),
            66 | 105 => (at(i)? == '&').then_some(1),
            67 => (at(i)? == ';').then_some(1),
            68 => (at(i)? == ',').then_some(1),
            69 | 103 => (at(i)? == '*').then_some(1),
            // --+[-xo>]: greedy dashes, then one of [-xo>] (backtrack one dash if needed)
            70 => link_rule(c, i, |p| stroke_run(c, p, '-')),
            71 => link_start(c, i, "--"),
            72 => {
                let ch = at(i)?;
                if ch != '-' {
                    return Some(1);
                }
                (at(i + 1) != Some('-')).then_some(1)
            }
            73 => link_rule(c, i, |p| stroke_run(c, p, '=')),
            74 => link_start(c, i, "=="),
            75 => (at(i)? != '=').then_some(1),
            76 => link_rule(c, i, |p| {
                // -?\.+-[xo>]?
                let mut k = p;
                if c.get(k) == Some(&'-') {
                    k += 1;
                }
                let d = run_while(c, k, |ch| ch == '.');
                if d == 0 {
                    return None;
                }
                k += d;
                if c.get(k) != Some(&'-') {
                    return None;
                }
                k += 1;
                if matches!(c.get(k), Some('x' | 'o' | '>')) {
                    k += 1;
                }
                Some(k - p)
            }),
            77 => link_start(c, i, "-."),
            78 => (at(i)? != '.').then_some(1),
            79 => {
                let w = ws_run(c, i);
                let n = run_while(c, i + w, |ch| ch == '~');
                if n < 3 {
                    return None;
                }
                let e = i + w + n;
                Some(e + ws_run(c, e) - i)
            }
            80 => {
                let a = at(i)?;
                (matches!(a, '-' | '/' | ')') && at(i + 1)? == ')').then_some(2)
            }
            81 => (!matches!(at(i)?, '(' | ')' | '[' | ']' | '{' | '}')).then_some(1),
            82 => lit(c, i, "(-"),
            83 => lit(c, i, "])"),
            84 => lit(c, i, "(["),
            85 => lit(c, i, "]]"),
            86 => lit(c, i, "[["),
            87 => lit(c, i, "[|"),
            88 | 99 => (at(i)? == '>').then_some(1),
            89 => lit(c, i, ")]"),
            90 => lit(c, i, "[("),
            91 => lit(c, i, ")))"),
            92 => lit(c, i, "((("),
            93 => {
                let a = at(i)?;
                (matches!(a, '\\' | '(' | '?' | '=' | ']') && at(i + 1)? == ']').then_some(2)
            }
            94 => lit(c, i, "/]"),
            95 => {
                let a = at(i)?;
                if a == '/' || a == '\\' {
                    return (at(i + 1) != Some(']')).then_some(1);
                }
                nonzero(run_while(c, i, |ch| {
                    !matches!(ch, '\\' | '[' | ']' | '(' | ')' | '{' | '}' | '/')
                }))
            }
            96 => lit(c, i, "[/"),
            97 => lit(c, i, "[\\"),
            98 => (at(i)? == '<').then_some(1),
            100 => (at(i)? == '^').then_some(1),
            101 => lit(c, i, "\\|"),
            102 => kw(c, i, "v"),
            106 => {
                let mut k = i;
                while let Some(ch) = at(k) {
                    let dash_ok = ch == '-'
                        && matches!(at(k + 1), Some(n) if n != '>' && n != '-' && n != '.');
                    if !(is_node_string_char(ch) || dash_ok) {
                        break;
                    }
                    k += 1;
                }
                nonzero(k - i)
            }
            107 => (at(i)? == '-').then_some(1),
            108 => is_unicode_text(at(i)?).then_some(1),
            109 | 110 => (at(i)? == '|').then_some(1),
            111 => (at(i)? == ')').then_some(1),
            112 => (at(i)? == '(').then_some(1),
            113 => (at(i)? == ']').then_some(1),
            114 => (at(i)? == '[').then_some(1),
            115 => (at(i)? == '}').then_some(1),
            116 => (at(i)? == '{').then_some(1),
            117 => nonzero(run_while(c, i, |ch| {
                !matches!(ch, '[' | ']' | '(' | ')' | '{' | '}' | '|' | '"')
            })),
            119 => {
                let n = run_while(c, i, |ch| ch == '\n' || ch == '\r');
                // (\r?\n)+ : stop at a trailing lone '\r'
                let mut e = i;
                let mut k = i;
                while k < i + n {
                    if c[k] == '\n' {
                        k += 1;
                        e = k;
                    } else if c[k] == '\r' && k + 1 < c.len() && c[k + 1] == '\n' {
                        k += 2;
                        e = k;
                    } else {
                        break;
                    }
                }
                nonzero(e - i)
            }
            120 => nonzero(run_while(c, i, |ch| {
                is_js_space(ch) && ch != '\n' && ch != '\r'
            })),
            121 => (i >= c.len()).then_some(0),
            _ => None,
        }
    }
}

fn nonzero(n: usize) -> Option<usize> {
    if n > 0 { Some(n) } else { None }
}
