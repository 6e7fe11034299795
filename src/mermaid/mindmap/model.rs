//! The mindmap model: the node tree `mindmapDb.ts` builds (nodes in source order, each
//! with its parent, children, shape, icon and classes) and the settings that shape the
//! drawing (`mindmap.padding`, `mindmap.maxNodeWidth`, theme).
//!
//! Knows no grammar and no geometry. Positions in errors and warnings are 1-based line and
//! column in the original source.

pub use crate::mermaid::common::error::{ParseError, Warning};

/// A node's shape, from its brackets (`MindmapDB.getType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// No brackets (or `-)…(-`): text over an underline.
    Default,
    /// `[text]`.
    Rect,
    /// `(text)`.
    RoundedRect,
    /// `((text))`.
    Circle,
    /// `)text(` (and `(text((`, `(text))`).
    Cloud,
    /// `))text((`.
    Bang,
    /// `{{text}}`.
    Hexagon,
}

impl Shape {
    /// The shape's name in the oracle schema: `default`, `rect`, `rounded_rect`,
    /// `circle`, `cloud`, `bang`, `hexagon`.
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Default => "default",
            Shape::Rect => "rect",
            Shape::RoundedRect => "rounded_rect",
            Shape::Circle => "circle",
            Shape::Cloud => "cloud",
            Shape::Bang => "bang",
            Shape::Hexagon => "hexagon",
        }
    }
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct MindmapNode {
    /// The id as written (`id` of `id[text]`, or the whole text without brackets),
    /// sanitised as Mermaid's `sanitizeText` does.
    pub id: String,
    /// The text as Mermaid stores it (sanitised; markdown and `<br>` still in it).
    pub text: String,
    /// The shape.
    pub shape: Shape,
    /// `::icon(…)`'s name, e.g. `fa fa-book`.
    pub icon: Option<String>,
    /// `:::`'s classes, space separated.
    pub class: Option<String>,
    /// Indentation relative to the root's, in UTF-16 code units (the root is 0).
    pub level: i64,
    /// Index of the parent in [`Mindmap::nodes`]; `None` for the root.
    pub parent: Option<usize>,
    /// Indices of the children in [`Mindmap::nodes`], in source order.
    pub children: Vec<usize>,
    /// Mermaid's section (branch colour): the index of the root's child this node is
    /// under, modulo 11; `None` for the root.
    pub section: Option<usize>,
    /// 1-based source line of the node.
    pub line: usize,
}

/// A parsed mindmap.
#[derive(Debug, Clone, PartialEq)]
pub struct Mindmap {
    /// Every node in source order; the root, when there is one, is `nodes[0]`, and a
    /// parent always comes before its children.
    pub nodes: Vec<MindmapNode>,
    /// `title:` from the front matter (Mermaid's mindmap does not draw it).
    pub title: Option<String>,
    /// The theme name from the config.
    pub theme: Option<String>,
    /// `themeVariables`.
    pub theme_variables: Vec<(String, String)>,
    /// `mindmap.padding`, px (default 10; doubled for rect, rounded and hexagon nodes).
    pub padding_px: f32,
    /// `mindmap.maxNodeWidth`, px (default 200): where node text wraps.
    pub max_node_width_px: f32,
}

/// Mermaid's number of section colours (`MAX_SECTIONS` in `svgDraw.ts`); branches take
/// sections `0..MAX_SECTIONS - 1` in turn.
pub const MAX_SECTIONS: usize = 12;

impl Mindmap {
    /// The root node, if the diagram has one.
    pub fn root(&self) -> Option<&MindmapNode> {
        self.nodes.first()
    }

    /// Depth of the tree (the root alone is 0; no nodes is 0).
    pub fn depth(&self) -> usize {
        let mut d = vec![0usize; self.nodes.len()];
        for (i, n) in self.nodes.iter().enumerate() {
            if let Some(p) = n.parent {
                d[i] = d[p] + 1;
            }
        }
        d.into_iter().max().unwrap_or(0)
    }
}
