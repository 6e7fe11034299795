//! Block flow: [`Document`] blocks → [`Fragment`]s (paragraphs, headings, rules; the other
//! block kinds have a file each), in reading order.

use super::fragment::Fragment;
use super::inline::{
    FontChoice, InlineColors, LineAlign, LineBox, RichText, TextStyle, flatten, layout_lines,
};
use super::*;
use crate::diagnostics::{Diagnostics, quote};
use crate::document::{AlertKind, Block, Inline};
use crate::fonts::{Pt, Shaper, Weight};
use crate::theme::{Rgb, Theme};
use std::path::PathBuf;

pub(super) struct Flow<'a> {
    pub(super) theme: Theme,
    /// Markdown source of the document being laid out (to find positions for warnings).
    pub(super) source: std::sync::Arc<str>,
    /// Prefix of footnote keys (`c3-` in chapter 3 of a book), so anchors stay unique.
    pub(super) note_prefix: String,
    pub(super) fonts: FontChoice,
    pub(super) shaper: &'a mut Shaper,
    pub(super) diags: &'a mut Diagnostics,
    pub(super) lang: String,
    pub(super) source_dir: PathBuf,
    pub(super) resources: crate::resource::ResourcePolicy,
    pub(super) frags: Vec<Fragment>,
    pub(super) text_offset: usize,
}

impl<'a> Flow<'a> {
    /// An empty flow for a document (or a book) in `lang`.
    pub(super) fn new(
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
            resources: opts.resources.clone(),
            frags: Vec::new(),
            text_offset: 0,
            source,
        }
    }
}

impl Flow<'_> {
    pub(super) fn base_style(&self) -> TextStyle {
        TextStyle::plain(self.theme.body_size, self.theme.text, &self.lang)
    }

    pub(super) fn colors(&self) -> InlineColors {
        InlineColors {
            link: self.theme.link,
            note_prefix: self.note_prefix.clone(),
        }
    }

    /// Adds lines as fragments; the first gets `space_before`. For paragraphs (`para`) the
    /// first two and the last two lines stay together, so no single line is left alone at
    /// the foot or the head of a page (no orphans, no widows).
    pub(super) fn push_lines(
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

    pub(super) fn rich(&self, inlines: &[Inline], style: &TextStyle) -> RichText {
        let mut r = RichText::default();
        flatten(inlines, style, &self.colors(), &mut r);
        r
    }

    pub(super) fn lines(
        &mut self,
        rich: &RichText,
        x: Pt,
        w: Pt,
        align: LineAlign,
    ) -> Vec<LineBox> {
        self.lines_with(rich, x, w, align, false, self.theme.line_height)
    }

    pub(super) fn lines_with(
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

    pub(super) fn rule(&mut self, x: Pt, w: Pt, space_before: Pt, color: Rgb, width: Pt) {
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

    pub(super) fn gap(&self) -> Pt {
        self.theme.body_size * self.theme.paragraph_gap
    }

    pub(super) fn blocks(&mut self, blocks: &[Block], x: Pt, w: Pt, depth: usize) {
        for (i, b) in blocks.iter().enumerate() {
            let space = if i == 0 && depth > 0 { 0.0 } else { self.gap() };
            self.block(b, x, w, space, depth);
        }
    }

    pub(super) fn block(&mut self, b: &Block, x: Pt, w: Pt, space: Pt, depth: usize) {
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
}

/// Says what running text cannot show as written: images inside a line (shown as their
/// alt text) and links with a scheme a PDF must not carry (`javascript:`, `data:`, …; shown
/// as plain text). `source` finds the link's line.
pub(super) fn warn_inline_issues(content: &[Inline], source: &str, diags: &mut Diagnostics) {
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
pub(super) fn only_images(content: &[Inline]) -> Option<Vec<&Inline>> {
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
