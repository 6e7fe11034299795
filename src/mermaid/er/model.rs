//! The ER-diagram model: what Mermaid's `ErDB` holds after a parse (entities, their
//! attributes, relationships, subgraphs, `classDef`s; `packages/mermaid/src/diagrams/er/
//! erDb.ts` and `erTypes.ts` of Mermaid 12.3), in Rust terms.
//!
//! Entities keep Mermaid's order (first mention). Texts are the database strings: quotes
//! removed, `<br>` and entity codes not yet decoded (the drawing decodes them).

pub use crate::mermaid::common::error::{ParseError, Warning};
pub use crate::mermaid::common::geometry::Direction;

/// How many of an entity may take part at one end of a relationship (the crow's-foot
/// marker drawn at that end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cardinality {
    /// `||`, `one`, `only one`, `1`: a bar and a bar.
    OnlyOne,
    /// `|o`, `o|`, `one or zero`, `zero or one`: a circle and a bar.
    ZeroOrOne,
    /// `}|`, `|{`, `one or more`, `one or many`, `1+`, `many(1)`: a bar and a crow's foot.
    OneOrMore,
    /// `}o`, `o{`, `zero or more`, `zero or many`, `0+`, `many`, `many(0)`: a circle and a
    /// crow's foot.
    ZeroOrMore,
    /// `u`: the parent end of a multi-dimensional (cube) relationship, a plain line.
    MdParent,
}

impl Cardinality {
    /// The oracle's name (`only_one`, `zero_or_one`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Cardinality::OnlyOne => "only_one",
            Cardinality::ZeroOrOne => "zero_or_one",
            Cardinality::OneOrMore => "one_or_more",
            Cardinality::ZeroOrMore => "zero_or_more",
            Cardinality::MdParent => "md_parent",
        }
    }
}

/// A key an attribute takes part in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// `PK`: primary key.
    Pk,
    /// `FK`: foreign key.
    Fk,
    /// `UK`: unique key.
    Uk,
}

impl Key {
    /// `PK`, `FK` or `UK`.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Pk => "PK",
            Key::Fk => "FK",
            Key::Uk => "UK",
        }
    }
}

/// One row of an entity's attribute table: `type name [PK, FK] ["comment"]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// The type as written (`string`, `varchar(255)`, `List~int~`, `string?`).
    pub ty: String,
    /// The attribute name.
    pub name: String,
    /// Keys in source order (may repeat, as Mermaid keeps them).
    pub keys: Vec<Key>,
    /// The comment without its quotes, or empty.
    pub comment: String,
}

/// An entity: a box with its name (or alias) and its attribute table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entity {
    /// The name, as the relationships refer to it (quotes removed).
    pub name: String,
    /// The alias drawn instead of the name (`NAME["alias"] { … }`), or empty.
    pub alias: String,
    /// Attribute rows in source order (blocks of one entity accumulate).
    pub attributes: Vec<Attribute>,
    /// Classes from `class`, `:::` (besides Mermaid's `default`).
    pub classes: Vec<String>,
    /// Declarations from `style` (`fill:#f9f`, …).
    pub styles: Vec<String>,
}

/// A relationship `A ||--o{ B : label`.
#[derive(Debug, Clone, PartialEq)]
pub struct Relationship {
    /// The entity (or subgraph) written first.
    pub from: String,
    /// The entity (or subgraph) written second.
    pub to: String,
    /// The marker written next to `from`.
    pub card_from: Cardinality,
    /// The marker written next to `to`.
    pub card_to: Cardinality,
    /// `--` (identifying, solid line) or `..` (non-identifying, dashed line).
    pub identifying: bool,
    /// The label (quotes removed), possibly empty.
    pub label: String,
}

/// A `subgraph id [title] … end` group of entities.
#[derive(Debug, Clone, PartialEq)]
pub struct Subgraph {
    /// Its id.
    pub id: String,
    /// Its title (the id when none is given).
    pub title: String,
    /// Entity names mentioned inside, first mention first, each in one subgraph only.
    pub members: Vec<String>,
    /// A `direction` statement inside it.
    pub dir: Option<Direction>,
    /// Classes from `class`, `:::`.
    pub classes: Vec<String>,
    /// Declarations from `style`.
    pub styles: Vec<String>,
}

/// A `classDef name decl,decl`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassDef {
    /// The class name.
    pub name: String,
    /// Its declarations, in order.
    pub styles: Vec<String>,
    /// Declarations for the label text (those naming `color`, with `fill` as `bgFill`).
    pub text_styles: Vec<String>,
}

/// A parsed ER diagram.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErDiagram {
    /// Direction of the layout (`direction` statement, default `TB`).
    pub direction: Direction,
    /// Front-matter title.
    pub title: Option<String>,
    /// `accTitle`.
    pub acc_title: Option<String>,
    /// `accDescr` (single line or `{ … }`).
    pub acc_descr: Option<String>,
    /// Entities in Mermaid's order.
    pub entities: Vec<Entity>,
    /// Relationships in source order.
    pub relationships: Vec<Relationship>,
    /// Subgraphs, innermost first (the order Mermaid closes them).
    pub subgraphs: Vec<Subgraph>,
    /// `classDef`s in definition order.
    pub class_defs: Vec<ClassDef>,
    /// Theme name from the config.
    pub theme: Option<String>,
    /// Theme variables from the config.
    pub theme_variables: Vec<(String, String)>,
}

impl ErDiagram {
    /// Index of the entity `name`.
    pub fn entity_index(&self, name: &str) -> Option<usize> {
        self.entities.iter().position(|e| e.name == name)
    }
}
