//! Edges: the link operators (`-->`, `-. text .->`, `== text ==>`, `<-->`, `o--o`,
//! `x--x`, `~~~`, `e1@-->`) as the grammar reads them, Mermaid's `destructLink` that turns
//! an operator into an edge type, stroke and length, and FlowDB's `addLink`.
//!
//! Knows no node syntax (the node files read the ends) and no layout.

use super::db::{EdgeRec, TextObj, strip_quotes};
use super::{Parser, R};
use crate::mermaid::common::preprocess;
use crate::mermaid::flowchart::lexer::T;
use crate::mermaid::model::*;

/// A link (edge operator) as the grammar builds it.
#[derive(Clone, Debug)]
pub(super) struct LinkData {
    pub(super) typ: String,
    pub(super) stroke: String,
    pub(super) length: u32,
    pub(super) text: Option<TextObj>,
    pub(super) id: Option<String>,
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

impl Parser<'_> {
    pub(super) fn link(&mut self) -> R<LinkData> {
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

    /// Mermaid's `FlowDB.addLink` / `addSingleLink`.
    pub(super) fn add_link(
        &mut self,
        from: &[String],
        to: &[String],
        link: &LinkData,
        pos: usize,
    ) -> R<()> {
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
}

impl Parser<'_> {
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
