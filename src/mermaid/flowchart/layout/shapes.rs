//! Node shape geometry: the box a shape needs around its label, and its outline as a
//! polygon (curves flattened) for clipping edges and for drawing.
//!
//! Sizes follow Mermaid's shape functions in spirit (`packages/mermaid/src/rendering-util/
//! rendering-elements/shapes/*.ts`): the label box plus padding, widened where the shape
//! eats into the corners (diamond, hexagon, parallelograms, circles).

use crate::mermaid::model::Shape;

pub use crate::mermaid::common::layout::{horizontal_exit, vertical_exit};

/// Horizontal padding between a label and the node border, px (each side).
pub const PAD_X: f32 = 15.0;
/// Vertical padding between a label and the node border, px (each side).
pub const PAD_Y: f32 = 8.0;

/// The node size (width, height) in px for a label box of `tw × th` px.
pub fn node_size(shape: Shape, tw: f32, th: f32) -> (f32, f32) {
    let w = tw + 2.0 * PAD_X;
    let h = th + 2.0 * PAD_Y;
    match shape {
        Shape::Diamond => {
            // a rhombus with half-axes a, b contains the label box when
            // (tw/2)/a + (th/2)/b <= 1; take b = th + PAD_Y.
            let b = th + PAD_Y;
            let a = (tw / 2.0 + PAD_X / 2.0) * b / (b - th / 2.0);
            ((2.0 * a).max(40.0), (2.0 * b).max(40.0))
        }
        Shape::Circle | Shape::DoubleCircle | Shape::CrossedCircle | Shape::FramedCircle => {
            let d = (tw * tw + th * th).sqrt() + 2.0 * PAD_Y;
            let d = d.max(40.0)
                + if shape == Shape::DoubleCircle {
                    10.0
                } else {
                    0.0
                };
            (d, d)
        }
        Shape::SmallCircle | Shape::FilledCircle => (14.0, 14.0),
        Shape::Fork => (70.0, 10.0),
        Shape::Ellipse => {
            let s = std::f32::consts::SQRT_2;
            (
                (tw * s + 2.0 * PAD_X).max(40.0),
                (th * s + 2.0 * PAD_Y).max(40.0),
            )
        }
        Shape::Hexagon => (w + h / 2.0, h),
        Shape::Stadium => (w + h / 2.0, h),
        Shape::LeanRight
        | Shape::LeanLeft
        | Shape::Trapezoid
        | Shape::InvTrapezoid
        | Shape::SlopedRect => (w + h, h),
        Shape::Odd => (w + h / 2.0, h),
        Shape::Subroutine => (w + 16.0, h),
        Shape::Cylinder | Shape::LinedCylinder => {
            let ry = cyl_ry(w);
            (w, h + 2.0 * ry)
        }
        Shape::HorizontalCylinder => (w + 2.0 * cyl_ry(h) + 10.0, h),
        Shape::Triangle | Shape::FlippedTriangle => (2.0 * w, 2.0 * h),
        Shape::Document | Shape::LinedDocument | Shape::TaggedDocument => (w, h + 12.0),
        Shape::StackedDocument | Shape::StackedRect => (w + 10.0, h + 10.0),
        Shape::Hourglass => (w.max(h) + 10.0, w.max(h) + 10.0),
        Shape::Bolt => (w.max(40.0), h.max(40.0)),
        Shape::Text => (tw + 8.0, th + 4.0),
        Shape::Delay | Shape::CurvedTrapezoid | Shape::NotchedPentagon | Shape::Flag => {
            (w + h / 2.0, h)
        }
        Shape::Cloud | Shape::Bang => (w * 1.3, h * 1.4),
        Shape::Person | Shape::Console | Shape::Browser | Shape::Folder | Shape::Bucket => {
            (w.max(40.0), h + 10.0)
        }
        _ => (w.max(40.0), h),
    }
}

/// Half-height of a cylinder's end ellipse for a body `w` px wide.
pub fn cyl_ry(w: f32) -> f32 {
    (w / 2.0) / (2.5 + w / 50.0)
}

/// The outline of `shape` in a `w × h` box centred on the origin, as a closed polygon
/// (y grows downwards). Curved shapes are flattened with enough points for clipping.
pub fn outline(shape: Shape, w: f32, h: f32) -> Vec<(f32, f32)> {
    let (x, y) = (w / 2.0, h / 2.0);
    let ellipse = |rx: f32, ry: f32, n: usize| -> Vec<(f32, f32)> {
        (0..n)
            .map(|i| {
                let a = i as f32 / n as f32 * std::f32::consts::TAU;
                (rx * a.cos(), ry * a.sin())
            })
            .collect()
    };
    match shape {
        Shape::Diamond => vec![(0.0, -y), (x, 0.0), (0.0, y), (-x, 0.0)],
        Shape::Circle
        | Shape::DoubleCircle
        | Shape::CrossedCircle
        | Shape::FramedCircle
        | Shape::SmallCircle
        | Shape::FilledCircle
        | Shape::Ellipse => ellipse(x, y, 32),
        Shape::Hexagon => {
            let f = h / 4.0;
            vec![
                (-x + f, -y),
                (x - f, -y),
                (x, 0.0),
                (x - f, y),
                (-x + f, y),
                (-x, 0.0),
            ]
        }
        Shape::Stadium => {
            let r = y;
            let mut p = Vec::new();
            for i in 0..=8 {
                let a = -std::f32::consts::FRAC_PI_2 + i as f32 / 8.0 * std::f32::consts::PI;
                p.push((x - r + r * a.cos(), r * a.sin()));
            }
            for i in 0..=8 {
                let a = std::f32::consts::FRAC_PI_2 + i as f32 / 8.0 * std::f32::consts::PI;
                p.push((-x + r + r * a.cos(), r * a.sin()));
            }
            p
        }
        Shape::LeanRight => {
            let d = h / 2.0;
            vec![(-x + d, -y), (x, -y), (x - d, y), (-x, y)]
        }
        Shape::LeanLeft => {
            let d = h / 2.0;
            vec![(-x, -y), (x - d, -y), (x, y), (-x + d, y)]
        }
        Shape::Trapezoid => {
            let d = h / 2.0;
            vec![(-x + d, -y), (x - d, -y), (x, y), (-x, y)]
        }
        Shape::InvTrapezoid => {
            let d = h / 2.0;
            vec![(-x, -y), (x, -y), (x - d, y), (-x + d, y)]
        }
        Shape::Odd => {
            let d = h / 4.0;
            vec![(-x, -y), (x, -y), (x, y), (-x, y), (-x + d, 0.0)]
        }
        Shape::Triangle => vec![(0.0, -y), (x, y), (-x, y)],
        Shape::FlippedTriangle => vec![(-x, -y), (x, -y), (0.0, y)],
        Shape::Hourglass => vec![(-x, -y), (x, -y), (-x, y), (x, y)],
        Shape::SlopedRect => vec![(-x, -y + h / 4.0), (x, -y), (x, y), (-x, y)],
        Shape::Card => {
            let d = 12.0f32.min(w / 4.0);
            vec![(-x + d, -y), (x, -y), (x, y), (-x, y), (-x, -y + d)]
        }
        Shape::NotchedPentagon => {
            let d = h / 4.0;
            vec![
                (-x + d, -y),
                (x - d, -y),
                (x, -y + d),
                (x, y),
                (-x, y),
                (-x, -y + d),
            ]
        }
        _ => vec![(-x, -y), (x, -y), (x, y), (-x, y)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diamond_contains_label() {
        let (w, h) = node_size(Shape::Diamond, 100.0, 24.0);
        // label corner (50, 12) inside |x|/(w/2) + |y|/(h/2) <= 1
        assert!(50.0 / (w / 2.0) + 12.0 / (h / 2.0) <= 1.0);
    }

    #[test]
    fn exits() {
        let p = outline(Shape::Diamond, 100.0, 50.0);
        assert!((vertical_exit(&p, 0.0, true, 25.0) - 25.0).abs() < 1e-3);
        assert!((vertical_exit(&p, 25.0, false, 25.0) + 12.5).abs() < 1e-3);
        assert!((horizontal_exit(&p, 0.0, true, 50.0) - 50.0).abs() < 1e-3);
    }
}
