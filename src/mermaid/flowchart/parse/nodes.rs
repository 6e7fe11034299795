//! Vertices: node statements joined by links and `&`, the classic bracket shapes
//! (`[ ]`, `( )`, `(( ))`, `{ }`, `[/ /]`, …), `:::class`, and `@{ shape: …, label: … }`
//! node data, with FlowDB's `addVertex`.
//!
//! Knows no link syntax and no statement other than node statements.

use super::db::{TextObj, Vertex, strip_quotes};
use super::{Parser, R};
use crate::mermaid::common::config::{self, Value};
use crate::mermaid::common::preprocess;
use crate::mermaid::flowchart::lexer::T;
use crate::mermaid::model::*;

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

pub(super) fn classic_shape(t: &str) -> Option<Shape> {
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

impl Parser<'_> {
    /// `vertexStatement`: nodes joined by links. Returns the ids as Mermaid
    /// lists them for subgraph membership (last node group first).
    pub(super) fn vertex_statement(&mut self) -> R<Vec<String>> {
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

    /// Mermaid's `FlowDB.addVertex`.
    pub(super) fn add_vertex(
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
}

impl Parser<'_> {
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

    fn shape_data(&mut self) -> (String, usize) {
        let pos = self.tok_pos();
        let mut s = String::new();
        while self.peek() == T::ShapeData {
            s.push_str(&self.next().text);
        }
        (s, pos)
    }
}
