//! Page layout: [`Document`] → [`LaidOut`] pages of positioned glyphs, rules and images.
//!
//! Blocks are first turned into a flat list of [`Fragment`]s (a line of a paragraph, a
//! table row, an image), each with its height, the space above it and whether it must stay
//! with the next one; then [`paginate`] stacks fragments onto pages, breaking between
//! fragments (so paragraphs and code blocks split between lines). Coordinates are points
//! with the origin at the page's top-left corner and y growing downwards, as in krilla and
//! SVG.
//!
//! Files by concept: `flow` (blocks → fragments: paragraphs, headings, rules, and the
//! dispatch to one file per block kind: `title`, `list`, `quote`, `code`, `figure`
//! (diagrams and images), [`table`], `footnotes`), `fragment` (what flow hands to
//! pagination), `paginate` (fragments → pages, footnotes at the foot, running header and
//! page numbers), [`inline`] (line breaking) and [`book`] (several documents into one).

pub mod book;
pub mod inline;
pub mod table;

mod code;
mod figure;
mod flow;
mod footnotes;
mod fragment;
mod list;
mod paginate;
mod quote;
mod title;

pub use figure::{Picture, load_image};
use flow::{Flow, only_images};
use fragment::Fragment;
use paginate::{decorate, paginate};

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::document::Document;
use crate::fonts::{FaceKey, Pt, ShapedGlyph, Shaper};
use crate::theme::{Rgb, Theme};
use inline::FontChoice;

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// An external URI.
    Uri(String),
    /// A heading id or footnote anchor in this document.
    Anchor(String),
}

/// Raster image bytes with their pixel size.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageData {
    /// File contents.
    pub bytes: Arc<Vec<u8>>,
    /// Detected format.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
}

/// A parsed SVG drawn as vectors (usvg tree; text in the bundled fonts).
#[derive(Clone)]
pub struct SvgImage(pub Arc<usvg::Tree>);

impl std::fmt::Debug for SvgImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.0.size();
        write!(f, "SvgImage({}x{})", s.width(), s.height())
    }
}

impl PartialEq for SvgImage {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

pub use crate::resource::image::ImageFormat;

/// A drawing instruction on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Shaped glyphs starting at the pen position (`x`, `y` = baseline).
    Glyphs {
        /// Pen x, pt.
        x: Pt,
        /// Baseline y, pt.
        y: Pt,
        /// Face to draw with.
        face: FaceKey,
        /// Font size, pt.
        size: Pt,
        /// Glyphs with ranges into `text`.
        glyphs: Vec<ShapedGlyph>,
        /// The source text (for ToUnicode: copy and search).
        text: String,
        /// Fill colour.
        color: Rgb,
        /// Slant by 12° (synthetic oblique).
        italic: bool,
    },
    /// A rectangle, `y` its top edge.
    Rect {
        /// Left, pt.
        x: Pt,
        /// Top, pt.
        y: Pt,
        /// Width, pt.
        w: Pt,
        /// Height, pt.
        h: Pt,
        /// Fill colour.
        fill: Option<Rgb>,
        /// Stroke colour and width in pt.
        stroke: Option<(Rgb, Pt)>,
    },
    /// A straight rule.
    Line {
        /// Start x, pt.
        x1: Pt,
        /// Start y, pt.
        y1: Pt,
        /// End x, pt.
        x2: Pt,
        /// End y, pt.
        y2: Pt,
        /// Colour.
        color: Rgb,
        /// Stroke width, pt.
        width: Pt,
    },
    /// A raster image scaled into the box.
    Image {
        /// Left, pt.
        x: Pt,
        /// Top, pt.
        y: Pt,
        /// Width, pt.
        w: Pt,
        /// Height, pt.
        h: Pt,
        /// The image.
        data: ImageData,
    },
    /// Vector graphics scaled into the box.
    Svg {
        /// Left, pt.
        x: Pt,
        /// Top, pt.
        y: Pt,
        /// Width, pt.
        w: Pt,
        /// Height, pt.
        h: Pt,
        /// The drawing.
        svg: SvgImage,
    },
    /// A clickable area.
    Link {
        /// Left, pt.
        x: Pt,
        /// Top, pt.
        y: Pt,
        /// Width, pt.
        w: Pt,
        /// Height, pt.
        h: Pt,
        /// Target.
        target: LinkTarget,
    },
}

impl Item {
    /// Moves the item down by `dy`.
    fn shifted(mut self, dy: Pt) -> Item {
        match &mut self {
            Item::Glyphs { y, .. }
            | Item::Rect { y, .. }
            | Item::Image { y, .. }
            | Item::Svg { y, .. }
            | Item::Link { y, .. } => *y += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
        self
    }
}

/// A laid-out page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width, pt.
    pub width: Pt,
    /// Height, pt.
    pub height: Pt,
    /// Drawing items in painting order.
    pub items: Vec<Item>,
}

/// One line of body text as laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    /// The characters on the line.
    pub text: String,
    /// It starts at a break the line breaker chose (not a paragraph start or hard break).
    pub soft_start: bool,
}

/// A bookmark for the PDF outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Heading level 1–6 (nesting).
    pub level: u8,
    /// Plain-text title.
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// y of the heading's top on that page, pt.
    pub y: Pt,
}

/// The result of laying out a document.
#[derive(Debug, Clone, Default)]
pub struct LaidOut {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Anchor id → (page index, y in pt).
    pub anchors: HashMap<String, (usize, Pt)>,
    /// Headings in order.
    pub outline: Vec<OutlineEntry>,
    /// Every laid-out line of body text, in page order (for kinsoku checks).
    pub lines: Vec<TextLine>,
    /// Characters no font could draw, each with the first place it occurs.
    pub missing: Vec<char>,
    /// Per page: the running-header text set by the fragments (books: the chapter title).
    pub page_titles: Vec<Option<String>>,
    /// Per page: no header or footer (title pages).
    pub plain_pages: Vec<bool>,
    /// What the table layout did with each table, in page order.
    pub tables: Vec<table::TableReport>,
}

/// Options for [`layout_document`].
#[derive(Debug, Clone, Default)]
pub struct LayoutOptions {
    /// The look.
    pub theme: Theme,
    /// Folder that relative image paths resolve against (the Markdown file's folder).
    pub source_dir: PathBuf,
    /// Faces chosen by the theme instead of the bundled ones.
    pub fonts: FontChoice,
    /// Where images may be read from (`--resource-path`, `--allow-outside`).
    pub resources: crate::resource::ResourcePolicy,
}

/// Lays out a whole document into pages.
///
/// Missing images, Mermaid blocks (until the diagram engine is wired in) and characters no
/// font has become warnings in `diags`; layout itself never fails.
pub fn layout_document(
    doc: &Document,
    opts: &LayoutOptions,
    shaper: &mut Shaper,
    diags: &mut Diagnostics,
) -> LaidOut {
    let theme = opts.theme.clone();
    let lang = doc.metadata.lang.clone().unwrap_or_else(|| "en".into());
    let mut flow = Flow::new(opts, shaper, diags, lang, doc.source.clone());
    flow.title_block(doc);
    let x = theme.margin_left;
    let w = theme.text_width();
    flow.blocks(&doc.blocks, x, w, 0);
    let notes = flow.footnotes(doc, x, w);
    let missing = flow.shaper.take_missing();
    let frags = std::mem::take(&mut flow.frags);
    let title = doc.metadata.title.clone();
    let mut out = paginate(frags, notes, &theme);
    decorate(
        &mut out,
        &theme,
        title.as_deref(),
        flow.shaper,
        &flow.fonts,
        &flow.lang,
    );
    out.missing = missing.into_keys().collect();
    for &c in &out.missing {
        let (line, col) = doc.position_of(c);
        flow.diags.warn(
            line,
            col,
            format!(
                "no font has a glyph for U+{:04X} {c:?}; it is drawn as the missing-glyph box",
                c as u32
            ),
        );
    }
    out
}
