//! Edge end markers (arrow head, circle, cross) and how to draw them as plain SVG shapes
//! (no `<marker>` elements, which some EPUB readers ignore).
//!
//! Shared by every diagram type with edges; knows no diagram model, only a tip point and
//! the direction the line arrives in.

use std::fmt::Write;

use super::geometry::Point;
use super::svg::{escape, num};

/// Marker at one end of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Marker {
    /// No marker (an open end, as in `---`).
    #[default]
    None,
    /// Arrow head (`>` / `<`).
    Arrow,
    /// Circle (`o`).
    Circle,
    /// Cross (`x`).
    Cross,
}

/// Draws marker `m` with its tip at `tip`, for a line arriving in the unit direction `d`.
pub(crate) fn marker_svg(o: &mut String, m: Marker, tip: Point, d: Point, color: &str) {
    let n = (-d.1, d.0);
    match m {
        Marker::None => {}
        Marker::Arrow => {
            let (len, half) = (10.0, 5.0);
            let b = (tip.0 - d.0 * len, tip.1 - d.1 * len);
            let _ = writeln!(
                o,
                "<path d=\"M{},{} L{},{} L{},{} Z\" fill=\"{c}\" stroke=\"{c}\" stroke-width=\"1\"/>",
                num(tip.0),
                num(tip.1),
                num(b.0 + n.0 * half),
                num(b.1 + n.1 * half),
                num(b.0 - n.0 * half),
                num(b.1 - n.1 * half),
                c = escape(color)
            );
        }
        Marker::Circle => {
            let r = 5.0;
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{c}\" stroke=\"{c}\" stroke-width=\"1\"/>",
                num(tip.0 - d.0 * r),
                num(tip.1 - d.1 * r),
                num(r),
                c = escape(color)
            );
        }
        Marker::Cross => {
            let c = (tip.0 - d.0 * 6.0, tip.1 - d.1 * 6.0);
            let s = 4.5;
            let (a1, a2) = ((d.0 + n.0) * s, (d.1 + n.1) * s);
            let (b1, b2) = ((d.0 - n.0) * s, (d.1 - n.1) * s);
            let _ = writeln!(
                o,
                "<path d=\"M{},{} L{},{} M{},{} L{},{}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\"/>",
                num(c.0 - a1),
                num(c.1 - a2),
                num(c.0 + a1),
                num(c.1 + a2),
                num(c.0 - b1),
                num(c.1 - b2),
                num(c.0 + b1),
                num(c.1 + b2),
                c = escape(color)
            );
        }
    }
}

/// How far the line is shortened under marker `m` so it does not poke through, px.
pub(crate) fn marker_setback(m: Marker) -> f32 {
    match m {
        Marker::Arrow => 9.0,
        Marker::Circle => 9.0,
        Marker::Cross | Marker::None => 0.0,
    }
}
