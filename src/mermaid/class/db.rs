//! What Mermaid 12.3's `ClassDB` (`classDb.ts`) does with each parsed statement: classes
//! by first mention, members, annotations, relations and lollipop interfaces, notes,
//! namespaces (qualified by the enclosing ones, dotted names giving ancestors), styles,
//! links and callbacks. The grammar's actions call these in the order Mermaid's do.
//!
//! Where `ClassDB` dereferences a class that does not exist (an annotation, tooltip or
//! callback for an unknown class, a method text its pattern cannot read), Mermaid's parse
//! fails; these return `Err` with the message.

use super::member::parse_member;
use super::model::*;
use crate::mermaid::common::sanitize::sanitize_text;

/// The database being filled.
#[derive(Debug, Default)]
pub(crate) struct Db {
    pub d: ClassDiagram,
    /// `cssClasses` strings as Mermaid keeps them (`default a b`), by class index.
    css: Vec<String>,
    ns_stack: Vec<String>,
}

/// `splitClassNameAndType`: the class name and generic of `A~T~`.
fn split_name(id: &str) -> (String, String) {
    let id = sanitize_text(id);
    match id.find('~') {
        Some(p) if p > 0 => {
            let mut parts = id.split('~');
            let name = sanitize_text(parts.next().unwrap_or(""));
            let ty = sanitize_text(parts.next().unwrap_or(""));
            (name, ty)
        }
        _ => (id, String::new()),
    }
}

impl Db {
    fn index(&self, id: &str) -> Option<usize> {
        self.d.classes.iter().position(|c| c.id == id)
    }

    /// `addClass`.
    pub(crate) fn add_class(&mut self, raw: &str) {
        let (name, ty) = split_name(raw);
        if self.index(&name).is_some() {
            return;
        }
        self.d.classes.push(Class {
            id: sanitize_text(&name),
            generic: ty,
            ..Class::default()
        });
        self.css.push("default".to_string());
    }

    /// `setClassLabel`.
    pub(crate) fn set_label(&mut self, raw: &str, label: &str) {
        let (name, _) = split_name(raw);
        if let Some(i) = self.index(&name) {
            let l = sanitize_text(label);
            self.d.classes[i].label = (l != self.d.classes[i].id).then_some(l);
        }
    }

    /// `addAnnotation`.
    pub(crate) fn add_annotation(&mut self, raw: &str, annotation: &str) -> Result<(), String> {
        let (name, _) = split_name(raw);
        let i = self
            .index(&name)
            .ok_or_else(|| format!("annotation for unknown class `{name}`"))?;
        self.d.classes[i].annotations.push(annotation.to_string());
        Ok(())
    }

    /// `addMember`.
    pub(crate) fn add_member(&mut self, raw: &str, member: &str) -> Result<(), String> {
        self.add_class(raw);
        let (name, _) = split_name(raw);
        let Some(i) = self.index(&name) else {
            return Ok(());
        };
        let s = member.trim();
        if s.starts_with("<<") && s.ends_with(">>") && s.len() >= 4 {
            let inner = &s[2..s.len() - 2];
            self.d.classes[i].annotations.push(sanitize_text(inner));
        } else if s.find(')').is_some_and(|p| p > 0) {
            let m = parse_member(s, MemberKind::Method)
                .ok_or_else(|| format!("cannot read method `{s}`"))?;
            self.d.classes[i].methods.push(m);
        } else if !s.is_empty()
            && let Some(m) = parse_member(s, MemberKind::Attribute)
        {
            self.d.classes[i].attributes.push(m);
        }
        Ok(())
    }

    /// `addRelation`.
    pub(crate) fn add_relation(&mut self, mut r: Relation) {
        let is_head = |e: RelEnd| e != RelEnd::None;
        if r.start == RelEnd::Lollipop && !is_head(r.end) {
            self.add_class(&r.to);
            let id = format!("interface{}", self.d.interfaces.len());
            self.d.interfaces.push(Interface {
                id: id.clone(),
                label: r.from.clone(),
                class: r.to.clone(),
            });
            r.from = id;
        } else if r.end == RelEnd::Lollipop && !is_head(r.start) {
            self.add_class(&r.from);
            let id = format!("interface{}", self.d.interfaces.len());
            self.d.interfaces.push(Interface {
                id: id.clone(),
                label: r.to.clone(),
                class: r.from.clone(),
            });
            r.to = id;
        } else {
            self.add_class(&r.from);
            self.add_class(&r.to);
        }
        r.from = split_name(&r.from).0;
        r.to = split_name(&r.to).0;
        let card = |c: Option<String>| {
            c.map(|s| sanitize_text(s.trim()))
                .filter(|s| s != "none" && !s.is_empty())
        };
        r.card_from = card(r.card_from);
        r.card_to = card(r.card_to);
        self.d.relations.push(r);
    }

    /// `addNote`: returns the note id.
    pub(crate) fn add_note(&mut self, text: &str, class: Option<&str>) -> String {
        let id = format!("note{}", self.d.notes.len());
        self.d.notes.push(Note {
            id: id.clone(),
            class: class.map(str::to_string),
            text: text.to_string(),
            namespace: None,
        });
        id
    }

    /// `cleanupLabel`.
    pub(crate) fn cleanup_label(label: &str) -> String {
        let l = label.strip_prefix(':').unwrap_or(label);
        sanitize_text(l.trim())
    }

    /// `setCssClass`: ids separated by commas; ids starting with a digit get Mermaid's
    /// DOM prefix (and so are never found).
    pub(crate) fn set_css_class(&mut self, ids: &str, class: &str) {
        for id in ids.split(',') {
            if id.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            if let Some(i) = self.index(id) {
                self.css[i].push(' ');
                self.css[i].push_str(class);
                self.d.classes[i].css_classes.push(class.to_string());
            }
        }
    }

    /// `defineClass`.
    pub(crate) fn define_class(&mut self, names: &[String], styles: &[String]) {
        for name in names {
            let k = match self.d.class_defs.iter().position(|c| c.name == *name) {
                Some(k) => k,
                None => {
                    self.d.class_defs.push(ClassDef {
                        name: name.clone(),
                        styles: Vec::new(),
                        text_styles: Vec::new(),
                    });
                    self.d.class_defs.len() - 1
                }
            };
            for s in styles {
                if s.contains("color") {
                    self.d.class_defs[k]
                        .text_styles
                        .push(s.replacen("fill", "bgFill", 1));
                }
                self.d.class_defs[k].styles.push(s.clone());
            }
            for (i, css) in self.css.iter().enumerate() {
                if css.contains(name.as_str()) {
                    self.d.classes[i]
                        .styles
                        .extend(styles.iter().flat_map(|s| s.split(',').map(str::to_string)));
                }
            }
        }
    }

    /// `setCssStyle`.
    pub(crate) fn set_style(&mut self, id: &str, styles: &[String]) {
        if let Some(i) = self.index(id) {
            for s in styles {
                self.d.classes[i]
                    .styles
                    .extend(s.split(',').map(str::to_string));
            }
        }
    }

    /// `setTooltip`.
    pub(crate) fn set_tooltip(&mut self, ids: &str, tip: &str) -> Result<(), String> {
        for id in ids.split(',') {
            let i = self
                .index(id)
                .ok_or_else(|| format!("tooltip for unknown class `{id}`"))?;
            self.d.classes[i].tooltip = Some(sanitize_text(tip));
        }
        Ok(())
    }

    /// `setLink` (strict security level: the URL is checked as `sanitizeUrl` does).
    pub(crate) fn set_link(&mut self, ids: &str, url: &str, target: Option<&str>) {
        for id in ids.split(',') {
            if id.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            if let Some(i) = self.index(id) {
                let u = url.trim();
                let c = &mut self.d.classes[i];
                c.link = (!u.is_empty()).then(|| safe_url(u));
                c.link_target = Some(target.map(sanitize_text).unwrap_or("_blank".into()));
            }
        }
        self.set_css_class(ids, "clickable");
    }

    /// `setClickEvent` (the function is never run: strict security level).
    pub(crate) fn set_click(&mut self, ids: &str) -> Result<(), String> {
        for id in ids.split(',') {
            let i = self
                .index(id)
                .ok_or_else(|| format!("callback for unknown class `{id}`"))?;
            self.d.classes[i].callback = true;
        }
        self.set_css_class(ids, "clickable");
        Ok(())
    }

    /// `addNamespace`: returns the qualified id, pushed on the namespace stack.
    pub(crate) fn add_namespace(&mut self, id: &str, label: Option<&str>) -> String {
        let q = match self.ns_stack.last() {
            Some(p) => format!("{p}.{id}"),
            None => id.to_string(),
        };
        self.ns_stack.push(q.clone());
        if let Some(n) = self.d.namespaces.iter_mut().find(|n| n.id == q) {
            n.explicit = true;
            if let Some(l) = label.filter(|l| !l.is_empty()) {
                n.label = l.to_string();
            }
            return q;
        }
        let parts: Vec<&str> = q.split('.').collect();
        let mut acc = String::new();
        for (k, part) in parts.iter().enumerate() {
            let parent = (k > 0).then(|| acc.clone());
            if k > 0 {
                acc.push('.');
            }
            acc.push_str(part);
            let leaf = k + 1 == parts.len();
            match self.d.namespaces.iter_mut().find(|n| n.id == acc) {
                Some(n) => {
                    if leaf {
                        n.explicit = true;
                    }
                    if n.parent.is_none() {
                        n.parent = parent;
                    }
                }
                None => {
                    let label = match label {
                        Some(l) if leaf && !l.is_empty() => l.to_string(),
                        _ => part.to_string(),
                    };
                    self.d.namespaces.push(Namespace {
                        id: acc.clone(),
                        label,
                        parent,
                        explicit: leaf,
                    });
                }
            }
        }
        q
    }

    /// `popNamespace`.
    pub(crate) fn pop_namespace(&mut self) {
        self.ns_stack.pop();
    }

    /// `addClassesToNamespace`.
    pub(crate) fn fill_namespace(&mut self, ns: &str, classes: &[String], notes: &[String]) {
        for c in classes {
            let (name, _) = split_name(c);
            if let Some(i) = self.index(&name) {
                self.d.classes[i].namespace = Some(ns.to_string());
            }
        }
        for n in notes {
            if let Some(note) = self.d.notes.iter_mut().find(|x| x.id == *n) {
                note.namespace = Some(ns.to_string());
            }
        }
    }
}

/// `@braintree/sanitize-url`: script-like schemes become `about:blank`.
fn safe_url(u: &str) -> String {
    let lower: String = u
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return "about:blank".to_string();
    }
    // an absolute URL comes back as the URL parser writes it: scheme and host in lower
    // case, `/` as the path when it has none
    if let Some(p) = u.find("://") {
        let scheme = &u[..p];
        let rest = &u[p + 3..];
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let valid_scheme = scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
        if valid_scheme && host_end > 0 && !rest[..host_end].contains(char::is_whitespace) {
            let mut out = format!(
                "{}://{}",
                scheme.to_ascii_lowercase(),
                rest[..host_end].to_ascii_lowercase()
            );
            if host_end == rest.len() || !rest[host_end..].starts_with('/') {
                out.push('/');
            }
            out.push_str(&rest[host_end..]);
            return out;
        }
    }
    u.to_string()
}
