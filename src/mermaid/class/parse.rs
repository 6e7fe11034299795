//! The class diagram parser: Mermaid 12.3's `classDiagram.jison` grammar as recursive
//! descent over the tokens of the class `lexer`, calling the `db` actions in the order
//! the grammar's reductions call `ClassDB`. Accepts what that grammar accepts and rejects
//! the rest with a [`ParseError`] at the offending token.
//!
//! Knows no layout or drawing; preprocessing and config are the shared ones.

use super::db::Db;
use super::lexer::{self, T, Token};
use super::model::*;
use crate::mermaid::common::geometry::Direction;
use crate::mermaid::common::preprocess::{self, Pre, Src};
use crate::mermaid::common::sanitize::sanitize_text;
use crate::mermaid::common::settings::{self, Section};

/// Config keys of Mermaid's `class` section that change nothing in a native drawing
/// (renderer choice, HTML labels, width scaling); `hideEmptyMembersBox` is read, other
/// keys get a warning.
const NO_EFFECT_KEYS: &[&str] = &[
    "useMaxWidth",
    "htmlLabels",
    "defaultRenderer",
    "arrowMarkerAbsolute",
];

/// True when the preprocessed text is a class diagram (Mermaid's class detectors:
/// it starts with `classDiagram`, which `classDiagram-v2` also does).
pub(crate) fn is_class_diagram(text: &Src) -> bool {
    let head: String = text.chars.iter().take(12).collect();
    head == "classDiagram"
}

/// Parses Mermaid class diagram source text (front matter and `%%{init}%%` directives
/// allowed, then `classDiagram` or `classDiagram-v2`).
///
/// # Errors
/// The first syntax error, at its 1-based line and column in `src` with the offending
/// text. Never panics.
pub fn parse(src: &str) -> Result<(ClassDiagram, Vec<Warning>), ParseError> {
    parse_preprocessed(src, preprocess::preprocess(src))
}

/// [`parse`] with the preprocessing already done.
pub(crate) fn parse_preprocessed(
    src: &str,
    pre: Pre,
) -> Result<(ClassDiagram, Vec<Warning>), ParseError> {
    let src_chars: Vec<char> = src.chars().collect();
    let mut warnings = Vec::new();
    let mut hide_empty = false;
    let st = settings::read(
        &pre,
        &src_chars,
        &mut Section {
            name: "class",
            apply: &mut |key, value| {
                if key == "hideEmptyMembersBox" {
                    hide_empty = value.scalar().as_deref() == Some("true");
                    return true;
                }
                NO_EFFECT_KEYS.contains(&key)
            },
        },
        &mut warnings,
    );
    let text = &pre.text;
    let err_at = |pos: usize, msg: &str| {
        preprocess::error_at(&src_chars, text.orig_at(pos, src_chars.len()), msg)
    };
    if !is_class_diagram(text) {
        return Err(err_at(0, "not a class diagram: expected `classDiagram`"));
    }
    let toks = lexer::tokenize(&text.chars);
    let mut p = Parser {
        toks: &toks,
        i: 0,
        db: Db::default(),
        depth: 0,
    };
    p.start().map_err(|(pos, msg)| err_at(pos, &msg))?;
    let mut d = p.db.d;
    d.hide_empty_members_box = hide_empty;
    d.theme = st.theme;
    d.theme_variables = st.theme_variables;
    d.title = st
        .title
        .as_deref()
        .map(sanitize_text)
        .filter(|t| !t.is_empty());
    Ok((d, warnings))
}

type PResult<X> = Result<X, (usize, String)>;

/// Nesting limit for namespaces, so deep input cannot overflow the stack.
const MAX_DEPTH: usize = 200;

struct Parser<'a> {
    toks: &'a [Token],
    i: usize,
    db: Db,
    depth: usize,
}

/// `alphaNumToken` (its `NUM` never comes: `\w+` matches digits first).
fn is_alnum(k: T) -> bool {
    matches!(k, T::UnicodeText | T::Alpha | T::Minus)
}

/// `setAccDescription`: sanitised, white space after each newline dropped.
fn acc_descr(v: &str) -> Option<String> {
    let s = sanitize_text(v.trim());
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\n' {
            while chars.peek().is_some_and(|x| x.is_whitespace()) {
                chars.next();
            }
        }
    }
    Some(out).filter(|s| !s.is_empty())
}

fn rel_type(k: T) -> Option<RelEnd> {
    Some(match k {
        T::Aggregation => RelEnd::Aggregation,
        T::Extension => RelEnd::Extension,
        T::Composition => RelEnd::Composition,
        T::Dependency => RelEnd::Dependency,
        T::Lollipop => RelEnd::Lollipop,
        _ => return None,
    })
}

fn is_style_component(k: T) -> bool {
    matches!(
        k,
        T::Alpha | T::Colon | T::Space | T::Brkt | T::Style | T::Pct | T::Label
    )
}

impl Parser<'_> {
    fn tok(&self) -> &Token {
        &self.toks[self.i.min(self.toks.len() - 1)]
    }
    fn kind(&self) -> T {
        self.tok().kind
    }
    fn bump(&mut self) -> String {
        let t = self.tok().text.clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }
    fn unexpected<X>(&self) -> PResult<X> {
        let t = self.tok();
        if t.kind == T::Error {
            return Err((t.start, "lexical error: unrecognised text".into()));
        }
        let what = match t.kind {
            T::Eof | T::EofInStruct => "end of text".to_string(),
            T::Newline => "end of line".to_string(),
            _ => format!("`{}`", t.text.trim()),
        };
        // Mermaid reports the place just after the last token it accepted
        let at = match self.i.checked_sub(1) {
            Some(k) if self.i < self.toks.len() => self.toks[k].end,
            _ => t.start,
        };
        Err((at, format!("unexpected {what}")))
    }
    fn expect(&mut self, k: T) -> PResult<String> {
        if self.kind() == k {
            Ok(self.bump())
        } else {
            self.unexpected()
        }
    }
    fn db_err<X>(&self, r: Result<X, String>, at: usize) -> PResult<X> {
        r.map_err(|m| (at, m))
    }

    fn start(&mut self) -> PResult<()> {
        self.expect(T::ClassDiagram)?;
        self.expect(T::Newline)?;
        loop {
            self.statement()?;
            if self.kind() == T::Newline {
                self.bump();
                if self.kind() == T::Eof {
                    return Ok(());
                }
                continue;
            }
            return self.expect(T::Eof).map(|_| ());
        }
    }

    /// `className`: names joined by `.`, ending in a generic `~T~` or a backquoted name.
    fn class_name(&mut self) -> PResult<String> {
        let mut s = String::new();
        loop {
            let k = self.kind();
            if k == T::BquoteStr {
                s.push_str(&self.bump());
                if self.kind() == T::GenericType {
                    s.push('~');
                    s.push_str(&self.bump());
                    s.push('~');
                }
                return Ok(s);
            }
            if !is_alnum(k) {
                return self.unexpected();
            }
            s.push_str(&self.bump());
            match self.kind() {
                T::Dot => {
                    self.bump();
                    s.push('.');
                }
                T::GenericType => {
                    s.push('~');
                    s.push_str(&self.bump());
                    s.push('~');
                    return Ok(s);
                }
                k if is_alnum(k) || k == T::BquoteStr => {}
                _ => return Ok(s),
            }
        }
    }

    /// `namespaceName`: like a class name, without generics.
    fn namespace_name(&mut self) -> PResult<String> {
        let mut s = String::new();
        loop {
            let k = self.kind();
            if k == T::BquoteStr {
                s.push_str(&self.bump());
                return Ok(s);
            }
            if !is_alnum(k) {
                return self.unexpected();
            }
            s.push_str(&self.bump());
            match self.kind() {
                T::Dot => {
                    self.bump();
                    s.push('.');
                }
                k if is_alnum(k) || k == T::BquoteStr => {}
                _ => return Ok(s),
            }
        }
    }

    fn statement(&mut self) -> PResult<()> {
        let at = self.tok().start;
        match self.kind() {
            k if is_alnum(k) || k == T::BquoteStr => self.relation_or_member(),
            T::Namespace => self.namespace(),
            T::Class => self.class_statement().map(|_| ()),
            T::AnnotationStart => {
                self.bump();
                let a = self.alnum()?;
                self.expect(T::AnnotationEnd)?;
                let c = self.class_name()?;
                let r = self.db.add_annotation(&c, &a);
                self.db_err(r, at)
            }
            T::Callback | T::Link | T::Click => self.click(),
            T::Style => {
                self.bump();
                let id = self.expect(T::Alpha)?;
                let styles = self.styles()?;
                self.db.set_style(&id, &styles);
                Ok(())
            }
            T::CssClass => {
                self.bump();
                let ids = self.expect(T::Str)?;
                let class = self.expect(T::Alpha)?;
                self.db.set_css_class(&ids, &class);
                Ok(())
            }
            T::NoteFor | T::Note => self.note().map(|_| ()),
            T::ClassDef => {
                self.bump();
                let mut names = vec![self.expect(T::Alpha)?];
                while self.kind() == T::Comma {
                    self.bump();
                    names.push(self.expect(T::Alpha)?);
                }
                let styles = self.styles()?;
                self.db.define_class(&names, &styles);
                Ok(())
            }
            T::DirTb | T::DirBt | T::DirRl | T::DirLr => {
                self.db.d.direction = match self.kind() {
                    T::DirBt => Direction::BT,
                    T::DirRl => Direction::RL,
                    T::DirLr => Direction::LR,
                    _ => Direction::TB,
                };
                self.bump();
                Ok(())
            }
            T::AccTitle => {
                self.bump();
                let v = self.expect(T::AccTitleValue)?;
                self.db.d.acc_title = Some(sanitize_text(v.trim())).filter(|s| !s.is_empty());
                Ok(())
            }
            T::AccDescr => {
                self.bump();
                let v = self.expect(T::AccDescrValue)?;
                self.db.d.acc_descr = acc_descr(&v);
                Ok(())
            }
            T::AccDescrMultilineValue => {
                let v = self.bump();
                self.db.d.acc_descr = acc_descr(&v);
                Ok(())
            }
            T::Member => {
                self.bump();
                Ok(())
            }
            _ => self.unexpected(),
        }
    }

    fn alnum(&mut self) -> PResult<String> {
        if is_alnum(self.kind()) {
            Ok(self.bump())
        } else {
            self.unexpected()
        }
    }

    fn relation_or_member(&mut self) -> PResult<()> {
        let at = self.tok().start;
        let from = self.class_name()?;
        let k = self.kind();
        if k == T::Label {
            let l = Db::cleanup_label(&self.bump());
            let r = self.db.add_member(&from, &l);
            return self.db_err(r, at);
        }
        let starts_relation =
            k == T::Str || k == T::Line || k == T::DottedLine || rel_type(k).is_some();
        if !starts_relation {
            return Ok(()); // a lone class name: Mermaid records nothing
        }
        let card_from = (self.kind() == T::Str).then(|| self.bump());
        let mut start = RelEnd::None;
        if let Some(t) = rel_type(self.kind()) {
            start = t;
            self.bump();
        }
        let dotted = match self.kind() {
            T::Line => false,
            T::DottedLine => true,
            _ => return self.unexpected(),
        };
        self.bump();
        let mut end = RelEnd::None;
        if let Some(t) = rel_type(self.kind()) {
            end = t;
            self.bump();
        }
        let card_to = (self.kind() == T::Str).then(|| self.bump());
        let to = self.class_name()?;
        let label = if self.kind() == T::Label {
            Db::cleanup_label(&self.bump())
        } else {
            String::new()
        };
        self.db.add_relation(Relation {
            from,
            to,
            start,
            end,
            dotted,
            label,
            card_from,
            card_to,
        });
        Ok(())
    }

    /// `classStatement`; returns the class name as written.
    fn class_statement(&mut self) -> PResult<String> {
        let at = self.tok().start;
        self.expect(T::Class)?;
        let name = self.class_name()?;
        self.db.add_class(&name);
        if self.kind() == T::Sqs {
            self.bump();
            let l = self.expect(T::Str)?;
            self.expect(T::Sqe)?;
            self.db.set_label(&name, &l);
        }
        match self.kind() {
            T::StyleSeparator => {
                self.bump();
                let css = self.alnum()?;
                let members = if self.kind() == T::StructStart {
                    self.bump();
                    let m = self.members(false)?;
                    Some(m)
                } else {
                    None
                };
                self.db.set_css_class(&name, &css);
                if let Some(m) = members {
                    self.add_members(&name, &m, at)?;
                }
            }
            T::StructStart => {
                self.bump();
                let m = self.members(true)?;
                self.add_members(&name, &m, at)?;
            }
            T::AnnotationStart => {
                self.bump();
                let a = self.alnum()?;
                self.expect(T::AnnotationEnd)?;
                let members = if self.kind() == T::StructStart {
                    self.bump();
                    Some(self.members(true)?)
                } else {
                    None
                };
                let r = self.db.add_annotation(&name, &a);
                self.db_err(r, at)?;
                if let Some(m) = members {
                    self.add_members(&name, &m, at)?;
                }
            }
            _ => {}
        }
        Ok(name)
    }

    fn add_members(&mut self, name: &str, members: &[String], at: usize) -> PResult<()> {
        for m in members {
            let r = self.db.add_member(name, m);
            self.db_err(r, at)?;
        }
        Ok(())
    }

    /// `members STRUCT_STOP` after a `{` (`allow_empty`: the `{}` forms).
    fn members(&mut self, allow_empty: bool) -> PResult<Vec<String>> {
        let mut v = Vec::new();
        while self.kind() == T::Member {
            v.push(self.bump());
        }
        if v.is_empty() && !allow_empty {
            return self.unexpected();
        }
        self.expect(T::StructStop)?;
        Ok(v)
    }

    /// `noteStatement`; returns the note id.
    fn note(&mut self) -> PResult<String> {
        if self.kind() == T::NoteFor {
            self.bump();
            let c = self.class_name()?;
            let text = self.expect(T::Str)?;
            Ok(self.db.add_note(&text, Some(&c)))
        } else {
            self.expect(T::Note)?;
            let text = self.expect(T::Str)?;
            Ok(self.db.add_note(&text, None))
        }
    }

    /// `stylesOpt`: style components joined, styles separated by commas.
    fn styles(&mut self) -> PResult<Vec<String>> {
        let mut v = Vec::new();
        loop {
            if !is_style_component(self.kind()) {
                return self.unexpected();
            }
            let mut s = String::new();
            while is_style_component(self.kind()) {
                s.push_str(&self.bump());
            }
            v.push(s);
            if self.kind() == T::Comma {
                self.bump();
                continue;
            }
            return Ok(v);
        }
    }

    fn click(&mut self) -> PResult<()> {
        let at = self.tok().start;
        let kw = self.kind();
        self.bump();
        let c = self.class_name()?;
        let tooltip = |p: &mut Self| -> Option<String> { (p.kind() == T::Str).then(|| p.bump()) };
        match kw {
            T::Callback => {
                self.expect(T::Str)?;
                let r = self.db.set_click(&c);
                self.db_err(r, at)?;
                if let Some(t) = tooltip(self) {
                    let r = self.db.set_tooltip(&c, &t);
                    self.db_err(r, at)?;
                }
            }
            T::Link => self.link_rest(&c, at)?,
            _ => match self.kind() {
                T::CallbackName => {
                    self.bump();
                    if self.kind() == T::CallbackArgs {
                        self.bump();
                    }
                    let r = self.db.set_click(&c);
                    self.db_err(r, at)?;
                    if let Some(t) = tooltip(self) {
                        let r = self.db.set_tooltip(&c, &t);
                        self.db_err(r, at)?;
                    }
                }
                T::Href => {
                    self.bump();
                    self.link_rest(&c, at)?;
                }
                _ => return self.unexpected(),
            },
        }
        Ok(())
    }

    /// `STR [STR] [LINK_TARGET]` after `link A` / `click A href`.
    fn link_rest(&mut self, c: &str, at: usize) -> PResult<()> {
        let url = self.expect(T::Str)?;
        let tip = (self.kind() == T::Str).then(|| self.bump());
        let target = (self.kind() == T::LinkTarget).then(|| self.bump());
        self.db.set_link(c, &url, target.as_deref());
        if let Some(t) = tip {
            let r = self.db.set_tooltip(c, &t);
            self.db_err(r, at)?;
        }
        Ok(())
    }

    fn namespace(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((self.tok().start, "namespaces nested too deeply".into()));
        }
        self.expect(T::Namespace)?;
        let name = self.namespace_name()?;
        let label = if self.kind() == T::Sqs {
            self.bump();
            let l = self.expect(T::Str)?;
            self.expect(T::Sqe)?;
            Some(l)
        } else {
            None
        };
        let id = self.db.add_namespace(&name, label.as_deref());
        self.expect(T::StructStart)?;
        if self.kind() == T::Newline {
            self.bump();
        }
        let mut classes = Vec::new();
        let mut notes = Vec::new();
        loop {
            match self.kind() {
                T::Class => classes.push(self.class_statement()?),
                T::NoteFor | T::Note => notes.push(self.note()?),
                T::Namespace => self.namespace()?,
                _ => return self.unexpected(),
            }
            if self.kind() == T::Newline {
                self.bump();
                if self.kind() == T::StructStop {
                    break;
                }
                continue;
            }
            break;
        }
        self.expect(T::StructStop)?;
        self.db.fill_namespace(&id, &classes, &notes);
        self.db.pop_namespace();
        self.depth -= 1;
        Ok(())
    }
}
