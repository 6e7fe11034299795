//! The class diagram lexer: Mermaid 12.3's `classDiagram.jison` lexical grammar, with its
//! start-condition stack (`string`, `generic`, `bqstring`, `class`, `class-body`,
//! `namespace`, `namespace-body`, `callback_*`, `acc_*`). As in jison, the first rule of
//! the current state that matches at the cursor wins (not the longest), so keywords such
//! as `note`, `link` or `o` (aggregation) are found inside longer words exactly where
//! Mermaid finds them.
//!
//! Produces [`Token`]s with char offsets into the preprocessed text; knows no grammar.

use crate::mermaid::common::preprocess::{is_js_space, is_word};

/// Token kinds of the jison grammar (terminal names in Mermaid's spelling, camel-cased).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum T {
    DirTb,
    DirBt,
    DirRl,
    DirLr,
    AccTitle,
    AccTitleValue,
    AccDescr,
    AccDescrValue,
    AccDescrMultilineValue,
    Newline,
    ClassDiagram,
    EdgeState,
    CallbackName,
    CallbackArgs,
    Str,
    Style,
    ClassDef,
    Namespace,
    StructStart,
    StructStop,
    EofInStruct,
    Class,
    OpenInStruct,
    Member,
    CssClass,
    Callback,
    Link,
    Click,
    NoteFor,
    Note,
    AnnotationStart,
    AnnotationEnd,
    Href,
    GenericType,
    BquoteStr,
    LinkTarget,
    Extension,
    Dependency,
    Composition,
    Aggregation,
    Lollipop,
    Line,
    DottedLine,
    Label,
    StyleSeparator,
    Minus,
    Dot,
    Plus,
    Colon,
    Comma,
    Brkt,
    Pct,
    Equals,
    Alpha,
    Sqs,
    Sqe,
    Punctuation,
    UnicodeText,
    Space,
    Eof,
    /// No rule matches here: jison lexes on demand, so this is an error only when the
    /// parser gets this far.
    Error,
}

/// One token: kind, matched text, and char offsets `[start, end)` in the lexed text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub kind: T,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A lexical error: no rule matches at char offset `pos`.
#[derive(Debug, Clone)]
struct LexError {
    pos: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum S {
    Initial,
    Str,
    BqStr,
    Generic,
    CallbackName,
    CallbackArgs,
    AccTitle,
    AccDescr,
    AccDescrMulti,
    Class,
    ClassBody,
    Namespace,
    NamespaceBody,
}

/// Upper bound on tokens, so a pathological input cannot exhaust memory.
const MAX_TOKENS: usize = 2_000_000;

/// Tokenizes the whole text, ending with an [`T::Eof`] token, or with a [`T::Error`]
/// token where no rule matches.
pub(crate) fn tokenize(c: &[char]) -> Vec<Token> {
    let mut lx = Lexer {
        c,
        stack: vec![S::Initial],
        out: Vec::new(),
    };
    if let Err(e) = lx.run() {
        lx.out.push(Token {
            kind: T::Error,
            text: c[e.pos.min(c.len())..].iter().take(20).collect(),
            start: e.pos,
            end: e.pos,
        });
    }
    lx.out
}

struct Lexer<'a> {
    c: &'a [char],
    stack: Vec<S>,
    out: Vec<Token>,
}

/// The non-ASCII letters Mermaid's `UNICODE_TEXT` class lists (Unicode letters).
fn is_unicode_text(ch: char) -> bool {
    !ch.is_ascii() && ch.is_alphabetic() && !is_js_space(ch)
}

impl Lexer<'_> {
    fn state(&self) -> S {
        *self.stack.last().unwrap_or(&S::Initial)
    }
    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        } else {
            // jison pops to INITIAL when the stack would empty
            self.stack[0] = S::Initial;
        }
    }
    fn push(&mut self, s: S) {
        self.stack.push(s);
    }
    fn at(&self, i: usize, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, ch)| self.c.get(i + k) == Some(&ch))
    }
    /// The end of the run of characters from `i` that satisfy `keep`.
    fn scan(&self, i: usize, keep: impl Fn(char) -> bool) -> usize {
        let mut k = i;
        while k < self.c.len() && keep(self.c[k]) {
            k += 1;
        }
        k
    }
    /// Inside a delimited state (string, generic, …): the closing `close` pops it, else
    /// the text up to `close` is one `kind` token. Returns the new cursor.
    fn delimited(&mut self, i: usize, close: char, kind: T) -> usize {
        if self.c[i] == close {
            self.pop();
            return i + 1;
        }
        let k = self.scan(i, |x| x != close);
        self.emit(kind, i, k);
        k
    }
    /// A rule that ends in a word character: jison appends `\b`, so the keyword must
    /// not run on into a word.
    fn kw(&self, i: usize, s: &str) -> bool {
        self.at(i, s)
            && !self
                .c
                .get(i + s.chars().count())
                .is_some_and(|&x| is_word(x))
    }
    fn emit(&mut self, kind: T, a: usize, b: usize) {
        let text: String = self.c[a..b].iter().collect();
        self.out.push(Token {
            kind,
            text,
            start: a,
            end: b,
        });
    }
    /// `\s*(\r?\n)+` at `i`: end of the match.
    fn newline_run(&self, i: usize) -> Option<usize> {
        let mut k = i;
        let mut last_nl = None;
        while k < self.c.len() && is_js_space(self.c[k]) {
            if self.c[k] == '\n' {
                last_nl = Some(k + 1);
            }
            k += 1;
        }
        last_nl
    }
    fn space_run(&self, i: usize) -> usize {
        let mut k = i;
        while k < self.c.len() && is_js_space(self.c[k]) {
            k += 1;
        }
        k
    }
    /// `.*direction\s+XX[^\n]*` at `i` for XX in order TB, BT, RL, LR.
    fn direction(&self, i: usize) -> Option<(T, usize)> {
        let mut line_end = i;
        while line_end < self.c.len() && self.c[line_end] != '\n' {
            line_end += 1;
        }
        let hay = &self.c[i..line_end];
        if hay.len() < 11
            || !hay
                .windows(9)
                .any(|w| w.iter().copied().eq("direction".chars()))
        {
            return None;
        }
        for (word, kind) in [
            ("TB", T::DirTb),
            ("BT", T::DirBt),
            ("RL", T::DirRl),
            ("LR", T::DirLr),
        ] {
            for k in (i..line_end).rev() {
                if !self.at(k, "direction") {
                    continue;
                }
                let s = k + 9;
                let e = self.space_run(s);
                if e > s && self.at(e, word) {
                    let mut end = e + 2;
                    while end < self.c.len() && self.c[end] != '\n' {
                        end += 1;
                    }
                    return Some((kind, end));
                }
            }
        }
        None
    }

    fn run(&mut self) -> Result<(), LexError> {
        let n = self.c.len();
        let mut i = 0;
        loop {
            if self.out.len() > MAX_TOKENS {
                return Err(LexError { pos: i });
            }
            let st = self.state();
            if i >= n {
                match st {
                    S::ClassBody | S::NamespaceBody => {
                        self.emit(T::EofInStruct, n, n);
                        // jison keeps returning it; the parser stops at the first
                    }
                    _ => {}
                }
                self.emit(T::Eof, n, n);
                return Ok(());
            }
            match self.step(st, i)? {
                Some(next) => i = next,
                None => return Err(LexError { pos: i }),
            }
        }
    }

    /// Tries the rules active in `st` at `i`; returns the new cursor (possibly equal to
    /// `i` after a state change), or `None` when nothing matches.
    fn step(&mut self, st: S, i: usize) -> Result<Option<usize>, LexError> {
        let c = self.c;
        let n = c.len();
        let ch = c[i];
        // ---- rules before the `<*>` block, by state
        match st {
            S::Initial => {
                if let Some((k, e)) = self.direction(i) {
                    self.emit(k, i, e);
                    return Ok(Some(e));
                }
                if self.at(i, "%%") {
                    let mut k = i + 2;
                    while k < n && c[k] != '\n' {
                        k += 1;
                    }
                    while k < n && (c[k] == '\n' || c[k] == '\r') {
                        k += 1;
                    }
                    return Ok(Some(k));
                }
                for (kw, st2, tok, open) in [
                    ("accTitle", S::AccTitle, T::AccTitle, ':'),
                    ("accDescr", S::AccDescr, T::AccDescr, ':'),
                    ("accDescr", S::AccDescrMulti, T::AccDescr, '{'),
                ] {
                    if self.at(i, kw) {
                        let k = self.space_run(i + kw.len());
                        if c.get(k) == Some(&open) {
                            let e = self.space_run(k + 1);
                            self.push(st2);
                            if open == ':' {
                                self.emit(tok, i, e);
                            }
                            return Ok(Some(e));
                        }
                    }
                }
                if let Some(e) = self.newline_run(i) {
                    self.emit(T::Newline, i, e);
                    return Ok(Some(e));
                }
                if is_js_space(ch) {
                    return Ok(Some(self.space_run(i)));
                }
                if self.kw(i, "classDiagram-v2") {
                    self.emit(T::ClassDiagram, i, i + 15);
                    return Ok(Some(i + 15));
                }
                if self.kw(i, "classDiagram") {
                    self.emit(T::ClassDiagram, i, i + 12);
                    return Ok(Some(i + 12));
                }
                if self.at(i, "[*]") {
                    self.emit(T::EdgeState, i, i + 3);
                    return Ok(Some(i + 3));
                }
                if self.at(i, "call") && c.get(i + 4).is_some_and(|&x| is_js_space(x)) {
                    let e = self.space_run(i + 4);
                    self.push(S::CallbackName);
                    return Ok(Some(e));
                }
            }
            S::AccTitle | S::AccDescr => {
                let k = self.scan(i, |x| x != '\n');
                self.pop();
                let kind = if st == S::AccTitle {
                    T::AccTitleValue
                } else {
                    T::AccDescrValue
                };
                self.emit(kind, i, k);
                return Ok(Some(k));
            }
            S::AccDescrMulti => {
                if ch == '}' {
                    self.pop();
                    return Ok(Some(i + 1));
                }
                let k = self.scan(i, |x| x != '}');
                self.emit(T::AccDescrMultilineValue, i, k);
                return Ok(Some(k));
            }
            S::CallbackName => {
                if ch == '(' {
                    let k = self.space_run(i + 1);
                    self.pop();
                    if c.get(k) == Some(&')') {
                        return Ok(Some(k + 1));
                    }
                    self.push(S::CallbackArgs);
                    return Ok(Some(i + 1));
                }
                let k = self.scan(i, |x| x != '(');
                self.emit(T::CallbackName, i, k);
                return Ok(Some(k));
            }
            S::CallbackArgs => {
                return Ok(Some(self.delimited(i, ')', T::CallbackArgs)));
            }
            S::Str => {
                return Ok(Some(self.delimited(i, '"', T::Str)));
            }
            _ => {}
        }
        if ch == '"' {
            self.push(S::Str);
            return Ok(Some(i + 1));
        }
        if st == S::Initial {
            if self.kw(i, "style") {
                self.emit(T::Style, i, i + 5);
                return Ok(Some(i + 5));
            }
            if self.kw(i, "classDef") {
                self.emit(T::ClassDef, i, i + 8);
                return Ok(Some(i + 8));
            }
        }
        if matches!(st, S::Initial | S::Namespace | S::NamespaceBody) && self.kw(i, "namespace") {
            self.push(S::Namespace);
            self.emit(T::Namespace, i, i + 9);
            return Ok(Some(i + 9));
        }
        match st {
            S::Namespace => {
                if let Some(e) = self.newline_run(i) {
                    self.pop();
                    self.emit(T::Newline, i, e);
                    return Ok(Some(e));
                }
                if is_js_space(ch) {
                    return Ok(Some(self.space_run(i)));
                }
                if ch == '{' {
                    self.push(S::NamespaceBody);
                    self.emit(T::StructStart, i, i + 1);
                    return Ok(Some(i + 1));
                }
                if ch == '}' {
                    // popState + less(0): the `}` is lexed again in the enclosing state
                    self.pop();
                    return Ok(Some(i));
                }
            }
            S::NamespaceBody => {
                if ch == '}' {
                    self.pop();
                    self.emit(T::StructStop, i, i + 1);
                    return Ok(Some(i + 1));
                }
                if let Some(e) = self.newline_run(i) {
                    self.emit(T::Newline, i, e);
                    return Ok(Some(e));
                }
                if is_js_space(ch) {
                    return Ok(Some(self.space_run(i)));
                }
                if self.at(i, "[*]") {
                    self.emit(T::EdgeState, i, i + 3);
                    return Ok(Some(i + 3));
                }
            }
            _ => {}
        }
        if matches!(st, S::Initial | S::NamespaceBody) && self.kw(i, "class") {
            self.push(S::Class);
            self.emit(T::Class, i, i + 5);
            return Ok(Some(i + 5));
        }
        match st {
            S::Class => {
                if let Some(e) = self.newline_run(i) {
                    self.pop();
                    self.emit(T::Newline, i, e);
                    return Ok(Some(e));
                }
                if is_js_space(ch) {
                    return Ok(Some(self.space_run(i)));
                }
                if ch == '}' {
                    self.pop();
                    self.pop();
                    self.emit(T::StructStop, i, i + 1);
                    return Ok(Some(i + 1));
                }
                if ch == '{' {
                    self.push(S::ClassBody);
                    self.emit(T::StructStart, i, i + 1);
                    return Ok(Some(i + 1));
                }
            }
            S::ClassBody => {
                if ch == '}' {
                    self.pop();
                    self.emit(T::StructStop, i, i + 1);
                    return Ok(Some(i + 1));
                }
                if self.at(i, "[*]") {
                    self.emit(T::EdgeState, i, i + 3);
                    return Ok(Some(i + 3));
                }
                if ch == '{' {
                    self.emit(T::OpenInStruct, i, i + 1);
                    return Ok(Some(i + 1));
                }
                if ch == '\n' {
                    return Ok(Some(i + 1));
                }
                let k = self.scan(i, |x| !matches!(x, '{' | '}' | '\n'));
                self.emit(T::Member, i, k);
                return Ok(Some(k));
            }
            _ => {}
        }
        // ---- the `<*>` block (and the INITIAL-only rules interleaved with it)
        for (kw, kind) in [
            ("cssClass", T::CssClass),
            ("callback", T::Callback),
            ("link", T::Link),
            ("click", T::Click),
            ("note for", T::NoteFor),
            ("note", T::Note),
            ("<<", T::AnnotationStart),
            (">>", T::AnnotationEnd),
            ("href", T::Href),
        ] {
            let word_end = kw.ends_with(|x: char| x.is_ascii_alphanumeric());
            if (word_end && self.kw(i, kw)) || (!word_end && self.at(i, kw)) {
                let e = i + kw.chars().count();
                self.emit(kind, i, e);
                return Ok(Some(e));
            }
        }
        if st == S::Generic {
            return Ok(Some(self.delimited(i, '~', T::GenericType)));
        }
        if ch == '~' {
            self.push(S::Generic);
            return Ok(Some(i + 1));
        }
        if st == S::BqStr {
            return Ok(Some(self.delimited(i, '`', T::BquoteStr)));
        }
        if ch == '`' {
            self.push(S::BqStr);
            return Ok(Some(i + 1));
        }
        for kw in ["_self", "_blank", "_parent", "_top"] {
            if self.kw(i, kw) {
                let e = i + kw.len();
                self.emit(T::LinkTarget, i, e);
                return Ok(Some(e));
            }
        }
        // `\s*` prefixed arrow heads
        let s = self.space_run(i);
        let arrow = if self.at(s, "<|") || self.at(s, "|>") {
            Some((T::Extension, s + 2))
        } else {
            match c.get(s) {
                Some('>') | Some('<') => Some((T::Dependency, s + 1)),
                Some('*') => Some((T::Composition, s + 1)),
                Some('o') if !c.get(s + 1).is_some_and(|&x| is_word(x)) => {
                    Some((T::Aggregation, s + 1))
                }
                Some('(') if c.get(s + 1) == Some(&')') => Some((T::Lollipop, s + 2)),
                _ => None,
            }
        };
        if let Some((k, e)) = arrow {
            self.emit(k, i, e);
            return Ok(Some(e));
        }
        if self.at(i, "--") {
            self.emit(T::Line, i, i + 2);
            return Ok(Some(i + 2));
        }
        if self.at(i, "..") {
            self.emit(T::DottedLine, i, i + 2);
            return Ok(Some(i + 2));
        }
        if ch == ':' {
            let mut k = i + 1;
            while k < n && !matches!(c[k], ':' | '\n' | ';') {
                k += 1;
            }
            if k > i + 1 {
                self.emit(T::Label, i, k);
                return Ok(Some(k));
            }
            if self.at(i, ":::") {
                self.emit(T::StyleSeparator, i, i + 3);
                return Ok(Some(i + 3));
            }
        }
        let single = match ch {
            '-' => Some(T::Minus),
            '.' => Some(T::Dot),
            '+' => Some(T::Plus),
            _ => None,
        };
        if let Some(k) = single {
            self.emit(k, i, i + 1);
            return Ok(Some(i + 1));
        }
        if st == S::Initial {
            let k = match ch {
                ':' => Some(T::Colon),
                ',' => Some(T::Comma),
                '#' => Some(T::Brkt),
                _ => None,
            };
            if let Some(k) = k {
                self.emit(k, i, i + 1);
                return Ok(Some(i + 1));
            }
        }
        if ch == '%' {
            self.emit(T::Pct, i, i + 1);
            return Ok(Some(i + 1));
        }
        if ch == '=' {
            self.emit(T::Equals, i, i + 1);
            return Ok(Some(i + 1));
        }
        if is_word(ch) {
            let k = self.scan(i, is_word);
            self.emit(T::Alpha, i, k);
            return Ok(Some(k));
        }
        if ch == '[' {
            self.emit(T::Sqs, i, i + 1);
            return Ok(Some(i + 1));
        }
        if ch == ']' {
            self.emit(T::Sqe, i, i + 1);
            return Ok(Some(i + 1));
        }
        if "!\"#$%&'*+,-.`?\\/".contains(ch) {
            self.emit(T::Punctuation, i, i + 1);
            return Ok(Some(i + 1));
        }
        if is_unicode_text(ch) {
            self.emit(T::UnicodeText, i, i + 1);
            return Ok(Some(i + 1));
        }
        if is_js_space(ch) {
            self.emit(T::Space, i, i + 1);
            return Ok(Some(i + 1));
        }
        Ok(None)
    }
}
