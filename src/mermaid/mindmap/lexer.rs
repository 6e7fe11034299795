//! The mindmap lexer: the `%lex` section of Mermaid 12.3's `mindmap.jison`, rule for rule
//! and in its order (jison takes the first rule that matches, not the longest), with its
//! start conditions `NODE`, `NSTR` (`"…"`), `NSTR2` (`` "`…`" ``), `ICON` and `CLASS`.
//!
//! Works on the preprocessed text (front matter, directives and `%%` comment lines already
//! removed); a token's `pos` indexes that text. The grammar is case-insensitive, so
//! `MINDMAP` and `::ICON(` are keywords too. White space is JavaScript's `\s`.

use crate::mermaid::common::preprocess::is_js_space;

/// A token kind of the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum T {
    /// `mindmap`.
    Mindmap,
    /// A line holding only white space or a `%%` comment.
    SpaceLine,
    /// Newlines.
    Nl,
    /// Indentation (white space without a newline); its length is the node's level.
    SpaceList,
    /// A node's id (or id-and-text when it has no brackets).
    NodeId,
    /// An opening bracket: `[`, `(`, `((`, `)`, `))`, `{{`, `-)`, `(-`.
    NodeDStart,
    /// Text inside the brackets.
    NodeDescr,
    /// A closing bracket.
    NodeDEnd,
    /// The name inside `::icon(…)`.
    Icon,
    /// The classes after `:::`.
    Class,
    /// End of input.
    Eof,
}

/// One token: kind, text and start index in the preprocessed text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) t: T,
    pub(crate) text: String,
    pub(crate) pos: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cond {
    Node,
    NStr,
    NStr2,
    Icon,
    Class,
}

fn starts(c: &[char], i: usize, s: &str) -> bool {
    let mut k = i;
    for x in s.chars() {
        match c.get(k) {
            Some(y) if y.to_lowercase().eq(x.to_lowercase()) => k += 1,
            _ => return false,
        }
    }
    true
}

/// Length of `[\s]+[\n]` at `i` (the longest white-space run ending in a newline).
fn space_line(c: &[char], i: usize) -> usize {
    let mut k = i;
    let mut last_nl = None;
    while k < c.len() && is_js_space(c[k]) {
        if c[k] == '\n' && k > i {
            last_nl = Some(k);
        }
        k += 1;
    }
    last_nl.map_or(0, |n| n + 1 - i)
}

/// Length of `\s*%%.*` at `i`.
fn comment(c: &[char], i: usize) -> usize {
    let mut k = i;
    while k < c.len() && is_js_space(c[k]) {
        k += 1;
    }
    // `\s*` backtracks: the `%%` may follow any prefix of the run, but only its end can
    // be followed by `%`.
    if starts(c, k, "%%") {
        let mut e = k + 2;
        while e < c.len() && c[e] != '\n' {
            e += 1;
        }
        e - i
    } else {
        0
    }
}

fn run(c: &[char], i: usize, ok: impl Fn(char) -> bool) -> usize {
    c[i..].iter().take_while(|&&x| ok(x)).count()
}

/// Tokenizes the preprocessed text `c`. A character no rule matches ends the list with
/// `Err(index)` (jison's "Lexical error … Unrecognized text").
pub(crate) fn tokenize(c: &[char]) -> Result<Vec<Token>, usize> {
    let mut out = Vec::new();
    let mut stack: Vec<Cond> = Vec::new();
    let mut i = 0;
    let push = |t: T, a: usize, b: usize, out: &mut Vec<Token>| {
        out.push(Token {
            t,
            text: c[a..b].iter().collect(),
            pos: a,
        });
    };
    while i < c.len() {
        let ch = c[i];
        match stack.last().copied() {
            None => {
                let n = comment(c, i);
                if n > 0 {
                    push(T::SpaceLine, i, i + n, &mut out);
                    i += n;
                } else if starts(c, i, "mindmap") {
                    push(T::Mindmap, i, i + 7, &mut out);
                    i += 7;
                } else if starts(c, i, ":::") {
                    stack.push(Cond::Class);
                    i += 3;
                } else if starts(c, i, "::icon(") {
                    stack.push(Cond::Icon);
                    i += 7;
                } else if space_line(c, i) > 0 {
                    let n = space_line(c, i);
                    push(T::SpaceLine, i, i + n, &mut out);
                    i += n;
                } else if ch == '\n' {
                    let n = run(c, i, |x| x == '\n');
                    push(T::Nl, i, i + n, &mut out);
                    i += n;
                } else if let Some(d) = ["-)", "(-", "))", ")", "((", "{{", "(", "["]
                    .iter()
                    .find(|d| starts(c, i, d))
                {
                    let n = d.chars().count();
                    push(T::NodeDStart, i, i + n, &mut out);
                    stack.push(Cond::Node);
                    i += n;
                } else if is_js_space(ch) {
                    let n = run(c, i, is_js_space);
                    push(T::SpaceList, i, i + n, &mut out);
                    i += n;
                } else {
                    let n = run(c, i, |x| !"([\n){}".contains(x));
                    if n == 0 {
                        return Err(i);
                    }
                    push(T::NodeId, i, i + n, &mut out);
                    i += n;
                }
            }
            Some(Cond::Class) => {
                stack.pop();
                let n = run(c, i, |x| x != '\n');
                if n > 0 {
                    push(T::Class, i, i + n, &mut out);
                    i += n;
                } else {
                    i += 1; // `<CLASS>\n` pops and is dropped
                }
            }
            Some(Cond::Icon) => {
                if ch == ')' {
                    stack.pop();
                    i += 1;
                } else {
                    let n = run(c, i, |x| x != ')');
                    push(T::Icon, i, i + n, &mut out);
                    i += n;
                }
            }
            Some(cond @ (Cond::NStr | Cond::NStr2)) => {
                // `"…"` ends at `"`; `` "`…`" `` at `` `" ``, and a lone `` ` `` or `"`
                // inside it matches no rule.
                let md = cond == Cond::NStr2;
                let close = if md { "`\"" } else { "\"" };
                if starts(c, i, close) {
                    stack.pop();
                    i += close.len();
                } else {
                    let n = run(c, i, |x| x != '"' && !(md && x == '`'));
                    if n == 0 {
                        return Err(i);
                    }
                    push(T::NodeDescr, i, i + n, &mut out);
                    i += n;
                }
            }
            Some(Cond::Node) => {
                if ch == '"' && c.get(i + 1) == Some(&'`') {
                    stack.push(Cond::NStr2);
                    i += 2;
                } else if ch == '"' {
                    stack.push(Cond::NStr);
                    i += 1;
                } else if let Some(d) = ["))", ")", "]", "}}", "(-", "-)", "((", "("]
                    .iter()
                    .find(|d| starts(c, i, d))
                {
                    let n = d.chars().count();
                    stack.pop();
                    push(T::NodeDEnd, i, i + n, &mut out);
                    i += n;
                } else {
                    let mut n = run(c, i, |x| !")](}".contains(x));
                    if n == 0 {
                        // `.+(?!\(\()`: the rest of the line.
                        n = run(c, i, |x| x != '\n');
                    }
                    if n == 0 {
                        return Err(i);
                    }
                    push(T::NodeDescr, i, i + n, &mut out);
                    i += n;
                }
            }
        }
    }
    // `<<EOF>>` is a rule of the initial condition only: input that ends inside brackets,
    // an icon or a string gives the parser's end marker without an `EOF` token.
    if stack.is_empty() {
        out.push(Token {
            t: T::Eof,
            text: String::new(),
            pos: c.len(),
        });
    }
    Ok(out)
}
