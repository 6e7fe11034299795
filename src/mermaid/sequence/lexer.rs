//! The sequence diagram lexer: the `%lex` section of Mermaid's `sequenceDiagram.jison`,
//! rule for rule and in its order (jison takes the first rule that matches, not the longest;
//! case-insensitive; literal rules ending in a word character get a trailing `\b`), with its
//! start conditions `ID`, `ALIAS`, `LINE`, `CONFIG` and the accessibility states.
//!
//! Works on the preprocessed text (chars) and gives tokens with their char ranges in it, so the
//! parser can report positions in the original source. Knows no grammar.

use crate::mermaid::common::preprocess::{is_js_space, is_word};

use super::model::Arrow;

/// Token kinds (the grammar's terminals).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum T {
    Newline,
    Num,
    ConfigStart,
    ConfigContent,
    ConfigEnd,
    Actor,
    Invalid,
    Box,
    Participant,
    ParticipantActor,
    Create,
    Destroy,
    As,
    Loop,
    Rect,
    Opt,
    Alt,
    Else,
    Par,
    ParOver,
    And,
    Critical,
    Option,
    Break,
    RestOfLine,
    End,
    LeftOf,
    RightOf,
    Links,
    Link,
    Properties,
    Details,
    Over,
    Note,
    Activate,
    Deactivate,
    Title,
    LegacyTitle,
    AccTitle,
    AccTitleValue,
    AccDescr,
    AccDescrValue,
    AccDescrMultilineValue,
    Sd,
    Autonumber,
    Off,
    Comma,
    Arrow(Arrow),
    Txt,
    Plus,
    Minus,
    Central,
    Eof,
    /// A lexical error at the token's start ("Unrecognized text").
    LexError,
}

/// A token: kind, text (trimmed where the grammar's action trims it) and char range.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) t: T,
    pub(crate) text: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Initial,
    Id,
    Alias,
    Line,
    Config,
    AccTitle,
    AccDescr,
    AccDescrMultiline,
}

/// Upper bound on tokens (the parser caps input size anyway; this keeps a pathological
/// empty-match loop impossible).
const MAX_TOKENS: usize = 1_000_000;

/// Lexes the whole text. The last token is `Eof` or `LexError`.
pub(crate) fn tokenize(c: &[char]) -> Vec<Token> {
    let mut lx = Lexer {
        c,
        i: 0,
        stack: vec![State::Initial],
        done: false,
    };
    let mut out = Vec::new();
    loop {
        let tok = lx.next();
        let stop = matches!(tok.t, T::Eof | T::LexError) || out.len() > MAX_TOKENS;
        out.push(tok);
        if stop {
            break;
        }
    }
    out
}

struct Lexer<'a> {
    c: &'a [char],
    i: usize,
    stack: Vec<State>,
    done: bool,
}

/// The half-arrow and cross/point spellings the INITIAL `ACTOR` rule refuses to run into.
const ACTOR_STOPS: &[&str] = &[
    "-x", "--x", "-)", "--)", "-|\\", "-\\", "-/", "-//", "-|/", "/|-", "\\|-", "//-", "\\\\-",
    "--|\\", "--", "()",
];

/// The arrow rules in the grammar's order.
const ARROWS: &[(&str, Arrow)] = &[
    ("->>", Arrow::Solid),
    ("<<->>", Arrow::BidirectionalSolid),
    ("-->>", Arrow::Dotted),
    ("<<-->>", Arrow::BidirectionalDotted),
    ("->", Arrow::SolidOpen),
    ("-->", Arrow::DottedOpen),
    ("-x", Arrow::SolidCross),
    ("--x", Arrow::DottedCross),
    ("-)", Arrow::SolidPoint),
    ("--)", Arrow::DottedPoint),
    ("--|\\", half(true, true, false, true)),
    ("--|/", half(true, false, false, true)),
    ("--\\\\", half(false, true, false, true)),
    ("--//", half(false, false, false, true)),
    ("/|--", half(true, true, true, true)),
    ("\\|--", half(true, false, true, true)),
    ("//--", half(false, true, true, true)),
    ("\\\\--", half(false, false, true, true)),
    ("-|\\", half(true, true, false, false)),
    ("-|/", half(true, false, false, false)),
    ("-\\\\", half(false, true, false, false)),
    ("-//", half(false, false, false, false)),
    ("/|-", half(true, true, true, false)),
    ("\\|-", half(true, false, true, false)),
    ("//-", half(false, true, true, false)),
    ("\\\\-", half(false, false, true, false)),
];

const fn half(solid: bool, top: bool, reverse: bool, dotted: bool) -> Arrow {
    Arrow::Half {
        solid,
        top,
        reverse,
        dotted,
    }
}

/// Keyword rules of INITIAL in order: (literal, token, next state).
const KEYWORDS: &[(&str, T, Option<State>)] = &[
    ("box", T::Box, Some(State::Line)),
    ("participant", T::Participant, Some(State::Id)),
    ("actor", T::ParticipantActor, Some(State::Id)),
    ("create", T::Create, None),
    ("destroy", T::Destroy, Some(State::Id)),
    ("loop", T::Loop, Some(State::Line)),
    ("rect", T::Rect, Some(State::Line)),
    ("opt", T::Opt, Some(State::Line)),
    ("alt", T::Alt, Some(State::Line)),
    ("else", T::Else, Some(State::Line)),
    ("par", T::Par, Some(State::Line)),
    ("par_over", T::ParOver, Some(State::Line)),
    ("and", T::And, Some(State::Line)),
    ("critical", T::Critical, Some(State::Line)),
    ("option", T::Option, Some(State::Line)),
    ("break", T::Break, Some(State::Line)),
    ("end", T::End, None),
    ("left of", T::LeftOf, None),
    ("right of", T::RightOf, None),
    ("links", T::Links, None),
    ("link", T::Link, None),
    ("properties", T::Properties, None),
    ("details", T::Details, None),
    ("over", T::Over, None),
    ("note", T::Note, None),
    ("activate", T::Activate, Some(State::Id)),
    ("deactivate", T::Deactivate, Some(State::Id)),
];

fn is_nl_break(c: char) -> bool {
    c == '\n'
}

impl<'a> Lexer<'a> {
    fn at(&self, k: usize) -> Option<char> {
        self.c.get(k).copied()
    }

    /// Case-insensitive literal at `k`.
    fn lit(&self, k: usize, s: &str) -> bool {
        let mut j = k;
        for ch in s.chars() {
            match self.at(j) {
                Some(c) if c.eq_ignore_ascii_case(&ch) => j += 1,
                _ => return false,
            }
        }
        true
    }

    /// A literal rule ending in a word character: the literal and `\b`.
    fn word(&self, k: usize, s: &str) -> bool {
        self.lit(k, s) && !self.at(k + s.chars().count()).is_some_and(is_word)
    }

    fn state(&self) -> State {
        *self.stack.last().unwrap_or(&State::Initial)
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    fn tok(&self, t: T, start: usize, end: usize, trim: bool) -> Token {
        let s: String = self.c[start..end].iter().collect();
        Token {
            t,
            text: if trim { s.trim().to_string() } else { s },
            start,
            end,
        }
    }

    fn next(&mut self) -> Token {
        loop {
            if self.done {
                return self.tok(T::Eof, self.i, self.i, false);
            }
            if self.i >= self.c.len() {
                self.done = true;
            }
            let start = self.i;
            let r = match self.state() {
                State::Initial => self.initial(),
                State::Id => self.id(),
                State::Alias => self.alias(),
                State::Line => self.line(),
                State::Config => self.config(),
                State::AccTitle | State::AccDescr => {
                    let e = self.line_end(start);
                    let t = if self.state() == State::AccTitle {
                        T::AccTitleValue
                    } else {
                        T::AccDescrValue
                    };
                    self.pop();
                    Some(Some((t, e, false)))
                }
                State::AccDescrMultiline => {
                    if self.at(start) == Some('}') {
                        self.pop();
                        self.i = start + 1;
                        Some(None)
                    } else {
                        let mut e = start;
                        while e < self.c.len() && self.c[e] != '}' {
                            e += 1;
                        }
                        Some(Some((T::AccDescrMultilineValue, e, false)))
                    }
                }
            };
            match r {
                // a skip rule matched (it moved `self.i`)
                Some(None) => continue,
                Some(Some((t, end, trim))) => {
                    self.i = end;
                    return self.tok(t, start, end, trim);
                }
                None => {
                    if start >= self.c.len() {
                        return self.tok(T::Eof, start, start, false);
                    }
                    return self.tok(T::LexError, start, start, false);
                }
            }
        }
    }

    fn line_end(&self, k: usize) -> usize {
        let mut e = k;
        while e < self.c.len() && self.c[e] != '\n' {
            e += 1;
        }
        e
    }

    /// Skip rules shared by ID, ALIAS and LINE: same-line white space and `#` comments.
    fn skip_inline(&mut self) -> bool {
        let s = self.i;
        let mut e = s;
        while e < self.c.len() && is_js_space(self.c[e]) && self.c[e] != '\n' {
            e += 1;
        }
        if e > s {
            self.i = e;
            return true;
        }
        if self.at(s) == Some('#') {
            self.i = self.line_end(s);
            return true;
        }
        false
    }

    /// `[^#\n;]*` from `k`.
    fn until_hash_nl_semi(&self, k: usize) -> usize {
        let mut e = k;
        while e < self.c.len() && !matches!(self.c[e], '#' | '\n' | ';') {
            e += 1;
        }
        e
    }

    /// One rule match in INITIAL: `Some(None)` for a skip, `Some(Some(..))` for a token.
    #[allow(clippy::type_complexity)]
    fn initial(&mut self) -> Option<Option<(T, usize, bool)>> {
        let s = self.i;
        let c = self.c;
        let Some(ch) = self.at(s) else {
            // <<EOF>>
            return Some(Some((T::Newline, s, false)));
        };
        if ch == '\n' {
            let mut e = s;
            while e < c.len() && c[e] == '\n' {
                e += 1;
            }
            return Some(Some((T::Newline, e, false)));
        }
        if is_js_space(ch) {
            let mut e = s;
            while e < c.len() && is_js_space(c[e]) {
                e += 1;
            }
            self.i = e;
            return Some(None);
        }
        if ch == '#' {
            self.i = self.line_end(s);
            return Some(None);
        }
        if self.lit(s, "%%") && self.at(s + 2) != Some('{') {
            self.i = self.line_end(s);
            return Some(None);
        }
        if ch != '}' && self.lit(s + 1, "%%") {
            self.i = self.line_end(s + 1);
            return Some(None);
        }
        if let Some(e) = self.num(s) {
            return Some(Some((T::Num, e, false)));
        }
        for &(kw, t, next) in KEYWORDS {
            if self.word(s, kw) {
                if let Some(st) = next {
                    self.stack.push(st);
                }
                return Some(Some((t, s + kw.chars().count(), false)));
            }
        }
        if let Some(e) = self.title(s, "title") {
            return Some(Some((T::Title, e, false)));
        }
        if let Some(e) = self.title(s, "title:") {
            return Some(Some((T::LegacyTitle, e, false)));
        }
        for (kw, sep, st, t) in [
            ("accTitle", ':', State::AccTitle, Some(T::AccTitle)),
            ("accDescr", ':', State::AccDescr, Some(T::AccDescr)),
            ("accDescr", '{', State::AccDescrMultiline, None),
        ] {
            if self.lit(s, kw) {
                let mut k = s + kw.len();
                while self.at(k).is_some_and(is_js_space) {
                    k += 1;
                }
                if self.at(k) == Some(sep) {
                    k += 1;
                    while self.at(k).is_some_and(is_js_space) {
                        k += 1;
                    }
                    self.stack.push(st);
                    match t {
                        Some(t) => return Some(Some((t, k, false))),
                        None => {
                            self.i = k;
                            return Some(None);
                        }
                    }
                }
            }
        }
        if self.word(s, "sequenceDiagram") {
            return Some(Some((T::Sd, s + 15, false)));
        }
        if self.word(s, "autonumber") {
            return Some(Some((T::Autonumber, s + 10, false)));
        }
        if self.word(s, "off") {
            return Some(Some((T::Off, s + 3, false)));
        }
        if ch == ',' {
            return Some(Some((T::Comma, s + 1, false)));
        }
        if ch == ';' {
            return Some(Some((T::Newline, s + 1, false)));
        }
        if let Some(e) = self.actor_initial(s) {
            return Some(Some((T::Actor, e, true)));
        }
        for &(a, arrow) in ARROWS {
            if self.lit(s, a) {
                return Some(Some((T::Arrow(arrow), s + a.chars().count(), false)));
            }
        }
        if ch == ':' {
            return Some(Some((T::Txt, self.until_hash_nl_semi(s + 1), false)));
        }
        if ch == '+' {
            return Some(Some((T::Plus, s + 1, false)));
        }
        if ch == '-' {
            return Some(Some((T::Minus, s + 1, false)));
        }
        if self.lit(s, "()") {
            return Some(Some((T::Central, s + 2, false)));
        }
        if matches!(ch, '\r' | '\u{2028}' | '\u{2029}') {
            return None;
        }
        Some(Some((T::Invalid, s + 1, false)))
    }

    /// `([0-9]+(\.[0-9]{1,2})?|\.[0-9]{1,2})(?=[ \n]+)`.
    fn num(&self, s: usize) -> Option<usize> {
        let digit = |k: usize| self.at(k).is_some_and(|c| c.is_ascii_digit());
        let ok = |k: usize| matches!(self.at(k), Some(' ' | '\n'));
        let mut d = s;
        while digit(d) {
            d += 1;
        }
        let frac = |k: usize| -> Option<usize> {
            if self.at(k) != Some('.') || !digit(k + 1) {
                return None;
            }
            if digit(k + 2) && ok(k + 3) {
                return Some(k + 3);
            }
            ok(k + 2).then_some(k + 2)
        };
        if d > s {
            if let Some(e) = frac(d) {
                return Some(e);
            }
            return ok(d).then_some(d);
        }
        frac(s)
    }

    /// `"title"\s[^#\n;]+` (and `title:`).
    fn title(&self, s: usize, kw: &str) -> Option<usize> {
        let k = s + kw.len();
        if !self.lit(s, kw) || !self.at(k).is_some_and(is_js_space) {
            return None;
        }
        let e = self.until_hash_nl_semi(k + 1);
        (e > k + 1).then_some(e)
    }

    /// The INITIAL `ACTOR` rule: a run without arrow characters, continued across single
    /// dashes and `/\()` as long as no arrow spelling starts there.
    fn actor_initial(&self, s: usize) -> Option<usize> {
        let a1 = |c: char| !"/\\+()<->:\n,;".contains(c);
        let a2 = |c: char| !"+<->:\n,;".contains(c);
        let mut p = s;
        while self.at(p).is_some_and(a1) {
            p += 1;
        }
        if p == s {
            return None;
        }
        loop {
            if ACTOR_STOPS.iter().any(|st| self.lit(p, st)) {
                break;
            }
            let mut q = p;
            while self.at(q) == Some('-') {
                q += 1;
            }
            if !self.at(q).is_some_and(a2) {
                break;
            }
            while self.at(q).is_some_and(a2) {
                q += 1;
            }
            p = q;
        }
        Some(p)
    }

    #[allow(clippy::type_complexity)]
    fn id(&mut self) -> Option<Option<(T, usize, bool)>> {
        if self.skip_inline() {
            return Some(None);
        }
        let s = self.i;
        if self.lit(s, "@{") {
            self.stack.push(State::Config);
            return Some(Some((T::ConfigStart, s + 2, false)));
        }
        // [^\<->\->:\n,;@\s]+(?=\@\{)   (`\<->` is the range `<` to `>`)
        let mut e = s;
        while self
            .at(e)
            .is_some_and(|c| !"<=>-:\n,;@".contains(c) && !is_js_space(c))
        {
            e += 1;
        }
        if e > s && self.lit(e, "@{") {
            return Some(Some((T::Actor, e, true)));
        }
        // [^<>:\n,;@\s]+(?=\s+as\s)
        let mut e = s;
        while self
            .at(e)
            .is_some_and(|c| !"<>:\n,;@".contains(c) && !is_js_space(c))
        {
            e += 1;
        }
        if e > s && self.as_ahead(e) {
            self.stack.push(State::Alias);
            return Some(Some((T::Actor, e, true)));
        }
        // [^<>:\n,;@]+(?=\s*[\n;#]|$)
        let mut run = s;
        while self.at(run).is_some_and(|c| !"<>:\n,;@".contains(c)) {
            run += 1;
        }
        let mut e = run;
        while e > s {
            if self.id_end_ahead(e) {
                self.pop();
                return Some(Some((T::Actor, e, true)));
            }
            e -= 1;
        }
        // [^<>:\n,;@]*\<[^\n]*
        if self.at(run) == Some('<') {
            self.pop();
            return Some(Some((T::Invalid, self.line_end(run), false)));
        }
        // [^\n]+
        let e = self.line_end(s);
        if e > s {
            self.pop();
            return Some(Some((T::Invalid, e, true)));
        }
        None
    }

    /// `(?=\s+as\s)` at `k`.
    fn as_ahead(&self, k: usize) -> bool {
        let mut j = k;
        while self.at(j).is_some_and(is_js_space) {
            j += 1;
        }
        j > k && self.lit(j, "as") && self.at(j + 2).is_some_and(is_js_space)
    }

    /// `(?=\s*[\n;#]|$)` at `k`.
    fn id_end_ahead(&self, k: usize) -> bool {
        if k >= self.c.len() {
            return true;
        }
        let mut j = k;
        while let Some(c) = self.at(j) {
            if is_nl_break(c) {
                return true;
            }
            if !is_js_space(c) {
                return c == ';' || c == '#';
            }
            j += 1;
        }
        false
    }

    #[allow(clippy::type_complexity)]
    fn alias(&mut self) -> Option<Option<(T, usize, bool)>> {
        if self.skip_inline() {
            return Some(None);
        }
        let s = self.i;
        self.pop();
        self.pop();
        if self.word(s, "as") {
            self.stack.push(State::Line);
            return Some(Some((T::As, s + 2, false)));
        }
        Some(Some((T::Newline, s, false)))
    }

    #[allow(clippy::type_complexity)]
    fn line(&mut self) -> Option<Option<(T, usize, bool)>> {
        if self.skip_inline() {
            return Some(None);
        }
        let s = self.i;
        self.pop();
        Some(Some((T::RestOfLine, self.until_hash_nl_semi(s), false)))
    }

    #[allow(clippy::type_complexity)]
    fn config(&mut self) -> Option<Option<(T, usize, bool)>> {
        let s = self.i;
        match self.at(s) {
            None => None,
            Some('}') => {
                self.pop();
                if self.as_ahead(s + 1) {
                    self.stack.push(State::Alias);
                } else {
                    self.pop();
                }
                Some(Some((T::ConfigEnd, s + 1, false)))
            }
            Some(_) => {
                let mut e = s;
                while e < self.c.len() && self.c[e] != '}' {
                    e += 1;
                }
                Some(Some((T::ConfigContent, e, false)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<T> {
        let c: Vec<char> = s.chars().collect();
        tokenize(&c).into_iter().map(|t| t.t).collect()
    }

    #[test]
    fn message_tokens() {
        assert_eq!(
            kinds("A->>+B: hi\n"),
            vec![
                T::Actor,
                T::Arrow(Arrow::Solid),
                T::Plus,
                T::Actor,
                T::Txt,
                T::Newline,
                T::Newline,
                T::Eof
            ]
        );
    }

    #[test]
    fn actor_with_dash_and_cross() {
        let c: Vec<char> = "my-service-xBob: x\n".chars().collect();
        let t = tokenize(&c);
        assert_eq!(t[0].text, "my-service");
        assert_eq!(t[1].t, T::Arrow(Arrow::SolidCross));
        assert_eq!(t[2].text, "Bob");
    }

    #[test]
    fn participant_alias() {
        assert_eq!(
            kinds("participant A as Alice\n"),
            vec![
                T::Participant,
                T::Actor,
                T::As,
                T::RestOfLine,
                T::Newline,
                T::Newline,
                T::Eof
            ]
        );
    }
}
