//! The flowchart parser.
//!
//! [`parse`] accepts exactly the language of Mermaid 12.3's flowchart grammar
//! (`graph`/`flowchart` diagrams, see <https://mermaid.js.org/syntax/flowchart.html>)
//! and builds the same graph Mermaid's FlowDB builds: vertex order, edge
//! order, edge kinds and lengths, subgraph membership. Constructs Mermaid
//! rejects are rejected with a [`ParseError`]; things this crate cannot
//! honour (unsupported directive keys, shapes without a drawing of their own)
//! produce [`Warning`]s.

use std::collections::{HashMap, HashSet};

use super::config::{self, Value};
use super::lexer::{self, T, Token};
use super::model::*;
use super::preprocess::{self, Src};
use super::text::build_label;

/// Parses Mermaid flowchart source text.
///
/// The source may start with YAML front matter (`---` ... `---`) and
/// `%%{init: ...}%%` directives, and must then start with `graph` or
/// `flowchart` (optionally followed by a direction).
///
/// Returns the flowchart and the warnings, or the first syntax error with
/// its 1-based line and column in `src`. Never panics.
pub fn parse(src: &str) -> Result<(Flowchart, Vec<Warning>), ParseError> {
    let src_chars: Vec<char> = src.chars().collect();
    let pre = preprocess::preprocess(src);
    let mut warnings = Vec::new();
    let mut settings = Settings::default();
    if let Some((body, pos)) = &pre.front_matter {
        apply_front_matter(body, *pos, &src_chars, &mut settings, &mut warnings);
    }
    for d in &pre.directives {
        apply_directive(d, &src_chars, &mut settings, &mut warnings);
    }
    let text = &pre.text;
    // diagram detection: the text must start with graph/flowchart
    let starts = ["graph", "flowchart", "swimlane-beta"];
    let head: String = text.chars.iter().take(16).collect();
    if !starts.iter().any(|s| head.starts_with(s)) {
        let idx = text.orig_at(0, src_chars.len());
        return Err(preprocess::error_at(
            &src_chars,
            idx,
            "not a flowchart: expected `graph` or `flowchart`",
        ));
    }
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
    let fc = p.db.finish(settings);
    Ok((fc, warnings))
}

#[derive(Default)]
struct Settings {
    title: Option<String>,
    curve: Option<String>,
    theme: Option<String>,
    theme_variables: Vec<(String, String)>,
}

fn warn_at(src: &[char], idx: usize, msg: String, out: &mut Vec<Warning>) {
    let (line, column) = preprocess::line_col(src, idx);
    out.push(Warning {
        line,
        column,
        message: msg,
    });
}

fn apply_config(
    cfg: &Value,
    prefix: &str,
    pos: usize,
    src: &[char],
    s: &mut Settings,
    w: &mut Vec<Warning>,
) {
    let Value::Map(m) = cfg else {
        warn_at(src, pos, format!("{prefix}: expected a mapping"), w);
        return;
    };
    for (k, v) in m {
        match k.as_str() {
            "theme" => s.theme = v.scalar(),
            "themeVariables" => match v {
                Value::Map(tv) => {
                    for (name, val) in tv {
                        match val.scalar() {
                            Some(val) => {
                                s.theme_variables.retain(|(n, _)| n != name);
                                s.theme_variables.push((name.clone(), val));
                            }
                            None => warn_at(
                                src,
                                pos,
                                format!(
                                    "{prefix}: theme variable `{name}` is not a scalar; ignored"
                                ),
                                w,
                            ),
                        }
                    }
                }
                _ => warn_at(
                    src,
                    pos,
                    format!("{prefix}: `themeVariables` is not a mapping"),
                    w,
                ),
            },
            "flowchart" | "config" => match v {
                Value::Map(fm) => {
                    for (fk, fv) in fm {
                        if fk == "curve" {
                            s.curve = fv.scalar();
                        } else {
                            warn_at(
                                src,
                                pos,
                                format!("{prefix}: unsupported key `flowchart.{fk}` ignored"),
                                w,
                            );
                        }
                    }
                }
                _ => warn_at(src, pos, format!("{prefix}: `{k}` is not a mapping"), w),
            },
            other => warn_at(
                src,
                pos,
                format!("{prefix}: unsupported key `{other}` ignored"),
                w,
            ),
        }
    }
}

fn apply_front_matter(
    body: &str,
    pos: usize,
    src: &[char],
    s: &mut Settings,
    w: &mut Vec<Warning>,
) {
    match config::parse_yaml(body) {
        Ok(Value::Map(m)) => {
            for (k, v) in &m {
                match k.as_str() {
                    "title" => s.title = v.scalar(),
                    "config" => apply_config(v, "front matter config", pos, src, s, w),
                    other => warn_at(
                        src,
                        pos,
                        format!("front matter: unsupported key `{other}` ignored"),
                        w,
                    ),
                }
            }
        }
        Ok(Value::Null) => {}
        Ok(_) => warn_at(src, pos, "front matter is not a mapping; ignored".into(), w),
        Err(e) => warn_at(
            src,
            pos,
            format!("front matter not understood ({e}); ignored"),
            w,
        ),
    }
}

fn apply_directive(
    d: &preprocess::Directive,
    src: &[char],
    s: &mut Settings,
    w: &mut Vec<Warning>,
) {
    let kind = d.kind.to_ascii_lowercase();
    if kind == "init" || kind == "initialize" {
        let Some(args) = &d.args else { return };
        let json = args.trim().replace('\'', "\"");
        match config::parse_json(&json) {
            Ok(v) => apply_config(&v, "init directive", d.pos, src, s, w),
            Err(e) => warn_at(
                src,
                d.pos,
                format!("init directive not understood ({e}); ignored"),
                w,
            ),
        }
    } else {
        warn_at(
            src,
            d.pos,
            format!("unsupported directive `{}` ignored", d.kind),
            w,
        );
    }
}

// ------------------------------------------------------------------ FlowDB

#[derive(Default, Clone)]
struct Vertex {
    id: String,
    text: Option<String>,
    kind: LabelKind,
    typ: Option<String>,
    styles: Vec<String>,
    classes: Vec<String>,
    link: Option<String>,
    link_target: Option<String>,
    icon: Option<String>,
    img: Option<String>,
}

#[derive(Default, Clone)]
struct EdgeRec {
    id: String,
    user_id: bool,
    from: String,
    to: String,
    text: String,
    kind_label: LabelKind,
    has_text: bool,
    typ: String,
    stroke: String,
    length: u32,
    animate: bool,
    curve: Option<String>,
    classes: Vec<String>,
}

#[derive(Default, Clone)]
struct SubRec {
    id: String,
    title: String,
    kind: LabelKind,
    members: Vec<String>,
    dir: Option<Direction>,
    classes: Vec<String>,
}

#[derive(Default)]
struct Db {
    vertices: Vec<Vertex>,
    vindex: HashMap<String, usize>,
    edges: Vec<EdgeRec>,
    subgraphs: Vec<SubRec>,
    sub_lookup: HashMap<String, usize>,
    sub_count: usize,
    /// Every id that is already a member of some subgraph.
    all_members: HashSet<String>,
    class_defs: Vec<ClassDef>,
    link_styles: Vec<LinkStyle>,
    default_interpolate: Option<String>,
    clicks: Vec<Click>,
    tooltips: HashMap<String, String>,
    direction: Direction,
    acc_title: Option<String>,
    acc_descr: Option<String>,
}

/// A semantic value of a `line` of a document (what `addSubGraph` receives).
#[derive(Clone, Debug)]
enum LineVal {
    Nodes(Vec<String>),
    Str(String),
    Dir(Direction),
}

/// Text with its FlowDB label type.
#[derive(Clone, Debug)]
struct TextObj {
    text: String,
    kind: LabelKind,
}

/// A link (edge operator) as the grammar builds it.
#[derive(Clone, Debug)]
struct LinkData {
    typ: String,
    stroke: String,
    length: u32,
    text: Option<TextObj>,
    id: Option<String>,
}

fn strip_quotes(s: &str) -> String {
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        s[1..s.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

/// Mermaid's `destructStartLink`.
fn destruct_start(s: &str) -> (String, String) {
    let s = s.trim();
    let (typ, rest) = match s.chars().next() {
        Some('<') => ("arrow_point", &s[1..]),
        Some('x') => ("arrow_cross", &s[1..]),
        Some('o') => ("arrow_circle", &s[1..]),
        _ => ("arrow_open", s),
    };
    let mut stroke = "normal";
    if rest.contains('=') {
        stroke = "thick";
    }
    if rest.contains('.') {
        stroke = "dotted";
    }
    (typ.to_string(), stroke.to_string())
}

/// Mermaid's `destructEndLink`: (type, stroke, length).
fn destruct_end(s: &str) -> (String, String, u32) {
    let s: Vec<char> = s.trim().chars().collect();
    if s.is_empty() {
        return ("arrow_open".into(), "normal".into(), 0);
    }
    let mut line: Vec<char> = s[..s.len() - 1].to_vec();
    let mut typ = "arrow_open".to_string();
    let last = s[s.len() - 1];
    let first = s[0];
    match last {
        'x' => {
            typ = "arrow_cross".into();
            if first == 'x' {
                typ = format!("double_{typ}");
                line.remove(0);
            }
        }
        '>' => {
            typ = "arrow_point".into();
            if first == '<' {
                typ = format!("double_{typ}");
                line.remove(0);
            }
        }
        'o' => {
            typ = "arrow_circle".into();
            if first == 'o' {
                typ = format!("double_{typ}");
                line.remove(0);
            }
        }
        _ => {}
    }
    let mut stroke = "normal".to_string();
    let mut length = line.len() as i64 - 1;
    if line.first() == Some(&'=') {
        stroke = "thick".into();
    }
    if line.first() == Some(&'~') {
        stroke = "invisible".into();
    }
    let dots = line.iter().filter(|&&c| c == '.').count();
    if dots > 0 {
        stroke = "dotted".into();
        length = dots as i64;
    }
    (typ, stroke, length.max(0) as u32)
}

/// Mermaid's `destructLink`.
fn destruct_link(link: &str, start: Option<&str>) -> (String, String, u32) {
    let (etyp, estroke, len) = destruct_end(link);
    let Some(start) = start else {
        return (etyp, estroke, len);
    };
    let (mut styp, sstroke) = destruct_start(start);
    if sstroke != estroke {
        return ("INVALID".into(), "INVALID".into(), len);
    }
    if styp == "arrow_open" {
        styp = etyp;
    } else {
        if styp != etyp {
            return ("INVALID".into(), "INVALID".into(), len);
        }
        styp = format!("double_{styp}");
    }
    if styp == "double_arrow" {
        styp = "double_arrow_point".into();
    }
    (styp, sstroke, len)
}

/// Shape names Mermaid accepts in `@{ shape }` but that have no drawing of
/// their own here (drawn as rectangles, with a warning).
const UNDOCUMENTED_SHAPES: &[&str] = &[
    "state",
    "choice",
    "note",
    "composite",
    "anchor",
    "icon",
    "doublecircle",
    "bpmn-start",
    "bpmn-intermediate",
    "bpmn-boundary",
    "bpmn-end",
    "bpmn-gateway",
    "bpmn-activity",
    "bpmn-data",
    "bpmn-data-store",
    "bpmn-annotation",
];

fn classic_shape(t: &str) -> Option<Shape> {
    Some(match t {
        "square" | "rect" => Shape::Rect,
        "round" => Shape::Rounded,
        "circle" => Shape::Circle,
        "doublecircle" => Shape::DoubleCircle,
        "ellipse" => Shape::Ellipse,
        "stadium" => Shape::Stadium,
        "subroutine" => Shape::Subroutine,
        "cylinder" => Shape::Cylinder,
        "diamond" => Shape::Diamond,
        "hexagon" => Shape::Hexagon,
        "odd" => Shape::Odd,
        "trapezoid" => Shape::Trapezoid,
        "inv_trapezoid" => Shape::InvTrapezoid,
        "lean_right" => Shape::LeanRight,
        "lean_left" => Shape::LeanLeft,
        _ => return None,
    })
}

impl Db {
    fn finish(self, s: Settings) -> Flowchart {
        let mut fc = Flowchart {
            direction: self.direction,
            title: s.title,
            acc_title: self.acc_title,
            acc_descr: self.acc_descr,
            curve: s.curve.or(self.default_interpolate.clone()),
            theme: s.theme,
            theme_variables: s.theme_variables,
            class_defs: self.class_defs,
            link_styles: self.link_styles,
            clicks: self.clicks,
            ..Default::default()
        };
        for v in self.vertices {
            let label = match &v.text {
                Some(t) => build_label(t, v.kind),
                None => Label::plain(&v.id),
            };
            let shape = v
                .typ
                .as_deref()
                .and_then(|t| classic_shape(t).or_else(|| Shape::from_name(t)))
                .unwrap_or_default();
            fc.nodes.push(Node {
                tooltip: self.tooltips.get(&v.id).cloned(),
                id: v.id,
                label,
                shape,
                classes: v.classes,
                styles: v.styles,
                link: v.link,
                link_target: v.link_target,
                icon: v.icon,
                img: v.img,
            });
        }
        for e in self.edges {
            let marker = |t: &str| match t {
                "arrow_point" => Marker::Arrow,
                "arrow_circle" => Marker::Circle,
                "arrow_cross" => Marker::Cross,
                _ => Marker::None,
            };
            let (start, end) = if let Some(base) = e.typ.strip_prefix("double_") {
                (marker(base), marker(base))
            } else if e.typ == "arrow_open" || e.typ == "INVALID" {
                (Marker::None, Marker::None)
            } else {
                (Marker::None, marker(&e.typ))
            };
            let stroke = match e.stroke.as_str() {
                "thick" => Stroke::Thick,
                "dotted" => Stroke::Dotted,
                "invisible" => Stroke::Invisible,
                _ => Stroke::Normal,
            };
            fc.edges.push(Edge {
                id: if e.user_id { Some(e.id) } else { None },
                from: e.from,
                to: e.to,
                kind: EdgeKind { stroke, start, end },
                label: if e.has_text && !e.text.is_empty() {
                    Some(build_label(&e.text, e.kind_label))
                } else {
                    None
                },
                length: e.length,
                animate: e.animate,
                curve: e.curve,
            });
        }
        for sg in self.subgraphs {
            fc.subgraphs.push(Subgraph {
                title: build_label(&sg.title, sg.kind),
                id: sg.id,
                members: sg.members,
                direction: sg.dir,
                classes: sg.classes,
            });
        }
        fc
    }
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

    // -------------------------------------------------------------- grammar

    fn start(&mut self) -> R<()> {
        while matches!(self.peek(), T::Space | T::Newline) {
            self.next();
        }
        self.expect(T::Graph, "`graph` or `flowchart`")?;
        match self.peek() {
            T::NoDir => {
                self.next();
                self.db.direction = Direction::TB;
            }
            T::Dir => {
                let d = self.next();
                self.db.direction = parse_dir(&d.text);
                match self.peek() {
                    T::Semi | T::Newline => {
                        self.next();
                    }
                    T::Space => {
                        while self.peek() == T::Space {
                            self.next();
                        }
                        self.expect(T::Newline, "a new line after the direction")?;
                    }
                    _ => return Err(self.unexpected("`;` or a new line after the direction")),
                }
            }
            _ => return Err(self.unexpected("a direction or a new line")),
        }
        self.document(false)?;
        if self.peek() != T::EndOfInput {
            return Err(self.unexpected("a statement"));
        }
        Ok(())
    }

    /// `document: line*`. Stops at `end` (inside a subgraph) or end of input.
    fn document(&mut self, in_subgraph: bool) -> R<Vec<LineVal>> {
        let mut vals = Vec::new();
        loop {
            match self.peek() {
                T::EndOfInput => {
                    if in_subgraph {
                        return Err(self.unexpected("`end` to close the subgraph"));
                    }
                    return Ok(vals);
                }
                T::End => {
                    if in_subgraph {
                        return Ok(vals);
                    }
                    return Err(self.unexpected("a statement (`end` without `subgraph`)"));
                }
                T::Semi | T::Newline | T::Space | T::Eof => {
                    let t = self.next();
                    vals.push(LineVal::Str(t.text));
                }
                _ => {
                    if let Some(v) = self.statement()? {
                        vals.push(v);
                    }
                }
            }
        }
    }

    fn separator(&mut self) -> R<()> {
        if is_separator(self.peek()) {
            self.next();
            Ok(())
        } else {
            Err(self.unexpected("`;` or a new line"))
        }
    }

    fn statement(&mut self) -> R<Option<LineVal>> {
        let k = self.peek();
        match k {
            T::Subgraph => self.subgraph().map(Some),
            T::Direction => {
                let t = self.next();
                Ok(Some(LineVal::Dir(direction_stmt(&t.text))))
            }
            T::AccTitle => {
                self.next();
                let v = self.expect(T::AccTitleValue, "an accessible title")?;
                let s = v.text.trim().to_string();
                self.db.acc_title = Some(s.clone());
                Ok(Some(LineVal::Str(s)))
            }
            T::AccDescr => {
                self.next();
                let v = self.expect(T::AccDescrValue, "an accessible description")?;
                let s = v.text.trim().to_string();
                self.db.acc_descr = Some(collapse_indent(&s));
                Ok(Some(LineVal::Str(s)))
            }
            T::AccDescrMultilineValue => {
                let v = self.next();
                let s = v.text.trim().to_string();
                self.db.acc_descr = Some(collapse_indent(&s));
                Ok(Some(LineVal::Str(s)))
            }
            T::Style => {
                self.style_statement()?;
                self.separator()?;
                Ok(None)
            }
            T::LinkStyle => {
                self.link_style_statement()?;
                self.separator()?;
                Ok(None)
            }
            T::ClassDef => {
                self.class_def_statement()?;
                self.separator()?;
                Ok(None)
            }
            T::Class => {
                self.class_statement()?;
                self.separator()?;
                Ok(None)
            }
            T::Click => {
                self.click_statement()?;
                self.separator()?;
                Ok(None)
            }
            k if is_id_token(k) => {
                let nodes = self.vertex_statement()?;
                self.separator()?;
                if nodes.is_empty() {
                    Ok(None)
                } else {
                    Ok(Some(LineVal::Nodes(nodes)))
                }
            }
            _ => Err(self.unexpected("a statement")),
        }
    }

    fn subgraph(&mut self) -> R<LineVal> {
        if self.depth >= MAX_SUBGRAPH_DEPTH {
            return Err(self.err("subgraphs are nested too deeply"));
        }
        self.depth += 1;
        let r = self.subgraph_inner();
        self.depth -= 1;
        r
    }

    fn subgraph_inner(&mut self) -> R<LineVal> {
        let sg_tok = self.next();
        let sg_pos = self.orig_pos(sg_tok.pos);
        let (id_obj, title_obj, same) = match self.peek() {
            k if is_separator(k) => {
                self.next();
                (None, None, false)
            }
            T::Space => {
                self.next();
                let id = self.text_no_tags()?;
                if self.peek() == T::Sqs {
                    self.next();
                    let title = self.text(&[T::Sqe])?;
                    self.expect(T::Sqe, "`]`")?;
                    self.separator()?;
                    (Some(id), Some(title), false)
                } else {
                    self.separator()?;
                    (Some(id.clone()), Some(id), true)
                }
            }
            _ => return Err(self.unexpected("a subgraph id or a new line")),
        };
        let doc = self.document(true)?;
        self.expect(T::End, "`end`")?;
        let Some(id_obj) = id_obj else {
            // Mermaid 12.3 fails on `subgraph` without an id (it reads `.text` of undefined).
            return Err(preprocess::error_at(
                self.src_chars,
                sg_pos,
                "subgraph without an id or title",
            ));
        };
        let id = self.add_subgraph(id_obj, doc, title_obj, same);
        Ok(LineVal::Str(id))
    }

    fn add_subgraph(
        &mut self,
        id_obj: TextObj,
        doc: Vec<LineVal>,
        title_obj: Option<TextObj>,
        same: bool,
    ) -> String {
        let mut id = Some(id_obj.text.trim().to_string());
        let title = title_obj
            .as_ref()
            .map(|t| t.text.clone())
            .unwrap_or_default();
        if same && title.chars().any(preprocess::is_js_space) {
            id = None;
        }
        let mut dir = None;
        let mut list: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut add = |s: String, list: &mut Vec<String>| {
            if !s.trim().is_empty() && seen.insert(s.clone()) {
                list.push(s)
            }
        };
        for v in doc {
            match v {
                LineVal::Dir(d) => dir = Some(d),
                LineVal::Str(s) => add(s, &mut list),
                LineVal::Nodes(ns) => {
                    for s in ns {
                        add(s, &mut list);
                    }
                }
            }
        }
        let id = id.unwrap_or_else(|| format!("subGraph{}", self.db.sub_count));
        self.db.sub_count += 1;
        let kind = title_obj.map(|t| t.kind).unwrap_or(LabelKind::Markdown);
        let members: Vec<String> = list
            .into_iter()
            .filter(|n| !self.db.all_members.contains(n))
            .filter(|n| *n != id)
            .collect();
        self.db.all_members.extend(members.iter().cloned());
        if let Some(&ix) = self.db.sub_lookup.get(&id) {
            self.db.subgraphs[ix].members.extend(members);
        } else if let Some(ix) = self.db.subgraphs.iter().position(|s| s.id == id) {
            self.db.subgraphs[ix].members.extend(members);
            self.db.sub_lookup.insert(id.clone(), ix);
        } else {
            self.db.subgraphs.push(SubRec {
                id: id.clone(),
                title: title.trim().to_string(),
                kind,
                members,
                dir,
                classes: Vec::new(),
            });
            self.db
                .sub_lookup
                .insert(id.clone(), self.db.subgraphs.len() - 1);
        }
        id
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

    fn shape_data(&mut self) -> (String, usize) {
        let pos = self.tok_pos();
        let mut s = String::new();
        while self.peek() == T::ShapeData {
            s.push_str(&self.next().text);
        }
        (s, pos)
    }

    /// `vertexStatement`: nodes joined by links. Returns the ids as Mermaid
    /// lists them for subgraph membership (last node group first).
    fn vertex_statement(&mut self) -> R<Vec<String>> {
        let mut stmt = self.node()?;
        let mut groups = vec![stmt.clone()];
        if self.peek() == T::ShapeData {
            let (sd, pos) = self.shape_data();
            if let Some(last) = stmt.last().cloned() {
                self.add_vertex(&last, None, None, Some((&sd, pos)))?;
            }
        }
        while self.peek() == T::Space {
            self.next();
        }
        while matches!(self.peek(), T::Link | T::StartLink | T::LinkId) {
            let link_pos = self.tok_pos();
            let link = self.link()?;
            let node = self.node()?;
            if self.peek() == T::ShapeData {
                let (sd, pos) = self.shape_data();
                if let Some(last) = node.last().cloned() {
                    self.add_vertex(&last, None, None, Some((&sd, pos)))?;
                }
            }
            self.add_link(&stmt, &node, &link, link_pos)?;
            while self.peek() == T::Space {
                self.next();
            }
            groups.push(node.clone());
            stmt = node;
        }
        // Mermaid lists the last node group first: `nodes = node ++ nodes`.
        Ok(groups.into_iter().rev().flatten().collect())
    }

    /// `node`: styled vertices joined by `&`.
    fn node(&mut self) -> R<Vec<String>> {
        let mut ids = vec![self.styled_vertex()?];
        loop {
            let save = self.i;
            let mut sd = None;
            if self.peek() == T::ShapeData {
                sd = Some(self.shape_data());
            }
            if self.peek() == T::Space {
                while self.peek() == T::Space {
                    self.next();
                }
                if self.peek() == T::Amp {
                    self.next();
                    if self.peek() != T::Space {
                        return Err(self.unexpected("a space after `&`"));
                    }
                    while self.peek() == T::Space {
                        self.next();
                    }
                    if let Some((sd, pos)) = sd
                        && let Some(last) = ids.last().cloned()
                    {
                        // Mermaid adds the data after parsing the next vertex
                        let v = self.styled_vertex()?;
                        self.add_vertex(&last, None, None, Some((&sd, pos)))?;
                        ids.push(v);
                        continue;
                    }
                    ids.push(self.styled_vertex()?);
                    continue;
                }
            }
            self.i = save;
            return Ok(ids);
        }
    }

    fn styled_vertex(&mut self) -> R<String> {
        let v = self.vertex()?;
        if self.peek() == T::StyleSeparator {
            self.next();
            let class = self.id_string()?;
            self.set_class(&v, &class);
        }
        Ok(v)
    }

    /// A shape opened by a doubled delimiter (`((text))` circle, `{{text}}` hexagon): skips
    /// the two openers, reads the text and both closers.
    fn doubled(&mut self, id: String, close: T, names: [&str; 2], shape: &str) -> R<String> {
        self.next();
        self.next();
        let text = self.text(&[close])?;
        self.expect(close, names[0])?;
        self.expect(close, names[1])?;
        self.add_vertex(&id, Some(text), Some(shape), None)?;
        Ok(id)
    }

    fn vertex(&mut self) -> R<String> {
        let id_pos = self.tok_pos();
        let id = self.id_string()?;
        let (typ, end) = match self.peek() {
            T::Sqs => ("square", T::Sqe),
            T::DoubleCircleStart => ("doublecircle", T::DoubleCircleEnd),
            T::Ps => {
                if self.peek_at(1) == T::Ps {
                    return self.doubled(id, T::Pe, ["`)`", "`))`"], "circle");
                }
                ("round", T::Pe)
            }
            T::EllipseStart => ("ellipse", T::EllipseEnd),
            T::StadiumStart => ("stadium", T::StadiumEnd),
            T::SubroutineStart => ("subroutine", T::SubroutineEnd),
            T::CylinderStart => ("cylinder", T::CylinderEnd),
            T::DiamondStart => {
                if self.peek_at(1) == T::DiamondStart {
                    return self.doubled(id, T::DiamondStop, ["`}`", "`}}`"], "hexagon");
                }
                ("diamond", T::DiamondStop)
            }
            T::TagEnd => ("odd", T::Sqe),
            T::TrapStart | T::InvTrapStart => {
                let start = self.next().kind;
                let text = self.text(&[T::TrapEnd, T::InvTrapEnd])?;
                let end = self.peek();
                let typ = match (start, end) {
                    (T::TrapStart, T::TrapEnd) => "trapezoid",
                    (T::InvTrapStart, T::InvTrapEnd) => "inv_trapezoid",
                    (T::TrapStart, T::InvTrapEnd) => "lean_right",
                    (T::InvTrapStart, T::TrapEnd) => "lean_left",
                    _ => return Err(self.unexpected("the end of the shape (`/]` or `\\]`)")),
                };
                self.next();
                self.add_vertex(&id, Some(text), Some(typ), None)?;
                return Ok(id);
            }
            T::VertexWithPropsStart => {
                self.next();
                let field = self.expect(T::NodeString, "a property name")?.text;
                self.expect(T::Colon, "`:`")?;
                let _value = self.expect(T::NodeString, "a property value")?.text;
                self.expect(T::Pipe, "`|`")?;
                let text = self.text(&[T::Sqe])?;
                self.expect(T::Sqe, "`]`")?;
                let _ = field;
                self.add_vertex(&id, Some(text), Some("rect"), None)?;
                return Ok(id);
            }
            _ => {
                let _ = id_pos;
                self.add_vertex(&id, None, None, None)?;
                return Ok(id);
            }
        };
        self.next();
        let text = self.text(&[end])?;
        if self.peek() != end {
            return Err(self.unexpected("the end of the node shape"));
        }
        self.next();
        self.add_vertex(&id, Some(text), Some(typ), None)?;
        Ok(id)
    }

    fn link(&mut self) -> R<LinkData> {
        let mut id = None;
        if self.peek() == T::LinkId {
            let t = self.next();
            id = Some(t.text.replacen('@', "", 1));
        }
        match self.peek() {
            T::Link => {
                let l = self.next();
                let (typ, stroke, length) = destruct_link(&l.text, None);
                let mut data = LinkData {
                    typ,
                    stroke,
                    length,
                    text: None,
                    id,
                };
                if self.peek() == T::Pipe {
                    self.next();
                    let t = self.text(&[T::Pipe])?;
                    self.expect(T::Pipe, "`|` after the edge label")?;
                    data.text = Some(t);
                    if self.peek() == T::Space {
                        self.next();
                    }
                }
                Ok(data)
            }
            T::StartLink => {
                let s = self.next();
                let text = match self.peek() {
                    T::Str => {
                        let t = self.next();
                        TextObj {
                            text: t.text,
                            kind: LabelKind::String,
                        }
                    }
                    T::MdStr => {
                        let t = self.next();
                        TextObj {
                            text: t.text,
                            kind: LabelKind::Markdown,
                        }
                    }
                    T::EdgeText | T::UnicodeText => {
                        let mut txt = String::new();
                        while matches!(self.peek(), T::EdgeText | T::UnicodeText) {
                            txt.push_str(&self.next().text);
                        }
                        TextObj {
                            text: txt,
                            kind: LabelKind::Text,
                        }
                    }
                    _ => return Err(self.unexpected("edge label text")),
                };
                let l = self.expect(T::Link, "the end of the edge (e.g. `-->`)")?;
                let (typ, stroke, length) = destruct_link(&l.text, Some(&s.text));
                Ok(LinkData {
                    typ,
                    stroke,
                    length,
                    text: Some(text),
                    id,
                })
            }
            _ => Err(self.unexpected("an edge")),
        }
    }

    fn styles_opt(&mut self) -> R<Vec<String>> {
        let mut out = Vec::new();
        loop {
            if !is_style_component(self.peek()) {
                return Err(self.unexpected("a style"));
            }
            let mut s = String::new();
            while is_style_component(self.peek()) {
                s.push_str(&self.next().text);
            }
            out.push(s);
            if self.peek() == T::Comma {
                self.next();
                continue;
            }
            return Ok(out);
        }
    }

    fn style_statement(&mut self) -> R<()> {
        self.next();
        self.expect(T::Space, "a space")?;
        let id = self.id_string()?;
        self.expect(T::Space, "a space")?;
        let styles = self.styles_opt()?;
        self.add_vertex_styles(&id, styles)?;
        Ok(())
    }

    fn num_list(&mut self) -> R<Vec<(usize, usize)>> {
        let mut v = Vec::new();
        loop {
            let pos = self.tok_pos();
            let t = self.expect(T::Num, "an edge index")?;
            v.push((t.text.parse::<usize>().unwrap_or(usize::MAX), pos));
            if self.peek() == T::Comma {
                self.next();
                continue;
            }
            return Ok(v);
        }
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

    fn link_style_statement(&mut self) -> R<()> {
        self.next();
        self.expect(T::Space, "a space")?;
        let target = if self.peek() == T::Default {
            self.next();
            None
        } else {
            Some(self.num_list()?)
        };
        self.expect(T::Space, "a space")?;
        let mut interpolate = None;
        let mut styles = Vec::new();
        if self.peek() == T::Interpolate {
            self.next();
            self.expect(T::Space, "a space")?;
            interpolate = Some(self.alpha_num()?);
            if self.peek() == T::Space {
                self.next();
                styles = self.styles_opt()?;
            }
        } else {
            styles = self.styles_opt()?;
        }
        // semantic actions, in Mermaid's order
        if let Some(ip) = &interpolate {
            match &target {
                None => self.db.default_interpolate = Some(ip.clone()),
                Some(list) => {
                    for &(n, pos) in list {
                        match self.db.edges.get_mut(n) {
                            Some(e) => e.curve = Some(ip.clone()),
                            None => {
                                return Err(preprocess::error_at(
                                    self.src_chars,
                                    pos,
                                    "linkStyle index is out of bounds",
                                ));
                            }
                        }
                    }
                }
            }
        }
        if (!styles.is_empty() || interpolate.is_none())
            && let Some(list) = &target
        {
            for &(n, pos) in list {
                if n >= self.db.edges.len() {
                    return Err(preprocess::error_at(
                        self.src_chars,
                        pos,
                        &format!(
                            "linkStyle index {n} is out of bounds (the graph has {} edges)",
                            self.db.edges.len()
                        ),
                    ));
                }
            }
        }
        self.db.link_styles.push(LinkStyle {
            target: match target {
                None => LinkStyleTarget::Default,
                Some(l) => LinkStyleTarget::Indices(l.into_iter().map(|(n, _)| n).collect()),
            },
            styles: split_styles(&styles),
            interpolate,
        });
        Ok(())
    }

    fn class_def_statement(&mut self) -> R<()> {
        self.next();
        self.expect(T::Space, "a space")?;
        let ids = self.id_string()?;
        self.expect(T::Space, "a space")?;
        let styles = split_styles(&self.styles_opt()?);
        for id in ids.split(',') {
            match self.db.class_defs.iter_mut().find(|c| c.name == id) {
                Some(c) => c.styles.extend(styles.iter().cloned()),
                None => self.db.class_defs.push(ClassDef {
                    name: id.to_string(),
                    styles: styles.clone(),
                }),
            }
        }
        Ok(())
    }

    fn class_statement(&mut self) -> R<()> {
        self.next();
        self.expect(T::Space, "a space")?;
        let ids = self.id_string()?;
        self.expect(T::Space, "a space")?;
        let class = self.id_string()?;
        self.set_class(&ids, &class);
        Ok(())
    }

    fn click_statement(&mut self) -> R<()> {
        let click_pos = self.tok_pos();
        let ids = self.next().text;
        let mut tooltip = None;
        let action;
        match self.peek() {
            T::CallbackName => {
                let name = self.next().text;
                let mut args = None;
                if self.peek() == T::CallbackArgs {
                    args = Some(self.next().text);
                }
                if self.peek() == T::Space && self.peek_at(1) == T::Str {
                    self.next();
                    tooltip = Some(self.next().text);
                }
                action = ClickAction::Callback { name, args };
            }
            T::Href => {
                self.next();
                let url = self.expect(T::Str, "a quoted URL")?.text;
                let mut target = None;
                if self.peek() == T::Space && self.peek_at(1) == T::Str {
                    self.next();
                    tooltip = Some(self.next().text);
                }
                if self.peek() == T::Space && self.peek_at(1) == T::LinkTarget {
                    self.next();
                    target = Some(self.next().text);
                }
                action = ClickAction::Href { url, target };
            }
            T::Str => {
                let url = self.next().text;
                let mut target = None;
                if self.peek() == T::Space && self.peek_at(1) == T::Str {
                    self.next();
                    tooltip = Some(self.next().text);
                }
                if self.peek() == T::Space && self.peek_at(1) == T::LinkTarget {
                    self.next();
                    target = Some(self.next().text);
                }
                action = ClickAction::Href { url, target };
            }
            k if is_alnum_token(k) => {
                let name = self.alpha_num()?;
                if self.peek() == T::Space && self.peek_at(1) == T::Str {
                    self.next();
                    tooltip = Some(self.next().text);
                }
                action = ClickAction::Callback { name, args: None };
            }
            _ => return Err(self.unexpected("a callback name or a quoted URL")),
        }
        if let ClickAction::Href { url, target } = &action {
            let scheme: String = url
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .take_while(|&c| c != ':')
                .collect::<String>()
                .to_ascii_lowercase();
            let unsafe_url =
                url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data");
            if unsafe_url {
                self.warn(click_pos, format!("unsafe link `{url}` dropped"));
            }
            for id in ids.split(',').filter(|_| !unsafe_url) {
                if let Some(&ix) = self.db.vindex.get(id) {
                    let v = &mut self.db.vertices[ix];
                    v.link = Some(url.clone());
                    v.link_target = target.clone();
                }
            }
        }
        self.set_class(&ids, "clickable");
        if let Some(t) = &tooltip {
            for id in ids.split(',') {
                self.db.tooltips.insert(id.to_string(), t.clone());
            }
        }
        self.db.clicks.push(Click {
            node_id: ids,
            action,
            tooltip,
        });
        Ok(())
    }

    // --------------------------------------------------------- semantics

    fn set_class(&mut self, ids: &str, class: &str) {
        for id in ids.split(',') {
            if let Some(&ix) = self.db.vindex.get(id) {
                self.db.vertices[ix].classes.push(class.to_string());
            }
            if let Some(e) = self.db.edges.iter_mut().find(|e| e.id == id) {
                e.classes.push(class.to_string());
            }
            if let Some(&ix) = self.db.sub_lookup.get(id) {
                self.db.subgraphs[ix].classes.push(class.to_string());
            }
        }
    }

    fn add_vertex_styles(&mut self, id: &str, styles: Vec<String>) -> R<()> {
        self.add_vertex(id, None, None, None)?;
        if let Some(&ix) = self.db.vindex.get(id) {
            self.db.vertices[ix].styles.extend(styles);
        }
        Ok(())
    }

    /// Mermaid's `FlowDB.addVertex`.
    fn add_vertex(
        &mut self,
        id: &str,
        text: Option<TextObj>,
        typ: Option<&str>,
        shape_data: Option<(&str, usize)>,
    ) -> R<()> {
        if id.trim().is_empty() {
            return Ok(());
        }
        let mut doc = None;
        if let Some((md, pos)) = shape_data {
            let yaml = if !md.contains('\n') {
                format!("{{\n{md}\n}}")
            } else {
                format!("{md}\n")
            };
            match config::parse_yaml(&yaml) {
                Ok(Value::Map(m)) => doc = Some((Value::Map(m), pos)),
                Ok(Value::Null) => doc = Some((Value::Map(Vec::new()), pos)),
                Ok(_) => {
                    return Err(preprocess::error_at(
                        self.src_chars,
                        pos,
                        "node data `@{...}` is not a mapping",
                    ));
                }
                Err(e) => {
                    return Err(preprocess::error_at(
                        self.src_chars,
                        pos,
                        &format!("node data `@{{...}}` is not valid YAML: {e}"),
                    ));
                }
            }
        }
        if doc.is_some() && self.db.sub_lookup.contains_key(id) {
            return Ok(());
        }
        if let Some(e) = self.db.edges.iter_mut().find(|e| e.id == id) {
            if let Some((d, _)) = &doc {
                if let Some(a) = d.get("animate") {
                    e.animate = a.truthy();
                }
                if let Some(c) = d.get("curve") {
                    e.curve = c.scalar();
                }
            }
            return Ok(());
        }
        let ix = match self.db.vindex.get(id) {
            Some(&ix) => ix,
            None => {
                self.db.vertices.push(Vertex {
                    id: id.to_string(),
                    ..Default::default()
                });
                self.db
                    .vindex
                    .insert(id.to_string(), self.db.vertices.len() - 1);
                self.db.vertices.len() - 1
            }
        };
        {
            let v = &mut self.db.vertices[ix];
            if let Some(t) = text {
                v.text = Some(strip_quotes(t.text.trim()));
                v.kind = t.kind;
            } else if v.text.is_none() {
                v.text = Some(id.to_string());
            }
            if let Some(t) = typ {
                v.typ = Some(t.to_string());
            }
        }
        if let Some((d, pos)) = doc {
            if let Some(shape) = d.get("shape") {
                let name = shape.scalar().unwrap_or_default();
                if shape.truthy() {
                    if name != name.to_lowercase() || name.contains('_') {
                        return Err(preprocess::error_at(
                            self.src_chars,
                            pos,
                            &format!("no such shape: {name} (shape names are lowercase)"),
                        ));
                    }
                    if Shape::from_name(&name).is_none() {
                        if UNDOCUMENTED_SHAPES.contains(&name.as_str()) {
                            if name != "doublecircle" {
                                self.warn(
                                    pos,
                                    format!(
                                        "shape `{name}` has no drawing here; drawn as a rectangle"
                                    ),
                                );
                            }
                        } else {
                            return Err(preprocess::error_at(
                                self.src_chars,
                                pos,
                                &format!("no such shape: {name}"),
                            ));
                        }
                    }
                    self.db.vertices[ix].typ = Some(name);
                }
            }
            let v = &mut self.db.vertices[ix];
            if let Some(l) = d.get("label")
                && l.truthy()
            {
                v.text = l.scalar();
                v.kind = match d.get("labelType").and_then(|t| t.scalar()).as_deref() {
                    Some("text") => LabelKind::Text,
                    Some("string") => LabelKind::String,
                    _ => LabelKind::Markdown,
                };
            }
            let label_blank = d
                .get("label")
                .and_then(|l| l.scalar())
                .is_none_or(|l| l.trim().is_empty());
            if let Some(icon) = d.get("icon").filter(|x| x.truthy()) {
                v.icon = icon.scalar();
                if label_blank && v.text.as_deref() == Some(id) {
                    v.text = Some(String::new());
                }
            }
            if let Some(img) = d.get("img").filter(|x| x.truthy()) {
                v.img = img.scalar();
                if label_blank && v.text.as_deref() == Some(id) {
                    v.text = Some(String::new());
                }
            }
        }
        Ok(())
    }

    /// Mermaid's `FlowDB.addLink` / `addSingleLink`.
    fn add_link(&mut self, from: &[String], to: &[String], link: &LinkData, pos: usize) -> R<()> {
        let Some(last_from) = from.last() else {
            return Ok(());
        };
        let Some(first_to) = to.first() else {
            return Ok(());
        };
        for s in from {
            for e in to {
                let user = if s == last_from && e == first_to {
                    link.id.clone()
                } else {
                    None
                };
                self.add_single_link(s, e, link, user, pos)?;
            }
        }
        Ok(())
    }

    fn add_single_link(
        &mut self,
        from: &str,
        to: &str,
        link: &LinkData,
        id: Option<String>,
        pos: usize,
    ) -> R<()> {
        let mut e = EdgeRec {
            from: from.to_string(),
            to: to.to_string(),
            typ: link.typ.clone(),
            stroke: link.stroke.clone(),
            length: link.length.min(10),
            ..Default::default()
        };
        if let Some(t) = &link.text {
            e.text = strip_quotes(t.text.trim());
            e.kind_label = t.kind;
            e.has_text = true;
        }
        match id {
            Some(id) if !self.db.edges.iter().any(|x| x.id == id) => {
                e.id = id;
                e.user_id = true;
            }
            _ => {
                let n = self
                    .db
                    .edges
                    .iter()
                    .filter(|x| x.from == e.from && x.to == e.to)
                    .count();
                let counter = if n == 0 { 0 } else { n + 1 };
                e.id = format!("L_{}_{}_{}", e.from, e.to, counter);
            }
        }
        if self.db.edges.len() >= 500 {
            return Err(preprocess::error_at(
                self.src_chars,
                pos,
                "edge limit exceeded (Mermaid's default maxEdges is 500)",
            ));
        }
        self.db.edges.push(e);
        Ok(())
    }
}

/// Mermaid's `setAccDescription`: `\n\s+` becomes `\n`.
fn collapse_indent(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\n' {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
        }
    }
    out
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

/// Splits Mermaid style lists: `a:b,c:d` items, `\,` keeps a comma.
fn split_styles(items: &[String]) -> Vec<String> {
    let joined = items.join(",");
    let joined = joined.replace("\\,", "\u{0}");
    joined
        .split([',', ';'])
        .map(|s| s.replace('\u{0}', ","))
        .collect()
}

fn parse_dir(s: &str) -> Direction {
    let t = s.trim();
    if t.contains('<') {
        return Direction::RL;
    }
    if t.contains('^') {
        return Direction::BT;
    }
    if t.contains('>') {
        return Direction::LR;
    }
    match t {
        "LR" => Direction::LR,
        "RL" => Direction::RL,
        "BT" => Direction::BT,
        _ => Direction::TB,
    }
}

fn direction_stmt(s: &str) -> Direction {
    // `.*direction\s+XX...`: the first of TB, BT, RL, LR, TD that matches
    for (name, d) in [
        ("TB", Direction::TB),
        ("BT", Direction::BT),
        ("RL", Direction::RL),
        ("LR", Direction::LR),
        ("TD", Direction::TB),
    ] {
        let mut rest = s;
        while let Some(p) = rest.find("direction") {
            let after = &rest[p + "direction".len()..];
            let trimmed = after.trim_start();
            if trimmed.len() < after.len() && trimmed.starts_with(name) {
                return d;
            }
            rest = &rest[p + 1..];
        }
    }
    Direction::TB
}
