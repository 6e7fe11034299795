//! The ER-diagram parser: Mermaid 12.3's `erDiagram.jison` grammar, recursive descent
//! over the tokens of the ER `lexer`, calling the [`super::db`] actions in the order the
//! grammar's actions do (`erDb.ts`).
//!
//! Statements need no separator (`A B` is two entities), as in the grammar. A syntax
//! error is reported just after the last token accepted, at its line and column in the
//! original source, like Mermaid's jison parser.

use super::db::{Db, Item};
use super::lexer::{self, T, Token};
use super::model::{Attribute, Cardinality, Direction, ErDiagram, Key, ParseError, Warning};
use crate::mermaid::common::preprocess::{self, Pre, is_js_space};
use crate::mermaid::common::settings::{self, Section};

/// Deepest `subgraph` nesting accepted (deeper input is rejected rather than recursed into).
const MAX_DEPTH: usize = 64;

/// Parses Mermaid ER-diagram source (`erDiagram`, optionally after front matter and
/// `%%{init}%%` directives).
///
/// # Errors
/// The first syntax error with its 1-based line and column in `src` and the offending
/// text (lexical errors: at the text no rule matches).
pub fn parse(src: &str) -> Result<(ErDiagram, Vec<Warning>), ParseError> {
    parse_preprocessed(src, preprocess::preprocess(src))
}

/// [`parse`] of `src` whose preprocessing `pre` is already done.
pub(crate) fn parse_preprocessed(
    src: &str,
    pre: Pre,
) -> Result<(ErDiagram, Vec<Warning>), ParseError> {
    let src_chars: Vec<char> = src.chars().collect();
    let mut warnings = Vec::new();
    let settings = settings::read(
        &pre,
        &src_chars,
        &mut Section {
            name: "er",
            apply: &mut |_, _| false,
        },
        &mut warnings,
    );
    let toks = lexer::tokenize(&pre.text.chars);
    let mut p = Parser {
        toks,
        i: 0,
        depth: 0,
        db: Db::default(),
    };
    p.start().map_err(|(idx, msg)| {
        let o = pre.text.orig_at(idx, src_chars.len());
        preprocess::error_at(&src_chars, o, &msg)
    })?;
    let mut er = p.db.er;
    er.title = settings.title;
    er.theme = settings.theme;
    er.theme_variables = settings.theme_variables;
    Ok((er, warnings))
}

type PResult<X> = Result<X, (usize, String)>;

struct Parser {
    toks: Vec<Token>,
    i: usize,
    depth: usize,
    db: Db,
}

/// `setAccDescription`'s `replace(/\n\s+/g, '\n')`.
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

fn nonempty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn is_entity_name(t: T) -> bool {
    matches!(
        t,
        T::UnicodeText | T::Num | T::EntityName | T::DecimalNum | T::EntityOne
    )
}

impl Parser {
    fn peek(&self) -> T {
        self.toks.get(self.i).map(|t| t.t).unwrap_or(T::End1)
    }
    fn tok(&self) -> Token {
        self.toks.get(self.i).cloned().unwrap_or_else(|| {
            let end = self.toks.last().map(|t| t.end).unwrap_or(0);
            Token {
                t: T::End1,
                text: String::new(),
                start: end,
                end,
            }
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
        let got = match cur.t {
            T::Eof | T::End1 => "end of text".to_string(),
            T::Nl => "end of line".to_string(),
            _ => format!("`{}`", cur.text.trim()),
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

    fn start(&mut self) -> PResult<()> {
        self.expect(T::ErDiagram, "`erDiagram`")?;
        self.document()?;
        match self.peek() {
            T::Eof => Ok(()),
            _ => self.err("a statement"),
        }
    }

    /// Statements up to (not including) `EOF`, `$end` or `end`; what they name, for an
    /// enclosing subgraph.
    fn document(&mut self) -> PResult<Vec<Item>> {
        let mut items = Vec::new();
        loop {
            match self.peek() {
                T::Nl => {
                    self.bump();
                }
                T::Eof if self.depth > 0 => {
                    // `line: EOF` inside a subgraph; `end` is still missing.
                    self.bump();
                }
                T::Eof | T::End1 | T::End => return Ok(items),
                _ => self.statement(&mut items)?,
            }
        }
    }

    fn entity_name(&mut self) -> PResult<String> {
        let t = self.tok();
        if !is_entity_name(t.t) {
            return self.err("an entity name");
        }
        self.bump();
        Ok(if t.t == T::EntityName {
            t.text.replace('"', "")
        } else {
            t.text
        })
    }

    /// `idList`: names separated by commas (`UNICODE_TEXT` or, in styles, `STYLE_TEXT`).
    fn id_list(&mut self) -> PResult<Vec<String>> {
        let mut ids = Vec::new();
        loop {
            let t = self.tok();
            if !matches!(t.t, T::UnicodeText | T::StyleText) {
                return self.err("a name");
            }
            self.bump();
            ids.push(t.text);
            if self.peek() != T::Comma {
                return Ok(ids);
            }
            self.bump();
        }
    }

    /// `stylesOpt separator`: declarations (their parts joined without spaces) up to
    /// `;`, a line end or the end.
    fn styles(&mut self) -> PResult<Vec<String>> {
        let mut out = Vec::new();
        loop {
            let mut s = String::new();
            while matches!(self.peek(), T::StyleText | T::Num | T::Colon | T::Brkt) {
                s.push_str(&self.bump().text);
            }
            if s.is_empty() {
                return self.err("a style");
            }
            out.push(s);
            if self.peek() == T::Comma {
                self.bump();
                continue;
            }
            break;
        }
        match self.peek() {
            T::Semi | T::Nl | T::Eof => {
                self.bump();
                Ok(out)
            }
            _ => self.err("`;` or a line end"),
        }
    }

    fn cardinality(&mut self) -> PResult<Cardinality> {
        match self.peek() {
            T::Card(c) => {
                self.bump();
                Ok(c)
            }
            _ => self.err("a cardinality"),
        }
    }

    /// `relSpec`: cardinality, `--`/`..`, cardinality.
    fn rel_spec(&mut self) -> PResult<(Cardinality, bool, Cardinality)> {
        let a = self.cardinality()?;
        let ident = match self.peek() {
            T::Rel(b) => {
                self.bump();
                b
            }
            _ => return self.err("`--` or `..`"),
        };
        let b = self.cardinality()?;
        Ok((a, ident, b))
    }

    fn classes_opt(&mut self) -> PResult<Option<Vec<String>>> {
        if self.peek() == T::StyleSeparator {
            self.bump();
            return Ok(Some(self.id_list()?));
        }
        Ok(None)
    }

    fn role(&mut self) -> PResult<String> {
        let t = self.tok();
        match t.t {
            T::Word | T::EntityName => {
                self.bump();
                Ok(t.text.replace('"', ""))
            }
            T::UnicodeText => {
                self.bump();
                Ok(t.text)
            }
            _ => self.err("a relationship label"),
        }
    }

    /// `{ attribute* }` after `BLOCK_START`.
    fn block(&mut self) -> PResult<Vec<Attribute>> {
        self.expect(T::BlockStart, "`{`")?;
        let mut attrs = Vec::new();
        loop {
            match self.peek() {
                T::BlockStop => {
                    self.bump();
                    return Ok(attrs);
                }
                T::AttributeWord => attrs.push(self.attribute()?),
                _ if attrs.is_empty() => return self.err("an attribute or `}`"),
                _ => return self.err("an attribute or `}`"),
            }
        }
    }

    fn attribute(&mut self) -> PResult<Attribute> {
        let mut ty = self.bump().text;
        if self.peek() == T::Char('?') {
            ty.push('?');
            self.bump();
        }
        let name = self.expect(T::AttributeWord, "an attribute name")?.text;
        let mut keys = Vec::new();
        if self.peek() == T::AttributeKey {
            loop {
                let k = self.expect(T::AttributeKey, "PK, FK or UK")?;
                keys.push(match k.text.to_ascii_uppercase().as_str() {
                    "PK" => Key::Pk,
                    "FK" => Key::Fk,
                    _ => Key::Uk,
                });
                if self.peek() != T::Char(',') {
                    break;
                }
                self.bump();
            }
        }
        let mut comment = String::new();
        if self.peek() == T::Comment {
            comment = self.bump().text.replace('"', "");
        }
        Ok(Attribute {
            ty,
            name,
            keys,
            comment,
        })
    }

    fn statement(&mut self, items: &mut Vec<Item>) -> PResult<()> {
        let t = self.tok();
        match t.t {
            T::AccTitle => {
                self.bump();
                let v = self.expect(T::AccTitleValue, "a title")?;
                self.db.er.acc_title = nonempty(v.text.trim().to_string());
            }
            T::AccDescr => {
                self.bump();
                let v = self.expect(T::AccDescrValue, "a description")?;
                self.db.er.acc_descr = nonempty(collapse_indent(v.text.trim()));
            }
            T::AccDescrMultiline => {
                self.bump();
                self.db.er.acc_descr = nonempty(collapse_indent(t.text.trim()));
            }
            T::Dir(d) => {
                self.bump();
                let dir = match d {
                    "BT" => Direction::BT,
                    "RL" => Direction::RL,
                    "LR" => Direction::LR,
                    _ => Direction::TB,
                };
                if self.depth == 0 {
                    self.db.er.direction = dir;
                } else {
                    items.push(Item::Dir(dir));
                }
            }
            T::ClassDef => {
                self.bump();
                let ids = self.id_list()?;
                let styles = self.styles()?;
                self.db.add_class(&ids, &styles);
            }
            T::Class => {
                self.bump();
                let ids = self.id_list()?;
                let classes = self.id_list()?;
                self.db.set_class(&ids, &classes);
            }
            T::Style => {
                self.bump();
                let ids = self.id_list()?;
                let styles = self.styles()?;
                self.db.add_css_styles(&ids, &styles);
            }
            T::Subgraph => self.subgraph(items)?,
            _ if is_entity_name(t.t) => self.entity_statement(items)?,
            _ => return self.err("a statement"),
        }
        Ok(())
    }

    fn subgraph(&mut self, items: &mut Vec<Item>) -> PResult<()> {
        let open = self.bump();
        let id = self.entity_name()?;
        let mut title = id.clone();
        if self.peek() == T::Sqs {
            self.bump();
            let mut words = vec![self.entity_name()?];
            while is_entity_name(self.peek()) {
                words.push(self.entity_name()?);
            }
            self.expect(T::Sqe, "`]`")?;
            title = words.join(" ");
        }
        match self.peek() {
            T::Nl | T::Eof | T::Semi => {
                self.bump();
            }
            _ => return self.err("a line end"),
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((open.start, "subgraphs nested too deeply".into()));
        }
        let inner = self.document()?;
        self.expect(T::End, "`end`")?;
        self.depth -= 1;
        let id = self.db.add_subgraph(&id, inner, &title);
        items.push(Item::Name(id));
        Ok(())
    }

    fn entity_statement(&mut self, items: &mut Vec<Item>) -> PResult<()> {
        let a = self.entity_name()?;
        let classes_a = self.classes_opt()?;
        if matches!(self.peek(), T::Card(_)) {
            let spec = self.rel_spec()?;
            let b = self.entity_name()?;
            let classes_b = self.classes_opt()?;
            self.expect(T::Colon, "`:`")?;
            let role = self.role()?;
            self.db.add_entity(&a, "");
            self.db.add_entity(&b, "");
            self.db.add_relationship(&a, &role, &b, spec);
            if let Some(c) = classes_a {
                self.db.set_class(std::slice::from_ref(&a), &c);
            }
            if let Some(c) = classes_b {
                self.db.set_class(std::slice::from_ref(&b), &c);
            }
            items.push(Item::Name(a));
            items.push(Item::Name(b));
            return Ok(());
        }
        let mut alias = None;
        let mut classes = classes_a;
        if classes.is_none() && self.peek() == T::Sqs {
            self.bump();
            alias = Some(self.entity_name()?);
            self.expect(T::Sqe, "`]`")?;
            classes = self.classes_opt()?;
        }
        let attrs = if self.peek() == T::BlockStart {
            Some(self.block()?)
        } else {
            None
        };
        self.db.add_entity(&a, alias.as_deref().unwrap_or(""));
        if let Some(attrs) = attrs.filter(|v| !v.is_empty()) {
            self.db.add_attributes(&a, attrs);
        }
        if let Some(c) = classes {
            self.db.set_class(std::slice::from_ref(&a), &c);
        }
        // `A["alias"]` without a block gives its subgraph nothing (the grammar's action
        // sets no value).
        if !(alias.is_some() && attrs_absent(&self.toks, self.i)) {
            items.push(Item::Name(a));
        }
        Ok(())
    }
}

/// Whether the statement just parsed ended without a `}` (no attribute block).
fn attrs_absent(toks: &[Token], i: usize) -> bool {
    i == 0 || toks[i - 1].t != T::BlockStop
}
