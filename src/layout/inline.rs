//! Inline layout: a paragraph's inlines → styled runs → shaped glyphs → lines.
//!
//! Each style run is shaped once (rustybuzz, language set); line-break opportunities come
//! from [`crate::text::segments`] over the whole paragraph, and lines are filled greedily
//! with the shaped advances. White space at a line end does not count against the width
//! (CSS Text 3 §4.1.3 "hang"). A segment wider than the line is split between clusters, so
//! no line ever runs past its box.

use std::ops::Range;

use super::{Item, LinkTarget};
use crate::document::text::{is_cjk_no_space, is_han, is_hangul, is_kana};
use crate::document::{Inline, Style};
use crate::fonts::{FaceKey, Pt, Region, ShapedGlyph, Shaper, Weight, is_default_ignorable};
use crate::text::{Segment, is_line_end_prohibited, is_line_start_prohibited, segments_with};
use crate::theme::Rgb;
use unicode_segmentation::UnicodeSegmentation;

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
    /// Heading text (drawn in the theme's heading face when it has one).
    pub heading: bool,
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
            heading: false,
        }
    }

    /// The bundled face for CJK text in this style (the document language's region).
    pub fn face(&self) -> FaceKey {
        FaceKey::bundled(self.weight, Region::from_lang(&self.lang), self.mono)
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
    /// A `\n` becomes a hard line break (a run of its own); tabs become spaces and other
    /// control characters are dropped (no font draws them).
    pub fn push(&mut self, s: &str, style: &TextStyle) {
        if s.is_empty() {
            return;
        }
        if s != "\n" && s.chars().any(char::is_control) {
            let mut parts = s.split('\n').peekable();
            while let Some(part) = parts.next() {
                let clean: String = part
                    .chars()
                    .filter_map(|c| match c {
                        '\t' => Some(' '),
                        c if c.is_control() => None,
                        c => Some(c),
                    })
                    .collect();
                self.push(&clean, style);
                if parts.peek().is_some() {
                    self.push("\n", style);
                }
            }
            return;
        }
        let start = self.text.len();
        self.text.push_str(s);
        let end = self.text.len();
        if let Some((r, st)) = self.runs.last_mut()
            && st == style
            && r.end == start
            && !s.contains('\n')
            && !self.text[r.clone()].contains('\n')
        {
            r.end = end;
            return;
        }
        self.runs.push((start..end, style.clone()));
    }
}

/// Colours used when turning inlines into styles.
#[derive(Debug, Clone)]
pub struct InlineColors {
    /// Links.
    pub link: Rgb,
    /// Prefix of footnote anchors (`fn-{prefix}{n}`), unique per chapter in a book.
    pub note_prefix: String,
}

/// Flattens inlines into [`RichText`] starting from `base`. Images inside text become
/// their alt text in brackets (block images are handled by the block layout).
pub fn flatten(inlines: &[Inline], base: &TextStyle, colors: &InlineColors, out: &mut RichText) {
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
            Inline::Link { url, content, .. } if !crate::document::is_safe_url(url) => {
                flatten(content, base, colors, out);
            }
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
                let key = format!("{}{n}", colors.note_prefix);
                s.link = Some(LinkTarget::Anchor(format!("fn-{key}")));
                s.anchor = Some(format!("fnref-{key}"));
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
    /// The line's text (for kinsoku checks and tests).
    pub text: String,
    /// The line starts where the line breaker chose to break (not at the start of the
    /// paragraph or after a hard break): the place kinsoku rules apply to.
    pub soft_start: bool,
}

/// Faces the theme chose instead of the bundled ones, as (regular, bold) pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FontChoice {
    /// Face for CJK text; `None`: the bundled face of the text's language.
    pub cjk: Option<(FaceKey, FaceKey)>,
    /// Face for Latin letters, digits and their punctuation; `None`: the bundled faces'
    /// Latin glyphs, shaped as Latin (proportional quotes).
    pub latin: Option<(FaceKey, FaceKey)>,
    /// Face for code; `None`: the bundled Noto Sans Mono CJK face.
    pub mono: Option<(FaceKey, FaceKey)>,
    /// Face for headings (all scripts); `None`: as body text.
    pub heading: Option<(FaceKey, FaceKey)>,
}

/// Script class of a character for face choice (UAX #24 simplified to what typesetting
/// needs: CJK, Latin-like, and neutral characters that join their neighbours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Latin,
    /// Spaces, punctuation and symbols: take the class of the preceding character.
    Common,
    /// Opening quotes and brackets: take the class of the following character.
    Opener,
}

fn class_of(c: char) -> Class {
    if is_cjk_no_space(c) || is_hangul(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Latin
    } else if matches!(c, '“' | '‘' | '(' | '[' | '{' | '«' | '"' | '\'') {
        Class::Opener
    } else {
        Class::Common
    }
}

/// JLREQ §3.2.4 / CSS `text-autospace`: a quarter em between an ideograph or kana and a
/// Latin letter or digit (not next to punctuation, not where a space already is).
pub fn wants_autospace(a: char, b: char) -> bool {
    let ideo = |c: char| is_han(c) || is_kana(c);
    let latin = |c: char| {
        c.is_ascii_alphanumeric() || (c.is_alphabetic() && !is_cjk_no_space(c) && !is_hangul(c))
    };
    (ideo(a) && latin(b)) || (latin(a) && ideo(b))
}

/// Extra advance of [`wants_autospace`], em.
pub const AUTOSPACE_EM: f32 = 0.25;

struct ShapedRun {
    /// Byte range in the paragraph text.
    range: Range<usize>,
    /// Index into the style runs.
    style: usize,
    face: FaceKey,
    italic: bool,
    glyphs: Vec<ShapedGlyph>,
}

#[derive(Clone)]
struct Piece {
    run: usize,
    glyphs: Range<usize>,
    width: Pt,
}

/// Splits style runs by face: CJK text in the CJK face of its language, Latin text in the
/// Latin face (shaped as Latin), code in the mono face, and any character a face lacks in
/// the first face that has it (bundled, then system fonts).
fn itemize(
    rich: &RichText,
    shaper: &mut Shaper,
    fonts: &FontChoice,
) -> Vec<(Range<usize>, usize, FaceKey, String, bool)> {
    let mut out = Vec::new();
    for (si, (r, st)) in rich.runs.iter().enumerate() {
        let t = &rich.text[r.clone()];
        if t == "\n" {
            out.push((r.clone(), si, st.face(), st.lang.clone(), false));
            continue;
        }
        let bold = st.weight == Weight::Bold;
        let pick = |pair: Option<(FaceKey, FaceKey)>| pair.map(|(rg, b)| if bold { b } else { rg });
        let cjk_lang = matches!(
            Region::from_lang(&st.lang),
            Region::Kr | Region::Sc | Region::Tc | Region::Hk
        ) || st.lang.starts_with("ja");
        let latin_lang = if cjk_lang {
            "en".to_string()
        } else {
            st.lang.clone()
        };
        let chars: Vec<(usize, char)> = t.char_indices().collect();
        // Resolve neutral characters to a strong neighbour's class.
        let mut classes: Vec<Class> = chars.iter().map(|&(_, c)| class_of(c)).collect();
        let mut last = None;
        for cl in classes.iter_mut() {
            match *cl {
                Class::Cjk | Class::Latin => last = Some(*cl),
                Class::Common => {
                    if let Some(l) = last {
                        *cl = l
                    }
                }
                Class::Opener => {}
            }
        }
        let mut next = None;
        for cl in classes.iter_mut().rev() {
            match *cl {
                Class::Cjk | Class::Latin => next = Some(*cl),
                _ => {
                    *cl = next
                        .or(last)
                        .unwrap_or(if cjk_lang { Class::Cjk } else { Class::Latin })
                }
            }
        }
        let preferred_for = |latin: bool| {
            if st.mono {
                pick(fonts.mono).unwrap_or_else(|| st.face())
            } else if let Some(h) = pick(fonts.heading).filter(|_| st.heading) {
                h
            } else if latin {
                pick(fonts.latin)
                    .or(pick(fonts.cjk))
                    .unwrap_or_else(|| FaceKey::bundled(st.weight, Region::Jp, false))
            } else {
                pick(fonts.cjk).unwrap_or_else(|| st.face())
            }
        };
        // An emoji cluster (ZWJ sequence, skin tone, flag, keycap) stays whole in the emoji
        // face and in one class, so it is shaped as one glyph.
        let mut whole: Vec<Option<FaceKey>> = vec![None; chars.len()];
        let mut k0 = 0;
        for g in t.graphemes(true) {
            let n = g.chars().count();
            let cl = classes[k0];
            if let Some(f) = shaper.emoji_cluster_face(preferred_for(cl == Class::Latin), g) {
                whole[k0..k0 + n].fill(Some(f));
                classes[k0..k0 + n].fill(cl);
            }
            k0 += n;
        }
        let mut cur: Option<(usize, FaceKey, bool)> = None; // start, face, latin
        for (k, &(off, c)) in chars.iter().enumerate() {
            let latin = classes[k] == Class::Latin;
            let preferred = preferred_for(latin);
            let face = if let Some(f) = whole[k] {
                f
            } else if c.is_control() || is_default_ignorable(c) {
                cur.map(|(_, f, _)| f).unwrap_or(preferred)
            } else if shaper.has_glyph(preferred, c) {
                preferred
            } else {
                shaper.fallback(preferred, c).unwrap_or(preferred)
            };
            match cur {
                Some((_, f, l)) if f == face && l == latin => {}
                Some((start, f, l)) => {
                    let lang = if l && !st.mono {
                        latin_lang.clone()
                    } else {
                        st.lang.clone()
                    };
                    out.push((r.start + start..r.start + off, si, f, lang, l));
                    cur = Some((off, face, latin));
                }
                None => cur = Some((off, face, latin)),
            }
        }
        if let Some((start, f, l)) = cur {
            let lang = if l && !st.mono {
                latin_lang.clone()
            } else {
                st.lang.clone()
            };
            out.push((r.start + start..r.end, si, f, lang, l));
        }
    }
    out
}

/// Shapes the runs of a paragraph and adds the CJK–Latin quarter-em spaces.
fn shape_runs(
    rich: &RichText,
    shaper: &mut Shaper,
    fonts: &FontChoice,
    text_offset: usize,
) -> Vec<ShapedRun> {
    let mut runs: Vec<ShapedRun> = itemize(rich, shaper, fonts)
        .into_iter()
        .map(|(range, style, face, lang, latin)| {
            let st = &rich.runs[style].1;
            let t = &rich.text[range.clone()];
            let glyphs = if t == "\n" {
                Vec::new()
            } else {
                shaper.shape(face, t, &lang, text_offset + range.start)
            };
            ShapedRun {
                range,
                style,
                face,
                italic: st.italic && latin,
                glyphs,
            }
        })
        .collect();
    for run in &mut runs {
        if rich.runs[run.style].1.mono {
            continue;
        }
        let base = run.range.start;
        for g in &mut run.glyphs {
            let end = base + g.range.end;
            let a = rich.text[..end].chars().next_back();
            let b = rich.text[end..].chars().next();
            if let (Some(a), Some(b)) = (a, b)
                && wants_autospace(a, b)
            {
                g.x_advance += AUTOSPACE_EM;
            }
        }
    }
    runs
}

/// Lays out rich text into lines at most `width` wide starting at page x `x`.
///
/// `line_height` is the multiple of each line's largest size; `justify` spreads all but the
/// last line to the full width (CJK: between characters, Latin: between words), never
/// squeezing below the natural width.
#[allow(clippy::too_many_arguments)]
pub fn layout_lines(
    rich: &RichText,
    shaper: &mut Shaper,
    fonts: &FontChoice,
    x: Pt,
    width: Pt,
    line_height: f32,
    align: LineAlign,
    justify: bool,
    text_offset: usize,
) -> Vec<LineBox> {
    let styles: Vec<&TextStyle> = rich.runs.iter().map(|(_, s)| s).collect();
    let runs = shape_runs(rich, shaper, fonts, text_offset);
    let keep_all = styles
        .first()
        .is_some_and(|s| Region::from_lang(&s.lang) == Region::Kr);
    let segs = segments_with(&rich.text, keep_all);
    let width = width.max(1.0);

    // Pieces of each segment, in order.
    let mut cursors = vec![0usize; runs.len()];
    let mut lines: Vec<(Vec<Piece>, bool)> = Vec::new(); // pieces, ends paragraph or hard break
    let mut current: Vec<Piece> = Vec::new();
    let mut cur_width: Pt = 0.0; // including trailing space of the last piece
    for seg in &segs {
        let pieces = seg_pieces(seg, &runs, &styles, &mut cursors);
        let seg_text = &rich.text[seg.range.clone()];
        let hang = if seg_text.trim_end().len() < seg_text.len() {
            trailing_space_width(&pieces, &runs, &styles, &rich.text)
        } else {
            0.0
        };
        let seg_width: Pt = pieces.iter().map(|p| p.width).sum();
        if !current.is_empty() && cur_width + seg_width - hang > width + EPSILON_PT {
            lines.push((std::mem::take(&mut current), false));
            cur_width = 0.0;
        }
        if current.is_empty() && seg_width - hang > width + EPSILON_PT {
            // Emergency break between clusters (a long URL or word), still honouring
            // kinsoku where the clusters allow it.
            for p in split_clusters(&pieces, &runs, &styles) {
                if !current.is_empty() && cur_width + p.width > width + EPSILON_PT {
                    let mut carry = Vec::new();
                    let first = piece_first_char(&p, &runs, &rich.text);
                    while current.len() > 1
                        && (first.is_some_and(is_line_start_prohibited) && carry.is_empty()
                            || piece_last_char(
                                current.last().expect("non-empty"),
                                &runs,
                                &rich.text,
                            )
                            .is_some_and(is_line_end_prohibited))
                    {
                        carry.insert(0, current.pop().expect("non-empty"));
                        if carry.len() >= 3 {
                            break;
                        }
                    }
                    lines.push((std::mem::take(&mut current), false));
                    cur_width = carry.iter().map(|c| c.width).sum();
                    current = carry;
                }
                cur_width += p.width;
                current.push(p);
            }
        } else {
            cur_width += seg_width;
            current.extend(pieces);
        }
        if seg.mandatory {
            lines.push((std::mem::take(&mut current), true));
            cur_width = 0.0;
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push((current, true));
    }
    if let Some(last) = lines.last_mut() {
        last.1 = true;
    }

    let base_size = styles.first().map_or(10.0, |s| s.size);
    let ctx = EmitCtx {
        runs: &runs,
        styles: &styles,
        text: &rich.text,
        x,
        width,
        line_height,
        align,
        base_size,
    };
    let mut prev_hard = true;
    lines
        .into_iter()
        .map(|(pieces, last)| {
            let mut l = ctx.emit(&pieces, justify && !last && align == LineAlign::Start);
            l.soft_start = !prev_hard;
            prev_hard = last;
            l
        })
        .collect()
}

fn seg_pieces(
    seg: &Segment,
    runs: &[ShapedRun],
    styles: &[&TextStyle],
    cursors: &mut [usize],
) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (ri, run) in runs.iter().enumerate() {
        if run.range.end <= seg.range.start || run.range.start >= seg.range.end {
            continue;
        }
        let size = styles[run.style].size;
        let start = cursors[ri];
        let mut end = start;
        let mut w = 0.0;
        while end < run.glyphs.len()
            && run.range.start + run.glyphs[end].range.start < seg.range.end
        {
            w += run.glyphs[end].x_advance * size;
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
    pieces
}

fn piece_first_char(p: &Piece, runs: &[ShapedRun], text: &str) -> Option<char> {
    let run = &runs[p.run];
    let g = run.glyphs.get(p.glyphs.start)?;
    text[run.range.start + g.range.start..].chars().next()
}

fn piece_last_char(p: &Piece, runs: &[ShapedRun], text: &str) -> Option<char> {
    let run = &runs[p.run];
    let g = run.glyphs.get(p.glyphs.end.checked_sub(1)?)?;
    text[..run.range.start + g.range.end].chars().next_back()
}

fn glyph_is_space(run: &ShapedRun, g: &ShapedGlyph, text: &str) -> bool {
    let a = run.range.start + g.range.start;
    let b = run.range.start + g.range.end;
    text[a..b].chars().all(char::is_whitespace)
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
            if glyph_is_space(run, g, text) {
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

struct EmitCtx<'a> {
    runs: &'a [ShapedRun],
    styles: &'a [&'a TextStyle],
    text: &'a str,
    x: Pt,
    width: Pt,
    line_height: f32,
    align: LineAlign,
    base_size: Pt,
}

impl EmitCtx<'_> {
    fn emit(&self, pieces: &[Piece], justify: bool) -> LineBox {
        let (runs, styles, text) = (self.runs, self.styles, self.text);
        let max_size = pieces
            .iter()
            .map(|p| styles[runs[p.run].style].size)
            .fold(self.base_size, f32::max);
        let height = max_size * self.line_height;
        let baseline = (height - max_size) / 2.0 + max_size * 0.88;
        let hang = trailing_space_width(pieces, runs, styles, text);
        let natural: Pt = pieces.iter().map(|p| p.width).sum::<Pt>() - hang;

        // Flatten to (run, glyph index) in visual order, and find where extra space may go.
        let mut flat: Vec<(usize, usize)> = Vec::new();
        for p in pieces {
            for gi in p.glyphs.clone() {
                flat.push((p.run, gi));
            }
        }
        // Index of the last visible glyph (trailing spaces hang).
        let last_visible = flat
            .iter()
            .rposition(|&(r, g)| !glyph_is_space(&runs[r], &runs[r].glyphs[g], text));
        let mut extra_after = vec![0.0f32; flat.len()];
        if justify
            && natural < self.width
            && let Some(lv) = last_visible
        {
            let mut spaces = 0usize;
            let mut slots = Vec::new();
            for k in 0..lv {
                let (r, g) = flat[k];
                let run = &runs[r];
                let gl = &run.glyphs[g];
                // Only at cluster ends.
                if flat.get(k + 1).is_some_and(|&(r2, g2)| {
                    r2 == r && runs[r2].glyphs[g2].range.start == gl.range.start
                }) {
                    continue;
                }
                let end = run.range.start + gl.range.end;
                let a = text[..end].chars().next_back();
                let b = text[end..].chars().next();
                let space = glyph_is_space(run, gl, text);
                let cjk_gap = matches!((a, b), (Some(a), Some(b)) if (is_cjk_no_space(a) || is_cjk_no_space(b)) && !a.is_whitespace() && !b.is_whitespace());
                if space || cjk_gap {
                    slots.push(k);
                    spaces += usize::from(space);
                }
            }
            if !slots.is_empty() {
                let per = (self.width - natural) / slots.len() as Pt;
                // A line that would need gaps wider than a third of an em between CJK
                // characters (or than an em between words) stays ragged: a long word
                // or URL pushed to the next line leaves too much to spread evenly.
                let cjk_line = slots.len() > spaces;
                let limit = if cjk_line { max_size / 3.0 } else { max_size };
                if per <= limit {
                    for k in slots {
                        extra_after[k] = per;
                    }
                }
            }
        }
        let extra_total: Pt = extra_after.iter().sum();
        let mut cx = self.x
            + match self.align {
                LineAlign::Start => 0.0,
                LineAlign::Center => ((self.width - natural) / 2.0).max(0.0),
                LineAlign::End => (self.width - natural).max(0.0),
            };
        let mut items = Vec::new();
        let mut anchors = Vec::new();
        let mut line_text = String::new();
        // One glyph item per run stretch.
        let mut k = 0;
        while k < flat.len() {
            let r = flat[k].0;
            let mut m = k;
            while m < flat.len() && flat[m].0 == r {
                m += 1;
            }
            let run = &runs[r];
            let st = styles[run.style];
            let idx: Vec<usize> = flat[k..m].iter().map(|&(_, g)| g).collect();
            let t0 = idx
                .iter()
                .map(|&g| run.glyphs[g].range.start)
                .min()
                .unwrap_or(0);
            let t1 = idx
                .iter()
                .map(|&g| run.glyphs[g].range.end)
                .max()
                .unwrap_or(0);
            let abs0 = run.range.start + t0;
            let abs1 = run.range.start + t1;
            let piece_text = &text[abs0..abs1];
            line_text.push_str(piece_text);
            let glyphs: Vec<ShapedGlyph> = idx
                .iter()
                .enumerate()
                .map(|(n, &g)| {
                    let gl = &run.glyphs[g];
                    ShapedGlyph {
                        x_advance: gl.x_advance + extra_after[k + n] / st.size,
                        range: (gl.range.start - t0)..(gl.range.end - t0),
                        ..gl.clone()
                    }
                })
                .collect();
            let w: Pt = glyphs.iter().map(|g| g.x_advance * st.size).sum();
            // Visible width: without trailing spaces (for decorations).
            let mut vis_w = w;
            for (n, &g) in idx.iter().enumerate().rev() {
                if glyph_is_space(run, &run.glyphs[g], text) {
                    vis_w -= glyphs[n].x_advance * st.size;
                } else {
                    break;
                }
            }
            let base_y = baseline - st.rise;
            let band = |fill: Rgb, stroke: Option<(Rgb, Pt)>, pad: Pt| Item::Rect {
                x: cx - pad,
                y: base_y - st.size * 0.95,
                w: vis_w + 2.0 * pad,
                h: st.size * 1.2,
                fill: Some(fill),
                stroke,
            };
            if st.mark {
                items.push(band(Rgb(0xff, 0xf0, 0x8a), None, 0.0));
            }
            if st.code_bg {
                items.push(band(Rgb(0xf0, 0xf1, 0xf3), None, 1.0));
            }
            if st.kbd {
                items.push(band(
                    Rgb(0xf7, 0xf7, 0xf7),
                    Some((Rgb(0x99, 0x99, 0x99), 0.5)),
                    1.5,
                ));
            }
            items.push(Item::Glyphs {
                x: cx,
                y: base_y,
                face: run.face,
                size: st.size,
                glyphs,
                text: piece_text.to_string(),
                color: st.color,
                italic: run.italic,
            });
            let rule = |dy: Pt| Item::Line {
                x1: cx,
                y1: base_y + dy,
                x2: cx + vis_w,
                y2: base_y + dy,
                color: st.color,
                width: st.size * 0.05,
            };
            if st.underline {
                items.push(rule(st.size * 0.12));
            }
            if st.strike {
                items.push(rule(-st.size * 0.3));
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
            k = m;
        }
        LineBox {
            height,
            baseline,
            width: natural + extra_total,
            items,
            anchors,
            text: line_text,
            soft_start: false,
        }
    }
}

/// The natural (unbroken) width and the widest unbreakable piece of rich text, pt: the
/// max-content and min-content widths of CSS automatic table layout.
pub fn measure(rich: &RichText, shaper: &mut Shaper, fonts: &FontChoice) -> (Pt, Pt) {
    let runs = shape_runs(rich, shaper, fonts, 0);
    let mut widths = vec![0.0f32; rich.text.len() + 1];
    for run in &runs {
        let size = rich.runs[run.style].1.size;
        for g in &run.glyphs {
            widths[run.range.start + g.range.start] += g.x_advance * size;
        }
    }
    let keep_all = rich
        .runs
        .first()
        .is_some_and(|(_, s)| Region::from_lang(&s.lang) == Region::Kr);
    let (mut max_line, mut cur_line, mut min_piece): (Pt, Pt, Pt) = (0.0, 0.0, 0.0);
    for seg in segments_with(&rich.text, keep_all) {
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
