//! Page layout: [`Document`] → [`LaidOut`] pages of positioned glyphs, rules and images.
//!
//! Blocks are first turned into a flat list of [`Fragment`]s (a line of a paragraph, a
//! table row, an image), each with its height, the space above it and whether it must stay
//! with the next one; then [`paginate`] stacks fragments onto pages, breaking between
//! fragments (so paragraphs and code blocks split between lines). Coordinates are points
//! with the origin at the page's top-left corner and y growing downwards, as in krilla and
//! SVG.

pub mod book;
pub mod inline;
pub mod table;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostics, quote};
use crate::document::{AlertKind, Block, Document, Inline, ListItem};
use crate::fonts::{FaceKey, Pt, ShapedGlyph, Shaper, Weight};
use crate::theme::{Rgb, Theme};
use inline::{
    FontChoice, InlineColors, LineAlign, LineBox, RichText, TextStyle, flatten, layout_lines,
};

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

/// A vertical band drawn behind a fragment (code background, quote bar).
#[derive(Debug, Clone, PartialEq)]
struct Band {
    x: Pt,
    w: Pt,
    color: Rgb,
    /// Also cover the space above the fragment (joins bands of consecutive fragments).
    extend_up: bool,
}

/// An unbreakable piece of the flow.
#[derive(Debug, Clone, Default)]
struct Fragment {
    height: Pt,
    space_before: Pt,
    items: Vec<Item>,
    bands: Vec<Band>,
    keep_with_next: bool,
    anchors: Vec<String>,
    outline: Option<(u8, String)>,
    first_baseline: Option<Pt>,
    /// Start a new page before this fragment.
    page_break_before: bool,
    /// The line of text this fragment holds, if any.
    line_text: Option<TextLine>,
    /// Drawn again at the top of a page this fragment starts (a table's header row).
    repeat_header: Option<Arc<Fragment>>,
    /// Goes on a landscape page (width and height swapped); a change of orientation starts
    /// a new page.
    landscape: bool,
    /// From this fragment on, the running header shows this text (a book chapter's title).
    running_title: Option<String>,
    /// The page this fragment starts has no header or footer (a title page).
    plain_page: bool,
    /// The report of the table this fragment starts (collected into `LaidOut::tables`).
    table: Option<Box<table::TableReport>>,
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

struct Flow<'a> {
    theme: Theme,
    /// Markdown source of the document being laid out (to find positions for warnings).
    source: std::sync::Arc<str>,
    /// Prefix of footnote keys (`c3-` in chapter 3 of a book), so anchors stay unique.
    note_prefix: String,
    fonts: FontChoice,
    shaper: &'a mut Shaper,
    diags: &'a mut Diagnostics,
    lang: String,
    source_dir: PathBuf,
    frags: Vec<Fragment>,
    text_offset: usize,
}

impl<'a> Flow<'a> {
    /// An empty flow for a document (or a book) in `lang`.
    fn new(
        opts: &LayoutOptions,
        shaper: &'a mut Shaper,
        diags: &'a mut Diagnostics,
        lang: String,
        source: std::sync::Arc<str>,
    ) -> Self {
        Flow {
            theme: opts.theme.clone(),
            note_prefix: String::new(),
            fonts: opts.fonts,
            shaper,
            diags,
            lang,
            source_dir: opts.source_dir.clone(),
            frags: Vec::new(),
            text_offset: 0,
            source,
        }
    }
}

impl Flow<'_> {
    fn base_style(&self) -> TextStyle {
        TextStyle::plain(self.theme.body_size, self.theme.text, &self.lang)
    }

    fn colors(&self) -> InlineColors {
        InlineColors {
            link: self.theme.link,
            note_prefix: self.note_prefix.clone(),
        }
    }

    /// Adds lines as fragments; the first gets `space_before`. For paragraphs (`para`) the
    /// first two and the last two lines stay together, so no single line is left alone at
    /// the foot or the head of a page (no orphans, no widows).
    fn push_lines(
        &mut self,
        lines: Vec<LineBox>,
        space_before: Pt,
        keep: bool,
        para: bool,
    ) -> usize {
        let first = self.frags.len();
        let n = lines.len();
        for (i, l) in lines.into_iter().enumerate() {
            self.frags.push(Fragment {
                height: l.height,
                space_before: if i == 0 { space_before } else { 0.0 },
                items: l.items,
                anchors: l.anchors,
                first_baseline: Some(l.baseline),
                keep_with_next: keep || (para && n >= 2 && (i == 0 || i + 2 == n)),
                line_text: Some(TextLine {
                    text: l.text,
                    soft_start: l.soft_start,
                }),
                ..Default::default()
            });
        }
        first
    }

    fn rich(&self, inlines: &[Inline], style: &TextStyle) -> RichText {
        let mut r = RichText::default();
        flatten(inlines, style, &self.colors(), &mut r);
        r
    }

    fn lines(&mut self, rich: &RichText, x: Pt, w: Pt, align: LineAlign) -> Vec<LineBox> {
        self.lines_with(rich, x, w, align, false, self.theme.line_height)
    }

    fn lines_with(
        &mut self,
        rich: &RichText,
        x: Pt,
        w: Pt,
        align: LineAlign,
        justify: bool,
        line_height: f32,
    ) -> Vec<LineBox> {
        let off = self.text_offset;
        self.text_offset += rich.text.len();
        layout_lines(
            rich,
            self.shaper,
            &self.fonts,
            x,
            w,
            line_height,
            align,
            justify,
            off,
        )
    }

    fn title_block(&mut self, doc: &Document) {
        let m = &doc.metadata;
        let t = self.theme.clone();
        let x = t.margin_left;
        let w = t.text_width();
        let mut any = false;
        if let Some(title) = &m.title {
            let mut st = self.base_style();
            st.size = t.heading_sizes[0] * 1.15;
            st.weight = Weight::Bold;
            let mut r = RichText::default();
            r.push(title, &st);
            let lines = self.lines(&r, x, w, LineAlign::Start);
            self.push_lines(lines, 0.0, true, false);
            any = true;
        }
        if let Some(sub) = &m.subtitle {
            let mut st = self.base_style();
            st.size = t.heading_sizes[2];
            st.color = t.muted;
            let mut r = RichText::default();
            r.push(sub, &st);
            let lines = self.lines(&r, x, w, LineAlign::Start);
            self.push_lines(lines, 2.0, true, false);
            any = true;
        }
        let mut byline = Vec::new();
        if !m.authors.is_empty() {
            byline.push(m.authors.join(", "));
        }
        if let Some(d) = &m.date {
            byline.push(d.clone());
        }
        if !byline.is_empty() {
            let mut st = self.base_style();
            st.size = t.body_size * 0.95;
            st.color = t.muted;
            let mut r = RichText::default();
            r.push(&byline.join(" · "), &st);
            let lines = self.lines(&r, x, w, LineAlign::Start);
            self.push_lines(lines, 6.0, true, false);
            any = true;
        }
        if let Some(desc) = &m.description {
            let mut st = self.base_style();
            st.color = t.muted;
            let mut r = RichText::default();
            r.push(desc, &st);
            let lines = self.lines(&r, x, w, LineAlign::Start);
            self.push_lines(lines, 6.0, true, false);
            any = true;
        }
        if any {
            self.rule(x, w, 4.0, t.rule, 0.8);
        }
    }

    fn rule(&mut self, x: Pt, w: Pt, space_before: Pt, color: Rgb, width: Pt) {
        let h = self.theme.body_size * 1.2;
        self.frags.push(Fragment {
            height: h,
            space_before,
            items: vec![Item::Line {
                x1: x,
                y1: h / 2.0,
                x2: x + w,
                y2: h / 2.0,
                color,
                width,
            }],
            ..Default::default()
        });
    }

    fn gap(&self) -> Pt {
        self.theme.body_size * self.theme.paragraph_gap
    }

    fn blocks(&mut self, blocks: &[Block], x: Pt, w: Pt, depth: usize) {
        for (i, b) in blocks.iter().enumerate() {
            let space = if i == 0 && depth > 0 { 0.0 } else { self.gap() };
            self.block(b, x, w, space, depth);
        }
    }

    fn block(&mut self, b: &Block, x: Pt, w: Pt, space: Pt, depth: usize) {
        let t = self.theme.clone();
        match b {
            Block::Paragraph { content, .. } => {
                if let Some(images) = only_images(content) {
                    for (k, img) in images.into_iter().enumerate() {
                        self.image(img, x, w, if k == 0 { space } else { self.gap() });
                    }
                    return;
                }
                warn_inline_issues(content, &self.source, self.diags);
                let st = self.base_style();
                let rich = self.rich(content, &st);
                let lh = self.theme.line_height;
                let justify = self.theme.justify;
                let lines = self.lines_with(&rich, x, w, LineAlign::Start, justify, lh);
                self.push_lines(lines, space, false, true);
            }
            Block::Heading {
                level, id, content, ..
            } => {
                let lvl = (*level).clamp(1, 6);
                warn_inline_issues(content, &self.source, self.diags);
                let mut st = self.base_style();
                st.size = t.heading_sizes[lvl as usize - 1];
                st.weight = Weight::Bold;
                st.heading = true;
                let rich = self.rich(content, &st);
                let lines = self.lines(&rich, x, w, LineAlign::Start);
                let before = st.size * if lvl <= 2 { 1.3 } else { 1.0 };
                let first = self.push_lines(lines, before, true, false);
                let f = &mut self.frags[first];
                f.anchors.push(id.clone());
                f.outline = Some((lvl, Inline::plain_text(content)));
                if lvl <= 2 {
                    // A hairline under top-level headings.
                    let last = self.frags.len() - 1;
                    let h = self.frags[last].height;
                    self.frags[last].items.push(Item::Line {
                        x1: x,
                        y1: h,
                        x2: x + w,
                        y2: h,
                        color: t.rule,
                        width: if lvl == 1 { 0.8 } else { 0.4 },
                    });
                }
            }
            Block::List {
                start,
                tight,
                items,
            } => self.list(*start, *tight, items, x, w, space, depth),
            Block::BlockQuote(inner) => self.quote(inner, None, x, w, space, depth, t.rule),
            Block::Alert {
                kind,
                title,
                blocks,
            } => {
                let color = match kind {
                    AlertKind::Note => Rgb(0x09, 0x69, 0xda),
                    AlertKind::Tip => Rgb(0x1a, 0x7f, 0x37),
                    AlertKind::Important => Rgb(0x82, 0x50, 0xdf),
                    AlertKind::Warning => Rgb(0x9a, 0x67, 0x00),
                    AlertKind::Caution => Rgb(0xcf, 0x22, 0x2e),
                };
                let label = title.clone().unwrap_or_else(|| kind.title().to_string());
                self.quote(blocks, Some(label), x, w, space, depth, color);
            }
            Block::Code { text, lang, .. } => self.code(text, lang.as_deref(), x, w, space),
            Block::Mermaid { source, pos } => self.mermaid(source, *pos, x, w, space),
            Block::Math { source } => self.code(source, None, x, w, space),
            Block::Table(tb) => table::layout_table(self, tb, x, w, space),
            Block::ThematicBreak => self.rule(x, w, space, t.rule, 0.6),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn list(
        &mut self,
        start: Option<u64>,
        tight: bool,
        items: &[ListItem],
        x: Pt,
        w: Pt,
        space: Pt,
        depth: usize,
    ) {
        let t = self.theme.clone();
        // Deep nesting keeps at least 40% of the text width for the text itself.
        let indent = if w - t.body_size * 1.8 < t.text_width() * 0.4 {
            t.body_size * 0.8
        } else {
            t.body_size * 1.8
        };
        for (i, item) in items.iter().enumerate() {
            let first = self.frags.len();
            let item_space = if i == 0 {
                space
            } else if tight {
                t.body_size * 0.25
            } else {
                self.gap()
            };
            if item.blocks.is_empty() {
                self.frags.push(Fragment {
                    height: t.body_size * t.line_height,
                    first_baseline: Some(
                        t.body_size * (t.line_height - 1.0) / 2.0 + t.body_size * 0.88,
                    ),
                    ..Default::default()
                });
            }
            for (k, b) in item.blocks.iter().enumerate() {
                let s = if k == 0 {
                    item_space
                } else if tight {
                    t.body_size * 0.25
                } else {
                    self.gap()
                };
                self.block(b, x + indent, w - indent, s, depth + 1);
            }
            if first >= self.frags.len() {
                continue;
            }
            let baseline = self.frags[first].first_baseline.unwrap_or(t.body_size);
            let mx = x + indent - t.body_size * 0.5;
            let marker_items = if let Some(checked) = item.task {
                task_box(
                    mx - t.body_size * 0.9,
                    baseline,
                    t.body_size,
                    checked,
                    t.text,
                )
            } else {
                let label = match start {
                    Some(s) => format!("{}.", s + i as u64),
                    None => match depth % 3 {
                        0 => "•".to_string(),
                        1 => "◦".to_string(),
                        _ => "▪".to_string(),
                    },
                };
                let st = self.base_style();
                let mut r = RichText::default();
                r.push(&label, &st);
                let lines = self.lines(&r, x, indent - t.body_size * 0.5, LineAlign::End);
                let l = &lines[0];
                let dy = baseline - l.baseline;
                l.items.iter().cloned().map(|it| it.shifted(dy)).collect()
            };
            self.frags[first].items.extend(marker_items);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn quote(
        &mut self,
        inner: &[Block],
        label: Option<String>,
        x: Pt,
        w: Pt,
        space: Pt,
        depth: usize,
        color: Rgb,
    ) {
        let t = self.theme.clone();
        // Deep nesting stops indenting once the text would get narrower than 40% of the
        // text width (the bars then stack), so no text is squeezed out of existence.
        let indent = if w - t.body_size * 1.2 < t.text_width() * 0.4 {
            0.0
        } else {
            t.body_size * 1.2
        };
        let first = self.frags.len();
        if let Some(label) = label.filter(|l| !l.trim().is_empty()) {
            let mut st = self.base_style();
            st.weight = Weight::Bold;
            st.color = color;
            let mut r = RichText::default();
            r.push(&label, &st);
            let lines = self.lines(&r, x + indent, w - indent, LineAlign::Start);
            self.push_lines(lines, space, true, false);
        }
        let inner_first = self.frags.len();
        self.blocks(inner, x + indent, w - indent, depth + 1);
        if self.frags.len() > inner_first && inner_first == first {
            self.frags[first].space_before = space;
        } else if self.frags.len() > inner_first {
            self.frags[inner_first].space_before = t.body_size * 0.2;
        }
        for (i, f) in self.frags[first..].iter_mut().enumerate() {
            f.bands.push(Band {
                x: x + 1.0,
                w: 2.5,
                color,
                extend_up: i > 0,
            });
            // Quoted text is a shade lighter.
            for it in &mut f.items {
                if let Item::Glyphs { color: c, .. } = it
                    && *c == t.text
                {
                    *c = Rgb(0x44, 0x44, 0x44);
                }
            }
        }
    }

    /// A code block: mono face on a light band, highlighted when the language is known,
    /// long lines wrapped with a continuation mark, one fragment per line so it splits
    /// across pages between lines.
    fn code(&mut self, text: &str, lang: Option<&str>, x: Pt, w: Pt, space: Pt) {
        let t = self.theme.clone();
        let pad = t.code_size * 0.8;
        let mut st = TextStyle::plain(t.code_size, t.text, &self.lang);
        st.mono = true;
        let band = |extend_up| Band {
            x,
            w,
            color: t.code_bg,
            extend_up,
        };
        self.frags.push(Fragment {
            height: pad,
            space_before: space,
            bands: vec![band(false)],
            keep_with_next: true,
            ..Default::default()
        });
        let text = text.replace('\t', "    ");
        let tokens = lang.and_then(|l| crate::highlight::highlight(&text, l));
        for (n, line) in text.split('\n').enumerate() {
            let mut r = RichText::default();
            match tokens.as_ref().and_then(|tk| tk.get(n)) {
                Some(toks) if !toks.is_empty() => {
                    for (ts, piece) in toks {
                        let mut s2 = st.clone();
                        s2.color = Rgb(ts.color.0, ts.color.1, ts.color.2);
                        if ts.bold {
                            s2.weight = Weight::Bold;
                        }
                        r.push(piece, &s2);
                    }
                }
                _ => r.push(if line.is_empty() { " " } else { line }, &st),
            }
            let off = self.text_offset;
            self.text_offset += r.text.len() + 1;
            let lines = layout_lines(
                &r,
                self.shaper,
                &self.fonts,
                x + pad,
                w - 2.0 * pad,
                1.45,
                LineAlign::Start,
                false,
                off,
            );
            for (k, l) in lines.into_iter().enumerate() {
                let mut items = l.items;
                if k > 0 {
                    items.extend(continuation_mark(
                        x + 1.0,
                        l.baseline,
                        pad - 2.0,
                        t.code_size,
                        t.muted,
                    ));
                }
                self.frags.push(Fragment {
                    height: l.height,
                    items,
                    bands: vec![band(true)],
                    first_baseline: Some(l.baseline),
                    ..Default::default()
                });
            }
        }
        self.frags.push(Fragment {
            height: pad,
            bands: vec![band(true)],
            ..Default::default()
        });
    }

    /// A Mermaid flowchart drawn natively ([`crate::mermaid::render`], labels measured with
    /// the document's fonts) as vectors whose label text stays real text; scaled to the text
    /// width (never enlarged) and kept on one page. Other diagram types and syntax errors
    /// show a note and the source, with a warning at the Markdown line.
    fn mermaid(&mut self, source: &str, pos: crate::document::SourcePos, x: Pt, w: Pt, space: Pt) {
        let t = self.theme.clone();
        let drawn = crate::fonts::measure::FontMeasure::new(&self.lang)
            .map_err(|e| (pos.line, pos.column, format!("fonts unavailable ({e})")))
            .and_then(|m| {
                let opts = crate::mermaid::SvgOptions {
                    font_family: m.family().to_string(),
                    ..Default::default()
                };
                crate::mermaid::render(source, &m, &opts)
                    .map_err(|e| crate::document::mermaid_problem(&e, pos))
            })
            .and_then(|r| {
                let fontdb = crate::fonts::svg_fontdb()
                    .map_err(|e| (pos.line, pos.column, e.to_string()))?;
                let opts = usvg::Options {
                    fontdb,
                    font_family: "Noto Sans CJK JP".into(),
                    ..Default::default()
                };
                let tree = usvg::Tree::from_str(&r.svg, &opts).map_err(|e| {
                    (
                        pos.line,
                        pos.column,
                        format!("Mermaid drawing could not be read back ({e})"),
                    )
                })?;
                Ok((r, tree))
            });
        match drawn {
            Ok((r, tree)) => {
                for warn in &r.warnings {
                    self.diags.warn(
                        pos.line + warn.line,
                        warn.column,
                        format!("Mermaid: {}", warn.message),
                    );
                }
                let natural = (r.width_px * 0.75, r.height_px * 0.75);
                let (iw, ih) = self.fit(natural, w);
                let scale = iw / natural.0.max(1.0);
                if scale < 0.6 {
                    self.diags.warn(pos.line, pos.column, format!("Mermaid diagram scaled to {:.0}% to fit the page; its labels may be hard to read (split it, or use direction LR/TB to change its shape)", scale * 100.0));
                }
                let svg = SvgImage(Arc::new(tree));
                self.frags.push(Fragment {
                    height: ih,
                    space_before: space,
                    items: vec![Item::Svg {
                        x: x + (w - iw) / 2.0,
                        y: 0.0,
                        w: iw,
                        h: ih,
                        svg,
                    }],
                    ..Default::default()
                });
            }
            Err((line, column, message)) => {
                self.diags
                    .warn(line, column, crate::document::diagram_warning(&message));
                let mut st = self.base_style();
                st.size = t.body_size * 0.85;
                st.color = t.muted;
                let mut r = RichText::default();
                r.push(&format!("{message} — diagram source:"), &st);
                let lines = self.lines(&r, x, w, LineAlign::Start);
                self.push_lines(lines, space, true, false);
                self.code(source, None, x, w, 2.0);
            }
        }
    }

    /// Scales a natural size (pt) down to fit the width `w` and 80% of the text height;
    /// never enlarges.
    fn fit(&self, (mut iw, mut ih): (Pt, Pt), w: Pt) -> (Pt, Pt) {
        let t = &self.theme;
        let (_, ph) = t.page.size_pt();
        let max_h = (ph - t.margin_top - t.margin_bottom) * 0.8;
        iw = iw.max(1.0);
        ih = ih.max(1.0);
        if iw > w {
            ih *= w / iw;
            iw = w;
        }
        if ih > max_h {
            iw *= max_h / ih;
            ih = max_h;
        }
        (iw, ih)
    }

    fn image(&mut self, img: &Inline, x: Pt, w: Pt, space: Pt) {
        let Inline::Image {
            url,
            title,
            alt,
            pos,
        } = img
        else {
            return;
        };
        let t = self.theme.clone();
        let loaded = load_image(url, &self.source_dir);
        match loaded {
            Ok(pic) => {
                let (iw, ih) = self.fit(pic.size_pt(), w);
                let ix = x + (w - iw) / 2.0;
                self.frags.push(Fragment {
                    height: ih,
                    space_before: space,
                    items: vec![pic.item(ix, 0.0, iw, ih)],
                    keep_with_next: !title.is_empty(),
                    ..Default::default()
                });
                if !title.is_empty() {
                    let mut st = self.base_style();
                    st.size = t.body_size * 0.9;
                    st.color = t.muted;
                    let caption = if alt.is_empty() || alt == title {
                        title.clone()
                    } else {
                        format!("{alt} — {title}")
                    };
                    let mut r = RichText::default();
                    r.push(&caption, &st);
                    let lines = self.lines(&r, x, w, LineAlign::Center);
                    self.push_lines(lines, 4.0, false, false);
                }
            }
            Err(why) => {
                self.diags.warn(
                    pos.line,
                    pos.column,
                    crate::document::image_warning(url, &why),
                );
                let mut st = self.base_style();
                st.color = t.muted;
                let label = if alt.is_empty() {
                    url.clone()
                } else {
                    alt.clone()
                };
                let mut r = RichText::default();
                r.push(&format!("[image: {label}]"), &st);
                let pad = 6.0;
                let lines = self.lines(&r, x + pad, w - 2.0 * pad, LineAlign::Center);
                let h: Pt = lines.iter().map(|l| l.height).sum::<Pt>() + 2.0 * pad;
                let mut items = vec![Item::Rect {
                    x,
                    y: 0.0,
                    w,
                    h,
                    fill: Some(Rgb(0xfa, 0xfa, 0xfa)),
                    stroke: Some((t.rule, 0.6)),
                }];
                let mut y = pad;
                for l in lines {
                    items.extend(l.items.into_iter().map(|it| it.shifted(y)));
                    y += l.height;
                }
                self.frags.push(Fragment {
                    height: h,
                    space_before: space,
                    items,
                    ..Default::default()
                });
            }
        }
    }

    /// Lays out each footnote body (a size smaller, number in front) as its own fragment
    /// list; pagination places them at the foot of the page that references them.
    fn footnotes(&mut self, doc: &Document, x: Pt, w: Pt) -> Vec<(String, Vec<Fragment>)> {
        let t = self.theme.clone();
        let indent = t.body_size * 1.6;
        let mut notes = Vec::new();
        let saved = std::mem::take(&mut self.frags);
        for note in &doc.footnotes {
            let mut inner: Vec<Block> = note.blocks.clone();
            if inner.is_empty() {
                inner.push(Block::Paragraph {
                    content: vec![Inline::Text(" ".into())],
                    pos: Default::default(),
                });
            }
            // Notes are set a size smaller and tighter.
            self.theme.body_size = t.body_size * 0.85;
            self.theme.line_height = t.line_height * 0.9;
            self.blocks(&inner, x + indent, w - indent, 1);
            self.theme.body_size = t.body_size;
            self.theme.line_height = t.line_height;
            let mut frags = std::mem::take(&mut self.frags);
            if frags.is_empty() {
                continue;
            }
            frags[0].space_before = t.body_size * 0.2;
            let key = format!("{}{}", self.note_prefix, note.number);
            frags[0].anchors.push(format!("fn-{key}"));
            let baseline = frags[0].first_baseline.unwrap_or(t.body_size);
            let mut st = TextStyle::plain(t.body_size * 0.85, t.link, &self.lang);
            st.link = Some(LinkTarget::Anchor(format!("fnref-{key}")));
            let mut r = RichText::default();
            r.push(&format!("{}.", note.number), &st);
            let lines = self.lines(&r, x, indent - 3.0, LineAlign::End);
            let dy = baseline - lines[0].baseline;
            let items: Vec<Item> = lines[0]
                .items
                .iter()
                .cloned()
                .map(|it| it.shifted(dy))
                .collect();
            frags[0].items.extend(items);
            // A note's own lines never pull more notes in.
            for f in &mut frags {
                f.keep_with_next = false;
            }
            notes.push((key, frags));
        }
        self.frags = saved;
        notes
    }
}

/// A small "↳" drawn as vectors in the left padding of a wrapped code line.
fn continuation_mark(x: Pt, baseline: Pt, w: Pt, size: Pt, color: Rgb) -> Vec<Item> {
    let top = baseline - size * 0.75;
    let mid = baseline - size * 0.3;
    let right = x + w.max(3.0);
    let line = |x1, y1, x2, y2| Item::Line {
        x1,
        y1,
        x2,
        y2,
        color,
        width: 0.5,
    };
    vec![
        line(x, top, x, mid),
        line(x, mid, right, mid),
        line(right - 1.5, mid - 1.2, right, mid),
        line(right - 1.5, mid + 1.2, right, mid),
    ]
}

fn task_box(x: Pt, baseline: Pt, size: Pt, checked: bool, color: Rgb) -> Vec<Item> {
    let s = size * 0.75;
    let top = baseline - s * 0.95;
    let mut v = vec![Item::Rect {
        x,
        y: top,
        w: s,
        h: s,
        fill: None,
        stroke: Some((color, 0.7)),
    }];
    if checked {
        v.push(Item::Line {
            x1: x + s * 0.2,
            y1: top + s * 0.55,
            x2: x + s * 0.42,
            y2: top + s * 0.78,
            color,
            width: 1.0,
        });
        v.push(Item::Line {
            x1: x + s * 0.42,
            y1: top + s * 0.78,
            x2: x + s * 0.82,
            y2: top + s * 0.22,
            color,
            width: 1.0,
        });
    }
    v
}

/// Says what running text cannot show as written: images inside a line (shown as their
/// alt text) and links with a scheme a PDF must not carry (`javascript:`, `data:`, …; shown
/// as plain text). `source` finds the link's line.
fn warn_inline_issues(content: &[Inline], source: &str, diags: &mut Diagnostics) {
    for i in content {
        match i {
            Inline::Image { url, pos, .. } => diags.warn(pos.line, pos.column, format!("image {} inside a line of text is shown as its alt text; put it in a paragraph of its own to show it", quote(url))),
            Inline::Link { url, content, .. } => {
                if !crate::document::is_safe_url(url) {
                    let (line, col) = crate::document::position_of_text(source, url);
                    diags.warn(line, col, format!("link {} has a scheme PDFs must not run; it is shown as plain text", quote(url)));
                }
                warn_inline_issues(content, source, diags);
            }
            Inline::Styled(_, c) | Inline::Lang(_, c) => warn_inline_issues(c, source, diags),
            _ => {}
        }
    }
}

/// The images of a paragraph made of images only (and white space).
fn only_images(content: &[Inline]) -> Option<Vec<&Inline>> {
    let mut imgs = Vec::new();
    for i in content {
        match i {
            Inline::Image { .. } => imgs.push(i),
            Inline::Text(t) if t.trim().is_empty() => {}
            Inline::LineBreak => {}
            Inline::Link { content, .. }
                if content.len() == 1 && matches!(content[0], Inline::Image { .. }) =>
            {
                imgs.push(&content[0])
            }
            _ => return None,
        }
    }
    (!imgs.is_empty()).then_some(imgs)
}

/// Loads the image a Markdown URL names, relative to `dir`, with the limits and checks of
/// [`crate::resource::image::load`] (the same verdict the EPUB gets).
///
/// # Errors
/// A predicate for [`crate::document::image_warning`].
pub fn load_image(url: &str, dir: &Path) -> Result<Picture, String> {
    crate::resource::image::load(url, dir).map(Picture::from)
}

/// An image as loaded: raster bytes or a parsed SVG.
#[derive(Debug, Clone, PartialEq)]
pub enum Picture {
    /// PNG, JPEG, GIF or WebP.
    Raster(ImageData),
    /// SVG, drawn as vectors.
    Svg(SvgImage),
}

impl From<crate::resource::image::Image> for Picture {
    fn from(img: crate::resource::image::Image) -> Picture {
        use crate::resource::image::ImageKind;
        match img.kind {
            ImageKind::Raster {
                format,
                width_px,
                height_px,
            } => Picture::Raster(ImageData {
                bytes: img.bytes,
                format,
                width_px,
                height_px,
            }),
            ImageKind::Svg(tree) => Picture::Svg(SvgImage(tree)),
        }
    }
}

impl Picture {
    /// Natural size in points (CSS px at 96 dpi → pt).
    pub fn size_pt(&self) -> (Pt, Pt) {
        match self {
            Picture::Raster(d) => (d.width_px as Pt * 0.75, d.height_px as Pt * 0.75),
            Picture::Svg(s) => (s.0.size().width() * 0.75, s.0.size().height() * 0.75),
        }
    }

    /// The drawing item for a box.
    pub fn item(&self, x: Pt, y: Pt, w: Pt, h: Pt) -> Item {
        match self {
            Picture::Raster(data) => Item::Image {
                x,
                y,
                w,
                h,
                data: data.clone(),
            },
            Picture::Svg(svg) => Item::Svg {
                x,
                y,
                w,
                h,
                svg: svg.clone(),
            },
        }
    }
}

fn frags_height(v: &[Fragment]) -> Pt {
    v.iter().map(|f| f.space_before + f.height).sum()
}

fn place(
    page: &mut Page,
    out_anchors: &mut HashMap<String, (usize, Pt)>,
    page_index: usize,
    f: &Fragment,
    y0: Pt,
    up: Pt,
) {
    for b in &f.bands {
        let up = if b.extend_up { up } else { 0.0 };
        page.items.push(Item::Rect {
            x: b.x,
            y: y0 - up,
            w: b.w,
            h: f.height + up,
            fill: Some(b.color),
            stroke: None,
        });
    }
    page.items
        .extend(f.items.iter().cloned().map(|it| it.shifted(y0)));
    for a in &f.anchors {
        out_anchors.entry(a.clone()).or_insert((page_index, y0));
    }
}

/// Footnote numbers referenced in a fragment.
fn refs_of(f: &Fragment) -> Vec<String> {
    f.anchors
        .iter()
        .filter_map(|a| a.strip_prefix("fnref-").map(str::to_string))
        .collect()
}

/// Stacks fragments onto pages; footnote bodies go to the foot of the page that references
/// them (a note taller than 40% of the text area becomes an endnote).
fn paginate(
    mut frags: Vec<Fragment>,
    note_list: Vec<(String, Vec<Fragment>)>,
    theme: &Theme,
) -> LaidOut {
    let order: Vec<String> = note_list.iter().map(|(k, _)| k.clone()).collect();
    let mut notes: HashMap<String, Vec<Fragment>> = note_list.into_iter().collect();
    let (pw, ph) = theme.page.size_pt();
    let top = theme.margin_top;
    let bottom = ph - theme.margin_bottom;
    let sep_h = theme.body_size;
    let x = theme.margin_left;
    let w = theme.text_width();

    // Notes too tall for a page foot, and notes nothing references, go to the end.
    let mut referenced: std::collections::HashSet<String> =
        frags.iter().flat_map(refs_of).collect();
    loop {
        let more: Vec<String> = referenced
            .iter()
            .filter_map(|n| notes.get(n))
            .flat_map(|v| v.iter().flat_map(refs_of))
            .filter(|n| !referenced.contains(n))
            .collect();
        if more.is_empty() {
            break;
        }
        referenced.extend(more);
    }
    let mut endnotes = Vec::new();
    for n in &order {
        if frags_height(&notes[n]) > 0.4 * (bottom - top) || !referenced.contains(n) {
            endnotes.extend(notes.remove(n).unwrap_or_default());
        }
    }
    if !endnotes.is_empty() {
        frags.push(Fragment {
            height: sep_h,
            space_before: sep_h * 2.0,
            items: vec![Item::Line {
                x1: x,
                y1: sep_h / 2.0,
                x2: x + w * 0.3,
                y2: sep_h / 2.0,
                color: theme.rule,
                width: 0.6,
            }],
            keep_with_next: true,
            ..Default::default()
        });
        frags.extend(endnotes);
    }

    let mut out = LaidOut::default();
    let new_page = |landscape: bool| Page {
        width: if landscape { ph } else { pw },
        height: if landscape { pw } else { ph },
        items: Vec::new(),
    };
    let mut landscape = frags.first().is_some_and(|f| f.landscape);
    out.pages.push(new_page(landscape));
    let page_bottom = |landscape: bool| {
        if landscape {
            pw - theme.margin_bottom
        } else {
            bottom
        }
    };
    let mut y = top;
    let mut page_empty = true;
    let mut page_notes: Vec<String> = Vec::new();
    let mut running: Option<String> = None;
    let mut notes_h: Pt = 0.0;

    let flush_notes = |out: &mut LaidOut, page_notes: &mut Vec<String>, notes_h: &mut Pt| {
        if page_notes.is_empty() {
            return;
        }
        let page_index = out.pages.len() - 1;
        let page = out.pages.last_mut().expect("a page");
        let mut yn = page.height - theme.margin_bottom - *notes_h;
        page.items.push(Item::Line {
            x1: x,
            y1: yn + sep_h * 0.4,
            x2: x + w * 0.3,
            y2: yn + sep_h * 0.4,
            color: theme.rule,
            width: 0.5,
        });
        yn += sep_h;
        for n in page_notes.drain(..) {
            for f in notes.get(&n).map(Vec::as_slice).unwrap_or_default() {
                yn += f.space_before;
                place(page, &mut out.anchors, page_index, f, yn, 0.0);
                yn += f.height;
            }
        }
        *notes_h = 0.0;
    };

    for i in 0..frags.len() {
        let f = &frags[i];
        // Notes referenced here, and the notes those notes reference.
        let mut new_refs: Vec<String> = Vec::new();
        let mut todo = refs_of(f);
        while let Some(n) = todo.pop() {
            if notes.contains_key(&n) && !page_notes.contains(&n) && !new_refs.contains(&n) {
                todo.extend(notes[&n].iter().flat_map(refs_of));
                new_refs.push(n);
            }
        }
        new_refs.sort_by_key(|k| order.iter().position(|o| o == k));
        let mut add_h: Pt = new_refs.iter().map(|n| frags_height(&notes[n])).sum();
        if page_notes.is_empty() && !new_refs.is_empty() {
            add_h += sep_h;
        }
        let limit = page_bottom(landscape) - notes_h - add_h + 0.01;
        let mut needed = f.space_before + f.height;
        // Keep-with-next chains: a heading needs room for what follows it.
        let mut j = i;
        while frags[j].keep_with_next && j + 1 < frags.len() && j < i + 4 {
            j += 1;
            needed += frags[j].space_before + frags[j].height;
        }
        let fits = y + needed <= limit;
        let self_fits = y + f.space_before + f.height <= limit;
        let turn = f.landscape != landscape;
        let must_break = f.page_break_before || turn || (!fits && f.keep_with_next) || !self_fits;
        if must_break && (!page_empty || turn) {
            flush_notes(&mut out, &mut page_notes, &mut notes_h);
            landscape = f.landscape;
            if page_empty {
                // Nothing on it yet: just turn the page.
                *out.pages.last_mut().expect("a page") = new_page(landscape);
            } else {
                out.pages.push(new_page(landscape));
            }
            y = top;
            page_empty = true;
        }
        // A table row starting a page gets its header row again.
        if page_empty && let Some(h) = &f.repeat_header {
            let page_index = out.pages.len() - 1;
            let page = out.pages.last_mut().expect("a page");
            place(page, &mut out.anchors, page_index, h, y, 0.0);
            y += h.height;
            page_empty = false;
        }
        // Recompute for a fresh page (the separator may now be needed).
        let mut add_h: Pt = new_refs.iter().map(|n| frags_height(&notes[n])).sum();
        if page_notes.is_empty() && !new_refs.is_empty() {
            add_h += sep_h;
        }
        let space = if page_empty { 0.0 } else { f.space_before };
        let y0 = y + space;
        if f.running_title.is_some() {
            running = f.running_title.clone();
        }
        let pi = out.pages.len() - 1;
        out.page_titles.resize(pi + 1, None);
        out.plain_pages.resize(pi + 1, false);
        if page_empty {
            out.page_titles[pi] = running.clone();
            out.plain_pages[pi] = f.plain_page;
        }
        let page_index = out.pages.len() - 1;
        let page = out.pages.last_mut().expect("a page");
        place(
            page,
            &mut out.anchors,
            page_index,
            f,
            y0,
            if page_empty { 0.0 } else { space },
        );
        if let Some((level, title)) = &f.outline {
            out.outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page: page_index,
                y: y0,
            });
        }
        if let Some(t) = &f.line_text {
            out.lines.push(t.clone());
        }
        if let Some(t) = &f.table {
            out.tables.push(table::TableReport {
                page: page_index,
                ..(**t).clone()
            });
        }
        page_notes.extend(new_refs);
        notes_h += add_h;
        y = y0 + f.height;
        page_empty = false;
    }
    flush_notes(&mut out, &mut page_notes, &mut notes_h);
    out.page_titles.resize(out.pages.len(), None);
    out.plain_pages.resize(out.pages.len(), false);
    // Lines of notes count as body text too.
    for n in &order {
        if let Some(v) = notes.get(n) {
            out.lines
                .extend(v.iter().filter_map(|f| f.line_text.clone()));
        }
    }
    out
}

/// Adds the running header and the page-number footer.
fn decorate(
    out: &mut LaidOut,
    theme: &Theme,
    title: Option<&str>,
    shaper: &mut Shaper,
    fonts: &FontChoice,
    lang: &str,
) {
    let n = out.pages.len();
    let size = theme.body_size * 0.8;
    let x = theme.margin_left;
    let book = out.page_titles.iter().any(Option::is_some);
    for (i, page) in out.pages.iter_mut().enumerate() {
        if out.plain_pages.get(i) == Some(&true) {
            continue;
        }
        let w = page.width - theme.margin_left - theme.margin_right;
        let st = TextStyle::plain(size, theme.muted, lang);
        let header = if book {
            out.page_titles.get(i).cloned().flatten()
        } else if i > 0 {
            title.map(str::to_string)
        } else {
            None
        };
        if theme.running_header
            && let Some(t) = header.as_deref()
        {
            let mut r = RichText::default();
            r.push(t, &st);
            let lines = layout_lines(&r, shaper, fonts, x, w, 1.2, LineAlign::End, false, 0);
            let y = theme.margin_top * 0.45;
            if let Some(l) = lines.into_iter().next() {
                page.items
                    .extend(l.items.into_iter().map(|it| it.shifted(y)));
            }
        }
        if theme.page_numbers {
            let mut r = RichText::default();
            r.push(&format!("{} / {}", i + 1, n), &st);
            let lines = layout_lines(&r, shaper, fonts, x, w, 1.2, LineAlign::Center, false, 0);
            let y = page.height - theme.margin_bottom * 0.6;
            if let Some(l) = lines.into_iter().next() {
                page.items
                    .extend(l.items.into_iter().map(|it| it.shifted(y)));
            }
        }
    }
}
