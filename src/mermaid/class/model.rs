//! The class diagram model: what Mermaid 12.3's `ClassDB` (`classDb.ts`, `classTypes.ts`)
//! holds after parsing. Texts are the database's strings (sanitised as Mermaid sanitises
//! them, `<br>` kept as written); drawing decodes them.
//!
//! Pure data; knows no grammar, layout or drawing.

pub use crate::mermaid::common::error::{ParseError, Warning};
use crate::mermaid::common::geometry::Direction;

/// Marker at one end of a relation (`relationType` of `classDb.ts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelEnd {
    /// Plain line end.
    None,
    /// `<|` / `|>`: hollow triangle (inheritance, realization when dotted).
    Extension,
    /// `*`: filled diamond.
    Composition,
    /// `o`: hollow diamond.
    Aggregation,
    /// `<` / `>`: open arrow head.
    Dependency,
    /// `()`: lollipop circle (provided interface).
    Lollipop,
}

impl RelEnd {
    /// Mermaid's marker name (`none`, `extension`, …), as in the oracle schema.
    pub fn name(self) -> &'static str {
        match self {
            RelEnd::None => "none",
            RelEnd::Extension => "extension",
            RelEnd::Composition => "composition",
            RelEnd::Aggregation => "aggregation",
            RelEnd::Dependency => "dependency",
            RelEnd::Lollipop => "lollipop",
        }
    }
}

/// Whether a member is drawn in the attribute or the method compartment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberKind {
    /// A field (`int id`).
    Attribute,
    /// An operation: the text has a `)` after its first character.
    Method,
}

/// One attribute or method (`ClassMember` of `classTypes.ts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Attribute or method.
    pub kind: MemberKind,
    /// `+`, `-`, `#`, `~` or empty.
    pub visibility: String,
    /// The declaration without visibility and classifier (`int id`, `getName`).
    pub name: String,
    /// Method parameters as written, trimmed (empty for attributes).
    pub parameters: String,
    /// Method return type (after the `)`), empty when none.
    pub return_type: String,
    /// `$` static (underlined), `*` abstract (italic), or empty.
    pub classifier: String,
}

/// A class box.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Class {
    /// The class name, without its generic part.
    pub id: String,
    /// `class A["label"]`: the text drawn instead of the id.
    pub label: Option<String>,
    /// `T` of `A~T~`, empty when none.
    pub generic: String,
    /// `interface` of `<<interface>>`, in order.
    pub annotations: Vec<String>,
    /// Attributes in order.
    pub attributes: Vec<Member>,
    /// Methods in order.
    pub methods: Vec<Member>,
    /// The innermost namespace holding the class.
    pub namespace: Option<String>,
    /// CSS classes from `:::`, `cssClass`, `classDef` use (Mermaid's `default` left out).
    pub css_classes: Vec<String>,
    /// `style` declarations (`fill:#f9f`), in order.
    pub styles: Vec<String>,
    /// `click`/`link` URL.
    pub link: Option<String>,
    /// Link target (`_blank` unless given).
    pub link_target: Option<String>,
    /// Tooltip text.
    pub tooltip: Option<String>,
    /// True when `click … call`/`callback` named a function (never run here).
    pub callback: bool,
}

/// A relation between two classes (or an interface of a lollipop and a class).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// Class (or `interfaceN`) at the start.
    pub from: String,
    /// Class (or `interfaceN`) at the end.
    pub to: String,
    /// Marker at the `from` end.
    pub start: RelEnd,
    /// Marker at the `to` end.
    pub end: RelEnd,
    /// `..` (true) or `--`.
    pub dotted: bool,
    /// Text after `:`, empty when none.
    pub label: String,
    /// Cardinality written next to `from`.
    pub card_from: Option<String>,
    /// Cardinality written next to `to`.
    pub card_to: Option<String>,
}

/// A lollipop interface: `label ()-- Class` gives `interfaceN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// `interfaceN`.
    pub id: String,
    /// The interface name drawn next to the circle.
    pub label: String,
    /// The class providing it.
    pub class: String,
}

/// A note, attached to a class or floating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// `noteN`.
    pub id: String,
    /// The class it is for (`note for A`), none for a floating note.
    pub class: Option<String>,
    /// The text as written (`<br>` forms kept).
    pub text: String,
    /// The namespace it was written in.
    pub namespace: Option<String>,
}

/// A namespace (drawn as a box around its classes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    /// Qualified id (`A.B` for `B` inside `A`, or `namespace A.B`).
    pub id: String,
    /// Title text (the last part of the id unless `namespace X["label"]`).
    pub label: String,
    /// The enclosing namespace.
    pub parent: Option<String>,
    /// False for ancestors made up from a dotted name.
    pub explicit: bool,
}

/// A `classDef` style class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassDef {
    /// The name.
    pub name: String,
    /// Its declarations.
    pub styles: Vec<String>,
    /// The declarations that hold `color` (with `fill` spelled `bgFill`), for text.
    pub text_styles: Vec<String>,
}

/// A parsed class diagram.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClassDiagram {
    /// Front matter `title`.
    pub title: Option<String>,
    /// `accTitle`.
    pub acc_title: Option<String>,
    /// `accDescr` (multi-line keeps its newlines).
    pub acc_descr: Option<String>,
    /// Rank direction (default top to bottom).
    pub direction: Direction,
    /// Classes in Mermaid's order (first mention).
    pub classes: Vec<Class>,
    /// Relations in source order.
    pub relations: Vec<Relation>,
    /// Lollipop interfaces in order.
    pub interfaces: Vec<Interface>,
    /// Notes in order.
    pub notes: Vec<Note>,
    /// Namespaces in creation order.
    pub namespaces: Vec<Namespace>,
    /// `classDef`s in order.
    pub class_defs: Vec<ClassDef>,
    /// `class.hideEmptyMembersBox`: a class without members is drawn as its name box only.
    pub hide_empty_members_box: bool,
    /// Theme name from the config (`default`, `forest`, `neutral`, `dark`).
    pub theme: Option<String>,
    /// `themeVariables` from the config, (name, value) in order.
    pub theme_variables: Vec<(String, String)>,
}

impl ClassDiagram {
    /// The class with id `id`.
    pub fn class(&self, id: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.id == id)
    }
}
