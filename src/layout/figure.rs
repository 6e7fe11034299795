//! Figures: Mermaid diagrams and block images, scaled to the text block.

use super::fragment::Fragment;
use super::inline::{LineAlign, RichText};
use super::*;
use crate::document::Inline;
use crate::fonts::Pt;
use crate::theme::Rgb;
use std::path::Path;
use std::sync::Arc;

impl Flow<'_> {
    /// A Mermaid flowchart drawn natively ([`crate::mermaid::render`], labels measured with
    /// the document's fonts) as vectors whose label text stays real text; scaled to the text
    /// width (never enlarged) and kept on one page. Other diagram types and syntax errors
    /// show a note and the source, with a warning at the Markdown line.
    pub(super) fn mermaid(
        &mut self,
        source: &str,
        pos: crate::document::SourcePos,
        x: Pt,
        w: Pt,
        space: Pt,
    ) {
        let t = self.theme.clone();
        let measure = crate::diagram::FontMeasure::new(&self.lang)
            .map_err(|e| (pos.line, pos.column, format!("fonts unavailable ({e})")));
        let drawn = measure
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|m| {
                let opts = crate::mermaid::SvgOptions {
                    font_family: m.family().to_string(),
                    ..Default::default()
                };
                crate::mermaid::render(source, m, &opts)
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
                let (svg, simplified) = crate::diagram::simplify_emoji_sequences(&r.svg);
                let tree = usvg::Tree::from_str(&svg, &opts).map_err(|e| {
                    (
                        pos.line,
                        pos.column,
                        format!("Mermaid drawing could not be read back ({e})"),
                    )
                })?;
                let simplified = crate::diagram::simplified_warning(&simplified);
                Ok((r, tree, simplified))
            });
        match drawn {
            Ok((r, tree, simplified)) => {
                if let Some(msg) = simplified {
                    self.diags.warn(pos.line, pos.column, msg);
                }
                for warn in &r.warnings {
                    self.diags.warn(
                        pos.line + warn.line,
                        warn.column,
                        format!("Mermaid: {}", warn.message),
                    );
                }
                if let Ok(m) = &measure {
                    let missing = m.take_missing();
                    for (line, col, msg) in
                        crate::diagram::missing_glyph_warnings(&missing, source, pos.line + 1)
                    {
                        self.diags.warn(line, col, msg);
                    }
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
    pub(super) fn fit(&self, (mut iw, mut ih): (Pt, Pt), w: Pt) -> (Pt, Pt) {
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

    pub(super) fn image(&mut self, img: &Inline, x: Pt, w: Pt, space: Pt) {
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
        let loaded = load_image(url, &self.source_dir, &self.resources);
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
}

/// Loads the image a Markdown URL names, relative to `dir`, with the limits and checks of
/// [`crate::resource::image::load`] (the same verdict the EPUB gets).
///
/// # Errors
/// A predicate for [`crate::document::image_warning`].
pub fn load_image(
    url: &str,
    dir: &Path,
    policy: &crate::resource::ResourcePolicy,
) -> Result<Picture, String> {
    crate::resource::image::load(url, dir, policy).map(Picture::from)
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
