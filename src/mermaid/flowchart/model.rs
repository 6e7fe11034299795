//! Data model of a parsed Mermaid flowchart.
//!
//! The types here describe *what* a flowchart says (nodes, edges, subgraphs,
//! styling statements), not how it is drawn. They follow the sections of the
//! Mermaid flowchart syntax documentation
//! (<https://mermaid.js.org/syntax/flowchart.html>): "Direction", "Node shapes",
//! "Expanded Node Shapes", "Links between nodes", "Subgraphs", "Interaction",
//! "Styling and classes" and "Accessibility".
//!
//! What every diagram type shares (labels, direction, end markers, warnings and errors)
//! lives in [`crate::mermaid::common`] and is re-exported here, so `model::Label` and the
//! rest keep their names.

pub use crate::mermaid::common::error::{ParseError, Warning};
pub use crate::mermaid::common::geometry::Direction;
pub use crate::mermaid::common::label::{Label, LabelKind, TextRun};
pub use crate::mermaid::common::marker::Marker;

macro_rules! shapes {
    ($( $(#[$m:meta])* $var:ident = $name:literal [$($alias:literal),*] ),* $(,)?) => {
        /// Node shape ("Node shapes" and "Expanded Node Shapes in Mermaid
        /// Flowcharts" sections).
        ///
        /// Each variant lists its `@{ shape: ... }` short name and aliases as
        /// Mermaid documents them; the classic bracket forms map onto the same
        /// variants (`[ ]` [`Shape::Rect`], `( )` [`Shape::Rounded`], `([ ])`
        /// [`Shape::Stadium`], `[[ ]]` [`Shape::Subroutine`], `[( )]`
        /// [`Shape::Cylinder`], `(( ))` [`Shape::Circle`], `((( )))`
        /// [`Shape::DoubleCircle`], `> ]` [`Shape::Odd`], `{ }`
        /// [`Shape::Diamond`], `{{ }}` [`Shape::Hexagon`], `[/ /]`
        /// [`Shape::LeanRight`], `[\ \]` [`Shape::LeanLeft`], `[/ \]`
        /// [`Shape::Trapezoid`], `[\ /]` [`Shape::InvTrapezoid`], `(- -)`
        /// [`Shape::Ellipse`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum Shape {
            $( $(#[$m])* $var, )*
        }

        impl Shape {
            /// Every shape, in declaration order.
            pub const ALL: &'static [Shape] = &[$(Shape::$var),*];

            /// The `@{ shape: ... }` short name Mermaid documents for this shape.
            pub fn short_name(self) -> &'static str {
                match self { $(Shape::$var => $name,)* }
            }

            /// Looks up a documented `@{ shape: ... }` short name or alias
            /// (plus `doublecircle`, which Mermaid also accepts). Names are
            /// case-sensitive, as in Mermaid. The classic-only [`Shape::Ellipse`]
            /// has no `@{ shape }` name and is not found.
            pub fn from_name(name: &str) -> Option<Shape> {
                let found = match name {
                    $( $name $(| $alias)* => Some(Shape::$var), )*
                    _ => None,
                };
                found.filter(|s| *s != Shape::Ellipse)
            }
        }
    };
}

shapes! {
    /// Rectangle (`rect`; `proc`, `process`, `rectangle`; classic `A[text]`). The default.
    #[default]
    Rect = "rect" ["proc", "process", "rectangle"],
    /// Rounded rectangle (`rounded`; `event`; classic `A(text)`).
    Rounded = "rounded" ["event"],
    /// Stadium / pill (`stadium`; `terminal`, `pill`; classic `A([text])`).
    Stadium = "stadium" ["terminal", "pill"],
    /// Framed rectangle / subroutine (`fr-rect`; `subprocess`, `subproc`,
    /// `framed-rectangle`, `subroutine`; classic `A[[text]]`).
    Subroutine = "fr-rect" ["subprocess", "subproc", "framed-rectangle", "subroutine"],
    /// Cylinder / database (`cyl`; `db`, `database`, `cylinder`; classic `A[(text)]`).
    Cylinder = "cyl" ["db", "database", "cylinder"],
    /// Data store (`datastore`; `data-store`).
    Datastore = "datastore" ["data-store"],
    /// Folder (`folder`; `directory`).
    Folder = "folder" ["directory"],
    /// Bucket (`bucket`).
    Bucket = "bucket" [],
    /// Console / terminal window (`console`).
    Console = "console" [],
    /// Browser window (`browser`).
    Browser = "browser" [],
    /// Person (`person`).
    Person = "person" [],
    /// Circle (`circle`; `circ`; classic `A((text))`).
    Circle = "circle" ["circ"],
    /// Bang (`bang`).
    Bang = "bang" [],
    /// Cloud (`cloud`).
    Cloud = "cloud" [],
    /// Diamond / decision (`diam`; `decision`, `diamond`, `question`; classic `A{text}`).
    Diamond = "diam" ["decision", "diamond", "question"],
    /// Hexagon (`hex`; `hexagon`, `prepare`; classic `A{{text}}`).
    Hexagon = "hex" ["hexagon", "prepare"],
    /// Parallelogram leaning right (`lean-r`; `lean-right`, `in-out`; classic `A[/text/]`).
    LeanRight = "lean-r" ["lean-right", "in-out"],
    /// Parallelogram leaning left (`lean-l`; `lean-left`, `out-in`; classic `A[\text\]`).
    LeanLeft = "lean-l" ["lean-left", "out-in"],
    /// Trapezoid, base at the bottom (`trap-b`; `priority`, `trapezoid-bottom`,
    /// `trapezoid`; classic `A[/text\]`).
    Trapezoid = "trap-b" ["priority", "trapezoid-bottom", "trapezoid"],
    /// Trapezoid, base at the top (`trap-t`; `manual`, `trapezoid-top`,
    /// `inv-trapezoid`; classic `A[\text/]`).
    InvTrapezoid = "trap-t" ["manual", "trapezoid-top", "inv-trapezoid"],
    /// Double circle (`dbl-circ`; `double-circle`; classic `A(((text)))`).
    DoubleCircle = "dbl-circ" ["double-circle", "doublecircle"],
    /// Text block without border (`text`).
    Text = "text" [],
    /// Notched rectangle / card (`notch-rect`; `card`, `notched-rectangle`).
    Card = "notch-rect" ["card", "notched-rectangle"],
    /// Lined / shaded process (`lin-rect`; `lined-rectangle`, `lined-process`,
    /// `lin-proc`, `shaded-process`).
    LinedRect = "lin-rect" ["lined-rectangle", "lined-process", "lin-proc", "shaded-process"],
    /// Small filled circle / start (`sm-circ`; `start`, `small-circle`).
    SmallCircle = "sm-circ" ["start", "small-circle"],
    /// Framed circle / stop (`fr-circ`; `stop`, `framed-circle`).
    FramedCircle = "fr-circ" ["stop", "framed-circle"],
    /// Filled bar / fork-join (`fork`; `join`).
    Fork = "fork" ["join"],
    /// Hourglass / collate (`hourglass`; `collate`).
    Hourglass = "hourglass" ["collate"],
    /// Curly brace on the left / comment (`brace`; `comment`, `brace-l`).
    BraceLeft = "brace" ["comment", "brace-l"],
    /// Curly brace on the right (`brace-r`).
    BraceRight = "brace-r" [],
    /// Curly braces on both sides (`braces`).
    Braces = "braces" [],
    /// Lightning bolt / com link (`bolt`; `com-link`, `lightning-bolt`).
    Bolt = "bolt" ["com-link", "lightning-bolt"],
    /// Document with a wavy bottom edge (`doc`; `document`).
    Document = "doc" ["document"],
    /// Half-rounded rectangle / delay (`delay`; `half-rounded-rectangle`).
    Delay = "delay" ["half-rounded-rectangle"],
    /// Horizontal cylinder / direct access storage (`h-cyl`; `das`, `horizontal-cylinder`).
    HorizontalCylinder = "h-cyl" ["das", "horizontal-cylinder"],
    /// Lined cylinder / disk storage (`lin-cyl`; `disk`, `lined-cylinder`).
    LinedCylinder = "lin-cyl" ["disk", "lined-cylinder"],
    /// Curved trapezoid / display (`curv-trap`; `curved-trapezoid`, `display`).
    CurvedTrapezoid = "curv-trap" ["curved-trapezoid", "display"],
    /// Divided rectangle / divided process (`div-rect`; `div-proc`,
    /// `divided-rectangle`, `divided-process`).
    DividedRect = "div-rect" ["div-proc", "divided-rectangle", "divided-process"],
    /// Triangle / extract (`tri`; `extract`, `triangle`).
    Triangle = "tri" ["extract", "triangle"],
    /// Window pane / internal storage (`win-pane`; `internal-storage`, `window-pane`).
    WindowPane = "win-pane" ["internal-storage", "window-pane"],
    /// Filled circle / junction (`f-circ`; `junction`, `filled-circle`).
    FilledCircle = "f-circ" ["junction", "filled-circle"],
    /// Notched pentagon / loop limit (`notch-pent`; `loop-limit`, `notched-pentagon`).
    NotchedPentagon = "notch-pent" ["loop-limit", "notched-pentagon"],
    /// Flipped triangle / manual file (`flip-tri`; `manual-file`, `flipped-triangle`).
    FlippedTriangle = "flip-tri" ["manual-file", "flipped-triangle"],
    /// Sloped rectangle / manual input (`sl-rect`; `manual-input`, `sloped-rectangle`).
    SlopedRect = "sl-rect" ["manual-input", "sloped-rectangle"],
    /// Stacked documents (`docs`; `documents`, `st-doc`, `stacked-document`).
    StackedDocument = "docs" ["documents", "st-doc", "stacked-document"],
    /// Stacked rectangles / multi-process (`st-rect`; `procs`, `processes`, `stacked-rectangle`).
    StackedRect = "st-rect" ["procs", "processes", "stacked-rectangle"],
    /// Bow-tie rectangle / stored data (`bow-rect`; `stored-data`, `bow-tie-rectangle`).
    BowTieRect = "bow-rect" ["stored-data", "bow-tie-rectangle"],
    /// Crossed circle / summary (`cross-circ`; `summary`, `crossed-circle`).
    CrossedCircle = "cross-circ" ["summary", "crossed-circle"],
    /// Tagged document (`tag-doc`; `tagged-document`).
    TaggedDocument = "tag-doc" ["tagged-document"],
    /// Tagged rectangle / tagged process (`tag-rect`; `tagged-rectangle`,
    /// `tag-proc`, `tagged-process`).
    TaggedRect = "tag-rect" ["tagged-rectangle", "tag-proc", "tagged-process"],
    /// Flag / paper tape (`flag`; `paper-tape`).
    Flag = "flag" ["paper-tape"],
    /// Asymmetric "odd" shape (`odd`; classic `A>text]`).
    Odd = "odd" [],
    /// Lined document (`lin-doc`; `lined-document`).
    LinedDocument = "lin-doc" ["lined-document"],
    /// Ellipse (classic `A(-text-)`, parser name `ellipse`).
    Ellipse = "ellipse" [],
}

/// Line style of an edge ("Links between nodes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Stroke {
    /// Solid line: `-->`, `---`.
    #[default]
    Normal,
    /// Dotted line: `-.->`, `-.-`.
    Dotted,
    /// Thick line: `==>`, `===`.
    Thick,
    /// Not drawn, but laid out: `~~~`.
    Invisible,
}

/// Stroke plus the markers at both ends of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EdgeKind {
    /// Line style.
    pub stroke: Stroke,
    /// Marker at the `from` end (`<-->`, `o--o`, `x--x` have one).
    pub start: Marker,
    /// Marker at the `to` end.
    pub end: Marker,
}

impl EdgeKind {
    /// Mermaid's FlowDB edge `type` name (`arrow_point`, `arrow_open`,
    /// `double_arrow_circle`, `invisible`, ...), for comparisons with Mermaid.
    pub fn mermaid_type(&self) -> String {
        let base = |m: Marker| match m {
            Marker::None => "arrow_open",
            Marker::Arrow => "arrow_point",
            Marker::Circle => "arrow_circle",
            Marker::Cross => "arrow_cross",
        };
        if self.start != Marker::None {
            format!("double_{}", base(self.end))
        } else {
            base(self.end).to_string()
        }
    }
}

/// A node ("A node (default)", "Node shapes", "Expanded Node Shapes").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    /// The node id as written (any script, e.g. `A`, `node_1`, `開始`).
    pub id: String,
    /// The label; the id itself when no text was given.
    pub label: Label,
    /// The shape; [`Shape::Rect`] when none was given.
    pub shape: Shape,
    /// Class names from `class`, `:::` and `@{...}`, in order (includes
    /// `clickable` for nodes with a `click` statement, as Mermaid does).
    pub classes: Vec<String>,
    /// CSS-like declarations from `style` statements, e.g. `fill:#f9f`.
    pub styles: Vec<String>,
    /// Hyperlink from a `click ... href` statement.
    pub link: Option<String>,
    /// Link target (`_self`, `_blank`, `_parent`, `_top`) from `click`.
    pub link_target: Option<String>,
    /// Tooltip from a `click` statement.
    pub tooltip: Option<String>,
    /// Icon name from `@{ icon: ... }` (e.g. `fa:user`).
    pub icon: Option<String>,
    /// Image URL from `@{ img: ... }`.
    pub img: Option<String>,
}

/// An edge ("Links between nodes").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Edge {
    /// User-given id from `A e1@--> B`; `None` when Mermaid would generate one.
    pub id: Option<String>,
    /// Id of the source node (or subgraph).
    pub from: String,
    /// Id of the target node (or subgraph).
    pub to: String,
    /// Line style and end markers.
    pub kind: EdgeKind,
    /// Label from `-->|text|`, `-- text -->`, `-. text .->` or `== text ==>`.
    pub label: Option<Label>,
    /// Minimum rank span: `-->` is 1, `--->` is 2, `---->` 3, and so on
    /// (for dotted edges the number of dots); capped at 10 as in Mermaid.
    pub length: u32,
    /// Animation flag from `e1@{ animate: true }`.
    pub animate: bool,
    /// Curve override from `e1@{ curve: ... }` or `linkStyle ... interpolate`.
    pub curve: Option<String>,
}

/// A subgraph ("Subgraphs").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Subgraph {
    /// The id (`subgraph id [title]`); generated as `subGraphN` when the
    /// heading has only a title with spaces (`subgraph "My title"`).
    pub id: String,
    /// The title; the id when no separate title was given.
    pub title: Label,
    /// Direct members: node ids and child subgraph ids, in Mermaid's order
    /// (often reversed within a statement). A node listed in two subgraphs
    /// belongs to the first subgraph that closes.
    pub members: Vec<String>,
    /// Direction from a `direction` statement inside the subgraph.
    pub direction: Option<Direction>,
    /// Classes given by `class` / `:::` to the subgraph id.
    pub classes: Vec<String>,
}

/// A `classDef` statement ("Classes").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClassDef {
    /// The class name.
    pub name: String,
    /// Declarations such as `fill:#f9f`, `stroke-width:4px`.
    pub styles: Vec<String>,
}

/// Which edges a `linkStyle` statement applies to ("Styling links").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStyleTarget {
    /// `linkStyle default ...`: every edge without its own style.
    Default,
    /// `linkStyle 0,2 ...`: zero-based edge indices in order of definition.
    Indices(Vec<usize>),
}

/// A `linkStyle` statement ("Styling links", "Styling line curves").
#[derive(Debug, Clone, PartialEq)]
pub struct LinkStyle {
    /// Target edges.
    pub target: LinkStyleTarget,
    /// Declarations such as `stroke:#ff3`, `stroke-width:4px`.
    pub styles: Vec<String>,
    /// Curve from `interpolate basis` etc.
    pub interpolate: Option<String>,
}

/// What a `click` statement does ("Interaction").
#[derive(Debug, Clone, PartialEq)]
pub enum ClickAction {
    /// Open a URL (`click A href "url"` or `click A "url"`).
    Href {
        /// The URL as written.
        url: String,
        /// Target window (`_self`, `_blank`, `_parent`, `_top`).
        target: Option<String>,
    },
    /// Call a JavaScript function (`click A callback` / `click A call f(args)`).
    /// Kept for completeness; a static document cannot run it.
    Callback {
        /// Function name.
        name: String,
        /// Raw argument text, if any.
        args: Option<String>,
    },
}

/// A `click` statement ("Interaction").
#[derive(Debug, Clone, PartialEq)]
pub struct Click {
    /// The node id (or comma-separated ids) the statement names.
    pub node_id: String,
    /// What happens on click.
    pub action: ClickAction,
    /// Tooltip text, if given.
    pub tooltip: Option<String>,
}

/// A parsed flowchart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Flowchart {
    /// Graph direction from the `graph`/`flowchart` header.
    pub direction: Direction,
    /// Title from YAML front matter (`title:`).
    pub title: Option<String>,
    /// Accessible title (`accTitle: ...`).
    pub acc_title: Option<String>,
    /// Accessible description (`accDescr: ...` or `accDescr { ... }`).
    pub acc_descr: Option<String>,
    /// Nodes in first-appearance order. An id that is also a subgraph id
    /// appears here when an edge or statement names it; see
    /// [`Flowchart::is_subgraph`].
    pub nodes: Vec<Node>,
    /// Edges in definition order (the order `linkStyle` indices use).
    pub edges: Vec<Edge>,
    /// Subgraphs in Mermaid's order: inner subgraphs before outer ones
    /// (a subgraph is recorded when its `end` is reached).
    pub subgraphs: Vec<Subgraph>,
    /// `classDef` statements in order.
    pub class_defs: Vec<ClassDef>,
    /// `linkStyle` statements in order.
    pub link_styles: Vec<LinkStyle>,
    /// `click` statements in order.
    pub clicks: Vec<Click>,
    /// Default edge curve (`flowchart.curve` from an init directive or front
    /// matter config, or `linkStyle default interpolate ...`), e.g. `basis`.
    pub curve: Option<String>,
    /// Theme name from an init directive or front matter config.
    pub theme: Option<String>,
    /// Theme variables (`themeVariables`) as name/value pairs, in source order.
    pub theme_variables: Vec<(String, String)>,
}

impl Flowchart {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The subgraph with this id.
    pub fn subgraph(&self, id: &str) -> Option<&Subgraph> {
        self.subgraphs.iter().find(|s| s.id == id)
    }

    /// True when `id` names a subgraph (an edge to it targets the group).
    pub fn is_subgraph(&self, id: &str) -> bool {
        self.subgraphs.iter().any(|s| s.id == id)
    }

    /// The subgraph that directly contains `id` (a node or subgraph id).
    pub fn parent_of(&self, id: &str) -> Option<&Subgraph> {
        self.subgraphs
            .iter()
            .find(|s| s.members.iter().any(|m| m == id))
    }
}
