//! The state-diagram lexer: the rules of Mermaid's `stateDiagram.jison` (`%lex` section,
//! case-insensitive, first matching rule wins, as jison does without `flex`), with its
//! exclusive start conditions kept as a stack (`STATE`, `struct`, `NOTE`, `CLASSDEF`, …).
//!
//! The lexer runs ahead of the parser on its own, as jison's does: it needs no feedback
//! from the grammar. A text no rule matches ends the stream with [`T::Lexical`], which the
//! parser reports when it gets there (Mermaid's "Lexical error … Unrecognized text").

use crate::mermaid::common::preprocess::{is_js_space, is_word};

/// Token kinds, named after the grammar's terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum T {
    Click,
    Href,
    Str,
    Default,
    Dir(&'static str),
    Nl,
    Scale,
    Width,
    AccTitle,
    AccTitleValue,
    AccDescr,
    AccDescrValue,
    AccDescrMultiline,
    ClassDef,
    DefaultClassDefId,
    ClassDefId,
    ClassDefStyleOpts,
    Class,
    ClassEntityIds,
    StyleClass,
    Style,
    StyleIds,
    StyleDefStyleOpts,
    Fork,
    Join,
    Choice,
    StateDescr,
    As,
    Id,
    CompositState,
    StructStart,
    StructStop,
    Note,
    LeftOf,
    RightOf,
    NoteText,
    Sd,
    HideEmpty,
    EdgeState,
    Descr,
    Arrow,
    Concurrent,
    StyleSeparator,
    Invalid,
    Eof,
    /// No rule matches at `start`.
    Lexical,
}

/// One token: kind, text (after the rule's action) and its span in the preprocessed text
/// (char indices, end exclusive).
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
    State,
    StateString,
    StateId,
    Scale,
    AccTitle,
    AccDescr,
    AccDescrMultiline,
    ClassDef,
    ClassDefId,
    Class,
    ClassStyle,
    Style,
    StyleDefStyles,
    Note,
    NoteId,
    NoteText,
    FloatingNote,
    FloatingNoteId,
    Struct,
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

/// Count of chars from `i` satisfying `p`.
fn run(c: &[char], i: usize, p: impl Fn(char) -> bool) -> usize {
    c[i.min(c.len())..].iter().take_while(|&&x| p(x)).count()
}

/// Literal `s` then `\s+`.
fn lit_ws(c: &[char], i: usize, s: &str) -> Option<usize> {
    let n = lit(c, i, s)?;
    let w = run(c, i + n, is_js_space);
    (w > 0).then_some(n + w)
}

fn line_end(c: &[char], i: usize) -> usize {
    i + run(c, i, |x| x != '\n')
}

/// `.*direction\s+XX[^\n]*`: the rest of the line when it holds the phrase (the `\s+` may
/// cross line ends, as in JavaScript).
fn direction_rule(c: &[char], i: usize, d: &str) -> Option<usize> {
    let le = line_end(c, i);
    for p in i..le {
        if let Some(n) = lit(c, p, "direction") {
            let w = run(c, p + n, is_js_space);
            if w > 0 && lit(c, p + n + w, d).is_some() {
                let e = p + n + w + 2;
                return Some(line_end(c, e) - i);
            }
        }
    }
    None
}

/// `.*"<<kw>>"`: up to the last occurrence on the line.
fn last_on_line(c: &[char], i: usize, s: &str) -> Option<usize> {
    let le = line_end(c, i);
    let n = s.chars().count();
    (i..le)
        .rev()
        .find(|&p| p + n <= le && lit(c, p, s).is_some())
        .map(|p| p + n - i)
}

fn id_char(x: char) -> bool {
    !(x == ':' || x == '\n' || is_js_space(x) || x == '-' || x == '{')
}

/// `\s*":"(?:[^:\n;]|":"[^:\n;])+`
fn descr_rule(c: &[char], i: usize) -> Option<usize> {
    let mut k = i + run(c, i, is_js_space);
    if c.get(k) != Some(&':') {
        return None;
    }
    k += 1;
    let plain = |x: char| x != ':' && x != '\n' && x != ';';
    let start = k;
    loop {
        match c.get(k) {
            Some(&x) if plain(x) => k += 1,
            Some(&':') if c.get(k + 1).is_some_and(|&y| plain(y)) => k += 2,
            _ => break,
        }
    }
    (k > start).then_some(k - i)
}

/// Tokenizes the preprocessed text `c`. The stream ends with [`T::Eof`] or
/// [`T::Lexical`].
pub(crate) fn tokenize(c: &[char]) -> Vec<Token> {
    let mut lx = Lexer {
        c,
        i: 0,
        stack: vec![S::Initial],
        out: Vec::new(),
        done: false,
    };
    lx.run();
    lx.out
}

struct Lexer<'a> {
    c: &'a [char],
    i: usize,
    stack: Vec<S>,
    out: Vec<Token>,
    done: bool,
}

impl Lexer<'_> {
    fn top(&self) -> S {
        *self.stack.last().unwrap_or(&S::Initial)
    }
    fn push(&mut self, s: S) {
        self.stack.push(s);
    }
    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        } else {
            self.stack[0] = S::Initial;
        }
    }
    fn emit(&mut self, t: T, n: usize) {
        let text: String = self.c[self.i..self.i + n].iter().collect();
        self.emit_text(t, n, text);
    }
    fn emit_text(&mut self, t: T, n: usize, text: String) {
        self.out.push(Token {
            t,
            text,
            start: self.i,
            end: self.i + n,
        });
        self.i += n;
    }

    fn run(&mut self) {
        while !self.done {
            if self.out.len() >= MAX_TOKENS {
                self.emit_text(T::Lexical, 0, String::new());
                return;
            }
            self.step();
        }
    }

    /// jison's `processId`: an id holding `%%` ends before it (the rest is lexed again);
    /// an id starting with it is skipped. Returns the id's length, or `None` to skip.
    fn process_id(&self, n: usize) -> (usize, bool) {
        let s = &self.c[self.i..self.i + n];
        match (0..n.saturating_sub(1)).find(|&k| s[k] == '%' && s[k + 1] == '%') {
            Some(0) => (n, false),
            Some(k) => (k, true),
            None => (n, true),
        }
    }

    fn emit_id(&mut self, t: T, n: usize) -> bool {
        let (n, keep) = self.process_id(n);
        if keep {
            self.emit(t, n);
        } else {
            self.i += n;
        }
        keep
    }

    fn step(&mut self) {
        let c = self.c;
        let i = self.i;
        let at_end = i >= c.len();
        let st = self.top();
        use S::*;
        let in_main = matches!(st, Initial | Struct);
        // rules in grammar order; each `if` is one rule (or a group with one action)
        if st == Initial {
            if let Some(n) = lit(c, i, "click") {
                return self.emit(T::Click, n);
            }
            if let Some(n) = lit(c, i, "href") {
                return self.emit(T::Href, n);
            }
            if c.get(i) == Some(&'"')
                && let Some(q) = (i + 1..c.len()).find(|&k| c[k] == '"')
            {
                return self.emit(T::Str, q + 1 - i);
            }
            if let Some(n) = lit(c, i, "default") {
                return self.emit(T::Default, n);
            }
            for d in ["TB", "BT", "RL", "LR"] {
                if let Some(n) = direction_rule(c, i, d) {
                    return self.emit(T::Dir(d), n);
                }
            }
            let nl = run(c, i, |x| x == '\n');
            if nl > 0 {
                return self.emit(T::Nl, nl);
            }
            let ws = run(c, i, is_js_space);
            if ws > 0 {
                self.i += ws;
                return;
            }
        }
        if matches!(st, State | Struct) {
            let ws = run(c, i, |x| x != '\n' && is_js_space(x));
            if ws > 0 {
                self.i += ws;
                return;
            }
        }
        if matches!(st, Initial | State | Struct) {
            if c.get(i) == Some(&'#') {
                self.i = line_end(c, i);
                return;
            }
            if lit(c, i, "%%").is_some() && c.get(i + 2) != Some(&'{') {
                self.i = line_end(c, i);
                return;
            }
        }
        match st {
            Initial => {
                if let Some(n) = lit_ws(c, i, "scale") {
                    self.push(Scale);
                    return self.emit(T::Scale, n);
                }
                if let Some(n) = lit(c, i, "accTitle") {
                    let w = run(c, i + n, is_js_space);
                    if c.get(i + n + w) == Some(&':') {
                        let w2 = run(c, i + n + w + 1, is_js_space);
                        self.push(AccTitle);
                        return self.emit(T::AccTitle, n + w + 1 + w2);
                    }
                }
                if let Some(n) = lit(c, i, "accDescr") {
                    let w = run(c, i + n, is_js_space);
                    if c.get(i + n + w) == Some(&':') {
                        let w2 = run(c, i + n + w + 1, is_js_space);
                        self.push(AccDescr);
                        return self.emit(T::AccDescr, n + w + 1 + w2);
                    }
                    if c.get(i + n + w) == Some(&'{') {
                        let w2 = run(c, i + n + w + 1, is_js_space);
                        self.push(AccDescrMultiline);
                        self.i += n + w + 1 + w2;
                        return;
                    }
                }
            }
            Scale => {
                let d = run(c, i, |x| x.is_ascii_digit());
                if d > 0 {
                    return self.emit(T::Width, d);
                }
                let w = run(c, i, is_js_space);
                if w > 0
                    && let Some(n) = lit(c, i + w, "width")
                {
                    self.pop();
                    self.i += w + n;
                    return;
                }
            }
            AccTitle | AccDescr => {
                let n = line_end(c, i) - i;
                self.pop();
                let t = if st == AccTitle {
                    T::AccTitleValue
                } else {
                    T::AccDescrValue
                };
                return self.emit(t, n);
            }
            AccDescrMultiline => {
                if c.get(i) == Some(&'}') {
                    self.pop();
                    self.i += 1;
                    return;
                }
                let n = run(c, i, |x| x != '}');
                if n > 0 {
                    return self.emit(T::AccDescrMultiline, n);
                }
            }
            ClassDef => {
                if let Some(n) = lit_ws(c, i, "default") {
                    self.pop();
                    self.push(ClassDefId);
                    return self.emit(T::DefaultClassDefId, n);
                }
                let w = run(c, i, is_word);
                let s = run(c, i + w, is_js_space);
                if w > 0 && s > 0 {
                    self.pop();
                    self.push(ClassDefId);
                    return self.emit(T::ClassDefId, w + s);
                }
            }
            ClassDefId | ClassStyle | StyleDefStyles => {
                let n = line_end(c, i) - i;
                self.pop();
                let t = match st {
                    ClassDefId => T::ClassDefStyleOpts,
                    ClassStyle => T::StyleClass,
                    _ => T::StyleDefStyleOpts,
                };
                return self.emit(t, n);
            }
            Class => {
                // (\w+)+((","\s*\w+)*)
                let mut k = i + run(c, i, is_word);
                if k > i {
                    loop {
                        if c.get(k) != Some(&',') {
                            break;
                        }
                        let w = run(c, k + 1, is_js_space);
                        let n = run(c, k + 1 + w, is_word);
                        if n == 0 {
                            break;
                        }
                        k += 1 + w + n;
                    }
                    self.pop();
                    self.push(ClassStyle);
                    return self.emit(T::ClassEntityIds, k - i);
                }
            }
            Style => {
                let w = run(c, i, |x| is_word(x) || x == ',');
                let s = run(c, i + w, is_js_space);
                if w > 0 && s > 0 {
                    self.pop();
                    self.push(StyleDefStyles);
                    return self.emit(T::StyleIds, w + s);
                }
            }
            _ => {}
        }
        if in_main {
            if let Some(n) = lit_ws(c, i, "classDef") {
                self.push(ClassDef);
                return self.emit(T::ClassDef, n);
            }
            if let Some(n) = lit_ws(c, i, "class") {
                self.push(Class);
                return self.emit(T::Class, n);
            }
            if let Some(n) = lit_ws(c, i, "style") {
                self.push(Style);
                return self.emit(T::Style, n);
            }
            if let Some(n) = lit_ws(c, i, "state") {
                self.push(State);
                self.i += n;
                return;
            }
        }
        if st == State {
            for (kw, t, cut) in [
                ("<<fork>>", T::Fork, 8),
                ("<<join>>", T::Join, 8),
                ("<<choice>>", T::Choice, 10),
                ("[[fork]]", T::Fork, 8),
                ("[[join]]", T::Join, 8),
                ("[[choice]]", T::Choice, 10),
            ] {
                if let Some(n) = last_on_line(c, i, kw) {
                    self.pop();
                    let id: String = c[i..i + n - cut].iter().collect();
                    return self.emit_text(t, n, id.trim().to_string());
                }
            }
        }
        if st == Struct {
            for d in ["TB", "BT", "RL", "LR"] {
                if let Some(n) = direction_rule(c, i, d) {
                    return self.emit(T::Dir(d), n);
                }
            }
        }
        match st {
            State => {
                if c.get(i) == Some(&'"') {
                    self.push(StateString);
                    self.i += 1;
                    return;
                }
                let w = run(c, i, is_js_space);
                if let Some(n) = lit(c, i + w, "as") {
                    let w2 = run(c, i + w + n, is_js_space);
                    if w2 > 0 {
                        self.push(StateId);
                        return self.emit(T::As, w + n + w2);
                    }
                }
            }
            StateId => {
                let n = run(c, i, |x| x != '\n' && x != '{');
                if self.emit_id(T::Id, n) {
                    self.pop();
                }
                return;
            }
            StateString => {
                if c.get(i) == Some(&'"') {
                    self.pop();
                    self.i += 1;
                    return;
                }
                let n = run(c, i, |x| x != '"');
                if n > 0 {
                    return self.emit(T::StateDescr, n);
                }
            }
            _ => {}
        }
        if st == State {
            let n = run(c, i, |x| x != '\n' && !is_js_space(x) && x != '{');
            if n > 0 {
                return self.emit(T::CompositState, n);
            }
            if c.get(i) == Some(&'\n') {
                self.pop();
                self.i += 1;
                return;
            }
        }
        if matches!(st, Initial | State) && c.get(i) == Some(&'{') {
            self.pop();
            self.push(Struct);
            return self.emit(T::StructStart, 1);
        }
        if st == Struct {
            if c.get(i) == Some(&'}') {
                self.pop();
                return self.emit(T::StructStop, 1);
            }
            if c.get(i) == Some(&'\n') {
                self.i += 1;
                return;
            }
        }
        if in_main && let Some(n) = lit_ws(c, i, "note") {
            self.push(Note);
            return self.emit(T::Note, n);
        }
        match st {
            Note => {
                if let Some(n) = lit(c, i, "left of") {
                    self.pop();
                    self.push(NoteId);
                    return self.emit(T::LeftOf, n);
                }
                if let Some(n) = lit(c, i, "right of") {
                    self.pop();
                    self.push(NoteId);
                    return self.emit(T::RightOf, n);
                }
                if c.get(i) == Some(&'"') {
                    self.pop();
                    self.push(FloatingNote);
                    self.i += 1;
                    return;
                }
            }
            FloatingNote => {
                let w = run(c, i, is_js_space);
                if let Some(n) = lit(c, i + w, "as") {
                    let w2 = run(c, i + w + n, is_js_space);
                    self.pop();
                    self.push(FloatingNoteId);
                    return self.emit(T::As, w + n + w2);
                }
                if c.get(i) == Some(&'"') {
                    self.i += 1;
                    return;
                }
                let n = run(c, i, |x| x != '"');
                if n > 0 {
                    return self.emit(T::NoteText, n);
                }
            }
            FloatingNoteId => {
                let n = line_end(c, i) - i;
                if self.emit_id(T::Id, n) {
                    self.pop();
                }
                return;
            }
            NoteId => {
                let w = run(c, i, is_js_space);
                let n = run(c, i + w, |x| {
                    x != ':' && x != '\n' && !is_js_space(x) && x != '-'
                });
                if n > 0 {
                    if self.emit_id(T::Id, w + n) {
                        self.pop();
                        self.push(NoteText);
                    }
                    return;
                }
            }
            NoteText => {
                // \s*":"[^:\n;]+
                let w = run(c, i, is_js_space);
                if c.get(i + w) == Some(&':') {
                    let n = run(c, i + w + 1, |x| x != ':' && x != '\n' && x != ';');
                    if n > 0 {
                        let len = w + 1 + n;
                        let raw: String = c[i..i + len].iter().collect();
                        // Mermaid's `substr(2)`, which assumes one space before the colon
                        let text: String = raw.chars().skip(2).collect();
                        self.pop();
                        return self.emit_text(T::NoteText, len, text.trim().to_string());
                    }
                }
                // [\s\S]*?\n\s*"end note"
                let mut p = i;
                while p < c.len() {
                    if c[p] == '\n' {
                        let w = run(c, p + 1, is_js_space);
                        // `\s*` may hold further line ends; take the shortest that fits
                        let mut q = p + 1;
                        let mut found = None;
                        while q <= p + 1 + w {
                            if lit(c, q, "end note").is_some() {
                                found = Some(q + 8);
                                break;
                            }
                            q += 1;
                        }
                        if let Some(e) = found {
                            let raw: String = c[i..e - 8].iter().collect();
                            self.pop();
                            return self.emit_text(T::NoteText, e - i, raw.trim().to_string());
                        }
                    }
                    p += 1;
                }
            }
            _ => {}
        }
        if st == Initial {
            if let Some(n) = lit_ws(c, i, "stateDiagram") {
                return self.emit(T::Sd, n);
            }
            if let Some(n) = lit_ws(c, i, "stateDiagram-v2") {
                return self.emit(T::Sd, n);
            }
            if let Some(n) = lit(c, i, "hide empty description") {
                return self.emit(T::HideEmpty, n);
            }
        }
        if in_main {
            if let Some(n) = lit(c, i, "[*]") {
                return self.emit(T::EdgeState, n);
            }
            let n = run(c, i, id_char);
            if n > 0 {
                self.emit_id(T::Id, n);
                return;
            }
            if let Some(n) = descr_rule(c, i) {
                let text: String = c[i..i + n].iter().collect();
                return self.emit_text(T::Descr, n, text.trim().to_string());
            }
            if let Some(n) = lit(c, i, "-->") {
                return self.emit(T::Arrow, n);
            }
            if st == Struct
                && let Some(n) = lit(c, i, "--")
            {
                return self.emit(T::Concurrent, n);
            }
            if let Some(n) = lit(c, i, ":::") {
                return self.emit(T::StyleSeparator, n);
            }
        }
        if at_end {
            if st == Initial {
                // <<EOF>> gives NL once, then the end
                self.emit_text(T::Nl, 0, String::new());
            }
            self.emit_text(T::Eof, 0, String::new());
            self.done = true;
            return;
        }
        if st == Initial {
            return self.emit(T::Invalid, 1);
        }
        self.emit_text(T::Lexical, 0, String::new());
        self.done = true;
    }
}
