//! [`Document`] IR → one XHTML content document (EPUB 3.3 §6.1, the XML syntax of HTML).
//!
//! Everything is written from the IR, never from comrak's HTML, so every text node and
//! attribute value goes through [`push_text`] / [`push_attr`] (which also drop characters
//! XML 1.0 §2.2 forbids). Ids are XML names (NCName), because EPUBCheck validates XHTML
//! `id`s as such: heading ids that are not (`2026-plans`) get an `h-` prefix and every
//! `#fragment` link is rewritten to match. Links that would not resolve inside the package
//! (unknown `#id`, relative files) become plain text with a warning, so the result never
//! has a dangling reference.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostics, quote};
use crate::document::{Align, Block, Document, Inline, ListItem, SourcePos, Style, Table};
use crate::resource::{percent_decode, url_scheme};

use super::EpubOptions;

/// File name of the chapter inside the package (`OEBPS/`).
pub(crate) const CHAPTER_FILE: &str = "chapter.xhtml";

/// An image copied into the package.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PackagedImage {
    /// Path inside `OEBPS/`, e.g. `images/image-1.png`.
    pub href: String,
    /// IANA media type (`image/png`, …).
    pub media_type: &'static str,
    /// File contents.
    pub bytes: Vec<u8>,
}

/// One entry of the navigation tree (a heading of the chapter).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TocEntry {
    /// Fragment id in the chapter.
    pub id: String,
    /// Plain-text title.
    pub title: String,
    /// Entries one level deeper.
    pub children: Vec<TocEntry>,
}

/// What the chapter writer produces.
#[derive(Debug, Clone)]
pub(crate) struct Chapter {
    /// The complete XHTML document.
    pub xhtml: String,
    /// Heading tree for the nav document and NCX.
    pub toc: Vec<TocEntry>,
}

/// Book-level strings the chapter needs (already resolved by the caller).
pub(crate) struct ChapterMeta<'a> {
    /// Language tag (valid BCP 47).
    pub lang: &'a str,
    /// Title shown in `<title>`.
    pub title: &'a str,
    /// Whether the title block shows `title` as an `<h1>` (false when it came from a heading).
    pub show_title: bool,
    /// File name of this chapter in `OEBPS/` (links to ids in other files get it).
    pub file: &'a str,
    /// Id on the chapter's `<section>` (a book's chapter anchor).
    pub section_id: Option<&'a str>,
}

/// Where a heading id (or a book's chapter anchor) of the IR ends up: the chapter file and
/// the id written there (an XML name; empty for a chapter anchor, which links to the file).
pub(crate) type IdMap = BTreeMap<String, (String, String)>;

/// Images copied into the package, shared by every chapter of a book (one copy per file).
#[derive(Debug, Default)]
pub(crate) struct ImageStore {
    /// In order of first use.
    pub images: Vec<PackagedImage>,
    /// Resolved file → index in `images`.
    files: BTreeMap<PathBuf, usize>,
    /// Diagrams packaged so far (they are numbered across the book).
    diagrams: usize,
    /// Colours of highlighted code tokens.
    code_colors: BTreeSet<(u8, u8, u8)>,
}

impl ImageStore {
    /// CSS rules for the code colours used (`.hl-RRGGBB`, `.hl-b`, `.hl-i`).
    pub(crate) fn code_css(&self) -> String {
        if self.code_colors.is_empty() {
            return String::new();
        }
        let mut css =
            String::from("\n/* Code highlighting (syntect, InspiredGitHub colours). */\n");
        for (r, g, b) in &self.code_colors {
            css.push_str(&format!(
                ".hl-{r:02x}{g:02x}{b:02x} {{ color: #{r:02x}{g:02x}{b:02x}; }}\n"
            ));
        }
        css.push_str(".hl-b { font-weight: bold; }\n.hl-i { font-style: italic; }\n");
        css
    }
}

/// State shared by the chapters of one package.
pub(crate) struct Shared<'a> {
    /// Heading ids of every chapter (see [`assign_ids`]).
    pub ids: &'a IdMap,
    /// Images packaged so far.
    pub images: &'a mut ImageStore,
    /// Book mode: links to files outside the book were already reported with their
    /// position by `book.rs`, so they become plain text without a second warning.
    pub quiet_file_links: bool,
}

/// Gives every heading id of `doc` an XHTML id (an XML name, not one the writer reserves,
/// unique among `used`) in `file`, and records it in `map`.
pub(crate) fn assign_ids(doc: &Document, file: &str, used: &mut BTreeSet<String>, map: &mut IdMap) {
    for id in doc.heading_ids() {
        if map.contains_key(&id) {
            continue;
        }
        let mut new = if is_xml_name(&id) && !is_reserved_id(&id) {
            id.clone()
        } else {
            let cleaned: String = id
                .chars()
                .map(|c| if is_xml_name_char(c) { c } else { '-' })
                .collect();
            format!("h-{cleaned}")
        };
        while used.contains(&new) {
            new.push_str("-x");
        }
        used.insert(new.clone());
        map.insert(id, (file.to_string(), new));
    }
}

/// Writes the chapter for `doc`.
pub(crate) fn write_chapter(
    doc: &Document,
    meta: &ChapterMeta<'_>,
    opts: &EpubOptions,
    shared: &mut Shared<'_>,
    diags: &mut Diagnostics,
) -> Chapter {
    let mut w = Writer {
        doc,
        source_dir: &opts.source_dir,
        resources: &opts.resources,
        diags,
        file: meta.file,
        ids: shared.ids,
        quiet_file_links: shared.quiet_file_links,
        footnotes: doc.footnotes.iter().map(|f| f.number).collect(),
        fnrefs: BTreeMap::new(),
        store: &mut *shared.images,
        link_depth: 0,
        warned_math: false,
        lang: meta.lang,
        diagrams_png: opts.diagrams_png,
        measure: None,
    };
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    out.push_str(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"",
    );
    out.push_str(" xml:lang=\"");
    push_attr(&mut out, meta.lang);
    out.push_str("\" lang=\"");
    push_attr(&mut out, meta.lang);
    out.push_str("\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    push_text(&mut out, meta.title);
    out.push_str(
        "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n",
    );
    out.push_str("<body>\n<section class=\"chapter\" epub:type=\"chapter\"");
    if let Some(id) = meta.section_id {
        out.push_str(" id=\"");
        push_attr(&mut out, id);
        out.push('"');
    }
    out.push_str(">\n");
    w.title_block(&mut out, meta);
    for b in &doc.blocks {
        w.block(&mut out, b, false);
    }
    out.push_str("</section>\n");
    w.footnotes(&mut out);
    out.push_str("</body>\n</html>\n");
    let toc = w.toc();
    Chapter { xhtml: out, toc }
}

struct Writer<'a> {
    doc: &'a Document,
    source_dir: &'a Path,
    resources: &'a crate::resource::ResourcePolicy,
    diags: &'a mut Diagnostics,
    /// This chapter's file name.
    file: &'a str,
    /// Heading id in the IR → (file, id written).
    ids: &'a IdMap,
    quiet_file_links: bool,
    /// Footnote numbers that have a definition.
    footnotes: BTreeSet<u32>,
    /// How many references to each footnote were written so far.
    fnrefs: BTreeMap<u32, u32>,
    store: &'a mut ImageStore,
    /// > 0 while writing the content of an `<a>` (no nested links in HTML).
    link_depth: usize,
    warned_math: bool,
    /// Chapter language (Mermaid labels are measured and drawn with its face).
    lang: &'a str,
    /// Diagrams as PNG instead of SVG.
    diagrams_png: bool,
    /// Label measurer, made at the first diagram.
    measure: Option<crate::diagram::FontMeasure>,
}

impl Writer<'_> {
    /// Highlighted code: each token in a `<span>` whose classes name its colour
    /// (`hl-1a2b3c`) and style (`hl-b` bold, `hl-i` italic); the rules for the colours used
    /// are added to the stylesheet ([`ImageStore::code_css`]).
    fn highlighted(
        &mut self,
        out: &mut String,
        lines: &[Vec<(crate::highlight::TokenStyle, String)>],
    ) {
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for (style, text) in line {
                let (r, g, b) = style.color;
                self.store.code_colors.insert(style.color);
                out.push_str(&format!("<span class=\"hl-{r:02x}{g:02x}{b:02x}"));
                if style.bold {
                    out.push_str(" hl-b");
                }
                if style.italic {
                    out.push_str(" hl-i");
                }
                out.push_str("\">");
                push_text(out, text);
                out.push_str("</span>");
            }
        }
    }

    /// The id written for IR heading id `id` in this chapter.
    fn heading_id(&self, id: &str) -> Option<String> {
        self.ids
            .get(id)
            .filter(|(f, _)| f == self.file)
            .map(|(_, i)| i.clone())
    }

    fn title_block(&mut self, out: &mut String, meta: &ChapterMeta<'_>) {
        let m = &self.doc.metadata;
        let has_any = meta.show_title
            || m.subtitle.is_some()
            || !m.authors.is_empty()
            || m.date.is_some()
            || m.description.is_some();
        if !has_any {
            return;
        }
        out.push_str("<header class=\"title-block\">\n");
        if meta.show_title {
            out.push_str("<h1 class=\"title\">");
            push_text(out, meta.title);
            out.push_str("</h1>\n");
        }
        if let Some(s) = &m.subtitle {
            out.push_str("<p class=\"subtitle\">");
            push_text(out, s);
            out.push_str("</p>\n");
        }
        if !m.authors.is_empty() {
            out.push_str("<p class=\"author\">");
            push_text(out, &m.authors.join(", "));
            out.push_str("</p>\n");
        }
        if let Some(d) = &m.date {
            out.push_str("<p class=\"date\">");
            // `datetime` must be a valid HTML date, so it is only written for YYYY-MM-DD.
            match m.date_ymd() {
                Some((y, mo, da)) if d.trim().len() == 10 => {
                    out.push_str(&format!("<time datetime=\"{y:04}-{mo:02}-{da:02}\">"));
                    push_text(out, d.trim());
                    out.push_str("</time>");
                }
                _ => push_text(out, d.trim()),
            }
            out.push_str("</p>\n");
        }
        if let Some(s) = &m.description {
            out.push_str("<p class=\"description\">");
            push_text(out, s);
            out.push_str("</p>\n");
        }
        out.push_str("</header>\n");
    }

    /// Writes one block. `tight` drops the `<p>` around paragraphs (tight list items).
    fn block(&mut self, out: &mut String, b: &Block, tight: bool) {
        match b {
            Block::Heading {
                level, id, content, ..
            } => {
                let level = (*level).clamp(1, 6);
                out.push_str(&format!("<h{level} id=\""));
                let new = self.heading_id(id).unwrap_or_default();
                push_attr(out, &new);
                out.push_str("\">");
                self.inlines(out, content);
                out.push_str(&format!("</h{level}>\n"));
            }
            Block::Paragraph { content, .. } => {
                if let Some(img) = lone_image(content) {
                    self.figure(out, img);
                } else if tight {
                    self.inlines(out, content);
                } else {
                    out.push_str("<p>");
                    self.inlines(out, content);
                    out.push_str("</p>\n");
                }
            }
            Block::List {
                start,
                tight,
                items,
            } => self.list(out, *start, *tight, items),
            Block::BlockQuote(blocks) => {
                out.push_str("<blockquote>\n");
                self.blocks(out, blocks);
                out.push_str("</blockquote>\n");
            }
            Block::Alert {
                kind,
                title,
                blocks,
            } => {
                let class = kind.title().to_ascii_lowercase();
                out.push_str(&format!("<div class=\"alert alert-{class}\">\n"));
                out.push_str("<p class=\"alert-title\">");
                push_text(out, title.as_deref().unwrap_or(kind.title()));
                out.push_str("</p>\n");
                self.blocks(out, blocks);
                out.push_str("</div>\n");
            }
            Block::Code { lang, text, .. } => {
                out.push_str("<pre class=\"code\"><code");
                if let Some(l) = lang.as_deref().filter(|l| !l.trim().is_empty()) {
                    out.push_str(" class=\"language-");
                    push_attr(out, &class_token(l));
                    out.push('"');
                }
                out.push('>');
                match lang
                    .as_deref()
                    .and_then(|l| crate::highlight::highlight(text, l))
                {
                    Some(lines) => self.highlighted(out, &lines),
                    None => push_text(out, text),
                }
                out.push_str("</code></pre>\n");
            }
            Block::Mermaid { source, pos } => self.mermaid(out, source, *pos),
            Block::Table(t) => self.table(out, t),
            Block::ThematicBreak => out.push_str("<hr/>\n"),
            Block::Math { source } => {
                self.warn_math();
                out.push_str("<pre class=\"math\"><code class=\"language-tex\">");
                push_text(out, source);
                out.push_str("</code></pre>\n");
            }
        }
    }

    fn blocks(&mut self, out: &mut String, blocks: &[Block]) {
        for b in blocks {
            self.block(out, b, false);
        }
    }

    fn list(&mut self, out: &mut String, start: Option<u64>, tight: bool, items: &[ListItem]) {
        let tag = if start.is_some() { "ol" } else { "ul" };
        let has_tasks = items.iter().any(|i| i.task.is_some());
        out.push('<');
        out.push_str(tag);
        if has_tasks {
            out.push_str(" class=\"task-list\"");
        }
        if let Some(s) = start.filter(|s| *s != 1) {
            out.push_str(&format!(" start=\"{s}\""));
        }
        out.push_str(">\n");
        for item in items {
            // A tight item with more than one paragraph keeps its <p>s (else they would run
            // together).
            let paragraphs = item
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::Paragraph { .. }))
                .count();
            let tight_here = tight && paragraphs <= 1;
            match item.task {
                Some(done) => {
                    out.push_str(if done {
                        "<li class=\"task done\">"
                    } else {
                        "<li class=\"task\">"
                    });
                    let mark = if done { '\u{2611}' } else { '\u{2610}' };
                    let box_html = format!("<span class=\"task-box\">{mark}</span> ");
                    match item.blocks.split_first() {
                        Some((Block::Paragraph { content, .. }, rest)) if tight_here => {
                            out.push_str(&box_html);
                            self.inlines(out, content);
                            for b in rest {
                                self.block(out, b, true);
                            }
                        }
                        Some((Block::Paragraph { content, .. }, rest)) => {
                            out.push_str("<p>");
                            out.push_str(&box_html);
                            self.inlines(out, content);
                            out.push_str("</p>\n");
                            self.blocks(out, rest);
                        }
                        _ => {
                            out.push_str(&box_html);
                            for b in &item.blocks {
                                self.block(out, b, tight_here);
                            }
                        }
                    }
                }
                None => {
                    out.push_str("<li>");
                    for b in &item.blocks {
                        self.block(out, b, tight_here);
                    }
                }
            }
            out.push_str("</li>\n");
        }
        out.push_str("</");
        out.push_str(tag);
        out.push_str(">\n");
    }

    /// A GFM table: `<thead>` with the header row, `<tbody>` with the rest, the delimiter
    /// row's alignment as `align-left|center|right` classes on every cell (none: no class,
    /// start), and `cols-many` (6–9 columns) or `cols-very-many` (10+) on the table.
    fn table(&mut self, out: &mut String, t: &Table) {
        let cols = t
            .alignments
            .len()
            .max(t.header.len())
            .max(t.rows.iter().map(|r| r.len()).max().unwrap_or(0));
        if cols == 0 {
            return;
        }
        let class = |i: usize| match t.alignments.get(i).copied().unwrap_or_default() {
            Align::None => "",
            Align::Left => " class=\"align-left\"",
            Align::Center => " class=\"align-center\"",
            Align::Right => " class=\"align-right\"",
        };
        // Many columns: a smaller font (templates/epub.css), so the cells can wrap without
        // the reader scrolling sideways.
        let size_class = match cols {
            0..=5 => "",
            6..=9 => " class=\"cols-many\"",
            _ => " class=\"cols-very-many\"",
        };
        out.push_str(&format!(
            "<div class=\"table-wrap\">\n<table{size_class}>\n<thead>\n<tr>"
        ));
        for i in 0..cols {
            out.push_str(&format!("<th{}>", class(i)));
            if let Some(c) = t.header.get(i) {
                self.inlines(out, c);
            }
            out.push_str("</th>");
        }
        out.push_str("</tr>\n</thead>\n");
        if !t.rows.is_empty() {
            out.push_str("<tbody>\n");
            for row in &t.rows {
                out.push_str("<tr>");
                for i in 0..cols {
                    out.push_str(&format!("<td{}>", class(i)));
                    if let Some(c) = row.get(i) {
                        self.inlines(out, c);
                    }
                    out.push_str("</td>");
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n");
        }
        out.push_str("</table>\n</div>\n");
    }

    fn inlines(&mut self, out: &mut String, inlines: &[Inline]) {
        for i in inlines {
            self.inline(out, i);
        }
    }

    fn inline(&mut self, out: &mut String, i: &Inline) {
        match i {
            Inline::Text(t) => push_text(out, t),
            Inline::Code(t) => {
                out.push_str("<code>");
                push_text(out, t);
                out.push_str("</code>");
            }
            Inline::Styled(style, content) => {
                let tag = match style {
                    Style::Emphasis => "em",
                    Style::Strong => "strong",
                    Style::Strikethrough => "del",
                    Style::Superscript => "sup",
                    Style::Subscript => "sub",
                    Style::Underline => "u",
                    Style::Mark => "mark",
                    Style::Kbd => "kbd",
                };
                out.push_str(&format!("<{tag}>"));
                self.inlines(out, content);
                out.push_str(&format!("</{tag}>"));
            }
            Inline::Lang(lang, content) => match valid_lang(lang) {
                Some(l) => {
                    out.push_str("<span xml:lang=\"");
                    push_attr(out, &l);
                    out.push_str("\" lang=\"");
                    push_attr(out, &l);
                    out.push_str("\">");
                    self.inlines(out, content);
                    out.push_str("</span>");
                }
                None => self.inlines(out, content),
            },
            Inline::LineBreak => out.push_str("<br/>"),
            Inline::Link {
                url,
                title,
                content,
            } => self.link(out, url, title, content),
            Inline::Image {
                url,
                title,
                alt,
                pos,
            } => self.image(out, url, title, alt, *pos),
            Inline::FootnoteRef(n) => self.noteref(out, *n),
            Inline::Math(src) => {
                self.warn_math();
                out.push_str("<code class=\"math\">");
                push_text(out, src);
                out.push_str("</code>");
            }
        }
    }

    fn link(&mut self, out: &mut String, url: &str, title: &str, content: &[Inline]) {
        let href = if self.link_depth > 0 {
            None // HTML does not allow <a> inside <a>: keep the text only.
        } else {
            self.resolve_href(url)
        };
        match href {
            Some(h) => {
                out.push_str("<a href=\"");
                push_attr(out, &h);
                out.push('"');
                if !title.is_empty() {
                    out.push_str(" title=\"");
                    push_attr(out, title);
                    out.push('"');
                }
                out.push('>');
                self.link_depth += 1;
                self.inlines(out, content);
                self.link_depth -= 1;
                out.push_str("</a>");
            }
            None => {
                out.push_str("<span class=\"link\">");
                self.inlines(out, content);
                out.push_str("</span>");
            }
        }
    }

    /// The `href` to write for a Markdown link target, or `None` (with a warning) when it
    /// would not resolve inside the package.
    fn resolve_href(&mut self, url: &str) -> Option<String> {
        let url = url.trim();
        if let Some(frag) = url.strip_prefix('#') {
            let frag = percent_decode(frag);
            if let Some((file, id)) = self.ids.get(&frag) {
                return Some(if file == self.file {
                    format!("#{id}")
                } else if id.is_empty() {
                    file.clone()
                } else {
                    format!("{file}#{id}")
                });
            }
            if let Some(n) = frag
                .strip_prefix("fn-")
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|n| self.footnotes.contains(n))
            {
                return Some(format!("#fn-{n}"));
            }
            let (line, col) = crate::document::position_of_text(&self.doc.source, url);
            self.diags.warn(
                    line,
                    col,
                    format!(
                        "link to {} has no matching heading in this document; it is shown as plain text in the EPUB",
                    quote(url)
                ),
            );
            return None;
        }
        match url_scheme(url) {
            Some(s) if matches!(s.as_str(), "http" | "https" | "mailto" | "ftp" | "tel") => {
                Some(encode_url(url))
            }
            Some(s) => {
                let (line, col) = crate::document::position_of_text(&self.doc.source, url);
                self.diags.warn(
                    line,
                    col,
                    format!(
                        "link {} uses the unsupported scheme \"{s}:\"; it is shown as plain text in the EPUB",
                        quote(url)
                    ),
                );
                None
            }
            None => {
                if !url.is_empty() && !self.quiet_file_links {
                    let (line, col) = crate::document::position_of_text(&self.doc.source, url);
                    self.diags.warn(
                    line,
                    col,
                    format!(
                        "link to {} points at a file outside this EPUB; it is shown as plain text",
                            quote(url)
                        ),
                    );
                }
                None
            }
        }
    }

    fn noteref(&mut self, out: &mut String, n: u32) {
        if !self.footnotes.contains(&n) || self.link_depth > 0 {
            out.push_str(&format!("<sup class=\"noteref\">{n}</sup>"));
            return;
        }
        let count = self.fnrefs.entry(n).or_insert(0);
        *count += 1;
        let id = if *count == 1 {
            format!("fnref-{n}")
        } else {
            format!("fnref-{n}-{count}")
        };
        out.push_str(&format!(
            "<sup class=\"noteref\"><a epub:type=\"noteref\" href=\"#fn-{n}\" id=\"{id}\">{n}</a></sup>"
        ));
    }

    fn footnotes(&mut self, out: &mut String) {
        let doc = self.doc;
        if doc.footnotes.is_empty() {
            return;
        }
        out.push_str("<section class=\"footnotes\" epub:type=\"footnotes\">\n<hr class=\"footnotes-sep\"/>\n");
        for f in &doc.footnotes {
            let n = f.number;
            // The back link goes to the first reference, if there is one.
            let back = if self.fnrefs.contains_key(&n) {
                format!("<a class=\"fn-back\" href=\"#fnref-{n}\">{n}.</a> ")
            } else {
                format!("<span class=\"fn-back\">{n}.</span> ")
            };
            out.push_str(&format!(
                "<aside epub:type=\"footnote\" class=\"footnote\" id=\"fn-{n}\">\n"
            ));
            match f.blocks.split_first() {
                Some((Block::Paragraph { content, .. }, rest)) if lone_image(content).is_none() => {
                    out.push_str("<p>");
                    out.push_str(&back);
                    self.inlines(out, content);
                    out.push_str("</p>\n");
                    self.blocks(out, rest);
                }
                _ => {
                    out.push_str("<p>");
                    out.push_str(back.trim_end());
                    out.push_str("</p>\n");
                    self.blocks(out, &f.blocks);
                }
            }
            out.push_str("</aside>\n");
        }
        out.push_str("</section>\n");
    }

    fn warn_math(&mut self) {
        if !self.warned_math {
            self.warned_math = true;
            self.diags.warn(
                0,
                0,
                "math shown as its TeX source in the EPUB: math rendering is not available yet",
            );
        }
    }

    /// Headings of the two highest levels used in the body, nested.
    fn toc(&self) -> Vec<TocEntry> {
        let heads: Vec<(u8, String, String)> = self
            .doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading {
                    level, id, content, ..
                } => {
                    let title = Inline::plain_text(content).trim().to_string();
                    let id = self.heading_id(id)?;
                    (!title.is_empty()).then_some((*level, id, clean_text(&title)))
                }
                _ => None,
            })
            .collect();
        let Some(top) = heads.iter().map(|h| h.0).min() else {
            return Vec::new();
        };
        let mut toc: Vec<TocEntry> = Vec::new();
        for (level, id, title) in heads {
            let e = TocEntry {
                id,
                title,
                children: Vec::new(),
            };
            if level == top {
                toc.push(e);
            } else if level == top + 1 {
                match toc.last_mut() {
                    Some(parent) => parent.children.push(e),
                    None => toc.push(e),
                }
            }
        }
        toc
    }
}

/// The image of a paragraph that holds only an image (and whitespace).
fn lone_image(content: &[Inline]) -> Option<&Inline> {
    let mut found = None;
    for i in content {
        match i {
            Inline::Image { .. } if found.is_none() => found = Some(i),
            Inline::Text(t) if t.trim().is_empty() => {}
            _ => return None,
        }
    }
    found
}

/// Ids the chapter writes itself (footnotes); a heading with such an id is renamed.
fn is_reserved_id(id: &str) -> bool {
    id.starts_with("fn-") || id.starts_with("fnref-")
}

mod media;
mod xml;

use xml::*;
pub(crate) use xml::{clean_text, is_xml_name, push_attr, push_text, valid_lang};
