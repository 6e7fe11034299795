//! The ER-diagram lexer: the rules of Mermaid 12.3's `erDiagram.jison` (`%lex` section,
//! case-insensitive, first matching rule wins as jison does without `flex`), with its
//! exclusive start conditions (`block`, `block_bq`, `style`, `acc_title`, `acc_descr`,
//! `acc_descr_multiline`) kept as a stack.
//!
//! The lexer needs no feedback from the grammar, so it runs ahead of the parser. A text
//! no rule matches ends the stream with [`T::Lexical`], which the parser reports when it
//! gets there (Mermaid's "Lexical error … Unrecognized text").

use super::model::Cardinality;
use crate::mermaid::common::preprocess::{is_js_space, is_word};

/// Token kinds, named after the grammar's terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum T {
    ErDiagram,
    Nl,
    /// A quoted name without `%`, `\` or control characters (`ENTITY_NAME`).
    EntityName,
    /// Any other quoted text (`WORD`).
    Word,
    BlockStart,
    BlockStop,
    Brkt,
    Comma,
    StyleSeparator,
    Colon,
    Sqs,
    Sqe,
    Style,
    ClassDef,
    Class,
    Subgraph,
    End,
    Card(Cardinality),
    /// `--`, `to` (true) or `..`, `.-`, `-.`, `optionally to` (false).
    Rel(bool),
    DecimalNum,
    /// A lone `1` that is not a cardinality (`ENTITY_ONE`).
    EntityOne,
    Num,
    UnicodeText,
    StyleText,
    Semi,
    AttributeKey,
    AttributeWord,
    Comment,
    AccTitle,
    AccTitleValue,
    AccDescr,
    AccDescrValue,
    AccDescrMultiline,
    /// `direction TB` etc. anywhere on a line (the rule's `.*direction\s+TB[^\n]*`).
    Dir(&'static str),
    /// One character no other rule takes (`.` → `yytext[0]`).
    Char(char),
    /// The grammar's `EOF` (the `$` rule of the initial condition).
    Eof,
    /// The end of the token stream (jison's `$end`).
    End1,
    /// No rule matches at `start`.
    Lexical,
}

/// One token: kind, text and its span in the preprocessed text (char indices, end
/// exclusive).
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) t: T,
    pub(crate) text: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum S {
    Initial,
    Block,
    BlockBq,
    Style,
    AccTitle,
    AccDescr,
    AccDescrMultiline,
}

/// Most tokens a source may give; longer inputs end in a lexical error, so a pathological
/// input cannot make the parser run for long.
const MAX_TOKENS: usize = 200_000;

/// Case-insensitive literal at `i`: its length.
fn lit(c: &[char], i: usize, s: &str) -> Option<usize> {
    let mut k = i;
    for ch in s.chars() {
        if k >= c.len() || !c[k].eq_ignore_ascii_case(&ch) {
            return None;
        }
        k += 1;
    }
    Some(k - i)
}

/// JavaScript `\b` after a match ending at `k` (whose last char is a word char).
fn boundary(c: &[char], k: usize) -> bool {
    k >= c.len() || !is_word(c[k])
}

/// Literal followed by a word boundary.
fn word(c: &[char], i: usize, s: &str) -> Option<usize> {
    lit(c, i, s).filter(|&n| boundary(c, i + n))
}

/// Count of chars from `i` satisfying `p`.
fn run(c: &[char], i: usize, p: impl Fn(char) -> bool) -> usize {
    c[i.min(c.len())..].iter().take_while(|&&x| p(x)).count()
}

fn is_line_term(ch: char) -> bool {
    matches!(ch, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// `([^\x00-\x7F]|\w|-|\*|\.)+` without the `.` when `dot` is false.
fn unicode_text(ch: char, dot: bool) -> bool {
    !ch.is_ascii() || is_word(ch) || ch == '-' || ch == '*' || (dot && ch == '.')
}

/// `.*direction\s+XX[^\n]*`: the length when some `direction XX` starts on this line.
fn direction(c: &[char], i: usize, dir: &str) -> Option<usize> {
    let line_end = i + run(c, i, |x| !is_line_term(x));
    (i..line_end).rev().find_map(|p| {
        let n = lit(c, p, "direction")?;
        let ws = run(c, p + n, is_js_space);
        if ws == 0 {
            return None;
        }
        let d = lit(c, p + n + ws, dir)?;
        let after = p + n + ws + d;
        Some(after + run(c, after, |x| x != '\n') - i)
    })
}

/// `([^\s]*)[~].*[~]([^\s]*)`: generic types such as `List~int~`.
fn generic(c: &[char], i: usize) -> Option<usize> {
    let w = run(c, i, |x| !is_js_space(x));
    (i..i + w).rev().filter(|&p| c[p] == '~').find_map(|p| {
        let line_end = p + 1 + run(c, p + 1, |x| !is_line_term(x));
        let q = (p + 1..line_end).rev().find(|&q| c[q] == '~')?;
        Some(q + 1 + run(c, q + 1, |x| !is_js_space(x)) - i)
    })
}

/// `[\*A-Za-z_\u00C0-\uFFFF][A-Za-z0-9\-\_\[\]\(\)\.,\u00C0-\uFFFF\*]*`.
fn attribute_word(c: &[char], i: usize) -> Option<usize> {
    let first = *c.get(i)?;
    if !(first == '*' || first.is_ascii_alphabetic() || first == '_' || first >= '\u{C0}') {
        return None;
    }
    let rest = run(c, i + 1, |x| {
        x.is_ascii_alphanumeric() || "-_[]().,*".contains(x) || x >= '\u{C0}'
    });
    Some(1 + rest)
}

/// A quoted text at `i`: its length, and whether it is an `ENTITY_NAME`
/// (`"[^"%\r\n\v\b\\]+"`) rather than a `WORD` (`"[^"]*"`).
fn quoted(c: &[char], i: usize) -> Option<(usize, bool)> {
    if c.get(i) != Some(&'"') {
        return None;
    }
    let close = (i + 1..c.len()).find(|&k| c[k] == '"')?;
    let inner = &c[i + 1..close];
    let name = !inner.is_empty()
        && !inner
            .iter()
            .any(|&x| matches!(x, '%' | '\r' | '\n' | '\u{0B}' | '\u{08}' | '\\'));
    Some((close + 1 - i, name))
}

/// The cardinality and relation rules (45–77 of the grammar), in their order.
fn card_or_rel(c: &[char], i: usize) -> Option<(usize, T)> {
    use Cardinality::*;
    let words: [(&str, T); 4] = [
        ("one or zero", T::Card(ZeroOrOne)),
        ("one or more", T::Card(OneOrMore)),
        ("one or many", T::Card(OneOrMore)),
        ("1+", T::Card(OneOrMore)),
    ];
    for (s, t) in words {
        let n = if s.ends_with('+') {
            lit(c, i, s)
        } else {
            word(c, i, s)
        };
        if let Some(n) = n {
            return Some((n, t));
        }
    }
    if let Some(n) = lit(c, i, "|o").filter(|&n| boundary(c, i + n)) {
        return Some((n, T::Card(ZeroOrOne)));
    }
    let more: [(&str, bool, T); 9] = [
        ("zero or one", true, T::Card(ZeroOrOne)),
        ("zero or more", true, T::Card(ZeroOrMore)),
        ("zero or many", true, T::Card(ZeroOrMore)),
        ("0+", false, T::Card(ZeroOrMore)),
        ("}o", true, T::Card(ZeroOrMore)),
        ("many(0)", false, T::Card(ZeroOrMore)),
        ("many(1)", false, T::Card(OneOrMore)),
        ("many", true, T::Card(ZeroOrMore)),
        ("}|", false, T::Card(OneOrMore)),
    ];
    for (s, b, t) in more {
        let n = if b { word(c, i, s) } else { lit(c, i, s) };
        if let Some(n) = n {
            return Some((n, t));
        }
    }
    if let Some(n) = word(c, i, "one").or_else(|| word(c, i, "only one")) {
        return Some((n, T::Card(OnlyOne)));
    }
    // [0-9]+\.[0-9]+
    let d = run(c, i, |x| x.is_ascii_digit());
    if d > 0 && c.get(i + d) == Some(&'.') {
        let f = run(c, i + d + 1, |x| x.is_ascii_digit());
        if f > 0 {
            return Some((d + 1 + f, T::DecimalNum));
        }
    }
    if c.get(i) == Some(&'1') {
        let ws = run(c, i + 1, is_js_space);
        let next = c.get(i + 1 + ws).copied();
        let lookahead = ws > 0
            && next.is_some_and(|x| {
                x.is_ascii_alphabetic() || "_\"'".contains(x) || x.is_ascii_digit()
            });
        let rel = ["--", "..", ".-", "-."]
            .iter()
            .any(|s| lit(c, i + 1, s).is_some());
        if lookahead || rel {
            return Some((1, T::Card(OnlyOne)));
        }
        if boundary(c, i + 1) {
            return Some((1, T::EntityOne));
        }
    }
    if d > 0 {
        return Some((d, T::Num));
    }
    let syms: [(&str, T); 4] = [
        ("||", T::Card(OnlyOne)),
        ("o|", T::Card(ZeroOrOne)),
        ("o{", T::Card(ZeroOrMore)),
        ("|{", T::Card(OneOrMore)),
    ];
    for (s, t) in syms {
        if let Some(n) = lit(c, i, s) {
            return Some((n, t));
        }
    }
    if lit(c, i, "u").is_some() && c.get(i + 1).is_some_and(|&x| ".-|".contains(x)) {
        return Some((1, T::Card(MdParent)));
    }
    let rels: [(&str, bool, bool); 6] = [
        ("..", false, false),
        ("--", false, true),
        ("to", true, true),
        ("optionally to", true, false),
        (".-", false, false),
        ("-.", false, false),
    ];
    for (s, b, ident) in rels {
        let n = if b { word(c, i, s) } else { lit(c, i, s) };
        if let Some(n) = n {
            return Some((n, T::Rel(ident)));
        }
    }
    None
}

/// One token of the initial condition at `i` (not at the end): length and kind, and the
/// condition to enter.
fn initial(c: &[char], i: usize) -> (usize, T, Option<S>) {
    if let Some(n) = lit(c, i, "accTitle") {
        let a = run(c, i + n, is_js_space);
        if c.get(i + n + a) == Some(&':') {
            let b = run(c, i + n + a + 1, is_js_space);
            return (n + a + 1 + b, T::AccTitle, Some(S::AccTitle));
        }
    }
    if let Some(n) = lit(c, i, "accDescr") {
        let a = run(c, i + n, is_js_space);
        if c.get(i + n + a) == Some(&':') {
            let b = run(c, i + n + a + 1, is_js_space);
            return (n + a + 1 + b, T::AccDescr, Some(S::AccDescr));
        }
        if c.get(i + n + a) == Some(&'{') {
            let b = run(c, i + n + a + 1, is_js_space);
            // No token: the text that follows is the value.
            return (n + a + 1 + b, T::Nl, Some(S::AccDescrMultiline));
        }
    }
    for d in ["TB", "BT", "RL", "LR"] {
        if let Some(n) = direction(c, i, d) {
            return (n, T::Dir(d), None);
        }
    }
    let ch = c[i];
    if matches!(ch, ' ' | '\t' | '\r') {
        return (run(c, i, |x| matches!(x, ' ' | '\t' | '\r')), T::Nl, None);
    }
    if ch == '\n' {
        return (run(c, i, |x| x == '\n'), T::Nl, None);
    }
    if let Some((n, name)) = quoted(c, i) {
        return (n, if name { T::EntityName } else { T::Word }, None);
    }
    if let Some(n) = word(c, i, "erDiagram") {
        return (n, T::ErDiagram, None);
    }
    match ch {
        '{' => return (1, T::BlockStart, Some(S::Block)),
        '#' => return (1, T::Brkt, None),
        ',' => return (1, T::Comma, None),
        ':' if lit(c, i, ":::").is_some() => return (3, T::StyleSeparator, None),
        ':' => return (1, T::Colon, None),
        '[' => return (1, T::Sqs, None),
        ']' => return (1, T::Sqe, None),
        _ => {}
    }
    if let Some(n) = word(c, i, "style") {
        return (n, T::Style, Some(S::Style));
    }
    if let Some(n) = word(c, i, "classDef") {
        return (n, T::ClassDef, Some(S::Style));
    }
    if let Some(n) = word(c, i, "class") {
        return (n, T::Class, None);
    }
    if let Some(n) = word(c, i, "subgraph") {
        return (n, T::Subgraph, None);
    }
    if let Some(n) = word(c, i, "end") {
        return (n + run(c, i + n, is_js_space), T::End, None);
    }
    if let Some((n, t)) = card_or_rel(c, i) {
        return (n, t, None);
    }
    let n = run(c, i, |x| unicode_text(x, true));
    if n > 0 {
        return (n, T::UnicodeText, None);
    }
    if is_line_term(ch) {
        // `\u2028`/`\u2029` are not ASCII, so UNICODE_TEXT took them; `\r` is white
        // space; nothing reaches here.
        return (1, T::Lexical, None);
    }
    (1, T::Char(ch), None)
}

/// Splits the preprocessed text `c` into tokens, ending with `Eof`/`End1` (or `Lexical`).
pub(crate) fn tokenize(c: &[char]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut stack = vec![S::Initial];
    let mut i = 0;
    let push = |out: &mut Vec<Token>, t: T, a: usize, b: usize| {
        out.push(Token {
            t,
            text: c[a..b].iter().collect(),
            start: a,
            end: b,
        });
    };
    loop {
        if out.len() > MAX_TOKENS {
            push(&mut out, T::Lexical, i, i);
            return out;
        }
        let s = *stack.last().unwrap_or(&S::Initial);
        if i >= c.len() {
            // Only the initial condition has the `$` rule; the others end in `$end`.
            if s == S::Initial {
                push(&mut out, T::Eof, i, i);
            }
            push(&mut out, T::End1, i, i);
            return out;
        }
        match s {
            S::Initial => {
                let (n, t, enter) = initial(c, i);
                if t == T::Lexical {
                    push(&mut out, t, i, i);
                    return out;
                }
                let skip = t == T::Nl && c[i] != '\n';
                if !skip {
                    push(&mut out, t, i, i + n);
                }
                if let Some(e) = enter {
                    stack.push(e);
                }
                i += n;
            }
            S::AccTitle | S::AccDescr => {
                let n = run(c, i, |x| x != '\n');
                let t = if s == S::AccTitle {
                    T::AccTitleValue
                } else {
                    T::AccDescrValue
                };
                push(&mut out, t, i, i + n);
                stack.pop();
                i += n;
            }
            S::AccDescrMultiline => {
                if c[i] == '}' {
                    stack.pop();
                    i += 1;
                    continue;
                }
                let n = run(c, i, |x| x != '}');
                push(&mut out, T::AccDescrMultiline, i, i + n);
                i += n;
            }
            S::Style => {
                let ch = c[i];
                if ch == '\n' {
                    let n = run(c, i, |x| x == '\n');
                    push(&mut out, T::Nl, i, i + n);
                    stack.pop();
                    i += n;
                    continue;
                }
                if is_js_space(ch) {
                    i += run(c, i, is_js_space);
                    continue;
                }
                let (n, t) = match ch {
                    ':' => (1, T::Colon),
                    ',' => (1, T::Comma),
                    '#' => (1, T::Brkt),
                    ';' => (1, T::Semi),
                    _ => {
                        let n = run(c, i, |x| unicode_text(x, false));
                        if n == 0 {
                            push(&mut out, T::Lexical, i, i);
                            return out;
                        }
                        (n, T::StyleText)
                    }
                };
                push(&mut out, t, i, i + n);
                i += n;
            }
            S::Block => {
                let ch = c[i];
                if is_js_space(ch) {
                    i += run(c, i, is_js_space);
                    continue;
                }
                let key = ["PK", "FK", "UK"].iter().find_map(|k| word(c, i, k));
                let (n, t) = if let Some(n) = key {
                    (n, T::AttributeKey)
                } else if let Some(n) = generic(c, i) {
                    (n, T::AttributeWord)
                } else if let Some(n) = attribute_word(c, i) {
                    (n, T::AttributeWord)
                } else if ch == '`' {
                    stack.push(S::BlockBq);
                    i += 1;
                    continue;
                } else if let Some((n, _)) = quoted(c, i) {
                    (n, T::Comment)
                } else if ch == '}' {
                    stack.pop();
                    (1, T::BlockStop)
                } else {
                    (1, T::Char(ch))
                };
                push(&mut out, t, i, i + n);
                i += n;
            }
            S::BlockBq => {
                if c[i] == '`' {
                    stack.pop();
                    i += 1;
                    continue;
                }
                let n = run(c, i, |x| x != '`');
                push(&mut out, T::AttributeWord, i, i + n);
                i += n;
            }
        }
    }
}
