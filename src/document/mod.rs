//! The document model (IR) every backend reads: [`Document`], [`Block`], [`Inline`],
//! [`Metadata`].
//!
//! Read from a file by [`load`] ([`source`]: decoding, then [`parse`]) and built once from
//! comrak's CommonMark 0.31 + GFM AST by [`build::parse_markdown`]; the PDF
//! and EPUB writers never see Markdown again. Inline HTML of the safe subset
//! (`<strong>`, `<em>`, `<br>`, `<sup>`, `<a href>`, `<span lang>`, …) is already turned into
//! the inlines it means, so no backend ever prints a tag.

pub mod build;
pub mod frontmatter;
mod heading_ids;
pub mod html;
pub mod source;
pub mod text;

pub use build::{ParseOptions, parse_markdown};
pub use frontmatter::{Metadata, YamlValue};
pub use source::{decode_source, load, parse};

/// A 1-based source position (line, column in bytes as comrak reports it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourcePos {
    /// 1-based line of the Markdown file (front matter lines included).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// One parsed Markdown document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Front matter, with `lang` resolved (given, else detected from the text).
    pub metadata: Metadata,
    /// Body blocks in reading order.
    pub blocks: Vec<Block>,
    /// Footnote definitions in the order of their first reference (number 1, 2, …).
    pub footnotes: Vec<Footnote>,
    /// The Markdown source, for diagnostics that find a position late (missing glyphs).
    pub source: std::sync::Arc<str>,
}

/// The warning for an image that cannot be shown, worded the same by every backend so a
/// document built to PDF and EPUB reports each image once: `why` is a predicate such as
/// `cannot be read (not found)`.
pub fn image_warning(url: &str, why: &str) -> String {
    format!(
        "image {} {why}; its alt text is shown instead",
        crate::diagnostics::quote(url)
    )
}

/// Where a Mermaid fence that starts at `pos` went wrong and what happened:
/// `(line, column, problem)`, one wording for both backends so a document built to PDF and
/// EPUB reports it once (a syntax error points into the fence, at the offending text).
pub fn mermaid_problem(e: &crate::mermaid::RenderError, pos: SourcePos) -> (usize, usize, String) {
    match e {
        crate::mermaid::RenderError::Syntax(p) => (
            pos.line + p.line,
            p.column,
            format!(
                "Mermaid {} near {}",
                p.message,
                crate::diagnostics::quote(&p.near)
            ),
        ),
        other => (pos.line, pos.column, other.to_string()),
    }
}

/// The warning for a diagram shown as its source because of `problem` (see
/// [`mermaid_problem`]), worded the same by both backends.
pub fn diagram_warning(problem: &str) -> String {
    format!("{problem}; the diagram is shown as its source")
}

/// The warning for a book's cover image that cannot be used, worded the same by both
/// backends; `why` is a predicate as for [`image_warning`].
pub fn cover_warning(path: &str, why: &str) -> String {
    format!(
        "cover image {} {why}; the book has no cover",
        crate::diagnostics::quote(path)
    )
}

/// True for link targets a reader may follow: no scheme (relative or `#anchor`), or
/// `http`, `https`, `mailto`, `ftp`, `tel`. Anything else (`javascript:`, `data:`,
/// `vbscript:`, `file:` …) is not written as a link.
pub fn is_safe_url(url: &str) -> bool {
    let u = url.trim();
    let scheme_end = u.find(':');
    let first_sep = u.find(['/', '?', '#']);
    match scheme_end {
        Some(i) if first_sep.is_none_or(|s| i < s) => {
            let scheme = u[..i].to_ascii_lowercase();
            let is_scheme = scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
            !is_scheme
                || matches!(
                    scheme.as_str(),
                    "http" | "https" | "mailto" | "ftp" | "ftps" | "tel"
                )
        }
        _ => true,
    }
}

/// 1-based line and column (characters) of the first occurrence of `needle` in `source`,
/// or (0, 0).
pub fn position_of_text(source: &str, needle: &str) -> (usize, usize) {
    if needle.is_empty() {
        return (0, 0);
    }
    for (i, line) in source.lines().enumerate() {
        if let Some(b) = line.find(needle) {
            return (i + 1, line[..b].chars().count() + 1);
        }
    }
    (0, 0)
}

impl Document {
    /// Every heading id of the body and the footnotes, in document order.
    pub fn heading_ids(&self) -> Vec<String> {
        fn walk(blocks: &[Block], out: &mut Vec<String>) {
            for b in blocks {
                match b {
                    Block::Heading { id, .. } => out.push(id.clone()),
                    Block::BlockQuote(bs) | Block::Alert { blocks: bs, .. } => walk(bs, out),
                    Block::List { items, .. } => items.iter().for_each(|i| walk(&i.blocks, out)),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        for f in &self.footnotes {
            walk(&f.blocks, &mut out);
        }
        out
    }

    /// 1-based line and column (in characters) of the first occurrence of `c` in the
    /// source, or (0, 0) when it is not there (generated text).
    pub fn position_of(&self, c: char) -> (usize, usize) {
        for (i, line) in self.source.lines().enumerate() {
            if let Some(col) = line.chars().position(|x| x == c) {
                return (i + 1, col + 1);
            }
        }
        (0, 0)
    }
}

/// Column alignment from a GFM table's delimiter row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// No colon in the delimiter row: the writer's default (start of line).
    #[default]
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// A GFM alert kind (`> [!NOTE]` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    /// `[!NOTE]`
    Note,
    /// `[!TIP]`
    Tip,
    /// `[!IMPORTANT]`
    Important,
    /// `[!WARNING]`
    Warning,
    /// `[!CAUTION]`
    Caution,
}

impl AlertKind {
    /// The English title GitHub shows above the alert.
    pub fn title(self) -> &'static str {
        match self {
            AlertKind::Note => "Note",
            AlertKind::Tip => "Tip",
            AlertKind::Important => "Important",
            AlertKind::Warning => "Warning",
            AlertKind::Caution => "Caution",
        }
    }
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `#`…`######`; `id` is the GitHub-style anchor, unique within the document.
    Heading {
        /// 1–6.
        level: u8,
        /// Anchor id (`#id` links land here).
        id: String,
        /// Heading text.
        content: Vec<Inline>,
        /// Where it starts in the source.
        pos: SourcePos,
    },
    /// A paragraph of inline content.
    Paragraph {
        /// The text.
        content: Vec<Inline>,
        /// Where it starts in the source.
        pos: SourcePos,
    },
    /// Ordered or bullet list.
    List {
        /// `Some(start)` for an ordered list (`3.` starts at 3), `None` for bullets.
        start: Option<u64>,
        /// A tight list has no blank lines between items.
        tight: bool,
        /// The items.
        items: Vec<ListItem>,
    },
    /// `>` quote, which may nest.
    BlockQuote(Vec<Block>),
    /// GitHub alert (`> [!NOTE]`).
    Alert {
        /// Which alert.
        kind: AlertKind,
        /// Custom title, else [`AlertKind::title`]; an empty title means no title line
        /// (Zenn's `:::message` boxes).
        title: Option<String>,
        /// Body.
        blocks: Vec<Block>,
    },
    /// Fenced or indented code.
    Code {
        /// First word of the info string (`rust`, `yaml`), if any.
        lang: Option<String>,
        /// The code, ending without a trailing newline.
        text: String,
        /// Where the fence starts.
        pos: SourcePos,
    },
    /// A ```` ```mermaid ```` fence: drawn by the Mermaid engine.
    Mermaid {
        /// Diagram source.
        source: String,
        /// Where the fence starts (its first source line is `line + 1`).
        pos: SourcePos,
    },
    /// A GFM table.
    Table(Table),
    /// `---` between blocks.
    ThematicBreak,
    /// Display math (`$$…$$`) shown as its source until math is drawn.
    Math {
        /// TeX source.
        source: String,
    },
}

/// One list item.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(checked)` for a task-list item (`- [x]`).
    pub task: Option<bool>,
    /// Item content.
    pub blocks: Vec<Block>,
}

/// A GFM table: a header row and body rows of inline cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// One entry per column.
    pub alignments: Vec<Align>,
    /// Header cells (one per column).
    pub header: Vec<Vec<Inline>>,
    /// Body rows; each has exactly `alignments.len()` cells.
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// Where the table starts.
    pub pos: SourcePos,
}

/// A footnote definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// The label as written (`[^note]` → `note`).
    pub label: String,
    /// Number shown to the reader, from 1 in order of first reference.
    pub number: u32,
    /// Content.
    pub blocks: Vec<Block>,
}

/// Inline style switches; nested spans add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `*em*`, `<em>`, `<i>`.
    Emphasis,
    /// `**strong**`, `<strong>`, `<b>`.
    Strong,
    /// `~~del~~`, `<del>`, `<s>`.
    Strikethrough,
    /// `<sup>`, `^sup^`.
    Superscript,
    /// `<sub>`.
    Subscript,
    /// `<u>`, `<ins>`.
    Underline,
    /// `<mark>`, `==mark==`.
    Mark,
    /// `<kbd>`.
    Kbd,
}

/// An inline element.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text. Soft line breaks are already resolved (a space, or nothing between CJK).
    Text(String),
    /// `` `code` `` or `<code>`.
    Code(String),
    /// Styled content.
    Styled(Style, Vec<Inline>),
    /// A span with a language (`<span lang="ja">`).
    Lang(String, Vec<Inline>),
    /// Hard line break (two spaces, `\`, or `<br>`).
    LineBreak,
    /// A link; `url` starting with `#` points at a heading id in this document.
    Link {
        /// Target.
        url: String,
        /// Link title attribute.
        title: String,
        /// Link text.
        content: Vec<Inline>,
    },
    /// An image.
    Image {
        /// Path (relative to the Markdown file) or URL.
        url: String,
        /// Title (shown as caption together with the alt text).
        title: String,
        /// Alt text.
        alt: String,
        /// Where it is in the source (for missing-image warnings).
        pos: SourcePos,
    },
    /// Reference to footnote number `n`.
    FootnoteRef(u32),
    /// Inline math shown as its source.
    Math(String),
}

impl Inline {
    /// The plain text of a run of inlines (for outline titles, alt text, ids).
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut s = String::new();
        fn walk(v: &[Inline], s: &mut String) {
            for i in v {
                match i {
                    Inline::Text(t) | Inline::Code(t) | Inline::Math(t) => s.push_str(t),
                    Inline::Styled(_, c) | Inline::Lang(_, c) => walk(c, s),
                    Inline::Link { content, .. } => walk(content, s),
                    Inline::LineBreak => s.push(' '),
                    Inline::Image { alt, .. } => s.push_str(alt),
                    Inline::FootnoteRef(_) => {}
                }
            }
        }
        walk(inlines, &mut s);
        s
    }
}
