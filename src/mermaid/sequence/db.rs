//! What Mermaid's `SequenceDB` (`sequenceDb.ts`) does with the parser's operations: participant
//! records (`addActor`: first mention fixes the order, a re-declaration without alias keeps the
//! old record, `@{…}` YAML data gives `type` and `alias`), boxes, `create`/`destroy`
//! bookkeeping and its checks, activation counting, notes, links and properties; and how the
//! flat message list becomes nested [`Statement`]s. Also the `sequence` config keys.
//!
//! Errors are Mermaid's database errors, at the statement that raised them.

use std::collections::HashMap;

use super::colors::is_css_color;
use super::model::*;
use crate::mermaid::common::config::{self, Value};
use crate::mermaid::common::preprocess::Pre;
use crate::mermaid::common::settings::{self, Section as ConfigSection};

/// A text as `parseMessage` returns it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextObj {
    pub(crate) text: String,
    pub(crate) wrap: Option<bool>,
}

/// `parseBoxData`'s result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BoxData {
    text: Option<String>,
    color: String,
    wrap: Option<bool>,
}

/// One database operation (an item of the jison actions' `$$` lists).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    Add {
        actor: String,
        draw: Option<&'static str>,
        description: Option<TextObj>,
        config: Option<String>,
        create: bool,
    },
    Destroy(String),
    BoxStart(BoxData),
    BoxEnd,
    Message {
        from: String,
        to: String,
        arrow: Arrow,
        text: TextObj,
        activate: bool,
        central: Option<Central>,
    },
    ActiveStart(String),
    ActiveEnd(String),
    Central(String, Central),
    Autonumber {
        start: Option<f64>,
        step: Option<f64>,
        visible: bool,
    },
    Note {
        actors: Vec<String>,
        placement: Placement,
        text: TextObj,
    },
    Links(String, String),
    Link(String, String),
    Properties(String, String),
    Details,
    BlockStart(BlockKind, TextObj),
    BlockSection(TextObj),
    BlockEnd,
}

impl Op {
    /// The implicit `addParticipant` of an actor named in a message or note.
    pub(crate) fn add(actor: &str) -> Op {
        Op::Add {
            actor: actor.to_string(),
            draw: None,
            description: None,
            config: None,
            create: false,
        }
    }
}

/// Mermaid's `parseBoxData`: the first word (or `rgb(…)`/`hsl(…)`) is the colour when CSS
/// knows it, the rest is the title; otherwise the colour is `transparent` and the whole
/// line is the title.
pub(crate) fn parse_box_data(s: &str) -> BoxData {
    let (m1, m2) = split_box_color(s);
    let mut color = if m1.trim().is_empty() {
        "transparent".to_string()
    } else {
        m1.trim().to_string()
    };
    let mut title = (!m2.is_empty()).then(|| m2.trim().to_string());
    if !is_css_color(&color) {
        color = "transparent".into();
        title = Some(s.trim().to_string());
    }
    let (text, wrap) = match title {
        Some(t) => {
            let o = super::parse::parse_message(&t);
            ((!o.text.is_empty()).then_some(o.text), o.wrap)
        }
        None => (None, None),
    };
    BoxData { text, color, wrap }
}

/// `/^((?:rgba?|hsla?)\s*\(.*\)|\w*)(.*)$/`.
fn split_box_color(s: &str) -> (&str, &str) {
    for f in ["rgba", "rgb", "hsla", "hsl"] {
        if let Some(rest) = s.strip_prefix(f) {
            let r = rest.trim_start_matches(crate::mermaid::common::preprocess::is_js_space);
            if r.starts_with('(')
                && let Some(close) = s.rfind(')')
                && close >= s.len() - r.len()
            {
                return (&s[..=close], &s[close + 1..]);
            }
        }
    }
    let end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    (&s[..end], &s[end..])
}

/// Reads the `sequence` config section, the top-level `wrap` key and the `%%{wrap}%%`
/// directive; returns the config and the front matter title.
pub(crate) fn read_config(
    pre: &Pre,
    src: &[char],
    warnings: &mut Vec<Warning>,
) -> (SequenceConfig, Option<String>) {
    let mut cfg = SequenceConfig::default();
    let mut seq_wrap = None;
    let mut apply = |k: &str, v: &Value| -> bool {
        let num = |v: &Value| match v {
            Value::Num(n) if n.is_finite() && *n > 0.0 => Some(*n as f32),
            Value::Str(s) => s.trim().parse::<f32>().ok().filter(|n| *n > 0.0),
            _ => None,
        };
        match k {
            "wrap" => seq_wrap = Some(v.truthy()),
            "mirrorActors" => cfg.mirror_actors = v.truthy(),
            "showSequenceNumbers" => cfg.show_sequence_numbers = v.truthy(),
            "width" => cfg.actor_width_px = num(v).unwrap_or(cfg.actor_width_px),
            "height" => cfg.actor_height_px = num(v).unwrap_or(cfg.actor_height_px),
            "actorMargin" => cfg.actor_margin_px = num(v).unwrap_or(cfg.actor_margin_px),
            "messageFontSize" | "actorFontSize" | "noteFontSize" => {
                cfg.font_size_px = num(v).unwrap_or(cfg.font_size_px).clamp(10.0, 40.0)
            }
            _ => return false,
        }
        true
    };
    let mut section = ConfigSection {
        name: "sequence",
        apply: &mut apply,
    };
    let mut w = Vec::new();
    let s = settings::read(pre, src, &mut section, &mut w);
    // the top-level `wrap` key and the `wrap` directive are read below
    w.retain(|x| !x.message.contains("`wrap`") && !x.message.contains("unsupported key `config`"));
    warnings.extend(w);
    let mut top_wrap = None;
    for d in &pre.directives {
        let kind = d.kind.to_ascii_lowercase();
        if kind == "wrap" {
            top_wrap = Some(true);
        } else if (kind == "init" || kind == "initialize")
            && let Some(a) = &d.args
            && let Ok(v) = config::parse_json(&a.trim().replace('\'', "\""))
            && let Some(wv) = v.get("wrap")
        {
            top_wrap = Some(wv.truthy());
        }
    }
    if let Some((body, _)) = &pre.front_matter
        && let Ok(v) = config::parse_yaml(body)
        && let Some(wv) = v.get("config").and_then(|c| c.get("wrap"))
    {
        top_wrap = top_wrap.or(Some(wv.truthy()));
    }
    cfg.wrap = match top_wrap {
        Some(true) => true,
        _ => seq_wrap.unwrap_or(false),
    };
    cfg.theme = s.theme;
    cfg.theme_variables = s.theme_variables;
    (cfg, s.title)
}

struct Rec {
    p: Participant,
}

struct Db<'a> {
    auto_wrap: bool,
    actors: Vec<Rec>,
    index: HashMap<String, usize>,
    boxes: Vec<ParticipantBox>,
    current_box: Option<usize>,
    created: Vec<(String, usize)>,
    destroyed: Vec<(String, usize)>,
    last_created: Option<String>,
    last_destroyed: Option<String>,
    active: HashMap<String, i64>,
    /// Mermaid's message count (every signal, note, autonumber and block marker).
    msg_count: usize,
    root: Vec<Statement>,
    /// Open blocks with their sections so far.
    stack: Vec<(BlockKind, Vec<Section>)>,
    err: &'a dyn Fn(usize, &str) -> ParseError,
}

/// Applies the operations as `SequenceDB.apply` does, then nests the statements.
///
/// # Errors
/// Mermaid's database errors, built with `err(position, message)`.
pub(crate) fn apply(
    ops: &[(usize, Op)],
    auto_wrap: bool,
    err: &dyn Fn(usize, &str) -> ParseError,
) -> Result<Sequence, ParseError> {
    let mut db = Db {
        auto_wrap,
        actors: Vec::new(),
        index: HashMap::new(),
        boxes: Vec::new(),
        current_box: None,
        created: Vec::new(),
        destroyed: Vec::new(),
        last_created: None,
        last_destroyed: None,
        active: HashMap::new(),
        msg_count: 0,
        root: Vec::new(),
        stack: Vec::new(),
        err,
    };
    for (at, op) in ops {
        db.op(*at, op)?;
    }
    while !db.stack.is_empty() {
        db.end_block();
    }
    db.finish()
}

fn set_ordered(v: &mut Vec<(String, usize)>, k: &str, i: usize) {
    match v.iter_mut().find(|(a, _)| a == k) {
        Some(e) => e.1 = i,
        None => v.push((k.to_string(), i)),
    }
}

impl Db<'_> {
    fn current(&mut self) -> &mut Vec<Statement> {
        match self.stack.last_mut() {
            Some((_, sections)) => match sections.last_mut() {
                Some(s) => &mut s.statements,
                None => &mut self.root,
            },
            None => &mut self.root,
        }
    }

    fn push(&mut self, s: Statement) {
        self.current().push(s);
        self.msg_count += 1;
    }

    fn end_block(&mut self) {
        if let Some((kind, sections)) = self.stack.pop() {
            self.current().push(Statement::Block { kind, sections });
        }
    }

    fn op(&mut self, at: usize, op: &Op) -> Result<(), ParseError> {
        match op {
            Op::Add {
                actor,
                draw,
                description,
                config,
                create,
            } => {
                if *create {
                    if self.index.contains_key(actor) {
                        return Err((self.err)(
                            at,
                            "It is not possible to have actors with the same id, even if one is destroyed before the next is created. Use 'AS' aliases to simulate the behavior",
                        ));
                    }
                    self.last_created = Some(actor.clone());
                }
                self.add_actor(at, actor, description.clone(), *draw, config.as_deref())?;
                if *create {
                    let n = self.msg_count;
                    set_ordered(&mut self.created, actor, n);
                }
            }
            Op::Destroy(a) => {
                self.last_destroyed = Some(a.clone());
                let n = self.msg_count;
                set_ordered(&mut self.destroyed, a, n);
            }
            Op::BoxStart(b) => {
                self.boxes.push(ParticipantBox {
                    label: b.text.clone(),
                    color: b.color.clone(),
                    participants: Vec::new(),
                    wrap: b.wrap.unwrap_or(self.auto_wrap),
                });
                self.current_box = Some(self.boxes.len() - 1);
            }
            Op::BoxEnd => self.current_box = None,
            Op::Message {
                from,
                to,
                arrow,
                text,
                activate,
                central,
            } => {
                if let Some(lc) = self.last_created.clone() {
                    if *to != lc {
                        return Err((self.err)(
                            at,
                            "The created participant undefined does not have an associated creating message after its declaration. Please check the sequence diagram.",
                        ));
                    }
                    self.last_created = None;
                } else if let Some(ld) = self.last_destroyed.clone() {
                    if *to != ld && *from != ld {
                        return Err((self.err)(
                            at,
                            "The destroyed participant undefined does not have an associated destroying message after its declaration. Please check the sequence diagram.",
                        ));
                    }
                    self.last_destroyed = None;
                }
                let m = Message {
                    from: from.clone(),
                    to: to.clone(),
                    text: text.text.clone(),
                    arrow: *arrow,
                    activate: *activate,
                    central: *central,
                    creates: None,
                    destroys: None,
                    wrap: text.wrap.unwrap_or(self.auto_wrap),
                };
                self.push(Statement::Message(m));
            }
            Op::ActiveStart(a) => {
                *self.active.entry(a.clone()).or_insert(0) += 1;
                self.push(Statement::Activate(a.clone()));
            }
            Op::ActiveEnd(a) => {
                let n = self.active.get(a).copied().unwrap_or(0);
                if n < 1 {
                    return Err((self.err)(
                        at,
                        &format!("Trying to inactivate an inactive participant ({a})"),
                    ));
                }
                self.active.insert(a.clone(), n - 1);
                self.push(Statement::Deactivate(a.clone()));
            }
            Op::Central(a, end) => self.push(Statement::CentralConnection {
                actor: a.clone(),
                end: *end,
            }),
            Op::Autonumber {
                start,
                step,
                visible,
            } => self.push(Statement::Autonumber {
                start: *start,
                step: *step,
                visible: *visible,
            }),
            Op::Note {
                actors,
                placement,
                text,
            } => {
                let actors =
                    if *placement == Placement::Over && actors.len() == 2 && actors[0] != actors[1]
                    {
                        actors.clone()
                    } else {
                        actors[..1].to_vec()
                    };
                self.push(Statement::Note(Note {
                    placement: *placement,
                    actors,
                    text: text.text.clone(),
                    wrap: text.wrap.unwrap_or(self.auto_wrap),
                }));
            }
            Op::Links(a, t) => {
                let t = t.replace("&equals;", "=").replace("&amp;", "&");
                if let Ok(Value::Map(m)) = config::parse_json(&t) {
                    let links = m.into_iter().map(|(k, v)| (k, json_text(&v))).collect();
                    self.merge(a, links, true);
                }
            }
            Op::Link(a, t) => {
                let t: Vec<char> = t.chars().collect();
                let sep = t.iter().position(|&c| c == '@');
                let label_end = match sep {
                    Some(s) => s.saturating_sub(1),
                    None => t.len().saturating_sub(2),
                };
                let link_start = sep.map(|s| s + 1).unwrap_or(0);
                let label: String = t[..label_end].iter().collect();
                let link: String = t[link_start..].iter().collect();
                let fix = |s: &str| s.replace("&equals;", "=").replace("&amp;", "&");
                self.merge(a, vec![(fix(label.trim()), fix(link.trim()))], true);
            }
            Op::Properties(a, t) => {
                if let Ok(Value::Map(m)) = config::parse_json(t) {
                    let props = m.into_iter().map(|(k, v)| (k, json_text(&v))).collect();
                    self.merge(a, props, false);
                }
            }
            // needs an HTML element with that id: nothing to read here
            Op::Details => {}
            Op::BlockStart(kind, t) => {
                self.msg_count += 1;
                self.stack.push((
                    *kind,
                    vec![Section {
                        label: t.text.clone(),
                        wrap: t.wrap.unwrap_or(self.auto_wrap),
                        statements: Vec::new(),
                    }],
                ));
            }
            Op::BlockSection(t) => {
                self.msg_count += 1;
                if let Some((_, s)) = self.stack.last_mut() {
                    s.push(Section {
                        label: t.text.clone(),
                        wrap: t.wrap.unwrap_or(self.auto_wrap),
                        statements: Vec::new(),
                    });
                }
            }
            Op::BlockEnd => {
                self.msg_count += 1;
                self.end_block();
            }
        }
        Ok(())
    }

    fn merge(&mut self, actor: &str, items: Vec<(String, String)>, links: bool) {
        let Some(&i) = self.index.get(actor) else {
            return;
        };
        let list = if links {
            &mut self.actors[i].p.links
        } else {
            &mut self.actors[i].p.properties
        };
        for (k, v) in items {
            match list.iter_mut().find(|(a, _)| *a == k) {
                Some(e) => e.1 = v,
                None => list.push((k, v)),
            }
        }
    }

    fn add_actor(
        &mut self,
        at: usize,
        id: &str,
        mut description: Option<TextObj>,
        draw: Option<&str>,
        metadata: Option<&str>,
    ) -> Result<(), ParseError> {
        let mut assigned_box = self.current_box;
        let mut ty: Option<String> = draw.map(str::to_string);
        if let Some(meta) = metadata {
            let yaml = if meta.contains('\n') {
                format!("{meta}\n")
            } else {
                format!("{{\n{meta}\n}}")
            };
            let doc = config::parse_yaml(&yaml)
                .map_err(|e| (self.err)(at, &format!("participant data is not YAML: {e}")))?;
            if let Some(t) = doc.get("type").and_then(Value::scalar) {
                ty = Some(t);
            }
            if let Some(alias) = doc
                .get("alias")
                .filter(|v| v.truthy())
                .and_then(Value::scalar)
                && description.as_ref().is_none_or(|d| d.text == id)
            {
                description = Some(TextObj {
                    text: alias,
                    wrap: description.and_then(|d| d.wrap),
                });
            }
        }
        if let Some(&i) = self.index.get(id) {
            let old_box = self.actors[i].p.box_index;
            if let (Some(cb), Some(ob)) = (self.current_box, old_box)
                && cb != ob
            {
                let name = |b: usize| self.boxes[b].label.clone().unwrap_or_default();
                return Err((self.err)(
                    at,
                    &format!(
                        "A same participant should only be defined in one Box: {id} can't be in '{}' and in '{}' at the same time.",
                        name(ob),
                        name(cb)
                    ),
                ));
            }
            assigned_box = old_box.or(self.current_box);
            self.actors[i].p.box_index = assigned_box;
            if description.is_none() {
                return Ok(());
            }
        }
        let description = match (description, &ty) {
            (Some(d), Some(_)) => d,
            _ => TextObj {
                text: id.to_string(),
                wrap: None,
            },
        };
        let p = Participant {
            id: id.to_string(),
            label: description.text,
            kind: ParticipantKind::from_name(ty.as_deref().unwrap_or("participant")),
            box_index: assigned_box,
            created: false,
            destroyed: false,
            wrap: description.wrap.unwrap_or(self.auto_wrap),
            links: Vec::new(),
            properties: Vec::new(),
        };
        match self.index.get(id) {
            Some(&i) => self.actors[i].p = p,
            None => {
                self.index.insert(id.to_string(), self.actors.len());
                self.actors.push(Rec { p });
            }
        }
        if let Some(b) = self.current_box {
            self.boxes[b].participants.push(id.to_string());
        }
        Ok(())
    }

    fn finish(self) -> Result<Sequence, ParseError> {
        let mut seq = Sequence {
            participants: self.actors.into_iter().map(|r| r.p).collect(),
            boxes: self.boxes,
            statements: self.root,
            ..Sequence::default()
        };
        for (id, _) in &self.created {
            if let Some(p) = seq.participants.iter_mut().find(|p| p.id == *id) {
                p.created = true;
            }
        }
        for (id, _) in &self.destroyed {
            if let Some(p) = seq.participants.iter_mut().find(|p| p.id == *id) {
                p.destroyed = true;
            }
        }
        // message index -> creating / destroying participant (later entries win, as Mermaid's
        // inverted Map does)
        let mut creates: HashMap<usize, String> = HashMap::new();
        for (a, i) in &self.created {
            creates.insert(*i, a.clone());
        }
        let mut destroys: HashMap<usize, String> = HashMap::new();
        for (a, i) in &self.destroyed {
            destroys.insert(*i, a.clone());
        }
        if !creates.is_empty() || !destroys.is_empty() {
            let mut n = 0usize;
            number_messages(&mut seq.statements, &mut n, &creates, &destroys);
        }
        Ok(seq)
    }
}

/// Walks the statements in Mermaid's message order (a block counts for its start, each
/// further section and its end) and sets `creates`/`destroys`.
fn number_messages(
    list: &mut [Statement],
    n: &mut usize,
    creates: &HashMap<usize, String>,
    destroys: &HashMap<usize, String>,
) {
    for s in list {
        match s {
            Statement::Block { sections, .. } => {
                for sec in sections.iter_mut() {
                    *n += 1;
                    number_messages(&mut sec.statements, n, creates, destroys);
                }
                *n += 1;
            }
            Statement::Message(m) => {
                m.creates = creates.get(n).cloned();
                m.destroys = destroys.get(n).cloned();
                *n += 1;
            }
            _ => *n += 1,
        }
    }
}

/// A JSON value as text: strings as they are, anything else as JSON-like text.
fn json_text(v: &Value) -> String {
    match v {
        Value::Str(s) => s.clone(),
        Value::Null => "null".into(),
        Value::List(_) | Value::Map(_) => "[object]".into(),
        other => other.scalar().unwrap_or_default(),
    }
}
