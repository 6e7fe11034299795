//! What Mermaid 12.3's `ErDB` (`erDb.ts`) does with the grammar's actions: entities by
//! first mention, aliases, attributes, relationships, classes, styles and subgraphs.
//!
//! Owns no grammar: [`super::parse`] calls these in the order the jison actions do.

use std::collections::HashMap;

use super::model::{
    Attribute, Cardinality, ClassDef, Direction, Entity, ErDiagram, Relationship, Subgraph,
};

/// The database being filled while parsing.
#[derive(Debug, Default)]
pub(crate) struct Db {
    pub(crate) er: ErDiagram,
    index: HashMap<String, usize>,
    subgraph_index: HashMap<String, usize>,
}

impl Db {
    /// `addEntity(name, alias)`: a new entity, or the alias for one that has none.
    pub(crate) fn add_entity(&mut self, name: &str, alias: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            if self.er.entities[i].alias.is_empty() && !alias.is_empty() {
                self.er.entities[i].alias = alias.to_string();
            }
            return i;
        }
        let i = self.er.entities.len();
        self.er.entities.push(Entity {
            name: name.to_string(),
            alias: alias.to_string(),
            ..Entity::default()
        });
        self.index.insert(name.to_string(), i);
        i
    }

    /// `addAttributes`: rows appended in source order.
    pub(crate) fn add_attributes(&mut self, name: &str, attrs: Vec<Attribute>) {
        let i = self.add_entity(name, "");
        self.er.entities[i].attributes.extend(attrs);
    }

    /// `addRelationship`: a subgraph id names the subgraph, any other name an entity.
    pub(crate) fn add_relationship(
        &mut self,
        from: &str,
        label: &str,
        to: &str,
        spec: (Cardinality, bool, Cardinality),
    ) {
        for end in [from, to] {
            if !self.subgraph_index.contains_key(end) {
                self.add_entity(end, "");
            }
        }
        self.er.relationships.push(Relationship {
            from: from.to_string(),
            to: to.to_string(),
            card_from: spec.0,
            identifying: spec.1,
            card_to: spec.2,
            label: label.to_string(),
        });
    }

    /// `setClass`: classes for entities and subgraphs of that name.
    pub(crate) fn set_class(&mut self, ids: &[String], classes: &[String]) {
        for id in ids {
            if let Some(&i) = self.index.get(id) {
                self.er.entities[i].classes.extend(classes.iter().cloned());
            }
            if let Some(&i) = self.subgraph_index.get(id) {
                self.er.subgraphs[i].classes.extend(classes.iter().cloned());
            }
        }
    }

    /// `addCssStyles`: declarations for entities and subgraphs of that name.
    pub(crate) fn add_css_styles(&mut self, ids: &[String], styles: &[String]) {
        for id in ids {
            if let Some(&i) = self.index.get(id) {
                self.er.entities[i].styles.extend(styles.iter().cloned());
            }
            if let Some(&i) = self.subgraph_index.get(id) {
                self.er.subgraphs[i].styles.extend(styles.iter().cloned());
            }
        }
    }

    /// `addClass` (`classDef`): declarations naming `color` also style the label, with
    /// the first `fill` read as `bgFill`.
    pub(crate) fn add_class(&mut self, ids: &[String], styles: &[String]) {
        for id in ids {
            let pos = match self.er.class_defs.iter().position(|c| &c.name == id) {
                Some(p) => p,
                None => {
                    self.er.class_defs.push(ClassDef {
                        name: id.clone(),
                        styles: Vec::new(),
                        text_styles: Vec::new(),
                    });
                    self.er.class_defs.len() - 1
                }
            };
            let cd = &mut self.er.class_defs[pos];
            for s in styles {
                if s.contains("color") {
                    cd.text_styles.push(s.replacen("fill", "bgFill", 1));
                }
                cd.styles.push(s.clone());
            }
        }
    }

    /// `addSubGraph`: members are the entity names (and inner subgraph ids) mentioned
    /// inside, once each and not already in another subgraph; returns the id.
    pub(crate) fn add_subgraph(&mut self, id: &str, items: Vec<Item>, title: &str) -> String {
        let mut seen = std::collections::HashSet::new();
        let mut dir = None;
        let mut members = Vec::new();
        for it in items {
            match it {
                Item::Dir(d) => dir = Some(d),
                Item::Name(n) => {
                    let t = n.trim().to_string();
                    if !t.is_empty() && seen.insert(t.clone()) {
                        members.push(t);
                    }
                }
            }
        }
        let taken: std::collections::HashSet<&String> =
            self.er.subgraphs.iter().flat_map(|s| &s.members).collect();
        let members: Vec<String> = members.into_iter().filter(|m| !taken.contains(m)).collect();
        let id = id.trim().to_string();
        self.subgraph_index
            .insert(id.clone(), self.er.subgraphs.len());
        self.er.subgraphs.push(Subgraph {
            id: id.clone(),
            title: title.trim().to_string(),
            members,
            dir,
            classes: Vec::new(),
            styles: Vec::new(),
        });
        id
    }
}

/// What a statement gives its enclosing subgraph: names, or a `direction`.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Name(String),
    Dir(Direction),
}
