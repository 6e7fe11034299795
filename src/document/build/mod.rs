//! Markdown → [`Document`]: comrak (CommonMark 0.31 + GFM) AST walked into our IR.
//!
//! What happens here and nowhere else:
//! - front matter is split off and read by [`Metadata::from_yaml`];
//! - inline HTML of the safe subset is nested back into [`Inline`]s (comrak gives each tag
//!   as a separate node); comments vanish; other tags stay as text with a warning;
//! - a soft line break between two CJK characters becomes nothing, elsewhere a space
//!   (CSS Text 3 §4.1.2 segment break transformation, JLREQ practice);
//! - heading ids are GitHub-style and unique; footnotes are numbered by first reference;
//! - ```` ```mermaid ```` fences become [`Block::Mermaid`].

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{Arena, Options, parse_document};
use std::collections::HashMap;

use super::heading_ids::{HeadingIds, TrailingAttrs, kramdown_ial, take_trailing_attrs};
use super::html::{HtmlToken, is_block_container, tokenize};
use super::text::{detect_lang, is_cjk_no_space};
use super::{
    AlertKind, Align, Block, Document, Footnote, Inline, ListItem, Metadata, SourcePos, Style,
    Table,
};
use crate::diagnostics::{Diagnostics, quote};

/// Nesting deeper than this (quotes in quotes in lists…) is flattened with a warning, so
/// hostile input cannot exhaust the stack of any later stage.
pub const MAX_DEPTH: usize = 48;

/// Options for [`parse_markdown`].
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Language to use when front matter has none (`None`: detect from the text).
    pub default_lang: Option<String>,
}

/// Parses a Markdown file's text into a [`Document`]. Never fails: problems become warnings
/// in `diags` with their line and column, and the rest of the document is kept.
pub fn parse_markdown(src: &str, opts: &ParseOptions, diags: &mut Diagnostics) -> Document {
    let arena = Arena::new();
    let mut options = Options::default();
    let ext = &mut options.extension;
    ext.table = true;
    ext.strikethrough = true;
    ext.autolink = true;
    ext.tasklist = true;
    ext.footnotes = true;
    ext.inline_footnotes = true;
    ext.front_matter_delimiter = Some("---".to_string());
    ext.cjk_friendly_emphasis = true;
    ext.alerts = true;
    ext.math_dollars = true;
    // `:::message` / `:::details Title` containers (Zenn, Docusaurus, VitePress).
    ext.block_directive = true;
    // `## Title {#id .class key=value}` (pandoc, Hugo); kramdown's `{: #id}` is ours.
    ext.header_attributes = true;
    let root = parse_document(&arena, src, &options);

    let mut b = Builder {
        diags,
        footnote_numbers: HashMap::new(),
        footnote_defs: HashMap::new(),
        ids: reserve_explicit_ids(root),
        stack: Vec::new(),
        last_char: None,
        pending_soft: None,
        warned_ial: false,
    };
    let mut metadata = Metadata::default();
    let mut blocks = Vec::new();
    for child in root.children() {
        if let NodeValue::FrontMatter(fm) = &child.data().value {
            let yaml = strip_delimiters(fm);
            metadata = Metadata::from_yaml(&yaml, 2, b.diags);
            continue;
        }
        b.block(child, &mut blocks, 0);
    }
    let mut footnotes: Vec<Footnote> = Vec::new();
    let mut defs = std::mem::take(&mut b.footnote_defs);
    let mut numbered: Vec<(String, u32)> = b
        .footnote_numbers
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    numbered.sort_by_key(|(_, n)| *n);
    for (label, number) in numbered {
        let blocks = defs.remove(&label).unwrap_or_else(|| {
            b.diags.warn(
                0,
                0,
                format!("footnote [^{label}] is referenced but never defined"),
            );
            Vec::new()
        });
        footnotes.push(Footnote {
            label,
            number,
            blocks,
        });
    }
    if metadata.lang.is_none() {
        metadata.lang = Some(match &opts.default_lang {
            Some(l) => l.clone(),
            None => detect_lang(src).to_string(),
        });
    }
    Document {
        metadata,
        blocks,
        footnotes,
        source: src.into(),
    }
}

/// Every explicit heading id in the document (`{#id}` parsed by comrak, kramdown's
/// `{: #id}` at the end of the heading or alone on the next line), reserved so that slugs
/// of earlier headings keep clear of them.
fn reserve_explicit_ids<'a>(root: &'a AstNode<'a>) -> HeadingIds {
    let mut ids = HeadingIds::default();
    for node in root.descendants() {
        let data = node.data();
        let text_of = |n: &'a AstNode<'a>| {
            let mut t = String::new();
            collect_text(n, &mut t);
            t
        };
        match &data.value {
            NodeValue::Heading(_) => {
                if let Some(id) = data.attrs.as_ref().and_then(|a| a.id.as_deref()) {
                    ids.reserve(id);
                }
                let text = text_of(node);
                let tail = text.trim_end();
                if let Some((Some(id), _)) = tail.rfind('{').and_then(|i| kramdown_ial(&tail[i..]))
                {
                    ids.reserve(&id);
                }
            }
            NodeValue::Paragraph
                if node
                    .previous_sibling()
                    .is_some_and(|p| matches!(p.data().value, NodeValue::Heading(_))) =>
            {
                if let Some((Some(id), _)) = kramdown_ial(&text_of(node)) {
                    ids.reserve(&id);
                }
            }
            _ => {}
        }
    }
    ids
}

/// comrak keeps the `---` lines in the front matter node.
fn strip_delimiters(fm: &str) -> String {
    let mut lines: Vec<&str> = fm.lines().collect();
    if lines.first().map(|l| l.trim_end() == "---") == Some(true) {
        lines.remove(0);
    }
    while let Some(l) = lines.last() {
        if l.trim().is_empty() || l.trim_end() == "---" {
            lines.pop();
        } else {
            break;
        }
    }
    lines.join("\n")
}

struct Builder<'d> {
    diags: &'d mut Diagnostics,
    footnote_numbers: HashMap<String, u32>,
    footnote_defs: HashMap<String, Vec<Block>>,
    ids: HeadingIds,
    stack: Vec<Frame>,
    last_char: Option<char>,
    /// A soft line break waiting for the next character, with the stack depth it was in
    /// (its space belongs to that element, not to one opened after it).
    pending_soft: Option<usize>,
    /// A kramdown attribute list was already reported (once per document).
    warned_ial: bool,
}

fn pos_of(node: &AstNode<'_>) -> SourcePos {
    let sp = node.data().sourcepos;
    SourcePos {
        line: sp.start.line,
        column: sp.start.column,
    }
}

impl Builder<'_> {
    fn blocks_of<'a>(&mut self, node: &'a AstNode<'a>, depth: usize) -> Vec<Block> {
        let mut out = Vec::new();
        for c in node.children() {
            self.block(c, &mut out, depth + 1);
        }
        out
    }

    fn block<'a>(&mut self, node: &'a AstNode<'a>, out: &mut Vec<Block>, depth: usize) {
        let pos = pos_of(node);
        if depth > MAX_DEPTH {
            self.diags.warn(
                pos.line,
                pos.column,
                format!("nesting deeper than {MAX_DEPTH} levels is flattened to plain text"),
            );
            let mut text = String::new();
            collect_text(node, &mut text);
            out.push(Block::Paragraph {
                content: vec![Inline::Text(text)],
                pos,
            });
            return;
        }
        let value = node.data().value.clone();
        match value {
            NodeValue::Paragraph => {
                if self.heading_attribute_line(node, out) {
                    return;
                }
                let content = self.inlines(node);
                if !is_blank(&content) {
                    out.push(Block::Paragraph { content, pos });
                }
            }
            NodeValue::Heading(h) => {
                let (content, id) = self.heading(node, pos);
                out.push(Block::Heading {
                    level: h.level,
                    id,
                    content,
                    pos,
                });
            }
            NodeValue::List(l) => {
                let mut items = Vec::new();
                for item in node.children() {
                    let task = match &item.data().value {
                        NodeValue::TaskItem(t) => Some(t.symbol.is_some()),
                        _ => None,
                    };
                    let blocks = self.blocks_of(item, depth);
                    items.push(ListItem { task, blocks });
                }
                let start = match l.list_type {
                    ListType::Ordered => Some(l.start as u64),
                    ListType::Bullet => None,
                };
                out.push(Block::List {
                    start,
                    tight: l.tight,
                    items,
                });
            }
            NodeValue::Item(_) | NodeValue::TaskItem(_) => {
                // An item outside a list cannot happen in comrak's tree; keep its content.
                out.extend(self.blocks_of(node, depth));
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                out.push(Block::BlockQuote(self.blocks_of(node, depth)));
            }
            NodeValue::Alert(a) => {
                use comrak::nodes::AlertType;
                let kind = match a.alert_type {
                    AlertType::Note => AlertKind::Note,
                    AlertType::Tip => AlertKind::Tip,
                    AlertType::Important => AlertKind::Important,
                    AlertType::Warning => AlertKind::Warning,
                    AlertType::Caution => AlertKind::Caution,
                };
                out.push(Block::Alert {
                    kind,
                    title: a.title.clone(),
                    blocks: self.blocks_of(node, depth),
                });
            }
            NodeValue::BlockDirective(d) => {
                // `:::message alert`, `:::warning`, `:::details Summary text`
                let mut words = d.info.split_whitespace();
                let name = words.next().unwrap_or("").to_ascii_lowercase();
                let rest: Vec<&str> = words.collect();
                let (kind, title) = match name.as_str() {
                    "warning" | "danger" | "caution" | "alert" => (AlertKind::Warning, None),
                    "tip" | "success" => (AlertKind::Tip, None),
                    "important" => (AlertKind::Important, None),
                    "message" if rest.first() == Some(&"alert") => {
                        (AlertKind::Warning, Some(String::new()))
                    }
                    "message" | "note" | "info" => (AlertKind::Note, Some(String::new())),
                    _ => (AlertKind::Note, Some(rest.join(" "))),
                };
                let title = match title {
                    Some(t) if t.is_empty() && !rest.is_empty() && name != "message" => {
                        Some(rest.join(" "))
                    }
                    other => other,
                };
                out.push(Block::Alert {
                    kind,
                    title,
                    blocks: self.blocks_of(node, depth),
                });
            }
            NodeValue::CodeBlock(cb) => {
                let lang = cb
                    .info
                    .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
                    .next()
                    .filter(|s| !s.is_empty())
                    .map(|s| s.to_string());
                let mut text = cb.literal.clone();
                if text.ends_with('\n') {
                    text.pop();
                }
                if lang.as_deref().map(|l| l.eq_ignore_ascii_case("mermaid")) == Some(true) {
                    out.push(Block::Mermaid { source: text, pos });
                } else {
                    out.push(Block::Code { lang, text, pos });
                }
            }
            NodeValue::HtmlBlock(h) => self.html_block(&h.literal, pos, out),
            NodeValue::ThematicBreak => out.push(Block::ThematicBreak),
            NodeValue::Table(t) => {
                let alignments: Vec<Align> = t
                    .alignments
                    .iter()
                    .map(|a| match a {
                        TableAlignment::None => Align::None,
                        TableAlignment::Left => Align::Left,
                        TableAlignment::Center => Align::Center,
                        TableAlignment::Right => Align::Right,
                    })
                    .collect();
                let ncol = alignments.len();
                let mut table = Table {
                    alignments,
                    header: Vec::new(),
                    rows: Vec::new(),
                    pos,
                };
                for row in node.children() {
                    let is_header = matches!(row.data().value, NodeValue::TableRow(true));
                    let mut cells: Vec<Vec<Inline>> =
                        row.children().map(|cell| self.inlines(cell)).collect();
                    cells.resize(ncol, Vec::new());
                    if is_header {
                        table.header = cells;
                    } else {
                        table.rows.push(cells);
                    }
                }
                out.push(Block::Table(table));
            }
            NodeValue::FootnoteDefinition(def) => {
                let blocks = self.blocks_of(node, depth);
                self.footnote_defs.insert(def.name.clone(), blocks);
            }
            NodeValue::FrontMatter(_) => {}
            NodeValue::Document => out.extend(self.blocks_of(node, depth)),
            _ => {
                // Block kinds of extensions we do not enable: keep their text.
                let content = self.inlines(node);
                if !is_blank(&content) {
                    out.push(Block::Paragraph { content, pos });
                }
            }
        }
    }

    /// An HTML block: containers (`<div>`, `<p>`, `<details>`…) separate paragraphs; inline
    /// tags mean what they mean; comments vanish.
    fn html_block(&mut self, html: &str, pos: SourcePos, out: &mut Vec<Block>) {
        self.stack.push(Frame {
            kind: FrameKind::Root,
            tag: String::new(),
            items: Vec::new(),
        });
        self.last_char = None;
        self.pending_soft = None;
        let floor = self.stack.len();
        for tok in tokenize(html) {
            let boundary = match &tok {
                HtmlToken::Open { name, .. } | HtmlToken::Close { name, .. } => {
                    is_block_container(name)
                }
                _ => false,
            };
            if boundary {
                self.close_to(floor);
                let items = std::mem::take(&mut self.stack.last_mut().expect("root").items);
                let content = trim_inlines(items);
                if !is_blank(&content) {
                    out.push(Block::Paragraph { content, pos });
                }
                if matches!(&tok, HtmlToken::Open { name, .. } if name == "hr") {
                    out.push(Block::ThematicBreak);
                }
                continue;
            }
            match tok {
                HtmlToken::Text(t) => {
                    // Newlines in HTML are white space.
                    let t = t.replace('\n', " ");
                    if !(t.trim().is_empty() && self.top_is_empty()) {
                        self.push_text(&t, false);
                    }
                }
                other => self.html_token(other, pos, floor),
            }
        }
        self.close_to(floor);
        let frame = self.stack.pop().expect("root frame");
        let content = trim_inlines(frame.items);
        if !is_blank(&content) {
            out.push(Block::Paragraph { content, pos });
        }
    }

    fn top_is_empty(&self) -> bool {
        self.stack.last().map(|f| f.items.is_empty()) != Some(false)
    }

    /// Builds the inline content of a block node; a trailing kramdown attribute list is
    /// dropped (with one warning per document).
    fn inlines<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Inline> {
        let mut items = self.inline_items(node);
        if strip_attribute_list(&mut items) {
            self.warn_ial_once(pos_of(node));
        }
        trim_inlines(items)
    }

    /// The inline content of a block node, trimmed, as written.
    fn inline_items<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Inline> {
        self.stack.push(Frame {
            kind: FrameKind::Root,
            tag: String::new(),
            items: Vec::new(),
        });
        self.last_char = None;
        self.pending_soft = None;
        let floor = self.stack.len();
        for c in node.children() {
            self.inline(c, floor);
        }
        self.close_to(floor);
        let frame = self.stack.pop().expect("root frame");
        trim_inlines(frame.items)
    }

    fn warn_ial_once(&mut self, p: SourcePos) {
        if !self.warned_ial {
            self.warned_ial = true;
            self.diags.warn(p.line, p.column, "kramdown attribute lists such as \"{: .class }\" only style HTML; they are left out");
        }
    }

    /// A heading's text and id: the id from its attribute block (`{#id}`, `{: #id}`) when
    /// it has one, else a slug of the text.
    fn heading<'a>(&mut self, node: &'a AstNode<'a>, pos: SourcePos) -> (Vec<Inline>, String) {
        let mut content = self.inline_items(node);
        let mut explicit = node.data().attrs.as_ref().and_then(|a| a.id.clone());
        match take_trailing_attrs(&mut content) {
            TrailingAttrs::None => {}
            TrailingAttrs::Kramdown { id: Some(id), .. } => explicit = Some(id),
            TrailingAttrs::Kramdown { id: None, .. } => self.warn_ial_once(pos),
            TrailingAttrs::Unknown(text) => {
                let end = node.data().sourcepos.end.column;
                let column = (end + 1).saturating_sub(text.len()).max(pos.column);
                self.diags.warn(
                    pos.line,
                    column,
                    format!(
                        "heading attributes {} are not understood (write {{#id .class key=value}} or {{: #id}}); they are left out",
                        quote(&text)
                    ),
                );
            }
        }
        let content = trim_inlines(content);
        let id = match explicit {
            Some(e) => self.explicit_id(&e, pos),
            None => self.ids.slug(&Inline::plain_text(&content)),
        };
        (content, id)
    }

    fn explicit_id(&mut self, id: &str, pos: SourcePos) -> String {
        self.ids.explicit(id).unwrap_or_else(|fresh| {
            self.diags.warn(
                pos.line,
                pos.column,
                format!(
                    "heading id {} is already used by an earlier heading; this one gets {}",
                    quote(id),
                    quote(&fresh)
                ),
            );
            fresh
        })
    }

    /// A paragraph that is only a kramdown attribute list right after a heading
    /// (`## Title` then `{: #id}`) gives that heading its id; true when it was one.
    fn heading_attribute_line<'a>(&mut self, node: &'a AstNode<'a>, out: &mut [Block]) -> bool {
        let Some(Block::Heading { id, .. }) = out.last_mut() else {
            return false;
        };
        let mut text = String::new();
        collect_text(node, &mut text);
        let Some((explicit, _)) = kramdown_ial(&text) else {
            return false;
        };
        let pos = pos_of(node);
        match explicit {
            Some(e) => {
                let old = std::mem::take(id);
                self.ids.release(&old);
                *id = self.explicit_id(&e, pos);
            }
            None => self.warn_ial_once(pos),
        }
        true
    }
}

mod inline;
use inline::{Frame, FrameKind, collect_text, is_blank, strip_attribute_list, trim_inlines};

#[cfg(test)]
mod tests;
