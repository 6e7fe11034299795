//! From the parsed statement tree to the [`StateDiagram`] model, as Mermaid's `StateDB`
//! does it (`stateDb.ts`: `docTranslator`, `extract`; `dataFetcher.ts`):
//!
//! 1. translation: `[*]` becomes `<scope>_start` as a source and `<scope>_end` as a
//!    target; a body split by `--` becomes one region per part (the last part only when
//!    it is not empty, as in Mermaid), named `<composite>#<k>`;
//! 2. extraction of the top-level statements only (Mermaid's behaviour): which classes and
//!    `style`s each state has, `classDef`s, links;
//! 3. the walk of the whole tree that lists states in first-mention order; a state keeps
//!    the shape it had when first seen, its later mentions add descriptions and move it
//!    into the last composite that mentions it.

use std::collections::HashMap;

use super::model::*;
use super::parse::{StateStmt, Stmt, Ty};

type DbResult<X> = Result<X, (usize, String)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Rect,
    RectWithTitle,
    Start,
    End,
    Fork,
    Join,
    Choice,
    Divider,
    Group,
    Unset,
}

/// Mermaid's `nodeDb` entry: what the state has gathered so far.
struct NodeDb {
    shape: Shape,
    /// `None`: the description is still the id.
    descr: Option<Vec<String>>,
    group: bool,
    dir: Direction,
}

struct Node {
    id: String,
    parent: Option<String>,
    pos: usize,
}

struct NoteNode {
    state: String,
    position: String,
    text: String,
}

#[derive(Default)]
struct DbState {
    classes: Vec<String>,
    styles: Vec<String>,
}

#[derive(Default)]
struct Db {
    states: HashMap<String, DbState>,
    class_defs: Vec<ClassDef>,
    links: Vec<Link>,
    node_db: HashMap<String, NodeDb>,
    nodes: Vec<Node>,
    node_at: HashMap<String, usize>,
    notes: Vec<NoteNode>,
    edges: Vec<Transition>,
    /// Regions made so far per composite id.
    region_count: HashMap<String, usize>,
}

/// Builds the model from the root document.
///
/// # Errors
/// Mermaid's model check: a composite state may have a label but no further
/// descriptions ("Group nodes can only have label"), at the composite's statement.
pub(crate) fn build(mut root: Vec<Stmt>) -> DbResult<StateDiagram> {
    let mut db = Db::default();
    db.translate_doc("root", &mut root);
    for st in &root {
        db.extract(st);
    }
    for st in &root {
        db.fetch_stmt(None, st);
    }
    db.finish(&root)
}

fn doc_dir(doc: &[Stmt]) -> Direction {
    let mut d = Direction::TB;
    for s in doc {
        if let Stmt::Dir(x) = s {
            d = *x;
        }
    }
    d
}

impl Db {
    fn translate_state(&mut self, parent: &str, s: &mut StateStmt, first: bool) {
        if s.id == "[*]" {
            s.id = format!("{parent}{}", if first { "_start" } else { "_end" });
            s.start = Some(first);
        } else {
            s.id = s.id.trim().to_string();
        }
        let Some(mut doc) = s.doc.take() else { return };
        self.translate_doc(&s.id.clone(), &mut doc);
        s.doc = Some(doc);
    }

    /// `docTranslator` on the body `doc` of the scope `id`.
    fn translate_doc(&mut self, id: &str, doc: &mut Vec<Stmt>) {
        let mut parts: Vec<Vec<Stmt>> = Vec::new();
        let mut cur: Vec<Stmt> = Vec::new();
        let mut dividers = 0;
        for st in doc.drain(..) {
            if matches!(&st, Stmt::State(s) if s.ty == Ty::Divider) {
                dividers += 1;
                parts.push(std::mem::take(&mut cur));
            } else {
                cur.push(st);
            }
        }
        if dividers > 0 && !cur.is_empty() {
            parts.push(cur);
            for part in parts {
                let k = self.next_region(id);
                let mut s = StateStmt {
                    id: format!("{id}#{k}"),
                    ty: Ty::Divider,
                    descr: Vec::new(),
                    doc: Some(part),
                    note: None,
                    classes: Vec::new(),
                    start: None,
                    pos: 0,
                };
                let sid = s.id.clone();
                if let Some(d) = s.doc.as_mut() {
                    self.translate_doc(&sid, d);
                }
                doc.push(Stmt::State(s));
            }
            return;
        }
        // no split (or a trailing `--`): the statements stay, dividers as plain entries
        let mut out = Vec::new();
        let mut pending = dividers;
        for part in parts {
            out.extend(part);
            if pending > 0 {
                pending -= 1;
                let k = self.next_region(id);
                out.push(Stmt::State(StateStmt {
                    id: format!("{id}#{k}"),
                    ty: Ty::Divider,
                    descr: Vec::new(),
                    doc: None,
                    note: None,
                    classes: Vec::new(),
                    start: None,
                    pos: 0,
                }));
            }
        }
        out.extend(cur);
        for st in out.iter_mut() {
            match st {
                Stmt::State(s) => self.translate_state(id, s, true),
                Stmt::Relation { s1, s2, .. } => {
                    self.translate_state(id, s1, true);
                    self.translate_state(id, s2, false);
                }
                _ => {}
            }
        }
        *doc = out;
    }

    fn next_region(&mut self, id: &str) -> usize {
        let c = self.region_count.entry(id.to_string()).or_insert(0);
        *c += 1;
        *c - 1
    }

    fn db_state(&mut self, id: &str) -> &mut DbState {
        self.states.entry(id.trim().to_string()).or_default()
    }

    fn set_css_class(&mut self, ids: &str, class: &str) {
        for id in ids.split(',') {
            self.db_state(id).classes.push(class.to_string());
        }
    }

    /// `extract` for one top-level statement.
    fn extract(&mut self, st: &Stmt) {
        match st {
            Stmt::State(s) => {
                self.db_state(&s.id);
            }
            Stmt::Relation { s1, s2, .. } => {
                for s in [s1, s2] {
                    self.db_state(&s.id);
                    for c in &s.classes {
                        self.set_css_class(&s.id, c.trim());
                    }
                }
            }
            Stmt::ClassDef { id, classes } => self.add_style_class(id, classes),
            Stmt::Style { id, style } => {
                let styles: Vec<String> = style
                    .split(',')
                    .map(|s| s.replace(';', "").trim().to_string())
                    .collect();
                for i in id.trim().split(',') {
                    self.db_state(i).styles = styles.clone();
                }
            }
            Stmt::ApplyClass { id, class } => self.set_css_class(id, class),
            Stmt::Click { id, url, tooltip } => self.links.push(Link {
                state: id.clone(),
                url: url.clone(),
                tooltip: tooltip.clone(),
            }),
            Stmt::Dir(_) | Stmt::Other => {}
        }
    }

    /// `addStyleClass`: declarations split at commas; `color` ones also give a text style.
    fn add_style_class(&mut self, id: &str, attrs: &str) {
        let k = match self.class_defs.iter().position(|c| c.name == id) {
            Some(k) => k,
            None => {
                self.class_defs.push(ClassDef {
                    name: id.to_string(),
                    styles: Vec::new(),
                    text_styles: Vec::new(),
                });
                self.class_defs.len() - 1
            }
        };
        if attrs.is_empty() {
            return;
        }
        let cd = &mut self.class_defs[k];
        for a in attrs.split(',') {
            let fixed = match a.find(';') {
                Some(p) => format!("{}{}", &a[..p], &a[p + 1..]),
                None => a.to_string(),
            };
            let fixed = fixed.trim().to_string();
            if a.contains("color") {
                let t = fixed
                    .replacen("fill", "bgFill", 1)
                    .replacen("color", "fill", 1);
                cd.text_styles.push(t);
            }
            cd.styles.push(fixed);
        }
    }

    fn fetch_stmt(&mut self, parent: Option<&StateStmt>, st: &Stmt) {
        match st {
            Stmt::State(s) => self.fetch(parent, s),
            Stmt::Relation { s1, s2, descr } => {
                self.fetch(parent, s1);
                self.fetch(parent, s2);
                self.edges.push(Transition {
                    from: s1.id.clone(),
                    to: s2.id.clone(),
                    label: descr.clone().filter(|d| !d.is_empty()),
                });
            }
            _ => {}
        }
    }

    /// `dataFetcher` for one state statement.
    fn fetch(&mut self, parent: Option<&StateStmt>, s: &StateStmt) {
        let mut shape = match s.start {
            Some(true) => Shape::Start,
            Some(false) => Shape::End,
            None => Shape::Rect,
        };
        match s.ty {
            Ty::Default => {}
            Ty::Fork => shape = Shape::Fork,
            Ty::Join => shape = Shape::Join,
            Ty::Choice => shape = Shape::Choice,
            Ty::Divider => shape = Shape::Divider,
            Ty::Unset => shape = Shape::Unset,
        }
        let nd = self.node_db.entry(s.id.clone()).or_insert(NodeDb {
            shape,
            descr: None,
            group: false,
            dir: Direction::TB,
        });
        if !s.descr.is_empty() {
            nd.shape = Shape::RectWithTitle;
            match nd.descr.as_mut() {
                Some(v) => v.extend(s.descr.iter().cloned()),
                None => nd.descr = Some(s.descr.clone()),
            }
        }
        if nd.shape == Shape::RectWithTitle && nd.descr.as_ref().is_some_and(|v| v.len() == 1) {
            nd.shape = if nd.group { Shape::Group } else { Shape::Rect };
        }
        if !nd.group
            && let Some(doc) = &s.doc
        {
            nd.group = true;
            nd.dir = doc_dir(doc);
            nd.shape = if s.ty == Ty::Divider {
                Shape::Divider
            } else {
                Shape::Group
            };
        }
        let parent_id = parent.map(|p| p.id.clone());
        if let Some((position, text)) = &s.note {
            self.notes.push(NoteNode {
                state: s.id.clone(),
                position: position.clone(),
                text: text.clone(),
            });
        }
        // Mermaid's `insertOrUpdateNode` drops these ids (closing tags an HTML page left)
        if s.id.is_empty() || s.id == "</join></fork>" || s.id == "</choice>" {
            return self.fetch_doc(s);
        }
        match self.node_at.get(&s.id) {
            Some(&k) => {
                if parent_id.is_some() {
                    self.nodes[k].parent = parent_id;
                }
                if s.doc.is_some() {
                    self.nodes[k].pos = s.pos;
                }
            }
            None => {
                self.node_at.insert(s.id.clone(), self.nodes.len());
                self.nodes.push(Node {
                    id: s.id.clone(),
                    parent: parent_id,
                    pos: s.pos,
                });
            }
        }
        self.fetch_doc(s);
    }

    fn fetch_doc(&mut self, s: &StateStmt) {
        if let Some(doc) = &s.doc {
            for st in doc {
                self.fetch_stmt(Some(s), st);
            }
        }
    }

    fn finish(self, root: &[Stmt]) -> DbResult<StateDiagram> {
        // regions: divider nodes, numbered per parent in list order
        let mut region_of: HashMap<&str, (String, usize)> = HashMap::new();
        let mut per_parent: HashMap<String, usize> = HashMap::new();
        let mut region_dirs: HashMap<String, Vec<Direction>> = HashMap::new();
        for n in &self.nodes {
            if self.node_db[&n.id].shape == Shape::Divider {
                let p = n.parent.clone().unwrap_or_default();
                let k = per_parent.entry(p.clone()).or_insert(0);
                region_of.insert(n.id.as_str(), (p.clone(), *k));
                region_dirs
                    .entry(p)
                    .or_default()
                    .push(self.node_db[&n.id].dir);
                *k += 1;
            }
        }
        let mut states = Vec::new();
        for n in &self.nodes {
            let nd = &self.node_db[&n.id];
            if nd.shape == Shape::Divider {
                continue;
            }
            let (label, descriptions) = match &nd.descr {
                Some(v) => (
                    v.first().cloned(),
                    v.get(1..).map(<[String]>::to_vec).unwrap_or_default(),
                ),
                None => (None, Vec::new()),
            };
            if nd.group && !descriptions.is_empty() {
                return Err((
                    n.pos,
                    format!(
                        "group nodes can only have a label: remove the further descriptions of `{}`",
                        n.id
                    ),
                ));
            }
            let (parent, region) = match n.parent.as_deref() {
                Some(p) => match region_of.get(p) {
                    Some((c, k)) => (Some(c.clone()).filter(|c| !c.is_empty()), Some(*k)),
                    None => (Some(p.to_string()), None),
                },
                None => (None, None),
            };
            let kind = if nd.group {
                Some(StateKind::Composite)
            } else {
                match nd.shape {
                    Shape::Start => Some(StateKind::Start),
                    Shape::End => Some(StateKind::End),
                    Shape::Fork => Some(StateKind::Fork),
                    Shape::Join => Some(StateKind::Join),
                    Shape::Choice => Some(StateKind::Choice),
                    Shape::Rect | Shape::RectWithTitle | Shape::Group => Some(StateKind::Normal),
                    Shape::Divider | Shape::Unset => None,
                }
            };
            let dbs = self.states.get(&n.id);
            let classes = dbs
                .map(|d| {
                    d.classes
                        .iter()
                        .flat_map(|c| c.split_whitespace())
                        .filter(|c| !c.starts_with("statediagram"))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let styles = dbs.map(|d| d.styles.clone()).unwrap_or_default();
            states.push(State {
                id: n.id.clone(),
                kind,
                label: label.filter(|l| *l != n.id),
                descriptions,
                parent,
                region,
                regions: if nd.group {
                    per_parent.get(&n.id).copied().unwrap_or(0)
                } else {
                    0
                },
                dir: nd.group.then_some(nd.dir),
                region_dirs: region_dirs.get(&n.id).cloned().unwrap_or_default(),
                classes,
                styles,
            });
        }
        let notes = self
            .notes
            .into_iter()
            .map(|n| Note {
                side: if n.position.eq_ignore_ascii_case("left of") {
                    NoteSide::Left
                } else {
                    NoteSide::Right
                },
                state: n.state,
                position: n.position,
                text: n.text,
            })
            .collect();
        Ok(StateDiagram {
            direction: doc_dir(root),
            states,
            transitions: self.edges,
            notes,
            links: self.links,
            class_defs: self.class_defs,
            ..StateDiagram::default()
        })
    }
}
