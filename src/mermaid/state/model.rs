//! The state-diagram model: what Mermaid's `StateDB.getData()` gives its renderer (after
//! nesting, concurrency regions and `[*]` are resolved; `packages/mermaid/src/diagrams/
//! state/stateDb.ts` and `dataFetcher.ts`), in Rust terms.
//!
//! States keep Mermaid's order (first mention in a walk of the document tree). `[*]` is
//! `<scope>_start` / `<scope>_end`, one each per scope, where the scope is `root`, a
//! composite's id or `<composite>#<k>` for its concurrency region *k* (Mermaid names regions
//! with a counter and a random id; `#k` replaces both, and `#` cannot occur in an id).

pub use crate::mermaid::common::error::{ParseError, Warning};
pub use crate::mermaid::common::geometry::Direction;

/// What a state is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateKind {
    /// `[*]` as a source: a filled circle.
    Start,
    /// `[*]` as a target: a bullseye.
    End,
    /// `<<fork>>`: a black bar.
    Fork,
    /// `<<join>>`: a black bar.
    Join,
    /// `<<choice>>`: a small diamond.
    Choice,
    /// A plain state: a rounded box (with a title bar when it has further descriptions).
    Normal,
    /// A state with a body (`state X { … }`): a titled box around its members.
    Composite,
}

impl StateKind {
    /// Mermaid's name as the oracle writes it (`start`, `end`, `fork`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            StateKind::Start => "start",
            StateKind::End => "end",
            StateKind::Fork => "fork",
            StateKind::Join => "join",
            StateKind::Choice => "choice",
            StateKind::Normal => "normal",
            StateKind::Composite => "composite",
        }
    }
}

/// One state (pseudo-states and composites included).
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The id (`root_start`, `Moving`, `Active#1_end`, …).
    pub id: String,
    /// Its shape; `None` when Mermaid has none for it (a state first named by a note).
    pub kind: Option<StateKind>,
    /// The label when it differs from the id (`S : text`, `state "text" as S`), as written
    /// (Mermaid's text: `<br>` and entity codes not yet decoded).
    pub label: Option<String>,
    /// Further `S : text` lines, drawn under a line below the label.
    pub descriptions: Vec<String>,
    /// The enclosing composite.
    pub parent: Option<String>,
    /// Index of the concurrency region of `parent` holding the state.
    pub region: Option<usize>,
    /// For a composite split by `--`: how many regions it has (0 otherwise).
    pub regions: usize,
    /// For a composite: the direction inside it (default `TB`).
    pub dir: Option<Direction>,
    /// For a composite split by `--`: the direction inside each region (default `TB`).
    pub region_dirs: Vec<Direction>,
    /// Classes from `class`, `:::` (names of `classDef`s or other CSS classes).
    pub classes: Vec<String>,
    /// Declarations from `style` (`fill:#f9f`, …).
    pub styles: Vec<String>,
}

/// A transition `from --> to : label`.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// Source state id.
    pub from: String,
    /// Target state id.
    pub to: String,
    /// The label, as written.
    pub label: Option<String>,
}

/// Which side of its state a note is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteSide {
    /// `note left of`.
    Left,
    /// `note right of`.
    Right,
}

/// A note attached to a state (`note left of S : text`, or `… end note`).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The state it belongs to.
    pub state: String,
    /// The side.
    pub side: NoteSide,
    /// The position as written (`left of`, `right of`, in the source's letter case).
    pub position: String,
    /// The text (newlines kept for multi-line notes).
    pub text: String,
}

/// A `click S "url" "tooltip"` / `click S href "url"` link.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The state id.
    pub state: String,
    /// The URL with its quotes, as Mermaid stores it.
    pub url: String,
    /// The tooltip with its quotes, or empty.
    pub tooltip: String,
}

/// A `classDef name decl,decl`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassDef {
    /// The class name.
    pub name: String,
    /// Its declarations, in order.
    pub styles: Vec<String>,
    /// Declarations for the label text (`color` as `fill`), as Mermaid derives them.
    pub text_styles: Vec<String>,
}

/// A parsed state diagram.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateDiagram {
    /// Direction of the top level (`direction` statement, default `TB`).
    pub direction: Direction,
    /// Front-matter title.
    pub title: Option<String>,
    /// `accTitle`.
    pub acc_title: Option<String>,
    /// `accDescr` (single line or `{ … }`).
    pub acc_descr: Option<String>,
    /// States in Mermaid's order.
    pub states: Vec<State>,
    /// Transitions in Mermaid's order.
    pub transitions: Vec<Transition>,
    /// Notes in Mermaid's order.
    pub notes: Vec<Note>,
    /// Links from `click`.
    pub links: Vec<Link>,
    /// `classDef`s in definition order.
    pub class_defs: Vec<ClassDef>,
    /// Theme name from the config.
    pub theme: Option<String>,
    /// Theme variables from the config.
    pub theme_variables: Vec<(String, String)>,
}

impl StateDiagram {
    /// Index of the state `id`.
    pub fn state_index(&self, id: &str) -> Option<usize> {
        self.states.iter().position(|s| s.id == id)
    }
}
