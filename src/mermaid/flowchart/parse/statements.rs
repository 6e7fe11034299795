//! The document structure: the `graph`/`flowchart` header and its direction, statement
//! lines and separators, `subgraph … end` blocks (FlowDB's `addSubGraph`), `direction`,
//! `style`, `linkStyle`, `classDef`, `class`, `click` and the accessibility statements.
//!
//! Knows no node or link syntax beyond handing node statements to the node grammar.

use std::collections::HashSet;

use super::db::{LineVal, SubRec, TextObj};
use super::{
    MAX_SUBGRAPH_DEPTH, Parser, R, is_alnum_token, is_id_token, is_separator, is_style_component,
};
use crate::mermaid::common::preprocess;
use crate::mermaid::flowchart::lexer::T;
use crate::mermaid::model::*;

impl Parser<'_> {
    pub(super) fn start(&mut self) -> R<()> {
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

    pub(super) fn set_class(&mut self, ids: &str, class: &str) {
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

    pub(super) fn add_vertex_styles(&mut self, id: &str, styles: Vec<String>) -> R<()> {
        self.add_vertex(id, None, None, None)?;
        if let Some(&ix) = self.db.vindex.get(id) {
            self.db.vertices[ix].styles.extend(styles);
        }
        Ok(())
    }
}

impl Parser<'_> {
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
