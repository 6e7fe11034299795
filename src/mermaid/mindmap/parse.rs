//! The mindmap parser: the grammar of Mermaid 12.3's `mindmap.jison` over the tokens of
//! [`super::lexer`], with `MindmapDB`'s actions (`addNode`, `decorateNode`, `getType`,
//! `assignSections`) building the [`Mindmap`] tree.
//!
//! Grammar, as token sequences: `SPACELINE (SPACELINE|NL)*`? `MINDMAP NL?`, then one or
//! more `statement stop`, where a statement is `SPACELIST? node`, `SPACELIST? ICON`,
//! `SPACELIST? CLASS`, `SPACELINE` or `SPACELIST`, and `stop` is `NL | EOF | SPACELINE`
//! followed by any `NL`/`EOF`. A node is `NODE_ID`, `NODE_ID DSTART DESCR DEND` or
//! `DSTART DESCR DEND`.
//!
//! Tree building (`addNode`): the first node is the root and its indentation the base
//! level; every later node's parent is the last node whose level is smaller than its own,
//! so a node indented less than its previous siblings but more than their parent becomes
//! a child of the last node less indented than itself. A node with no such node fails
//! with Mermaid's "There can be only one root" error.

use super::lexer::{self, T, Token};
use super::model::{MAX_SECTIONS, Mindmap, MindmapNode, ParseError, Shape, Warning};
use crate::mermaid::common::config::Value;
use crate::mermaid::common::preprocess::{self, Pre};
use crate::mermaid::common::sanitize::sanitize_text;
use crate::mermaid::common::settings::{self, Section};

/// Largest source the parser reads, in characters: longer input is rejected rather than
/// laid out (a mindmap this size would not fit a page).
pub const MAX_SOURCE_CHARS: usize = 1_000_000;

/// Parses Mermaid mindmap source (`mindmap`, optionally after front matter, `%%{init}%%`
/// directives and `%%` comments).
///
/// # Errors
/// The first syntax error (line and column in `src`, 1-based, and the offending text), as
/// Mermaid's jison parser finds it; and `MindmapDB`'s errors: a second node as little
/// indented as the root ("There can be only one root"), `::icon()` or `:::` before any
/// node.
pub fn parse(src: &str) -> Result<(Mindmap, Vec<Warning>), ParseError> {
    parse_preprocessed(src, preprocess::preprocess(src))
}

/// [`parse`] of `src` whose preprocessing `pre` is already done.
pub(crate) fn parse_preprocessed(
    src: &str,
    pre: Pre,
) -> Result<(Mindmap, Vec<Warning>), ParseError> {
    let src_chars: Vec<char> = src.chars().collect();
    let at = |idx: usize, msg: &str| {
        let o = pre.text.orig_at(idx, src_chars.len());
        preprocess::error_at(&src_chars, o, msg)
    };
    if src_chars.len() > MAX_SOURCE_CHARS {
        return Err(at(0, "mindmap source too long"));
    }
    let mut warnings = Vec::new();
    let mut padding_px = 10.0;
    let mut max_node_width_px = 200.0;
    let st = settings::read(
        &pre,
        &src_chars,
        &mut Section {
            name: "mindmap",
            apply: &mut |k, v| match (k, number(v)) {
                ("padding", Some(n)) if n >= 0.0 => {
                    padding_px = n.min(200.0);
                    true
                }
                ("maxNodeWidth", Some(n)) if n > 0.0 => {
                    max_node_width_px = n.clamp(20.0, 2000.0);
                    true
                }
                ("useMaxWidth", _) => true,
                _ => false,
            },
        },
        &mut warnings,
    );
    if st.theme.as_deref().is_some_and(|t| t != "default") || !st.theme_variables.is_empty() {
        let pos = pre.front_matter.as_ref().map_or(0, |f| f.1);
        warnings.push(preprocess::warning_at(
            &src_chars,
            pos,
            "mindmap: drawn in the default theme's colours; the theme and its variables are ignored"
                .into(),
        ));
    }
    let toks =
        lexer::tokenize(&pre.text.chars).map_err(|i| at(i, "Lexical error: unrecognized text"))?;
    let mut p = Parser {
        toks,
        i: 0,
        db: Db::default(),
    };
    p.start().map_err(|(i, m)| at(i, &m))?;
    let mut nodes = p.db.nodes;
    lines_of(&mut nodes, &p.db.positions, &pre, &src_chars);
    assign_sections(&mut nodes);
    Ok((
        Mindmap {
            nodes,
            title: st.title,
            theme: st.theme,
            theme_variables: st.theme_variables,
            padding_px,
            max_node_width_px,
        },
        warnings,
    ))
}

fn number(v: &Value) -> Option<f32> {
    v.scalar()?
        .trim()
        .parse::<f32>()
        .ok()
        .filter(|n| n.is_finite())
}

type PResult<X> = Result<X, (usize, String)>;

/// `MindmapDB`'s state.
#[derive(Default)]
struct Db {
    nodes: Vec<MindmapNode>,
    base_level: i64,
    /// Where each node starts in the preprocessed text.
    positions: Vec<usize>,
    /// Nodes that can still be a parent, by strictly rising level: a node hides every
    /// earlier node at its level or deeper, since it is later and at most as deep.
    open: Vec<usize>,
}

impl Db {
    fn add_node(
        &mut self,
        level: i64,
        id: &str,
        descr: &str,
        shape: Shape,
        pos: usize,
    ) -> PResult<()> {
        let is_root = self.nodes.is_empty();
        let level = if is_root {
            self.base_level = level;
            0
        } else {
            level - self.base_level
        };
        let text = sanitize_text(descr);
        // `getParent`: the last node whose level is below this one's.
        while self
            .open
            .last()
            .is_some_and(|&o| self.nodes[o].level >= level)
        {
            self.open.pop();
        }
        let parent = self.open.last().copied();
        if parent.is_none() && !is_root {
            return Err((
                pos,
                format!("There can be only one root. No parent could be found for (\"{text}\")"),
            ));
        }
        let idx = self.nodes.len();
        if let Some(p) = parent {
            self.nodes[p].children.push(idx);
        }
        self.nodes.push(MindmapNode {
            id: sanitize_text(id),
            text,
            shape,
            icon: None,
            class: None,
            level,
            parent,
            children: Vec::new(),
            section: None,
            line: 0,
        });
        self.positions.push(pos);
        self.open.push(idx);
        Ok(())
    }

    fn decorate(&mut self, icon: Option<&str>, class: Option<&str>, pos: usize) -> PResult<()> {
        let Some(n) = self.nodes.last_mut() else {
            return Err((pos, "an icon or class needs a node before it".into()));
        };
        if let Some(i) = icon.filter(|s| !s.is_empty()) {
            n.icon = Some(sanitize_text(i));
        }
        if let Some(c) = class.filter(|s| !s.is_empty()) {
            n.class = Some(sanitize_text(c));
        }
        Ok(())
    }
}

/// `getType(start, end)`.
fn shape_of(start: &str, end: &str) -> Shape {
    match start {
        "[" => Shape::Rect,
        "(" if end == ")" => Shape::RoundedRect,
        "(" => Shape::Cloud,
        "((" => Shape::Circle,
        ")" => Shape::Cloud,
        "))" => Shape::Bang,
        "{{" => Shape::Hexagon,
        _ => Shape::Default,
    }
}

/// `assignSections`: the root's children take sections 0, 1, … (modulo
/// `MAX_SECTIONS - 1`), their descendants inherit them.
fn assign_sections(nodes: &mut [MindmapNode]) {
    for i in 0..nodes.len() {
        nodes[i].section = match nodes[i].parent {
            None => None,
            Some(0) => {
                let k = nodes[0].children.iter().position(|&c| c == i).unwrap_or(0);
                Some(k % (MAX_SECTIONS - 1))
            }
            Some(p) => nodes[p].section,
        };
    }
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
    db: Db,
}

fn name(t: T) -> &'static str {
    match t {
        T::Mindmap => "MINDMAP",
        T::SpaceLine => "SPACELINE",
        T::Nl => "NL",
        T::SpaceList => "SPACELIST",
        T::NodeId => "NODE_ID",
        T::NodeDStart => "NODE_DSTART",
        T::NodeDescr => "NODE_DESCR",
        T::NodeDEnd => "NODE_DEND",
        T::Icon => "ICON",
        T::Class => "CLASS",
        T::Eof => "EOF",
    }
}

impl Parser {
    fn peek(&self) -> T {
        self.toks.get(self.i).map_or(T::Eof, |t| t.t)
    }

    fn bump(&mut self) -> Token {
        let t = self.toks.get(self.i).cloned().unwrap_or(Token {
            t: T::Eof,
            text: String::new(),
            pos: 0,
        });
        self.i = (self.i + 1).min(self.toks.len());
        t
    }

    fn at_end(&self) -> bool {
        self.i >= self.toks.len()
    }

    fn err<X>(&self, expected: &[T]) -> PResult<X> {
        let pos = self.toks.get(self.i).map_or(usize::MAX, |t| t.pos);
        let got = if self.at_end() {
            "end of input"
        } else {
            name(self.peek())
        };
        let exp: Vec<String> = expected.iter().map(|t| format!("'{}'", name(*t))).collect();
        Err((
            pos.min(self.toks.last().map_or(0, |t| t.pos)),
            format!("Parse error: expecting {}, got '{got}'", exp.join(", ")),
        ))
    }

    fn start(&mut self) -> PResult<()> {
        if self.peek() == T::SpaceLine {
            while matches!(self.peek(), T::SpaceLine | T::Nl) && !self.at_end() {
                self.bump();
            }
        }
        if self.peek() != T::Mindmap || self.at_end() {
            return self.err(&[T::SpaceLine, T::Mindmap]);
        }
        self.bump();
        if self.peek() == T::Nl {
            self.bump();
        }
        // document: (statement stop)+, then the input must be over.
        loop {
            self.statement()?;
            self.stop()?;
            if self.at_end() {
                return Ok(());
            }
        }
    }

    fn stop(&mut self) -> PResult<()> {
        if self.at_end() || !matches!(self.peek(), T::Nl | T::Eof | T::SpaceLine) {
            return self.err(&[T::SpaceLine, T::Nl, T::Eof]);
        }
        self.bump();
        while !self.at_end() && matches!(self.peek(), T::Nl | T::Eof) {
            self.bump();
        }
        Ok(())
    }

    fn statement(&mut self) -> PResult<()> {
        const FIRST: [T; 7] = [
            T::SpaceList,
            T::SpaceLine,
            T::NodeId,
            T::NodeDStart,
            T::Icon,
            T::Class,
            T::Mindmap,
        ];
        if self.at_end() {
            return self.err(&FIRST[..6]);
        }
        let mut level = 0i64;
        match self.peek() {
            T::SpaceLine => {
                self.bump();
                return Ok(());
            }
            T::SpaceList => {
                let t = self.bump();
                level = t.text.encode_utf16().count() as i64;
                if !matches!(self.peek(), T::NodeId | T::NodeDStart | T::Icon | T::Class) {
                    return Ok(());
                }
            }
            T::NodeId | T::NodeDStart | T::Icon | T::Class => {}
            _ => return self.err(&FIRST[..6]),
        }
        match self.peek() {
            T::Icon => {
                let t = self.bump();
                self.db.decorate(Some(&t.text), None, t.pos)
            }
            T::Class => {
                let t = self.bump();
                self.db.decorate(None, Some(&t.text), t.pos)
            }
            _ => {
                let (id, descr, shape, pos) = self.node()?;
                self.db.add_node(level, &id, &descr, shape, pos)
            }
        }
    }

    /// `node`: `(id, descr, shape, position)`.
    fn node(&mut self) -> PResult<(String, String, Shape, usize)> {
        let first = self.bump();
        if first.t == T::NodeId {
            if self.peek() != T::NodeDStart || self.at_end() {
                return Ok((first.text.clone(), first.text, Shape::Default, first.pos));
            }
            let start = self.bump();
            let (descr, shape) = self.bracketed(&start)?;
            return Ok((first.text, descr, shape, first.pos));
        }
        let (descr, shape) = self.bracketed(&first)?;
        Ok((descr.clone(), descr, shape, first.pos))
    }

    fn bracketed(&mut self, start: &Token) -> PResult<(String, Shape)> {
        if self.peek() != T::NodeDescr || self.at_end() {
            return self.err(&[T::NodeDescr]);
        }
        let descr = self.bump().text;
        if self.peek() != T::NodeDEnd || self.at_end() {
            return self.err(&[T::NodeDEnd]);
        }
        let end = self.bump();
        Ok((descr, shape_of(&start.text, &end.text)))
    }
}

/// Fills in each node's source line from the preprocessed positions.
fn lines_of(nodes: &mut [MindmapNode], positions: &[usize], pre: &Pre, src: &[char]) {
    for (n, &p) in nodes.iter_mut().zip(positions) {
        let o = pre.text.orig_at(p, src.len());
        n.line = preprocess::line_col(src, o).0;
    }
}
