//! The flowchart parser.
//!
//! [`parse`] accepts exactly the language of Mermaid 12.3's flowchart grammar
//! (`graph`/`flowchart` diagrams, see <https://mermaid.js.org/syntax/flowchart.html>)
//! and builds the same graph Mermaid's FlowDB builds: vertex order, edge
//! order, edge kinds and lengths, subgraph membership. Constructs Mermaid
//! rejects are rejected with a [`ParseError`]; things this crate cannot
//! honour (unsupported directive keys, shapes without a drawing of their own)
//! produce [`Warning`]s.
//!
//! A recursive-descent parser over the tokens of the flowchart `lexer`, in files by concept:
//! this one holds the entry points, the token cursor and error reporting; `statements`
//! the document structure (header, subgraphs, styling, `click`, accessibility); `nodes`
//! vertices and their shapes and `@{ … }` data; `links` edges; `db` the records FlowDB
//! keeps and how they become the [`Flowchart`] model. Preprocessing, config and label
//! decoding are the shared ones of [`crate::mermaid::common`]; nothing here lays out or
//! draws.

mod db;
mod links;
mod nodes;
mod statements;

use super::lexer::{self, T, Token};
use super::model::*;
use crate::mermaid::common::preprocess::{self, Out, Pre, Src, is_js_space};
use crate::mermaid::common::settings::{self, Section};
use db::{Db, TextObj};

/// Parses Mermaid flowchart source text.
///
/// The source may start with YAML front matter (`---` ... `---`) and
/// `%%{init: ...}%%` directives, and must then start with `graph` or
/// `flowchart` (optionally followed by a direction).
///
/// Returns the flowchart and the warnings, or the first syntax error with
/// its 1-based line and column in `src`. Never panics.
pub fn parse(src: &str) -> Result<(Flowchart, Vec<Warning>), ParseError> {
    parse_preprocessed(src, preprocess::preprocess(src))
}

/// True when the preprocessed text is a flowchart by Mermaid's detector: it starts with
/// `graph`, `flowchart` or `swimlane-beta`.
pub(crate) fn is_flowchart(text: &Src) -> bool {
    let starts = ["graph", "flowchart", "swimlane-beta"];
    let head: String = text.chars.iter().take(16).collect();
    starts.iter().any(|s| head.starts_with(s))
}

/// The error for a text that is no flowchart (nor any other known diagram type), at its
/// first character.
pub(crate) fn not_a_flowchart(src_chars: &[char], text: &Src) -> ParseError {
    let idx = text.orig_at(0, src_chars.len());
    preprocess::error_at(
        src_chars,
        idx,
        "not a flowchart: expected `graph` or `flowchart`",
    )
}

/// [`parse`] of `src` whose preprocessing `pre` is already done (the dispatcher in
/// [`crate::mermaid::render`] reads the header from it).
pub(crate) fn parse_preprocessed(
    src: &str,
    pre: Pre,
) -> Result<(Flowchart, Vec<Warning>), ParseError> {
    let src_chars: Vec<char> = src.chars().collect();
    let mut warnings = Vec::new();
    let mut curve = None;
    let settings = settings::read(
        &pre,
        &src_chars,
        &mut Section {
            name: "flowchart",
            apply: &mut |key, value| {
                let known = key == "curve";
                if known {
                    curve = value.scalar();
                }
                known
            },
        },
        &mut warnings,
    );
    if !is_flowchart(&pre.text) {
        return Err(not_a_flowchart(&src_chars, &pre.text));
    }
    let text = &collapse_brace_newlines(&pre.text);
    let toks = match lexer::tokenize(&text.chars) {
        Ok(t) => t,
        Err(e) => {
            let idx = text.orig_at(e.pos, src_chars.len());
            return Err(preprocess::error_at(
                &src_chars,
                idx,
                &format!("lexical error: {}", e.message),
            ));
        }
    };
    let mut p = Parser {
        toks,
        i: 0,
        depth: 0,
        text,
        src_chars: &src_chars,
        db: Db::default(),
        warnings: Vec::new(),
    };
    p.start()?;
    warnings.append(&mut p.warnings);
    let fc = p.db.finish(settings, curve);
    Ok((fc, warnings))
}

/// The flowchart parser wrapper's `src.replace(/}\s*\n/g, "}\n")`.
fn collapse_brace_newlines(src: &Src) -> Src {
    let c = &src.chars;
    let mut o = Out::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '}' {
            let mut k = i + 1;
            let mut last_nl = None;
            while k < c.len() && is_js_space(c[k]) {
                if c[k] == '\n' {
                    last_nl = Some(k);
                }
                k += 1;
            }
            if let Some(nl) = last_nl {
                o.push('}', src.orig[i]);
                o.push('\n', src.orig[nl]);
                i = nl + 1;
                continue;
            }
        }
        o.push(c[i], src.orig[i]);
        i += 1;
    }
    o.s
}

/// Deepest subgraph nesting accepted (keeps recursion bounded).
const MAX_SUBGRAPH_DEPTH: usize = 200;

struct Parser<'a> {
    toks: Vec<Token>,
    i: usize,
    depth: usize,
    text: &'a Src,
    src_chars: &'a [char],
    db: Db,
    warnings: Vec<Warning>,
}

type R<X> = Result<X, ParseError>;

fn is_id_token(k: T) -> bool {
    matches!(
        k,
        T::Num
            | T::NodeString
            | T::Down
            | T::Minus
            | T::Default
            | T::Comma
            | T::Colon
            | T::Amp
            | T::Brkt
            | T::Mult
            | T::UnicodeText
    )
}

fn is_alnum_token(k: T) -> bool {
    matches!(
        k,
        T::Num
            | T::UnicodeText
            | T::NodeString
            | T::Dir
            | T::Down
            | T::Minus
            | T::Comma
            | T::Colon
            | T::Amp
            | T::Brkt
            | T::Mult
    )
}

fn is_text_no_tags_token(k: T) -> bool {
    matches!(
        k,
        T::Num
            | T::NodeString
            | T::Space
            | T::Minus
            | T::Amp
            | T::UnicodeText
            | T::Colon
            | T::Mult
            | T::Brkt
            | T::Style
            | T::LinkStyle
            | T::ClassDef
            | T::Class
            | T::Click
            | T::Graph
            | T::Dir
            | T::Subgraph
            | T::End
            | T::Down
            | T::Up
            | T::StartLink
    )
}

fn is_style_component(k: T) -> bool {
    matches!(
        k,
        T::Num | T::NodeString | T::Colon | T::Space | T::Brkt | T::Style
    )
}

fn is_separator(k: T) -> bool {
    matches!(k, T::Newline | T::Semi | T::Eof)
}

impl Parser<'_> {
    fn peek(&self) -> T {
        self.toks
            .get(self.i)
            .map(|t| t.kind)
            .unwrap_or(T::EndOfInput)
    }

    fn peek_at(&self, n: usize) -> T {
        self.toks
            .get(self.i + n)
            .map(|t| t.kind)
            .unwrap_or(T::EndOfInput)
    }

    fn next(&mut self) -> Token {
        let t = self.toks.get(self.i).cloned().unwrap_or(Token {
            kind: T::EndOfInput,
            text: String::new(),
            pos: self.text.chars.len(),
        });
        if self.i < self.toks.len() {
            self.i += 1;
        }
        t
    }

    fn orig_pos(&self, pos: usize) -> usize {
        self.text.orig_at(pos, self.src_chars.len())
    }

    fn tok_pos(&self) -> usize {
        let p = self
            .toks
            .get(self.i)
            .map(|t| t.pos)
            .unwrap_or(self.text.chars.len());
        self.orig_pos(p)
    }

    fn err(&self, msg: &str) -> ParseError {
        if matches!(self.peek(), T::EndOfInput | T::Eof) && self.i > 0 {
            // point just after the last real token
            if let Some(prev) = self.toks.get(self.i - 1) {
                let len = prev.text.trim_end().chars().count();
                let idx = self.orig_pos(prev.pos + len.max(1) - 1) + 1;
                let mut e = preprocess::error_at(self.src_chars, idx, msg);
                e.near = String::new();
                return e;
            }
        }
        preprocess::error_at(self.src_chars, self.tok_pos(), msg)
    }

    fn unexpected(&self, expected: &str) -> ParseError {
        let what = describe(self.peek());
        self.err(&format!("syntax error: expected {expected}, found {what}"))
    }

    fn expect(&mut self, k: T, what: &str) -> R<Token> {
        if self.peek() == k {
            Ok(self.next())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn warn(&mut self, pos: usize, msg: String) {
        let (line, column) = preprocess::line_col(self.src_chars, pos);
        self.warnings.push(Warning {
            line,
            column,
            message: msg,
        });
    }

    /// `textNoTags`: a run of plain tokens, or one string / markdown string.
    fn text_no_tags(&mut self) -> R<TextObj> {
        match self.peek() {
            T::Str => {
                let t = self.next();
                Ok(TextObj {
                    text: t.text,
                    kind: LabelKind::Text,
                })
            }
            T::MdStr => {
                let t = self.next();
                Ok(TextObj {
                    text: t.text,
                    kind: LabelKind::Markdown,
                })
            }
            k if is_text_no_tags_token(k) => {
                let mut s = String::new();
                while is_text_no_tags_token(self.peek()) {
                    s.push_str(&self.next().text);
                }
                Ok(TextObj {
                    text: s,
                    kind: LabelKind::Text,
                })
            }
            _ => Err(self.unexpected("a subgraph id")),
        }
    }

    /// `text`: TEXT/TAGSTART/TAGEND/UNICODE_TEXT tokens, or one (markdown) string.
    fn text(&mut self, _closers: &[T]) -> R<TextObj> {
        match self.peek() {
            T::Str => {
                let t = self.next();
                Ok(TextObj {
                    text: t.text,
                    kind: LabelKind::String,
                })
            }
            T::MdStr => {
                let t = self.next();
                Ok(TextObj {
                    text: t.text,
                    kind: LabelKind::Markdown,
                })
            }
            T::Text | T::TagStart | T::TagEnd | T::UnicodeText => {
                let mut s = String::new();
                while matches!(
                    self.peek(),
                    T::Text | T::TagStart | T::TagEnd | T::UnicodeText
                ) {
                    s.push_str(&self.next().text);
                }
                Ok(TextObj {
                    text: s,
                    kind: LabelKind::Text,
                })
            }
            _ => Err(self.unexpected("label text")),
        }
    }

    fn id_string(&mut self) -> R<String> {
        if !is_id_token(self.peek()) {
            return Err(self.unexpected("a node id"));
        }
        let mut s = String::new();
        while is_id_token(self.peek()) {
            s.push_str(&self.next().text);
        }
        Ok(s)
    }

    fn alpha_num(&mut self) -> R<String> {
        if !is_alnum_token(self.peek()) {
            return Err(self.unexpected("a name"));
        }
        let mut s = String::new();
        while is_alnum_token(self.peek()) {
            s.push_str(&self.next().text);
        }
        Ok(s)
    }
}

/// A readable name for a token kind, for error messages.
fn describe(k: T) -> &'static str {
    match k {
        T::Semi => "`;`",
        T::Newline => "end of line",
        T::Space => "a space",
        T::Eof | T::EndOfInput => "end of input",
        T::Graph => "`graph`/`flowchart`",
        T::NoDir | T::Dir => "a direction",
        T::Subgraph => "`subgraph`",
        T::End => "`end`",
        T::AccTitle | T::AccTitleValue => "`accTitle`",
        T::AccDescr | T::AccDescrValue | T::AccDescrMultilineValue => "`accDescr`",
        T::ShapeData => "node data `@{...}`",
        T::Amp => "`&`",
        T::StyleSeparator => "`:::`",
        T::DoubleCircleStart => "`(((`",
        T::DoubleCircleEnd => "`)))`",
        T::Ps => "`(`",
        T::Pe => "`)`",
        T::EllipseStart => "`(-`",
        T::EllipseEnd => "`-)`",
        T::StadiumStart => "`([`",
        T::StadiumEnd => "`])`",
        T::SubroutineStart => "`[[`",
        T::SubroutineEnd => "`]]`",
        T::VertexWithPropsStart => "`[|`",
        T::Colon => "`:`",
        T::Pipe => "`|`",
        T::CylinderStart => "`[(`",
        T::CylinderEnd => "`)]`",
        T::DiamondStart => "`{`",
        T::DiamondStop => "`}`",
        T::Sqs => "`[`",
        T::Sqe => "`]`",
        T::TagEnd => "`>`",
        T::TagStart => "`<`",
        T::TrapStart => "`[/`",
        T::TrapEnd => "`\\]`",
        T::InvTrapStart => "`[\\`",
        T::InvTrapEnd => "`/]`",
        T::StartLink => "the start of an edge label",
        T::Link => "an edge",
        T::LinkId => "an edge id",
        T::Str => "a quoted string",
        T::MdStr => "a markdown string",
        T::Style => "`style`",
        T::LinkStyle => "`linkStyle`",
        T::ClassDef => "`classDef`",
        T::Class => "`class`",
        T::Click => "`click`",
        T::Down => "`v`",
        T::Up => "`^`",
        T::CallbackName | T::CallbackArgs => "a callback",
        T::Href => "`href`",
        T::LinkTarget => "a link target",
        T::Default => "`default`",
        T::Interpolate => "`interpolate`",
        T::Num => "a number",
        T::Comma => "`,`",
        T::NodeString => "a name",
        T::Brkt => "`#`",
        T::Minus => "`-`",
        T::Mult => "`*`",
        T::UnicodeText => "a name",
        T::Text => "text",
        T::EdgeText => "edge label text",
        T::Direction => "`direction`",
        T::Invalid => "an unexpected character",
    }
}
