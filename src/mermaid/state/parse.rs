//! The state-diagram parser: Mermaid 12.3's `stateDiagram.jison` grammar (for both
//! `stateDiagram` and `stateDiagram-v2`), recursive descent over the tokens of the state
//! `lexer`, building the statement tree the grammar's actions build; [`super::db`] turns
//! that tree into the [`StateDiagram`] model as `stateDb.ts` does.
//!
//! Statements need no separator (`A B` is two states), as in the grammar. A syntax error
//! is reported just after the last token accepted, at its line and column in the original
//! source, like Mermaid's jison parser.

use super::db;
use super::lexer::{self, T, Token};
use super::model::{Direction, ParseError, StateDiagram, Warning};
use crate::mermaid::common::preprocess::{self, Pre, is_js_space};
use crate::mermaid::common::settings::{self, Section};

/// A state's type in a statement (the grammar's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Default,
    Fork,
    Join,
    Choice,
    Divider,
    /// A note statement's state has no type in Mermaid.
    Unset,
}

/// A state statement (`{stmt: 'state', …}` of the grammar).
#[derive(Debug, Clone)]
pub(crate) struct StateStmt {
    pub(crate) id: String,
    pub(crate) ty: Ty,
    /// The description: none, one text, or the list `state "a" as X: b` gives.
    pub(crate) descr: Vec<String>,
    pub(crate) doc: Option<Vec<Stmt>>,
    /// (position as written, text).
    pub(crate) note: Option<(String, String)>,
    pub(crate) classes: Vec<String>,
    /// Set for `[*]` by the translation: true for a start, false for an end.
    pub(crate) start: Option<bool>,
    /// Where the statement starts (preprocessed text index).
    pub(crate) pos: usize,
}

impl StateStmt {
    fn new(id: String, ty: Ty, pos: usize) -> StateStmt {
        StateStmt {
            id,
            ty,
            descr: Vec::new(),
            doc: None,
            note: None,
            classes: Vec::new(),
            start: None,
            pos,
        }
    }
}

/// A statement of a document.
#[derive(Debug, Clone)]
pub(crate) enum Stmt {
    State(StateStmt),
    Relation {
        s1: StateStmt,
        s2: StateStmt,
        descr: Option<String>,
    },
    ClassDef {
        id: String,
        classes: String,
    },
    Style {
        id: String,
        style: String,
    },
    ApplyClass {
        id: String,
        class: String,
    },
    Dir(Direction),
    Click {
        id: String,
        url: String,
        tooltip: String,
    },
    /// What the grammar keeps as a plain string (`state X` alone, `scale`, `hide empty
    /// description`, floating notes, accessibility lines): no effect on the model.
    Other,
}

/// Deepest `{ … }` nesting accepted (deeper input is rejected rather than recursed into).
const MAX_DEPTH: usize = 64;

/// Parses Mermaid state-diagram source (`stateDiagram` or `stateDiagram-v2`, optionally
/// after front matter and `%%{init}%%` directives).
///
/// # Errors
/// The first syntax error with its 1-based line and column in `src` and the offending
/// text; also Mermaid's model checks (a composite state with several descriptions).
pub fn parse(src: &str) -> Result<(StateDiagram, Vec<Warning>), ParseError> {
    parse_preprocessed(src, preprocess::preprocess(src))
}

/// [`parse`] of `src` whose preprocessing `pre` is already done.
pub(crate) fn parse_preprocessed(
    src: &str,
    pre: Pre,
) -> Result<(StateDiagram, Vec<Warning>), ParseError> {
    let src_chars: Vec<char> = src.chars().collect();
    let mut warnings = Vec::new();
    let settings = settings::read(
        &pre,
        &src_chars,
        &mut Section {
            name: "state",
            apply: &mut |_, _| false,
        },
        &mut warnings,
    );
    let toks = lexer::tokenize(&pre.text.chars);
    let mut p = Parser {
        toks,
        i: 0,
        depth: 0,
        acc_title: None,
        acc_descr: None,
    };
    let at = |idx: usize, msg: &str| {
        let o = pre.text.orig_at(idx, src_chars.len());
        preprocess::error_at(&src_chars, o, msg)
    };
    let root = p.start().map_err(|(idx, msg)| at(idx, &msg))?;
    let mut sd = db::build(root).map_err(|(idx, msg)| at(idx, &msg))?;
    sd.title = settings.title;
    sd.theme = settings.theme;
    sd.theme_variables = settings.theme_variables;
    sd.acc_title = p.acc_title;
    sd.acc_descr = p.acc_descr;
    Ok((sd, warnings))
}

type PResult<X> = Result<X, (usize, String)>;

struct Parser {
    toks: Vec<Token>,
    i: usize,
    depth: usize,
    acc_title: Option<String>,
    acc_descr: Option<String>,
}

fn dir_of(d: &str) -> Direction {
    match d {
        "BT" => Direction::BT,
        "LR" => Direction::LR,
        "RL" => Direction::RL,
        _ => Direction::TB,
    }
}

fn nonempty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// `setAccDescription`'s `replace(/\n\s+/g, '\n')`: line ends swallow the white space
/// (and blank lines) after them.
fn collapse_indent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        out.push(c);
        if c == '\n' {
            while it.peek().is_some_and(|&n| is_js_space(n)) {
                it.next();
            }
        }
    }
    out
}

/// The grammar's `trimColon`.
fn trim_colon(s: &str) -> String {
    s.strip_prefix(':').unwrap_or(s).trim().to_string()
}

impl Parser {
    fn peek(&self) -> T {
        self.toks.get(self.i).map(|t| t.t).unwrap_or(T::Eof)
    }
    fn tok(&self) -> Token {
        self.toks.get(self.i).cloned().unwrap_or(Token {
            t: T::Eof,
            text: String::new(),
            start: self.toks.last().map(|t| t.end).unwrap_or(0),
            end: self.toks.last().map(|t| t.end).unwrap_or(0),
        })
    }
    fn bump(&mut self) -> Token {
        let t = self.tok();
        self.i += 1;
        t
    }
    /// The error for the current token: just after the last accepted one.
    fn err<X>(&self, what: &str) -> PResult<X> {
        let cur = self.tok();
        if cur.t == T::Lexical {
            return Err((cur.start, "lexical error: unrecognized text".into()));
        }
        let pos = if self.i > 0 {
            self.toks[self.i - 1].end
        } else {
            cur.start
        };
        let got = if cur.t == T::Eof {
            "end of text".to_string()
        } else {
            format!("`{}`", cur.text.trim())
        };
        Err((pos, format!("expected {what}, got {got}")))
    }
    fn expect(&mut self, t: T, what: &str) -> PResult<Token> {
        if self.peek() == t {
            Ok(self.bump())
        } else {
            self.err(what)
        }
    }

    fn start(&mut self) -> PResult<Vec<Stmt>> {
        while self.peek() == T::Nl {
            self.bump();
        }
        self.expect(T::Sd, "`stateDiagram`")?;
        let doc = self.document(false)?;
        if self.peek() != T::Eof {
            return self.err("a statement");
        }
        Ok(doc)
    }

    fn document(&mut self, nested: bool) -> PResult<Vec<Stmt>> {
        let mut doc = Vec::new();
        loop {
            match self.peek() {
                T::Nl => {
                    self.bump();
                }
                T::StructStop if nested => return Ok(doc),
                T::Eof if !nested => return Ok(doc),
                _ => doc.push(self.statement()?),
            }
        }
    }

    fn id_statement(&mut self) -> PResult<StateStmt> {
        let t = self.tok();
        if !matches!(t.t, T::Id | T::EdgeState) {
            return self.err("a state id or `[*]`");
        }
        self.bump();
        let mut s = StateStmt::new(t.text.trim().to_string(), Ty::Default, t.start);
        if self.peek() == T::StyleSeparator {
            self.bump();
            let c = self.expect(T::Id, "a class name")?;
            s.classes.push(c.text.trim().to_string());
        }
        Ok(s)
    }

    fn body(&mut self) -> PResult<Vec<Stmt>> {
        let open = self.bump();
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((open.start, "composite states nested too deeply".into()));
        }
        let doc = self.document(true)?;
        self.expect(T::StructStop, "`}`")?;
        self.depth -= 1;
        Ok(doc)
    }

    fn statement(&mut self) -> PResult<Stmt> {
        let t = self.tok();
        match t.t {
            T::ClassDef => {
                self.bump();
                let id = self.expect(T::ClassDefId, "a class name")?;
                let st = self.expect(T::ClassDefStyleOpts, "styles")?;
                Ok(Stmt::ClassDef {
                    id: id.text.trim().to_string(),
                    classes: st.text.trim().to_string(),
                })
            }
            T::Style => {
                self.bump();
                let id = self.expect(T::StyleIds, "state ids")?;
                let st = self.expect(T::StyleDefStyleOpts, "styles")?;
                Ok(Stmt::Style {
                    id: id.text.trim().to_string(),
                    style: st.text.trim().to_string(),
                })
            }
            T::Class => {
                self.bump();
                let id = self.expect(T::ClassEntityIds, "state ids")?;
                let st = self.expect(T::StyleClass, "a class name")?;
                Ok(Stmt::ApplyClass {
                    id: id.text.trim().to_string(),
                    class: st.text.trim().to_string(),
                })
            }
            T::Id | T::EdgeState => {
                let mut s1 = self.id_statement()?;
                match self.peek() {
                    T::Descr => {
                        let d = self.bump();
                        let d = trim_colon(&d.text);
                        if !d.is_empty() {
                            s1.descr = vec![d];
                        }
                        Ok(Stmt::State(s1))
                    }
                    T::Arrow => {
                        self.bump();
                        let s2 = self.id_statement()?;
                        let descr = if self.peek() == T::Descr {
                            Some(trim_colon(&self.bump().text))
                        } else {
                            None
                        };
                        Ok(Stmt::Relation { s1, s2, descr })
                    }
                    _ => Ok(Stmt::State(s1)),
                }
            }
            T::HideEmpty => {
                self.bump();
                Ok(Stmt::Other)
            }
            T::Scale => {
                self.bump();
                self.expect(T::Width, "a width")?;
                Ok(Stmt::Other)
            }
            T::CompositState => {
                self.bump();
                if self.peek() == T::StructStart {
                    let doc = self.body()?;
                    let mut s = StateStmt::new(t.text.clone(), Ty::Default, t.start);
                    s.doc = Some(doc);
                    return Ok(Stmt::State(s));
                }
                Ok(Stmt::Other)
            }
            T::StateDescr => {
                self.bump();
                self.expect(T::As, "`as`")?;
                let id = self.expect(T::Id, "a state id")?;
                if self.peek() == T::StructStart {
                    let doc = self.body()?;
                    let mut s = StateStmt::new(id.text.trim().to_string(), Ty::Default, t.start);
                    // the composite form keeps the text untrimmed
                    if !t.text.is_empty() {
                        s.descr = vec![t.text.clone()];
                    }
                    s.doc = Some(doc);
                    return Ok(Stmt::State(s));
                }
                let descr = t.text.trim().to_string();
                let mut s = StateStmt::new(id.text.clone(), Ty::Default, t.start);
                match id.text.split_once(':') {
                    Some((a, b)) => {
                        // JavaScript's split(':')[1]: up to a further colon
                        let b = b.split(':').next().unwrap_or("");
                        s.id = a.to_string();
                        s.descr = vec![descr, b.to_string()];
                    }
                    None if descr.is_empty() => {}
                    None => s.descr = vec![descr],
                }
                Ok(Stmt::State(s))
            }
            T::Fork | T::Join | T::Choice => {
                self.bump();
                let ty = match t.t {
                    T::Fork => Ty::Fork,
                    T::Join => Ty::Join,
                    _ => Ty::Choice,
                };
                Ok(Stmt::State(StateStmt::new(t.text.clone(), ty, t.start)))
            }
            T::Concurrent => {
                self.bump();
                Ok(Stmt::State(StateStmt::new(
                    String::new(),
                    Ty::Divider,
                    t.start,
                )))
            }
            T::Note => {
                self.bump();
                match self.peek() {
                    T::LeftOf | T::RightOf => {
                        let pos = self.bump();
                        let id = self.expect(T::Id, "a state id")?;
                        let text = self.expect(T::NoteText, "the note text")?;
                        let mut s = StateStmt::new(id.text.trim().to_string(), Ty::Unset, t.start);
                        s.note = Some((pos.text.trim().to_string(), text.text.trim().to_string()));
                        Ok(Stmt::State(s))
                    }
                    T::NoteText => {
                        self.bump();
                        self.expect(T::As, "`as`")?;
                        self.expect(T::Id, "a note id")?;
                        Ok(Stmt::Other)
                    }
                    _ => self.err("`left of`, `right of` or a note text"),
                }
            }
            T::Dir(d) => {
                self.bump();
                Ok(Stmt::Dir(dir_of(d)))
            }
            T::AccTitle => {
                self.bump();
                let v = self.expect(T::AccTitleValue, "a title")?;
                self.acc_title = nonempty(v.text.trim().to_string());
                Ok(Stmt::Other)
            }
            T::AccDescr => {
                self.bump();
                let v = self.expect(T::AccDescrValue, "a description")?;
                self.acc_descr = nonempty(v.text.trim().to_string());
                Ok(Stmt::Other)
            }
            T::AccDescrMultiline => {
                self.bump();
                self.acc_descr = nonempty(collapse_indent(t.text.trim()));
                Ok(Stmt::Other)
            }
            T::Click => {
                self.bump();
                let s = self.id_statement()?;
                let (url, tooltip) = match self.peek() {
                    T::Str => {
                        let u = self.bump();
                        let tt = self.expect(T::Str, "a tooltip string")?;
                        (u.text, tt.text)
                    }
                    T::Href => {
                        self.bump();
                        let u = self.expect(T::Str, "a URL string")?;
                        (u.text, String::new())
                    }
                    _ => return self.err("a URL string or `href`"),
                };
                self.expect(T::Nl, "a line end")?;
                Ok(Stmt::Click {
                    id: s.id,
                    url,
                    tooltip,
                })
            }
            _ => self.err("a statement"),
        }
    }
}
