//! The sequence diagram model: what Mermaid's `SequenceDB` (`sequenceDb.ts`) holds after a
//! parse, with the flat message list turned into nested statements (blocks hold their
//! sections' statements).
//!
//! Texts are the database strings: trimmed, `wrap:`/`nowrap:` prefixes removed, `<br>` and
//! entity placeholders kept (the layout decodes them). Knows no layout or drawing.

pub use crate::mermaid::common::error::{ParseError, Warning};

/// A parsed sequence diagram.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sequence {
    /// Participants in Mermaid's order (first mention).
    pub participants: Vec<Participant>,
    /// `box … end` groups in source order.
    pub boxes: Vec<ParticipantBox>,
    /// Statements in source order.
    pub statements: Vec<Statement>,
    /// `title …`, or the front matter `title`.
    pub title: Option<String>,
    /// `accTitle: …`.
    pub acc_title: Option<String>,
    /// `accDescr: …` or `accDescr { … }`.
    pub acc_descr: Option<String>,
    /// Drawing settings from the config (`sequence:` section, `wrap`).
    pub config: SequenceConfig,
}

/// The `sequence` config keys the drawing honours (Mermaid's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceConfig {
    /// `mirrorActors`: draw the participant boxes again at the bottom (default true).
    pub mirror_actors: bool,
    /// `wrap` / `sequence.wrap`: wrap every text (default false).
    pub wrap: bool,
    /// `showSequenceNumbers`: number messages even without `autonumber`.
    pub show_sequence_numbers: bool,
    /// `width` of a participant box, px (default 150).
    pub actor_width_px: f32,
    /// `height` of a participant box, px (default 65).
    pub actor_height_px: f32,
    /// `actorMargin` between participant boxes, px (default 50).
    pub actor_margin_px: f32,
    /// `messageFontSize` etc. collapsed: the label font size, px (default 16).
    pub font_size_px: f32,
    /// Theme name (`default`, `forest`, `neutral`, `dark`, `base`).
    pub theme: Option<String>,
    /// Theme variables as set in the config.
    pub theme_variables: Vec<(String, String)>,
}

impl Default for SequenceConfig {
    fn default() -> Self {
        SequenceConfig {
            mirror_actors: true,
            wrap: false,
            show_sequence_numbers: false,
            actor_width_px: 150.0,
            actor_height_px: 65.0,
            actor_margin_px: 50.0,
            font_size_px: 16.0,
            theme: None,
            theme_variables: Vec::new(),
        }
    }
}

/// How a participant is drawn (`participant`, `actor`, or the `@{ "type": … }` kinds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParticipantKind {
    /// A box (`participant`).
    Participant,
    /// A stick figure (`actor`).
    Actor,
    /// A circle with a bar on its left.
    Boundary,
    /// A circle with an arrow on top.
    Control,
    /// A circle on a bar.
    Entity,
    /// A cylinder.
    Database,
    /// Stacked boxes.
    Collections,
    /// A horizontal cylinder.
    Queue,
    /// Any other `type` text (drawn as a box).
    Other(String),
}

impl ParticipantKind {
    /// The kind of a Mermaid `type` string.
    pub fn from_name(s: &str) -> ParticipantKind {
        match s {
            "participant" => ParticipantKind::Participant,
            "actor" => ParticipantKind::Actor,
            "boundary" => ParticipantKind::Boundary,
            "control" => ParticipantKind::Control,
            "entity" => ParticipantKind::Entity,
            "database" => ParticipantKind::Database,
            "collections" => ParticipantKind::Collections,
            "queue" => ParticipantKind::Queue,
            o => ParticipantKind::Other(o.to_string()),
        }
    }

    /// Mermaid's name of the kind.
    pub fn name(&self) -> &str {
        match self {
            ParticipantKind::Participant => "participant",
            ParticipantKind::Actor => "actor",
            ParticipantKind::Boundary => "boundary",
            ParticipantKind::Control => "control",
            ParticipantKind::Entity => "entity",
            ParticipantKind::Database => "database",
            ParticipantKind::Collections => "collections",
            ParticipantKind::Queue => "queue",
            ParticipantKind::Other(s) => s,
        }
    }
}

/// One participant (Mermaid's actor record).
#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    /// The id used in messages.
    pub id: String,
    /// The text drawn: the alias after `as`, or `@{ alias }`, else the id.
    pub label: String,
    /// How it is drawn.
    pub kind: ParticipantKind,
    /// Index into [`Sequence::boxes`].
    pub box_index: Option<usize>,
    /// Declared with `create`.
    pub created: bool,
    /// Named by `destroy`.
    pub destroyed: bool,
    /// The label wraps.
    pub wrap: bool,
    /// `link`/`links` entries as (label, url), in order.
    pub links: Vec<(String, String)>,
    /// `properties` entries as (key, JSON text of the value), in order.
    pub properties: Vec<(String, String)>,
}

/// A `box … end` group of participants.
#[derive(Debug, Clone, PartialEq)]
pub struct ParticipantBox {
    /// The title after the colour, if any.
    pub label: Option<String>,
    /// The colour as written (`transparent` when the first word is not a colour).
    pub color: String,
    /// Ids of the participants declared inside.
    pub participants: Vec<String>,
    /// The title wraps.
    pub wrap: bool,
}

/// The arrow of a message (Mermaid's `LINETYPE`s that are messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arrow {
    /// `->>`.
    Solid,
    /// `-->>`.
    Dotted,
    /// `->`.
    SolidOpen,
    /// `-->`.
    DottedOpen,
    /// `-x`.
    SolidCross,
    /// `--x`.
    DottedCross,
    /// `-)`.
    SolidPoint,
    /// `--)`.
    DottedPoint,
    /// `<<->>`.
    BidirectionalSolid,
    /// `<<-->>`.
    BidirectionalDotted,
    /// A half arrow: `-|\` `-|/` `-\\` `-//` and their reverse (`/|-` …) and dotted forms.
    Half {
        /// Filled triangle half (`|`) or a single stroke (stick).
        solid: bool,
        /// The upper half (`\` forward, `/|-` `//-` reverse) or the lower half.
        top: bool,
        /// Drawn at the sender's end (`/|-` …).
        reverse: bool,
        /// `--` line.
        dotted: bool,
    },
}

impl Arrow {
    /// The oracle's name of the arrow (`solid`, `dotted_open`, `solid_top_reverse_dotted`, …).
    pub fn name(self) -> String {
        match self {
            Arrow::Solid => "solid".into(),
            Arrow::Dotted => "dotted".into(),
            Arrow::SolidOpen => "solid_open".into(),
            Arrow::DottedOpen => "dotted_open".into(),
            Arrow::SolidCross => "solid_cross".into(),
            Arrow::DottedCross => "dotted_cross".into(),
            Arrow::SolidPoint => "solid_point".into(),
            Arrow::DottedPoint => "dotted_point".into(),
            Arrow::BidirectionalSolid => "bidirectional_solid".into(),
            Arrow::BidirectionalDotted => "bidirectional_dotted".into(),
            Arrow::Half {
                solid,
                top,
                reverse,
                dotted,
            } => format!(
                "{}_{}{}{}",
                if solid { "solid" } else { "stick" },
                if top { "top" } else { "bottom" },
                if reverse { "_reverse" } else { "" },
                if dotted { "_dotted" } else { "" }
            ),
        }
    }

    /// True for the dashed-line arrows.
    pub fn is_dotted(self) -> bool {
        match self {
            Arrow::Dotted
            | Arrow::DottedOpen
            | Arrow::DottedCross
            | Arrow::DottedPoint
            | Arrow::BidirectionalDotted => true,
            Arrow::Half { dotted, .. } => dotted,
            _ => false,
        }
    }
}

/// Which end of a `()` message has a central connection circle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Central {
    /// `A->>()B`: at the receiver.
    To,
    /// `A()->>B`: at the sender.
    From,
    /// `A()->>()B`: both.
    Both,
}

impl Central {
    /// The oracle's name: `to`, `from`, `both`.
    pub fn name(self) -> &'static str {
        match self {
            Central::To => "to",
            Central::From => "from",
            Central::Both => "both",
        }
    }
}

/// Where a note is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `left of A`.
    LeftOf,
    /// `right of A`.
    RightOf,
    /// `over A` or `over A,B`.
    Over,
}

/// The kind of a block statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// `loop`.
    Loop,
    /// `alt` (sections after `else`).
    Alt,
    /// `opt`.
    Opt,
    /// `par` (sections after `and`).
    Par,
    /// `par_over`.
    ParOver,
    /// `rect` (the first label is the colour).
    Rect,
    /// `critical` (sections after `option`).
    Critical,
    /// `break`.
    Break,
}

impl BlockKind {
    /// Mermaid's keyword.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Loop => "loop",
            BlockKind::Alt => "alt",
            BlockKind::Opt => "opt",
            BlockKind::Par => "par",
            BlockKind::ParOver => "par_over",
            BlockKind::Rect => "rect",
            BlockKind::Critical => "critical",
            BlockKind::Break => "break",
        }
    }
}

/// One section of a block: its label (the block text, or the `else`/`and`/`option` text).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The label (for `rect`, the colour).
    pub label: String,
    /// The label wraps.
    pub wrap: bool,
    /// The statements inside.
    pub statements: Vec<Statement>,
}

/// A statement of the diagram, in source order.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// A message between two participants.
    Message(Message),
    /// A note.
    Note(Note),
    /// `activate A` (also after `->>+`).
    Activate(String),
    /// `deactivate A` (also after `->>-`, for the sender).
    Deactivate(String),
    /// The circle of a `()` message at participant `actor`.
    CentralConnection {
        /// The participant.
        actor: String,
        /// Which end.
        end: Central,
    },
    /// `autonumber [start [step]]` or `autonumber off`.
    Autonumber {
        /// First number, when given.
        start: Option<f64>,
        /// Increment, when a start is given (1 unless written).
        step: Option<f64>,
        /// False for `autonumber off`.
        visible: bool,
    },
    /// A `loop`/`alt`/… block.
    Block {
        /// Which block.
        kind: BlockKind,
        /// At least one section.
        sections: Vec<Section>,
    },
}

/// A message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Sender id.
    pub from: String,
    /// Receiver id.
    pub to: String,
    /// Text (may be empty).
    pub text: String,
    /// The arrow.
    pub arrow: Arrow,
    /// `+` after the arrow.
    pub activate: bool,
    /// `()` circles.
    pub central: Option<Central>,
    /// The participant this message creates (after `create`).
    pub creates: Option<String>,
    /// The participant this message destroys (after `destroy`).
    pub destroys: Option<String>,
    /// The text wraps.
    pub wrap: bool,
}

/// A note.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Where.
    pub placement: Placement,
    /// One participant, or two for `over A,B`.
    pub actors: Vec<String>,
    /// Text.
    pub text: String,
    /// The text wraps.
    pub wrap: bool,
}

impl Sequence {
    /// Index of participant `id`.
    pub fn participant_index(&self, id: &str) -> Option<usize> {
        self.participants.iter().position(|p| p.id == id)
    }
}
