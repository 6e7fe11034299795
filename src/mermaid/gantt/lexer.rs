//! The gantt lexer: the rules of Mermaid 12.3's `gantt.jison` `%lex` section, tried in the
//! grammar's order at each position (first match wins, case-insensitive), with its
//! exclusive states for `click`, `href "…"`, `call name(args)` and `accTitle`/`accDescr`.

use super::parse::is_space;

/// A token kind of `gantt.jison`, with the text its action keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum T {
    Gantt,
    /// Keyword statements: (keyword, text after `keyword ` as the grammar's `substr`).
    Keyword(&'static str, String),
    Weekday(String),
    Weekend(String),
    Date,
    AccTitle,
    AccTitleValue(String),
    AccDescr,
    AccDescrValue(String),
    AccDescrMultiline(String),
    AccDescription,
    Section(String),
    TaskTxt(String),
    TaskData(String),
    Colon,
    Click(String),
    Href(String),
    CallbackName(String),
    CallbackArgs(String),
    OpenDirective,
    Nl,
    Eof,
}

impl T {
    /// The grammar's name of the token, for messages.
    pub(crate) fn name(&self) -> String {
        match self {
            T::Gantt => "gantt".into(),
            T::Keyword(k, _) => (*k).into(),
            T::Weekday(d) => format!("weekday_{d}"),
            T::Weekend(d) => format!("weekend_{d}"),
            T::Date => "date".into(),
            T::AccTitle => "acc_title".into(),
            T::AccTitleValue(_) => "acc_title_value".into(),
            T::AccDescr => "acc_descr".into(),
            T::AccDescrValue(_) => "acc_descr_value".into(),
            T::AccDescrMultiline(_) => "acc_descr_multiline_value".into(),
            T::AccDescription => "accDescription".into(),
            T::Section(_) => "section".into(),
            T::TaskTxt(_) => "taskTxt".into(),
            T::TaskData(_) => "taskData".into(),
            T::Colon => "':'".into(),
            T::Click(_) => "click".into(),
            T::Href(_) => "href".into(),
            T::CallbackName(_) => "callbackname".into(),
            T::CallbackArgs(_) => "callbackargs".into(),
            T::OpenDirective => "open_directive".into(),
            T::Nl => "NL".into(),
            T::Eof => "EOF".into(),
        }
    }
}

/// A token with its span `[start, end)` in the preprocessed text (char indices).
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) t: T,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Initial,
    AccTitle,
    AccDescr,
    AccDescrMulti,
    Click,
    Href,
    CallbackName,
    CallbackArgs,
}

/// Case-insensitive ASCII prefix test at `i`.
fn kw(c: &[char], i: usize, word: &str) -> bool {
    let n = word.chars().count();
    i + n <= c.len()
        && c[i..i + n]
            .iter()
            .zip(word.chars())
            .all(|(a, b)| a.eq_ignore_ascii_case(&b))
}

fn run(c: &[char], i: usize, f: impl Fn(char) -> bool) -> usize {
    (i..c.len()).find(|&j| !f(c[j])).unwrap_or(c.len())
}

const KEYWORDS: [(&str, bool); 7] = [
    // (keyword, value may contain `#`)
    ("dateFormat", false),
    ("axisFormat", false),
    ("tickInterval", false),
    ("includes", false),
    ("excludes", false),
    ("todayMarker", true),
    ("accDescription", false),
];

/// Splits the preprocessed text into tokens, ending with one `Eof`.
pub(crate) fn tokenize(c: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut st = State::Initial;
    let mut i = 0;
    let push = |out: &mut Vec<Token>, t: T, s: usize, e: usize| {
        out.push(Token {
            t,
            start: s,
            end: e,
        })
    };
    let text = |a: usize, b: usize| -> String { c[a..b].iter().collect() };
    loop {
        match st {
            State::AccTitle | State::AccDescr => {
                let e = run(c, i, |x| x != '\n');
                let v = text(i, e);
                let t = if st == State::AccTitle {
                    T::AccTitleValue(v)
                } else {
                    T::AccDescrValue(v)
                };
                push(&mut out, t, i, e);
                i = e;
                st = State::Initial;
                continue;
            }
            State::AccDescrMulti => {
                if i < c.len() && c[i] == '}' {
                    i += 1;
                    st = State::Initial;
                } else {
                    let e = run(c, i, |x| x != '}');
                    if e == i {
                        push(&mut out, T::Eof, i, i);
                        return out;
                    }
                    push(&mut out, T::AccDescrMultiline(text(i, e)), i, e);
                    i = e;
                }
                continue;
            }
            State::Click => {
                if i < c.len() && is_space(c[i]) {
                    i += 1;
                    st = State::Initial;
                } else {
                    let e = run(c, i, |x| !is_space(x));
                    if e == i {
                        push(&mut out, T::Eof, i, i);
                        return out;
                    }
                    push(&mut out, T::Click(text(i, e)), i, e);
                    i = e;
                }
                continue;
            }
            State::Href => {
                if i < c.len() && c[i] == '"' {
                    i += 1;
                    st = State::Initial;
                } else {
                    let e = run(c, i, |x| x != '"');
                    if e == i {
                        push(&mut out, T::Eof, i, i);
                        return out;
                    }
                    push(&mut out, T::Href(text(i, e)), i, e);
                    i = e;
                }
                continue;
            }
            State::CallbackName => {
                if i < c.len() && c[i] == '(' {
                    let j = run(c, i + 1, is_space);
                    if j < c.len() && c[j] == ')' {
                        i = j + 1;
                        st = State::Initial;
                    } else {
                        i += 1;
                        st = State::CallbackArgs;
                    }
                } else {
                    let e = run(c, i, |x| x != '(');
                    if e == i {
                        push(&mut out, T::Eof, i, i);
                        return out;
                    }
                    push(&mut out, T::CallbackName(text(i, e)), i, e);
                    i = e;
                }
                continue;
            }
            State::CallbackArgs => {
                if i < c.len() && c[i] == ')' {
                    i += 1;
                    st = State::Initial;
                } else {
                    let e = run(c, i, |x| x != ')');
                    if e == i {
                        push(&mut out, T::Eof, i, i);
                        return out;
                    }
                    push(&mut out, T::CallbackArgs(text(i, e)), i, e);
                    i = e;
                }
                continue;
            }
            State::Initial => {}
        }
        if i >= c.len() {
            push(&mut out, T::Eof, i, i);
            return out;
        }
        let line_end = run(c, i, |x| x != '\n');
        // %%{
        if kw(c, i, "%%{") {
            push(&mut out, T::OpenDirective, i, i + 3);
            i += 3;
            continue;
        }
        if kw(c, i, "accTitle") {
            let j = run(c, i + 8, is_space);
            if j < c.len() && c[j] == ':' {
                let e = run(c, j + 1, is_space);
                push(&mut out, T::AccTitle, i, e);
                i = e;
                st = State::AccTitle;
                continue;
            }
        }
        if kw(c, i, "accDescr") {
            let j = run(c, i + 8, is_space);
            if j < c.len() && c[j] == ':' {
                let e = run(c, j + 1, is_space);
                push(&mut out, T::AccDescr, i, e);
                i = e;
                st = State::AccDescr;
                continue;
            }
            if j < c.len() && c[j] == '{' {
                i = run(c, j + 1, is_space);
                st = State::AccDescrMulti;
                continue;
            }
        }
        // Comments: `%%…`, `x%…` (any char but `}` before a `%`), `%…\n*`.
        if kw(c, i, "%%") {
            i = line_end;
            continue;
        }
        if c[i] != '}' && i + 1 < c.len() && c[i + 1] == '%' {
            i = run(c, i + 1, |x| x != '\n');
            continue;
        }
        if c[i] == '%' {
            i = run(c, line_end, |x| x == '\n');
            continue;
        }
        if c[i] == '\n' {
            let e = run(c, i, |x| x == '\n');
            push(&mut out, T::Nl, i, e);
            i = e;
            continue;
        }
        if is_space(c[i]) {
            i = run(c, i, is_space);
            continue;
        }
        if kw(c, i, "href") && i + 4 < c.len() && is_space(c[i + 4]) {
            let j = run(c, i + 4, is_space);
            if j < c.len() && c[j] == '"' {
                i = j + 1;
                st = State::Href;
                continue;
            }
        }
        if kw(c, i, "call") && i + 4 < c.len() && is_space(c[i + 4]) {
            i = run(c, i + 4, is_space);
            st = State::CallbackName;
            continue;
        }
        if kw(c, i, "click") && i + 5 < c.len() && is_space(c[i + 5]) {
            i = run(c, i + 5, is_space);
            st = State::Click;
            continue;
        }
        if kw(c, i, "gantt") {
            push(&mut out, T::Gantt, i, i + 5);
            i += 5;
            continue;
        }
        if let Some((t, e)) = keyword(c, i) {
            push(&mut out, t, i, e);
            i = e;
            continue;
        }
        // \d\d\d\d-\d\d-\d\d
        let d = |k: usize| c.get(i + k).is_some_and(char::is_ascii_digit);
        if d(0)
            && d(1)
            && d(2)
            && d(3)
            && c.get(i + 4) == Some(&'-')
            && d(5)
            && d(6)
            && c.get(i + 7) == Some(&'-')
            && d(8)
            && d(9)
        {
            push(&mut out, T::Date, i, i + 10);
            i += 10;
            continue;
        }
        if let Some(e) = word_line(c, i, "title") {
            push(&mut out, T::Keyword("title", text(i + 6, e)), i, e);
            i = e;
            continue;
        }
        if let Some(e) = word_value(c, i, "accDescription", false) {
            push(&mut out, T::AccDescription, i, e);
            i = e;
            continue;
        }
        if let Some(e) = word_line(c, i, "section") {
            push(&mut out, T::Section(text(i + 8, e)), i, e);
            i = e;
            continue;
        }
        if c[i] != ':' {
            let e = run(c, i, |x| x != ':' && x != '\n');
            push(&mut out, T::TaskTxt(text(i, e)), i, e);
            i = e;
            continue;
        }
        let e = run(c, i + 1, |x| x != '#' && x != '\n' && x != ';');
        if e > i + 1 {
            push(&mut out, T::TaskData(text(i, e)), i, e);
            i = e;
        } else {
            push(&mut out, T::Colon, i, i + 1);
            i += 1;
        }
    }
}

/// `"word"\s[^\n]+`: end of the match.
fn word_line(c: &[char], i: usize, word: &str) -> Option<usize> {
    let n = word.len();
    if !kw(c, i, word) || !c.get(i + n).is_some_and(|&x| is_space(x)) {
        return None;
    }
    let e = run(c, i + n + 1, |x| x != '\n');
    (e > i + n + 1).then_some(e)
}

/// `"word"\s[^#\n;]+` (or `[^\n;]+` when `hash_ok`): end of the match.
fn word_value(c: &[char], i: usize, word: &str, hash_ok: bool) -> Option<usize> {
    let n = word.len();
    if !kw(c, i, word) || !c.get(i + n).is_some_and(|&x| is_space(x)) {
        return None;
    }
    let e = run(c, i + n + 1, |x| {
        x != '\n' && x != ';' && (hash_ok || x != '#')
    });
    (e > i + n + 1).then_some(e)
}

/// The keyword statements between `gantt` and `date` in the grammar's order.
fn keyword(c: &[char], i: usize) -> Option<(T, usize)> {
    let text = |a: usize, b: usize| -> String { c[a..b].iter().collect() };
    let (name, hash) = KEYWORDS[0];
    if let Some(e) = word_value(c, i, name, hash) {
        return Some((T::Keyword("dateFormat", text(i + 11, e)), e));
    }
    if kw(c, i, "inclusiveEndDates") {
        return Some((T::Keyword("inclusiveEndDates", String::new()), i + 17));
    }
    if kw(c, i, "topAxis") {
        return Some((T::Keyword("topAxis", String::new()), i + 7));
    }
    for (name, hash) in &KEYWORDS[1..6] {
        if let Some(e) = word_value(c, i, name, *hash) {
            let skip = name.len() + 1;
            return Some((T::Keyword(name, text(i + skip, e)), e));
        }
    }
    for (kind, days) in [
        (
            "weekday",
            &[
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ][..],
        ),
        ("weekend", &["friday", "saturday"][..]),
    ] {
        if kw(c, i, kind) && c.get(i + 7).is_some_and(|&x| is_space(x)) {
            let j = run(c, i + 7, is_space);
            for d in days {
                if kw(c, j, d) {
                    let t = if kind == "weekday" {
                        T::Weekday((*d).into())
                    } else {
                        T::Weekend((*d).into())
                    };
                    return Some((t, j + d.len()));
                }
            }
        }
    }
    None
}
