//! State shapes and their sizes, after Mermaid's state shapes
//! (`rendering-util/rendering-elements/shapes/{state,stateStart,stateEnd,forkJoin,
//! choice,note}.ts`): start and end circles 14 px across, fork/join bars 70 × 10 px,
//! the choice diamond 28 px, rounded boxes around their labels.

use super::model::StateKind;
use crate::mermaid::common::measure::TextBlock;

/// What a placed state or note is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Filled circle.
    Start,
    /// Bullseye.
    End,
    /// Black bar (fork or join), 70 × 10 px in TB/BT, turned in LR/RL.
    Bar,
    /// Diamond.
    Choice,
    /// Rounded box around the label.
    Rect,
    /// Rounded box with the label as a title over a line and the descriptions below.
    RectWithTitle,
    /// Yellow note box.
    Note,
}

/// Horizontal padding inside a state box, px.
pub const PAD_X_PX: f32 = 16.0;
/// Vertical padding inside a state box, px.
pub const PAD_Y_PX: f32 = 8.0;
/// Diameter of the start and end circles, px.
pub const CIRCLE_PX: f32 = 14.0;
/// Side of the choice diamond's bounding box, px.
pub const CHOICE_PX: f32 = 28.0;

impl Shape {
    /// The shape of a state of `kind` (with further descriptions or not).
    pub fn of(kind: Option<StateKind>, described: bool) -> Shape {
        match kind {
            Some(StateKind::Start) => Shape::Start,
            Some(StateKind::End) => Shape::End,
            Some(StateKind::Fork | StateKind::Join) => Shape::Bar,
            Some(StateKind::Choice) => Shape::Choice,
            _ if described => Shape::RectWithTitle,
            _ => Shape::Rect,
        }
    }

    /// True when the shape shows its label.
    pub fn has_label(self) -> bool {
        matches!(self, Shape::Rect | Shape::RectWithTitle | Shape::Note)
    }

    /// True for fork/join bars, which turn with the direction.
    pub fn is_bar(self) -> bool {
        self == Shape::Bar
    }
}

/// Size `(w, h)` in px of `shape` for a top-to-bottom layout, from its label and
/// descriptions.
pub fn size(shape: Shape, label: &TextBlock, descr: &TextBlock) -> (f32, f32) {
    match shape {
        Shape::Start | Shape::End => (CIRCLE_PX, CIRCLE_PX),
        Shape::Bar => (70.0, 10.0),
        Shape::Choice => (CHOICE_PX, CHOICE_PX),
        Shape::Rect => (
            (label.width + 2.0 * PAD_X_PX).max(40.0),
            label.height + 2.0 * PAD_Y_PX,
        ),
        Shape::RectWithTitle => (
            (label.width.max(descr.width) + 2.0 * PAD_X_PX).max(40.0),
            label.height + descr.height + 3.0 * PAD_Y_PX,
        ),
        Shape::Note => (label.width + 2.0 * PAD_X_PX, label.height + 2.0 * PAD_Y_PX),
    }
}

/// The outline polygon of `shape` at size `w × h` around its centre (edge ends are
/// clipped to it).
pub fn outline(shape: Shape, w: f32, h: f32) -> Vec<(f32, f32)> {
    let (a, b) = (w / 2.0, h / 2.0);
    match shape {
        Shape::Start | Shape::End => (0..16)
            .map(|k| {
                let t = k as f32 * std::f32::consts::PI / 8.0;
                (a * t.cos(), b * t.sin())
            })
            .collect(),
        Shape::Choice => vec![(0.0, -b), (a, 0.0), (0.0, b), (-a, 0.0)],
        _ => vec![(-a, -b), (a, -b), (a, b), (-a, b)],
    }
}
