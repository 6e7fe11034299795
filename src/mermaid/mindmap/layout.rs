//! Mindmap layout: node sizes from the label text (wrapped at `mindmap.maxNodeWidth`) and
//! each shape's padding as Mermaid's shape functions give them, then a deterministic
//! two-sided tree in place of Mermaid's force-directed cose-bilkent layout.
//!
//! The root sits in the middle; its children are split, in source order, into a right and
//! a left column so the two sides are about equally tall; every subtree then grows away
//! from the root, one column per depth, each subtree in its own horizontal band stacked
//! top to bottom in source order, so no two node boxes overlap. Edges are single cubic
//! curves from the parent's side to the child's side. Units are px; y grows downwards.

use super::model::{Mindmap, Shape};
use crate::mermaid::common::geometry::Cubic;
use crate::mermaid::common::label::{Label, LabelKind};
use crate::mermaid::common::layout::LayoutOptions;
use crate::mermaid::common::measure::{TextBlock, TextMeasure, measure_label};

/// Horizontal gap between a node and its children's column, px.
const COLUMN_GAP_PX: f32 = 44.0;
/// Extra horizontal gap between the root and the first level, px.
const ROOT_GAP_PX: f32 = 20.0;
/// Vertical gap between sibling subtrees, px.
const SIBLING_GAP_PX: f32 = 12.0;
/// Vertical gap between the root's subtrees, px.
const BRANCH_GAP_PX: f32 = 24.0;
/// Margin around the drawing (Mermaid's viewport padding), px.
const MARGIN_PX: f32 = 10.0;

/// Which side of the root a node is drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The root itself.
    Root,
    /// Right of the root (children grow to the right).
    Right,
    /// Left of the root (children grow to the left).
    Left,
}

/// A placed node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    /// Index in [`Mindmap::nodes`].
    pub node: usize,
    /// The node's id.
    pub id: String,
    /// Centre, px.
    pub x: f32,
    /// Centre, px.
    pub y: f32,
    /// Width of the shape's bounding box, px.
    pub width: f32,
    /// Height of the shape's bounding box, px.
    pub height: f32,
    /// The shape drawn (a root without brackets is drawn as a rounded rectangle).
    pub shape: Shape,
    /// The wrapped label, centred on (`x`, `y`).
    pub text: TextBlock,
    /// Section (branch colour) index; `None` for the root.
    pub section: Option<usize>,
    /// Depth in the tree (root 0).
    pub depth: usize,
    /// Side of the root.
    pub side: Side,
}

impl NodeBox {
    /// The label's box `(x0, y0, x1, y1)`, px.
    pub fn label_box(&self) -> (f32, f32, f32, f32) {
        (
            self.x - self.text.width / 2.0,
            self.y - self.text.height / 2.0,
            self.x + self.text.width / 2.0,
            self.y + self.text.height / 2.0,
        )
    }

    /// The shape's bounding box `(x0, y0, x1, y1)`, px.
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        (
            self.x - self.width / 2.0,
            self.y - self.height / 2.0,
            self.x + self.width / 2.0,
            self.y + self.height / 2.0,
        )
    }
}

/// A parent-to-child edge.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgePath {
    /// Parent's index in [`Mindmap::nodes`].
    pub from: usize,
    /// Child's index.
    pub to: usize,
    /// The curve, from the parent's side to the child's side.
    pub curve: Vec<Cubic>,
    /// The child's section (the edge's colour).
    pub section: Option<usize>,
    /// Stroke width, px (Mermaid's `edge-depth-N`: thicker near the root).
    pub width_px: f32,
}

/// A laid-out mindmap.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// One box per model node, in model order.
    pub nodes: Vec<NodeBox>,
    /// One edge per parent-child pair, in model order of the child.
    pub edges: Vec<EdgePath>,
    /// Drawing width, px.
    pub width: f32,
    /// Drawing height, px.
    pub height: f32,
    /// Label font size, px.
    pub font_size: f32,
    /// Label line height, px.
    pub line_height: f32,
}

/// The label of a node's text: Mermaid renders every mindmap label as markdown (`**bold**`,
/// `*italic*`, newlines and `<br>` as line breaks); blank first and last lines are dropped.
pub fn node_label(text: &str) -> Label {
    let mut l = Label::from_mermaid_text(text, LabelKind::Markdown);
    while l.lines.len() > 1 && l.lines[0].iter().all(|r| r.text.trim().is_empty()) {
        l.lines.remove(0);
    }
    while l.lines.len() > 1
        && l.lines
            .last()
            .is_some_and(|x| x.iter().all(|r| r.text.trim().is_empty()))
    {
        l.lines.pop();
    }
    l
}

/// Shape size `(width, height)` around a `tw × th` label, with `pad` Mermaid's
/// `mindmap.padding`.
fn shape_size(shape: Shape, tw: f32, th: f32, pad: f32) -> (f32, f32) {
    match shape {
        // defaultMindmapNode: w = text + 8 × padding/2, h = text + 2 × padding/2.
        Shape::Default => (tw + 4.0 * pad, th + pad),
        // squareRect with labelPaddingX = 2 × padding, labelPaddingY = padding.
        Shape::Rect => (tw + 4.0 * pad, th + 2.0 * pad),
        // The renderer sets padding 15 for rounded nodes.
        Shape::RoundedRect => (tw + 30.0, th + 30.0),
        Shape::Circle => {
            let r = (tw / 2.0 + pad).max((tw * tw + th * th).sqrt() / 2.0 + pad / 2.0);
            (2.0 * r, 2.0 * r)
        }
        // The bulges stand out of the text box by about a sixth of its height.
        Shape::Cloud => {
            let (w, h) = (tw + 2.0 * pad, th + 2.0 * pad);
            (w + 2.0 * CLOUD_BULGE_PX, h + 2.0 * CLOUD_BULGE_PX)
        }
        // bang: w = text + 10 × padding/2, h = text + 8 × padding/2.
        Shape::Bang => (tw + 5.0 * pad, th + 4.0 * pad),
        Shape::Hexagon => {
            let h = th + 2.0 * pad;
            let m = h / 4.0;
            (tw + 2.0 * m + 2.0 * pad, h)
        }
    }
}

/// How far a cloud's bulges stand out of its inner box, px.
pub const CLOUD_BULGE_PX: f32 = 8.0;

/// Lays out `mm`, measuring labels with `measure` at `opts.font_size`.
pub fn layout(mm: &Mindmap, measure: &dyn TextMeasure, opts: &LayoutOptions) -> Layout {
    let fs = opts.font_size;
    let lh = measure.line_height(fs);
    let n = mm.nodes.len();
    let mut depth = vec![0usize; n];
    for (i, nd) in mm.nodes.iter().enumerate() {
        if let Some(p) = nd.parent {
            depth[i] = depth[p] + 1;
        }
    }
    let mut boxes: Vec<NodeBox> = mm
        .nodes
        .iter()
        .enumerate()
        .map(|(i, nd)| {
            let text = measure_label(&node_label(&nd.text), measure, fs, mm.max_node_width_px);
            let shape = if i == 0 && nd.shape == Shape::Default {
                Shape::RoundedRect
            } else {
                nd.shape
            };
            let (width, height) = shape_size(shape, text.width, text.height, mm.padding_px);
            NodeBox {
                node: i,
                id: nd.id.clone(),
                x: 0.0,
                y: 0.0,
                width,
                height,
                shape,
                text,
                section: nd.section,
                depth: depth[i],
                side: Side::Root,
            }
        })
        .collect();
    if n == 0 {
        return Layout {
            nodes: boxes,
            edges: Vec::new(),
            width: 2.0 * MARGIN_PX,
            height: 2.0 * MARGIN_PX,
            font_size: fs,
            line_height: lh,
        };
    }
    // Band heights, children before parents (children come after parents in model order).
    let mut band = vec![0.0f32; n];
    for i in (0..n).rev() {
        let kids = &mm.nodes[i].children;
        let gap = if i == 0 {
            BRANCH_GAP_PX
        } else {
            SIBLING_GAP_PX
        };
        let span: f32 =
            kids.iter().map(|&c| band[c]).sum::<f32>() + gap * kids.len().saturating_sub(1) as f32;
        band[i] = boxes[i].height.max(span);
    }
    // Split the root's children: the first `k` go right, the rest left.
    let kids = &mm.nodes[0].children;
    let side_height = |ks: &[usize]| {
        ks.iter().map(|&c| band[c]).sum::<f32>() + BRANCH_GAP_PX * ks.len().saturating_sub(1) as f32
    };
    let mut k = kids.len();
    let mut best = f32::INFINITY;
    for cut in 1..=kids.len() {
        let d = (side_height(&kids[..cut]) - side_height(&kids[cut..])).abs();
        if d < best - 0.01 {
            best = d;
            k = cut;
        }
    }
    let (right, left) = kids.split_at(k);
    let rw = boxes[0].width / 2.0;
    for (group, side) in [(right, Side::Right), (left, Side::Left)] {
        let total = side_height(group);
        let mut top = -total / 2.0;
        for &c in group {
            place(mm, &mut boxes, &band, c, side, rw + ROOT_GAP_PX, top);
            top += band[c] + BRANCH_GAP_PX;
        }
    }
    // Edges.
    let mut edges = Vec::with_capacity(n.saturating_sub(1));
    for (i, nd) in mm.nodes.iter().enumerate() {
        let Some(p) = nd.parent else { continue };
        let (pb, cb) = (&boxes[p], &boxes[i]);
        let s = if cb.side == Side::Left { -1.0 } else { 1.0 };
        let start = (pb.x + s * pb.width / 2.0, pb.y);
        let end = (cb.x - s * cb.width / 2.0, cb.y);
        let dx = (end.0 - start.0) / 2.0;
        edges.push(EdgePath {
            from: p,
            to: i,
            curve: vec![[start, (start.0 + dx, start.1), (end.0 - dx, end.1), end]],
            section: nd.section,
            width_px: (14.0 - 3.0 * depth[i] as f32).max(2.0),
        });
    }
    // Move into the positive quadrant with the margin.
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for b in &boxes {
        let (a, bb, c, d) = b.bounds();
        x0 = x0.min(a);
        y0 = y0.min(bb);
        x1 = x1.max(c);
        y1 = y1.max(d);
    }
    let (dx, dy) = (MARGIN_PX - x0, MARGIN_PX - y0);
    for b in &mut boxes {
        b.x += dx;
        b.y += dy;
    }
    for e in &mut edges {
        for c in &mut e.curve {
            for p in c.iter_mut() {
                p.0 += dx;
                p.1 += dy;
            }
        }
    }
    Layout {
        nodes: boxes,
        edges,
        width: x1 - x0 + 2.0 * MARGIN_PX,
        height: y1 - y0 + 2.0 * MARGIN_PX,
        font_size: fs,
        line_height: lh,
    }
}

/// Places the subtree of `i` in the band starting at `top`, its node's inner side at
/// distance `inner` from the root's centre line, on `side`.
fn place(
    mm: &Mindmap,
    boxes: &mut [NodeBox],
    band: &[f32],
    i: usize,
    side: Side,
    inner: f32,
    top: f32,
) {
    // Iterative walk: (node, inner distance, band top).
    let mut stack = vec![(i, inner, top)];
    while let Some((i, inner, top)) = stack.pop() {
        let w = boxes[i].width;
        let s = if side == Side::Left { -1.0 } else { 1.0 };
        boxes[i].x = s * (inner + w / 2.0);
        boxes[i].y = top + band[i] / 2.0;
        boxes[i].side = side;
        let kids = &mm.nodes[i].children;
        let span: f32 = kids.iter().map(|&c| band[c]).sum::<f32>()
            + SIBLING_GAP_PX * kids.len().saturating_sub(1) as f32;
        let mut t = top + (band[i] - span) / 2.0;
        for &c in kids {
            stack.push((c, inner + w + COLUMN_GAP_PX, t));
            t += band[c] + SIBLING_GAP_PX;
        }
    }
}
