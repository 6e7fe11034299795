//! The sequence diagram parser: the grammar section of Mermaid's `sequenceDiagram.jison` as a
//! recursive-descent parser over the tokens of [`super::lexer`]. Like the jison actions it
//! builds a list of database operations, which [`super::db`] then applies as
//! `SequenceDB.apply` does (after the whole text has parsed, so a syntax error wins over a
//! database error).
//!
//! Positions: a syntax error is reported just after the last token accepted (where jison
//! reports it), a lexical error at the character no rule matches, a database error at the
//! statement that caused it; all 1-based line and column (code points) in the original source.

use super::db::{self, Op, TextObj};
use super::lexer::{T, Token, tokenize};
use super::model::*;
use crate::mermaid::common::preprocess::{self, Pre};

/// Longest source accepted, in chars (keeps every step linear and bounded).
pub const MAX_SOURCE_CHARS: usize = 2_000_000;
/// Deepest nesting of blocks and boxes accepted.
pub const MAX_NESTING: usize = 200;

/// Parses a Mermaid sequence diagram (`sequenceDiagram` …, optionally after front matter,
/// `%%{init}%%` directives and `%%` comments), as Mermaid 12.3's parser and `SequenceDB` do.
///
/// # Errors
/// The first syntax error (or database error such as deactivating an inactive participant)
/// with its 1-based line and column in `src`. Never panics.
pub fn parse(src: &str) -> Result<(Sequence, Vec<Warning>), ParseError> {
    parse_preprocessed(src, preprocess::preprocess(src))
}

/// [`parse`] on an already preprocessed source.
pub(crate) fn parse_preprocessed(
    src: &str,
    pre: Pre,
) -> Result<(Sequence, Vec<Warning>), ParseError> {
    let src_chars: Vec<char> = src.chars().collect();
    if src_chars.len() > MAX_SOURCE_CHARS {
        return Err(preprocess::error_at(
            &src_chars,
            0,
            &format!("diagram longer than {MAX_SOURCE_CHARS} characters"),
        ));
    }
    let mut warnings = Vec::new();
    let config = db::read_config(&pre, &src_chars, &mut warnings);
    let tokens = tokenize(&pre.text.chars);
    let mut p = Parser {
        toks: tokens,
        pos: 0,
        pre: &pre,
        src: &src_chars,
        ops: Vec::new(),
        title: None,
        acc_title: None,
        acc_descr: None,
        depth: 0,
    };
    p.start()?;
    let title = p.title.take().or_else(|| config.1.clone());
    let mut seq = db::apply(&p.ops, config.0.wrap, &|at, msg| p.err_at_index(at, msg))?;
    seq.title = title;
    seq.acc_title = p.acc_title.take();
    seq.acc_descr = p.acc_descr.take();
    seq.config = config.0;
    Ok((seq, warnings))
}

struct Parser<'a> {
    toks: Vec<Token>,
    pos: usize,
    pre: &'a Pre,
    src: &'a [char],
    ops: Vec<(usize, Op)>,
    title: Option<String>,
    acc_title: Option<String>,
    acc_descr: Option<String>,
    depth: usize,
}

type R<T> = Result<T, ParseError>;

/// Mermaid's `parseMessage`: trim, then a leading `wrap:` / `nowrap:` sets wrapping.
pub(crate) fn parse_message(s: &str) -> TextObj {
    let t = s.trim();
    for (p, w) in [
        (":wrap:", true),
        ("wrap:", true),
        (":nowrap:", false),
        ("nowrap:", false),
    ] {
        if let Some(rest) = t.strip_prefix(p) {
            return TextObj {
                text: rest.trim().to_string(),
                wrap: Some(w),
            };
        }
    }
    TextObj {
        text: t.to_string(),
        wrap: None,
    }
}

impl<'a> Parser<'a> {
    fn peek(&self) -> T {
        self.toks.get(self.pos).map(|t| t.t).unwrap_or(T::Eof)
    }

    fn bump(&mut self) -> Token {
        let t = self.toks.get(self.pos).cloned().unwrap_or(Token {
            t: T::Eof,
            text: String::new(),
            start: self.pre.text.chars.len(),
            end: self.pre.text.chars.len(),
        });
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn orig(&self, i: usize) -> usize {
        self.pre.text.orig_at(i, self.src.len())
    }

    fn err_at_index(&self, pre_index: usize, msg: &str) -> ParseError {
        preprocess::error_at(self.src, self.orig(pre_index), msg)
    }

    /// The error for the current token: just after the previous token, as jison reports it.
    fn unexpected(&self, expected: &str) -> ParseError {
        let cur = self.toks.get(self.pos);
        if let Some(t) = cur
            && t.t == T::LexError
        {
            let mut e = self.err_at_index(t.start, "lexical error: unrecognized text");
            e.column = 1;
            return e;
        }
        let at = if self.pos == 0 {
            0
        } else {
            self.toks[self.pos - 1].end
        };
        let got = match cur {
            Some(t) if t.t == T::Eof => "end of text".to_string(),
            Some(t) if t.t == T::Newline => "end of line".to_string(),
            Some(t) => format!("`{}`", t.text),
            None => "end of text".to_string(),
        };
        self.err_at_index(at, &format!("expected {expected}, got {got}"))
    }

    fn expect(&mut self, t: T, what: &str) -> R<Token> {
        if self.peek() == t {
            Ok(self.bump())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn op(&mut self, at: usize, op: Op) {
        self.ops.push((at, op));
    }

    fn start(&mut self) -> R<()> {
        while self.peek() == T::Newline {
            self.bump();
        }
        self.expect(T::Sd, "`sequenceDiagram`")?;
        self.document()?;
        if self.peek() != T::Eof {
            return Err(self.unexpected("a statement"));
        }
        Ok(())
    }

    /// `document: line*`; stops at a token no line starts with.
    fn document(&mut self) -> R<()> {
        loop {
            match self.peek() {
                T::Newline | T::Invalid => {
                    self.bump();
                }
                T::Participant
                | T::ParticipantActor
                | T::Destroy
                | T::Create
                | T::Box
                | T::Actor
                | T::Autonumber
                | T::Activate
                | T::Deactivate
                | T::Note
                | T::Links
                | T::Link
                | T::Properties
                | T::Details
                | T::Title
                | T::LegacyTitle
                | T::AccTitle
                | T::AccDescr
                | T::AccDescrMultilineValue
                | T::Loop
                | T::Rect
                | T::Opt
                | T::Alt
                | T::Par
                | T::ParOver
                | T::Critical
                | T::Break => self.statement()?,
                _ => return Ok(()),
            }
        }
    }

    fn statement(&mut self) -> R<()> {
        let tok = self.toks[self.pos].clone();
        let at = tok.start;
        match tok.t {
            T::Participant | T::ParticipantActor | T::Destroy => self.participant(false),
            T::Create => {
                self.bump();
                match self.peek() {
                    T::Participant | T::ParticipantActor | T::Destroy => self.participant(true),
                    _ => Err(self.unexpected("`participant` or `actor`")),
                }
            }
            T::Box => {
                self.bump();
                let rest = self.expect(T::RestOfLine, "box text")?;
                self.nest()?;
                self.op(at, Op::BoxStart(db::parse_box_data(&rest.text)));
                loop {
                    match self.peek() {
                        T::Newline => {
                            self.bump();
                        }
                        T::Participant | T::ParticipantActor | T::Destroy => {
                            self.participant(false)?
                        }
                        _ => break,
                    }
                }
                self.expect(T::End, "`end` or a participant")?;
                self.depth -= 1;
                self.op(at, Op::BoxEnd);
                Ok(())
            }
            T::Actor => self.signal(),
            T::Autonumber => {
                self.bump();
                let op = match self.peek() {
                    T::Num => {
                        let a = self.bump().text.parse::<f64>().unwrap_or(0.0);
                        let b = if self.peek() == T::Num {
                            self.bump().text.parse::<f64>().unwrap_or(0.0)
                        } else {
                            1.0
                        };
                        Op::Autonumber {
                            start: Some(a),
                            step: Some(b),
                            visible: true,
                        }
                    }
                    T::Off => {
                        self.bump();
                        Op::Autonumber {
                            start: None,
                            step: None,
                            visible: false,
                        }
                    }
                    _ => Op::Autonumber {
                        start: None,
                        step: None,
                        visible: true,
                    },
                };
                self.expect(T::Newline, "a number, `off` or end of line")?;
                self.op(at, op);
                Ok(())
            }
            T::Activate | T::Deactivate => {
                self.bump();
                let a = self.expect(T::Actor, "a participant")?;
                self.expect(T::Newline, "end of line")?;
                let op = if tok.t == T::Activate {
                    Op::ActiveStart(a.text)
                } else {
                    Op::ActiveEnd(a.text)
                };
                self.op(at, op);
                Ok(())
            }
            T::Note => {
                self.bump();
                let placement = match self.peek() {
                    T::LeftOf => Placement::LeftOf,
                    T::RightOf => Placement::RightOf,
                    T::Over => Placement::Over,
                    _ => return Err(self.unexpected("`left of`, `right of` or `over`")),
                };
                self.bump();
                let a = self.expect(T::Actor, "a participant")?;
                let mut actors = vec![a.text];
                if placement == Placement::Over && self.peek() == T::Comma {
                    self.bump();
                    actors.push(self.expect(T::Actor, "a participant")?.text);
                }
                let text = self.text2()?;
                self.expect(T::Newline, "end of line")?;
                for a in &actors {
                    self.op(at, Op::add(a));
                }
                self.op(
                    at,
                    Op::Note {
                        actors,
                        placement,
                        text,
                    },
                );
                Ok(())
            }
            T::Links | T::Link | T::Properties | T::Details => {
                self.bump();
                let a = self.expect(T::Actor, "a participant")?;
                let text = self.text2()?;
                self.expect(T::Newline, "end of line")?;
                self.op(at, Op::add(&a.text));
                let op = match tok.t {
                    T::Links => Op::Links(a.text, text.text),
                    T::Link => Op::Link(a.text, text.text),
                    T::Properties => Op::Properties(a.text, text.text),
                    _ => Op::Details,
                };
                self.op(at, op);
                Ok(())
            }
            T::Title | T::LegacyTitle => {
                self.bump();
                let skip = if tok.t == T::Title { 6 } else { 7 };
                let t: String = tok.text.chars().skip(skip).collect();
                self.title = Some(t.trim().to_string());
                Ok(())
            }
            T::AccTitle => {
                self.bump();
                let v = self.expect(T::AccTitleValue, "a title")?;
                self.acc_title = Some(v.text.trim().to_string());
                Ok(())
            }
            T::AccDescr => {
                self.bump();
                let v = self.expect(T::AccDescrValue, "a description")?;
                self.acc_descr = Some(v.text.trim().to_string());
                Ok(())
            }
            T::AccDescrMultilineValue => {
                self.bump();
                self.acc_descr = Some(multiline_descr(tok.text.trim()));
                Ok(())
            }
            T::Loop | T::Rect | T::Opt | T::Alt | T::Par | T::ParOver | T::Critical | T::Break => {
                self.block(tok.t, at)
            }
            _ => Err(self.unexpected("a statement")),
        }
    }

    fn nest(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.unexpected(&format!("at most {MAX_NESTING} nested blocks")));
        }
        Ok(())
    }

    fn block(&mut self, t: T, at: usize) -> R<()> {
        self.bump();
        let rest = self.expect(T::RestOfLine, "block text")?;
        self.nest()?;
        let kind = match t {
            T::Loop => BlockKind::Loop,
            T::Rect => BlockKind::Rect,
            T::Opt => BlockKind::Opt,
            T::Alt => BlockKind::Alt,
            T::Par => BlockKind::Par,
            T::ParOver => BlockKind::ParOver,
            T::Critical => BlockKind::Critical,
            _ => BlockKind::Break,
        };
        let sep = match kind {
            BlockKind::Alt => Some(T::Else),
            BlockKind::Par | BlockKind::ParOver => Some(T::And),
            BlockKind::Critical => Some(T::Option),
            _ => None,
        };
        self.op(at, Op::BlockStart(kind, parse_message(&rest.text)));
        loop {
            self.document()?;
            match sep {
                Some(s) if self.peek() == s => {
                    let st = self.bump().start;
                    let r = self.expect(T::RestOfLine, "section text")?;
                    self.op(st, Op::BlockSection(parse_message(&r.text)));
                }
                _ => break,
            }
        }
        self.expect(T::End, "`end`")?;
        self.depth -= 1;
        self.op(at, Op::BlockEnd);
        Ok(())
    }

    fn text2(&mut self) -> R<TextObj> {
        let t = self.expect(T::Txt, "`:` and a text")?;
        let s: String = t.text.trim().chars().skip(1).collect();
        Ok(parse_message(&s))
    }

    /// `participant_statement` (the current token is `participant`, `actor` or `destroy`).
    fn participant(&mut self, create: bool) -> R<()> {
        let kw = self.bump();
        let at = kw.start;
        let a = self.expect(T::Actor, "a participant name")?;
        if kw.t == T::Destroy {
            self.expect(T::Newline, "end of line")?;
            self.op(at, Op::Destroy(a.text));
            return Ok(());
        }
        let mut config = None;
        if self.peek() == T::ConfigStart {
            self.bump();
            let c = self.expect(T::ConfigContent, "participant data")?;
            self.expect(T::ConfigEnd, "`}`")?;
            config = Some(c.text.trim().to_string());
        }
        let mut description = None;
        if self.peek() == T::As {
            self.bump();
            let r = self.expect(T::RestOfLine, "an alias")?;
            description = Some(parse_message(&r.text));
        }
        self.expect(T::Newline, "end of line")?;
        let draw = if kw.t == T::ParticipantActor {
            "actor"
        } else {
            "participant"
        };
        self.op(
            at,
            Op::Add {
                actor: a.text,
                draw: Some(draw),
                description,
                config,
                create,
            },
        );
        Ok(())
    }

    /// `signal`: `A ->> B: text` with the `+`, `-` and `()` forms.
    fn signal(&mut self) -> R<()> {
        let a1 = self.bump();
        let at = a1.start;
        let mut from_central = false;
        if self.peek() == T::Central {
            self.bump();
            from_central = true;
        }
        let arrow = match self.peek() {
            T::Arrow(a) => {
                self.bump();
                a
            }
            _ => return Err(self.unexpected("an arrow")),
        };
        let mut plus = false;
        let mut minus = false;
        let mut to_central = false;
        match self.peek() {
            T::Plus if !from_central => {
                self.bump();
                plus = true;
            }
            T::Minus if !from_central => {
                self.bump();
                minus = true;
            }
            T::Central => {
                self.bump();
                to_central = true;
            }
            _ => {}
        }
        let a2 = self.expect(T::Actor, "a participant")?;
        let text = self.text2()?;
        self.expect(T::Newline, "end of line")?;
        let central = match (from_central, to_central) {
            (true, true) => Some(Central::Both),
            (true, false) => Some(Central::From),
            (false, true) => Some(Central::To),
            _ => None,
        };
        self.op(at, Op::add(&a1.text));
        self.op(at, Op::add(&a2.text));
        self.op(
            at,
            Op::Message {
                from: a1.text.clone(),
                to: a2.text.clone(),
                arrow,
                text,
                activate: plus || matches!(central, Some(Central::To | Central::Both)),
                central,
            },
        );
        if plus {
            self.op(at, Op::ActiveStart(a2.text.clone()));
        }
        if minus {
            self.op(at, Op::ActiveEnd(a1.text.clone()));
        }
        match central {
            Some(Central::To) => self.op(at, Op::Central(a2.text, Central::To)),
            Some(Central::From) => self.op(at, Op::Central(a1.text, Central::From)),
            Some(Central::Both) => {
                self.op(at, Op::Central(a2.text, Central::To));
                self.op(at, Op::Central(a1.text, Central::From));
            }
            None => {}
        }
        Ok(())
    }
}

/// `accDescr { … }`: Mermaid's `setAccDescription` drops white space after each newline
/// (`/\n\s+/g` → `\n`).
fn multiline_descr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\n' {
            while chars.peek().is_some_and(|&n| preprocess::is_js_space(n)) {
                chars.next();
            }
        }
    }
    out
}
