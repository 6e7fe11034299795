//! Inline layout: a paragraph's inlines → styled runs → shaped glyphs → lines.
//!
//! Each style run is shaped once (rustybuzz, language set); line-break opportunities come
//! from [`crate::text::segments`] over the whole paragraph, and lines are filled greedily
//! with the shaped advances. White space at a line end does not count against the width
//! (CSS Text 3 §4.1.3 "hang"). A segment wider than the line is split between clusters, so
//! no line ever runs past its box.

use std::ops::Range;

use super::{Item, LinkTarget};
use crate::document::{Inline, Style};
use crate::fonts::{FaceKey, Pt, Region, ShapedGlyph, Shaper, Weight};
use crate::text::segments;
use crate::theme::Rgb;

/// Widths equal within this tolerance fit (sums of shaped advances are not exact).
const EPSILON_PT: Pt = 0.01;

/// The look of a run of text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// Font size, pt.
    pub size: Pt,
    /// Regular or Bold collection.
    pub weight: Weight,
    /// Monospaced (code) face.
    pub mono: bool,
    /// Slanted rendering (synthetic oblique for Latin emphasis).
    pub italic: bool,
    /// Fill colour.
    pub color: Rgb,
    /// Underline.
    pub underline: bool,
    /// Line through.
    pub strike: bool,
    /// Highlight background (`<mark>`).
    pub mark: bool,
    /// Inline code background.
    pub code_bg: bool,
    /// Keycap frame (`<kbd>`).
    pub kbd: bool,
    /// Baseline shift, pt, up positive (superscript).
    pub rise: Pt,
    /// Link target of the run.
    pub link: Option<LinkTarget>,
    /// BCP 47 language used for shaping and face choice.
    pub lang: String,
    /// Anchor id placed at this run (footnote reference back-link target).
    pub anchor: Option<String>,
}

impl TextStyle {
    /// Plain text of `size` in `lang`.
    pub fn plain(size: Pt, color: Rgb, lang: &str) -> TextStyle {
        TextStyle {
            size,
            weight: Weight::Regular,
            mono: false,
            italic: false,
            color,
            underline: false,
            strike: false,
            mark: false,
            code_bg: false,
            kbd: false,
            rise: 0.0,
            link: None,
            lang: lang.to_string(),
            anchor: None,
        }
    }

    /// The face this style draws with.
    pub fn face(&self) -> FaceKey {
        FaceKey {
            weight: self.weight,
            region: Region::from_lang(&self.lang),
            mono: self.mono,
        }
    }
}

/// Text of a paragraph with one style per byte range.
#[derive(Debug, Default, Clone)]
pub struct RichText {
    /// The characters; `\n` marks a hard line break.
    pub text: String,
    /// Style runs covering `text` in order.
    pub runs: Vec<(Range<usize>, TextStyle)>,
}

impl RichText {
    /// Appends text in a style, merging with the previous run when the style is equal.
    pub fn push(&mut self, s: &str, style: &TextStyle) {
        if s.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(s);
        let end = self.text.len();
        if let Some((r, st)) = self.runs.last_mut() {
            if st == style
                && r.end == start
                && !s.contains('\n')
                && !self.text[r.clone()].contains('\n')
            {
                r.end = end;
                return;
            }
        }
        self.runs.push((start..end, style.clone()));
    }
}

/// Colours used when turning inlines into styles.
#[derive(Debug, Clone, Copy)]
pub struct InlineColors {
    /// Links.
    pub link: Rgb,
}

/// Flattens inlines into [`RichText`] starting from `base`. Images inside text become
/// their alt text in brackets (block images are handled by the block layout).
pub fn flatten(inlines: &[Inline], base: &TextStyle, colors: InlineColors, out: &mut RichText) {
    for i in inlines {
        match i {
            Inline::Text(t) => out.push(t, base),
            Inline::Code(t) | Inline::Math(t) => {
                let mut s = base.clone();
                s.mono = true;
                s.code_bg = true;
                s.size = base.size * 0.92;
                out.push(t, &s);
            }
            Inline::Styled(st, c) => {
                let mut s = base.clone();
                match st {
                    Style::Emphasis => s.italic = true,
                    Style::Strong => s.weight = Weight::Bold,
                    Style::Strikethrough => s.strike = true,
                    Style::Underline => s.underline = true,
                    Style::Mark => s.mark = true,
                    Style::Kbd => {
                        s.kbd = true;
                        s.mono = true;
                        s.size = base.size * 0.9;
                    }
                    Style::Superscript => {
                        s.size = base.size * 0.7;
                        s.rise = base.rise + base.size * 0.35;
                    }
                    Style::Subscript => {
                        s.size = base.size * 0.7;
                        s.rise = base.rise - base.size * 0.15;
                    }
                }
                flatten(c, &s, colors, out);
            }
            Inline::Lang(l, c) => {
                let mut s = base.clone();
                s.lang = l.clone();
                flatten(c, &s, colors, out);
            }
            Inline::LineBreak => out.push("\n", base),
            Inline::Link { url, content, .. } => {
                let mut s = base.clone();
                s.color = colors.link;
                s.link = Some(match url.strip_prefix('#') {
                    Some(id) => LinkTarget::Anchor(id.to_string()),
                    None => LinkTarget::Uri(url.clone()),
                });
                flatten(content, &s, colors, out);
            }
            Inline::Image { alt, .. } => {
                let label = if alt.is_empty() { "image" } else { alt };
                out.push(&format!("[{label}]"), base);
            }
            Inline::FootnoteRef(n) => {
                let mut s = base.clone();
                s.size = base.size * 0.7;
                s.rise = base.rise + base.size * 0.35;
                s.color = colors.link;
                s.link = Some(LinkTarget::Anchor(format!("fn-{n}")));
                s.anchor = Some(format!("fnref-{n}"));
                out.push(&n.to_string(), &s);
            }
        }
    }
}

/// Horizontal alignment of lines in their box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineAlign {
    /// Flush left.
    Start,
    /// Centred.
    Center,
    /// Flush right.
    End,
}

/// One laid-out line: items with `y` relative to the line's top.
#[derive(Debug, Clone)]
pub struct LineBox {
    /// Line height, pt.
    pub height: Pt,
    /// Baseline from the line's top, pt.
    pub baseline: Pt,
    /// Natural width of the content (without hanging white space), pt.
    pub width: Pt,
    /// Drawing items (x absolute, y relative to the line top).
    pub items: Vec<Item>,
    /// Anchor ids placed on this line.
    pub anchors: Vec<String>,
}

struct ShapedRun {
    range: Range<usize>,
    style: usize,
    glyphs: Vec<ShapedGlyph>,
}

#[derive(Clone)]
struct Piece {
    run: usize,
    glyphs: Range<usize>,
    width: Pt,
}

/// Lays out rich text into lines at most `width` wide starting at page x `x`.
/// `line_height` is the multiple of each line's largest size.
pub fn layout_lines(
    rich: &RichText,
    shaper: &mut Shaper,
    x: Pt,
    width: Pt,
    line_height: f32,
    align: LineAlign,
    text_offset: usize,
) -> Vec<LineBox> {
    let styles: Vec<&TextStyle> = rich.runs.iter().map(|(_, s)| s).collect();
    let runs: Vec<ShapedRun> = rich
        .runs
        .iter()
        .enumerate()
        .map(|(i, (r, st))| {
            let t = &rich.text[r.clone()];
            let glyphs = if t == "\n" {
                Vec::new()
            } else {
                shaper.shape(st.face(), t, &st.lang, text_offset + r.start)
            };
            ShapedRun {
                range: r.clone(),
                style: i,
                glyphs,
            }
        })
        .collect();

    // Pieces of each segment, in order.
    let segs = segments(&rich.text);
    let mut cursors = vec![0usize; runs.len()];
    let mut lines: Vec<Vec<Piece>> = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut cur_width: Pt = 0.0; // including trailing space of the last piece
    let width = width.max(1.0);
    for seg in &segs {
        let mut pieces = Vec::new();
        for (ri, run) in runs.iter().enumerate() {
            if run.range.end <= seg.range.start || run.range.start >= seg.range.end {
                continue;
            }
            let st = styles[run.style];
            let start = cursors[ri];
            let mut end = start;
            let mut w = 0.0;
            while end < run.glyphs.len()
                && run.range.start + run.glyphs[end].range.start < seg.range.end
            {
                w += run.glyphs[end].x_advance * st.size;
                end += 1;
            }
            cursors[ri] = end;
            if end > start {
                pieces.push(Piece {
                    run: ri,
                    glyphs: start..end,
                    width: w,
                });
            }
        }
        let seg_text = &rich.text[seg.range.clone()];
        let trimmed = seg_text.trim_end();
        let hang = if trimmed.len() < seg_text.len() {
            trailing_space_width(&pieces, &runs, &styles, &rich.text)
        } else {
            0.0
        };
        let seg_width: Pt = pieces.iter().map(|p| p.width).sum();
        if !current.is_empty() && cur_width + seg_width - hang > width + EPSILON_PT {
            lines.push(std::mem::take(&mut current));
            cur_width = 0.0;
        }
        if current.is_empty() && seg_width - hang > width + EPSILON_PT {
            // Emergency break between clusters (a long URL, a CJK run with no opportunity).
            for p in split_clusters(&pieces, &runs, &styles) {
                if !current.is_empty() && cur_width + p.width > width + EPSILON_PT {
                    lines.push(std::mem::take(&mut current));
                    cur_width = 0.0;
                }
                cur_width += p.width;
                current.push(p);
            }
        } else {
            cur_width += seg_width;
            current.extend(pieces);
        }
        if seg.mandatory {
            lines.push(std::mem::take(&mut current));
            cur_width = 0.0;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }

    let base_size = styles.first().map_or(10.0, |s| s.size);
    lines
        .into_iter()
        .map(|pieces| {
            emit_line(
                &pieces,
                &runs,
                &styles,
                &rich.text,
                x,
                width,
                line_height,
                align,
                base_size,
            )
        })
        .collect()
}

fn trailing_space_width(
    pieces: &[Piece],
    runs: &[ShapedRun],
    styles: &[&TextStyle],
    text: &str,
) -> Pt {
    let mut w = 0.0;
    for p in pieces.iter().rev() {
        let run = &runs[p.run];
        for g in run.glyphs[p.glyphs.clone()].iter().rev() {
            let a = run.range.start + g.range.start;
            let b = run.range.start + g.range.end;
            if text[a..b].chars().all(char::is_whitespace) {
                w += g.x_advance * styles[run.style].size;
            } else {
                return w;
            }
        }
    }
    w
}

/// Splits pieces into one piece per cluster.
fn split_clusters(pieces: &[Piece], runs: &[ShapedRun], styles: &[&TextStyle]) -> Vec<Piece> {
    let mut out = Vec::new();
    for p in pieces {
        let run = &runs[p.run];
        let size = styles[run.style].size;
        let mut i = p.glyphs.start;
        while i < p.glyphs.end {
            let cluster = run.glyphs[i].range.start;
            let mut j = i;
            let mut w = 0.0;
            while j < p.glyphs.end && run.glyphs[j].range.start == cluster {
                w += run.glyphs[j].x_advance * size;
                j += 1;
            }
            out.push(Piece {
                run: p.run,
                glyphs: i..j,
                width: w,
            });
            i = j;
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn emit_line(
    pieces: &[Piece],
    runs: &[ShapedRun],
    styles: &[&TextStyle],
    text: &str,
    x: Pt,
    width: Pt,
    line_height: f32,
    align: LineAlign,
    base_size: Pt,
) -> LineBox {
    let max_size = pieces
        .iter()
        .map(|p| styles[runs[p.run].style].size)
        .fold(base_size, f32::max);
    let height = max_size * line_height;
    let baseline = (height - max_size) / 2.0 + max_size * 0.88;
    let natural: Pt = pieces.iter().map(|p| p.width).sum::<Pt>()
        - trailing_space_width(pieces, runs, styles, text);
    let mut cx = x + match align {
        LineAlign::Start => 0.0,
        LineAlign::Center => ((width - natural) / 2.0).max(0.0),
        LineAlign::End => (width - natural).max(0.0),
    };
    let mut items = Vec::new();
    let mut anchors = Vec::new();
    // Merge adjacent pieces of the same run into one glyph item.
    let mut k = 0;
    while k < pieces.len() {
        let run_i = pieces[k].run;
        let mut glyphs = pieces[k].glyphs.clone();
        let mut w = pieces[k].width;
        let mut m = k + 1;
        while m < pieces.len() && pieces[m].run == run_i && pieces[m].glyphs.start == glyphs.end {
            glyphs.end = pieces[m].glyphs.end;
            w += pieces[m].width;
            m += 1;
        }
        k = m;
        let run = &runs[run_i];
        let st = styles[run.style];
        let gs = &run.glyphs[glyphs.clone()];
        if gs.is_empty() {
            continue;
        }
        let t0 = gs.iter().map(|g| g.range.start).min().unwrap_or(0);
        let t1 = gs.iter().map(|g| g.range.end).max().unwrap_or(0);
        let abs0 = run.range.start + t0;
        let abs1 = run.range.start + t1;
        let piece_text = &text[abs0..abs1];
        // Visible width: without trailing spaces (for decorations).
        let vis_w = {
            let mut tw = 0.0;
            for g in gs.iter().rev() {
                let a = run.range.start + g.range.start;
                let b = run.range.start + g.range.end;
                if text[a..b].chars().all(char::is_whitespace) {
                    tw += g.x_advance * st.size;
                } else {
                    break;
                }
            }
            w - tw
        };
        let base_y = baseline - st.rise;
        if st.mark {
            items.push(Item::Rect {
                x: cx,
                y: base_y - st.size * 0.95,
                w: vis_w,
                h: st.size * 1.2,
                fill: Some(Rgb(0xff, 0xf0, 0x8a)),
                stroke: None,
            });
        }
        if st.code_bg {
            items.push(Item::Rect {
                x: cx - 1.0,
                y: base_y - st.size * 0.95,
                w: vis_w + 2.0,
                h: st.size * 1.2,
                fill: Some(Rgb(0xf0, 0xf1, 0xf3)),
                stroke: None,
            });
        }
        if st.kbd {
            items.push(Item::Rect {
                x: cx - 1.5,
                y: base_y - st.size * 0.95,
                w: vis_w + 3.0,
                h: st.size * 1.25,
                fill: Some(Rgb(0xf7, 0xf7, 0xf7)),
                stroke: Some((Rgb(0x99, 0x99, 0x99), 0.5)),
            });
        }
        items.push(Item::Glyphs {
            x: cx,
            y: base_y,
            face: st.face(),
            size: st.size,
            glyphs: gs
                .iter()
                .map(|g| ShapedGlyph {
                    range: (g.range.start - t0)..(g.range.end - t0),
                    ..g.clone()
                })
                .collect(),
            text: piece_text.to_string(),
            color: st.color,
            italic: st.italic,
        });
        if st.underline {
            items.push(Item::Line {
                x1: cx,
                y1: base_y + st.size * 0.12,
                x2: cx + vis_w,
                y2: base_y + st.size * 0.12,
                color: st.color,
                width: st.size * 0.05,
            });
        }
        if st.strike {
            items.push(Item::Line {
                x1: cx,
                y1: base_y - st.size * 0.3,
                x2: cx + vis_w,
                y2: base_y - st.size * 0.3,
                color: st.color,
                width: st.size * 0.05,
            });
        }
        if let Some(target) = &st.link {
            items.push(Item::Link {
                x: cx,
                y: base_y - st.size * 0.95,
                w: vis_w.max(1.0),
                h: st.size * 1.2,
                target: target.clone(),
            });
        }
        if let Some(a) = &st.anchor {
            anchors.push(a.clone());
        }
        cx += w;
    }
    LineBox {
        height,
        baseline,
        width: natural,
        items,
        anchors,
    }
}

/// The natural (unbroken) width and the widest unbreakable piece of rich text, pt: the
/// max-content and min-content widths of CSS automatic table layout.
pub fn measure(rich: &RichText, shaper: &mut Shaper) -> (Pt, Pt) {
    let mut max_line: Pt = 0.0;
    let mut cur_line: Pt = 0.0;
    let mut min_piece: Pt = 0.0;
    let mut widths = vec![0.0f32; rich.text.len() + 1];
    for (r, st) in &rich.runs {
        let t = &rich.text[r.clone()];
        if t == "\n" {
            continue;
        }
        for g in shaper.shape(st.face(), t, &st.lang, r.start) {
            widths[r.start + g.range.start] += g.x_advance * st.size;
        }
    }
    for seg in segments(&rich.text) {
        let w: Pt = widths[seg.range.clone()].iter().sum();
        let seg_text = &rich.text[seg.range.clone()];
        let trimmed_len = seg_text.trim_end().len();
        let trail: Pt = widths[seg.range.start + trimmed_len..seg.range.end]
            .iter()
            .sum();
        min_piece = min_piece.max(w - trail);
        cur_line += w;
        max_line = max_line.max(cur_line - trail);
        if seg.mandatory {
            cur_line = 0.0;
        }
    }
    (max_line, min_piece)
}
