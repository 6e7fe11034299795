//! Plane geometry shared by every layout and writer: points, cubic Bézier pieces and the
//! direction ranks run in.
//!
//! Units are px with the origin at the top-left and y pointing down. Knows no diagram
//! type and no output format.

/// A point in px, `(x, y)`, y down.
pub type Point = (f32, f32);
/// A cubic Bézier segment: start, two control points, end.
pub type Cubic = [Point; 4];

/// The direction ranks run in: the `graph TD` / `direction LR` of flowcharts, and of the
/// class, state and ER diagrams that share the layered layout ("Direction" section of the
/// flowchart syntax).
///
/// `TD` and `v` are the same as [`Direction::TB`]; `>` is `LR`, `<` is `RL`
/// and `^` is `BT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    /// Top to bottom (`TB`, `TD`, `v`, or no direction given).
    #[default]
    TB,
    /// Bottom to top (`BT`, `^`).
    BT,
    /// Left to right (`LR`, `>`).
    LR,
    /// Right to left (`RL`, `<`).
    RL,
}

impl Direction {
    /// The canonical two-letter name (`"TB"`, `"BT"`, `"LR"` or `"RL"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::TB => "TB",
            Direction::BT => "BT",
            Direction::LR => "LR",
            Direction::RL => "RL",
        }
    }
}
