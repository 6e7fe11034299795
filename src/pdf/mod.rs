//! Laid-out pages → PDF bytes with krilla.
//!
//! Glyphs are placed with krilla's `draw_glyphs` exactly where the layout put them; krilla
//! embeds each face used as a subset CID font with a ToUnicode CMap (ISO 32000-1 §9.10), so
//! text copies and searches correctly. Links become Link annotations (§12.5.6.5) with URI
//! actions or XYZ destinations, headings become the document outline (§12.3.3), and
//! front matter fills the Info dictionary / XMP metadata.

use std::collections::HashMap;

use krilla::Document;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::{Destination, XyzDestination};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata as PdfMetadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::document::Metadata;
use crate::fonts::{FaceKey, face_data};
use crate::layout::{ImageData, ImageFormat, Item, LaidOut, LinkTarget, OutlineEntry};
use crate::theme::Rgb;

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// krilla refused the content (an invalid font or image).
    #[error("PDF writer: {0}")]
    Krilla(String),
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

/// Writes the pages of `laid` as a PDF with `meta` as its metadata.
///
/// Output is deterministic: the creation date comes from the document's `date` (never the
/// clock) unless `source_date_epoch` (seconds since 1970, UTC) is given.
///
/// # Errors
/// [`PdfError::Krilla`] when krilla cannot serialise a font or image.
pub fn write_pdf(
    laid: &LaidOut,
    meta: &Metadata,
    source_date_epoch: Option<i64>,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::new();
    let mut fonts: HashMap<FaceKey, Font> = HashMap::new();
    let mut images: HashMap<*const Vec<u8>, Option<Image>> = HashMap::new();
    for page in &laid.pages {
        let settings = PageSettings::from_wh(page.width, page.height)
            .ok_or_else(|| PdfError::Krilla("invalid page size".into()))?;
        let mut p = doc.start_page_with(settings);
        let mut links = Vec::new();
        {
            let mut s = p.surface();
            for item in &page.items {
                match item {
                    Item::Glyphs {
                        x,
                        y,
                        face,
                        size,
                        glyphs,
                        text,
                        color: c,
                        italic,
                    } => {
                        let font = match fonts.get(face) {
                            Some(f) => f.clone(),
                            None => {
                                let (data, index) = face_data(*face)
                                    .map_err(|e| PdfError::Krilla(e.to_string()))?;
                                let f = Font::new(data.into(), index).ok_or_else(|| {
                                    PdfError::Krilla(format!("cannot read font face {face:?}"))
                                })?;
                                fonts.insert(*face, f.clone());
                                f
                            }
                        };
                        let kg: Vec<KrillaGlyph> = glyphs
                            .iter()
                            .map(|g| {
                                KrillaGlyph::new(
                                    GlyphId::new(g.id as u32),
                                    g.x_advance,
                                    g.x_offset,
                                    g.y_offset,
                                    0.0,
                                    g.range.clone(),
                                    None,
                                )
                            })
                            .collect();
                        s.set_fill(Some(Fill {
                            paint: color(*c).into(),
                            ..Default::default()
                        }));
                        s.set_stroke(None);
                        if *italic {
                            // Synthetic oblique: x' = x - tan(12°)·(y - baseline).
                            let k = -0.2126;
                            s.push_transform(&Transform::from_row(1.0, 0.0, k, 1.0, -k * y, 0.0));
                            s.draw_glyphs(Point::from_xy(*x, *y), &kg, font, text, *size, false);
                            s.pop();
                        } else {
                            s.draw_glyphs(Point::from_xy(*x, *y), &kg, font, text, *size, false);
                        }
                    }
                    Item::Rect {
                        x,
                        y,
                        w,
                        h,
                        fill,
                        stroke,
                    } => {
                        let mut pb = PathBuilder::new();
                        if let Some(r) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) {
                            pb.push_rect(r);
                        }
                        if let Some(path) = pb.finish() {
                            s.set_fill(fill.map(|f| Fill {
                                paint: color(f).into(),
                                ..Default::default()
                            }));
                            s.set_stroke(stroke.map(|(c, w)| Stroke {
                                paint: color(c).into(),
                                width: w,
                                ..Default::default()
                            }));
                            s.draw_path(&path);
                        }
                    }
                    Item::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        color: c,
                        width,
                    } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(*x1, *y1);
                        pb.line_to(*x2, *y2);
                        if let Some(path) = pb.finish() {
                            s.set_fill(None);
                            s.set_stroke(Some(Stroke {
                                paint: color(*c).into(),
                                width: *width,
                                ..Default::default()
                            }));
                            s.draw_path(&path);
                        }
                    }
                    Item::Image { x, y, w, h, data } => {
                        let key = std::sync::Arc::as_ptr(&data.bytes);
                        let img = images
                            .entry(key)
                            .or_insert_with(|| make_image(data))
                            .clone();
                        if let (Some(img), Some(size)) = (img, Size::from_wh(*w, *h)) {
                            s.push_transform(&Transform::from_translate(*x, *y));
                            s.draw_image(img, size);
                            s.pop();
                        }
                    }
                    Item::Svg { x, y, w, h, svg } => {
                        let natural = svg.0.size();
                        if let Some(size) = Size::from_wh(natural.width(), natural.height()) {
                            let (sx, sy) = (w / natural.width(), h / natural.height());
                            s.push_transform(&Transform::from_row(sx, 0.0, 0.0, sy, *x, *y));
                            // Text stays real text (selectable, searchable).
                            let _ = s.draw_svg(
                                &svg.0,
                                size,
                                SvgSettings {
                                    embed_text: true,
                                    ..Default::default()
                                },
                            );
                            s.pop();
                        }
                    }
                    Item::Link { x, y, w, h, target } => {
                        links.push((*x, *y, *w, *h, target.clone()))
                    }
                }
            }
            s.finish();
        }
        for (x, y, w, h, target) in links {
            let Some(rect) = Rect::from_xywh(x, y, w, h) else {
                continue;
            };
            let t = match target {
                LinkTarget::Uri(u) => Target::Action(Action::Link(LinkAction::new(u))),
                LinkTarget::Anchor(id) => match laid.anchors.get(&id) {
                    Some((pi, py)) => Target::Destination(Destination::Xyz(XyzDestination::new(
                        *pi,
                        Point::from_xy(0.0, *py),
                    ))),
                    None => continue,
                },
            };
            p.add_annotation(Annotation::new_link(LinkAnnotation::new(rect, t), None));
        }
        p.finish();
    }
    doc.set_outline(outline(&laid.outline));
    doc.set_metadata(metadata(meta, source_date_epoch));
    doc.finish().map_err(|e| PdfError::Krilla(format!("{e:?}")))
}

/// A one-page PDF showing an SVG at its natural size (CSS px → pt at 96 dpi), text kept as
/// real text (for `inkbind mermaid … -o x.pdf`).
///
/// # Errors
/// [`PdfError::Krilla`] when the drawing cannot be written.
pub fn svg_page(tree: &usvg::Tree) -> Result<Vec<u8>, PdfError> {
    let size = tree.size();
    let (w, h) = (size.width() * 0.75, size.height() * 0.75);
    let mut doc = Document::new();
    let settings = PageSettings::from_wh(w.max(1.0), h.max(1.0))
        .ok_or_else(|| PdfError::Krilla("invalid page size".into()))?;
    let mut page = doc.start_page_with(settings);
    {
        let mut s = page.surface();
        if let Some(natural) = Size::from_wh(size.width(), size.height()) {
            s.push_transform(&Transform::from_scale(0.75, 0.75));
            let _ = s.draw_svg(
                tree,
                natural,
                SvgSettings {
                    embed_text: true,
                    ..Default::default()
                },
            );
            s.pop();
        }
        s.finish();
    }
    page.finish();
    doc.set_metadata(
        PdfMetadata::new()
            .producer("inkbind".to_string())
            .creator("inkbind".to_string()),
    );
    doc.finish().map_err(|e| PdfError::Krilla(format!("{e:?}")))
}

fn make_image(data: &ImageData) -> Option<Image> {
    let bytes: krilla::Data = data.bytes.clone().into();
    match data.format {
        ImageFormat::Png => Image::from_png(bytes, true).ok(),
        ImageFormat::Jpeg => Image::from_jpeg(bytes, true).ok(),
        ImageFormat::Gif => Image::from_gif(bytes, true).ok(),
        ImageFormat::Webp => Image::from_webp(bytes, true).ok(),
    }
}

/// Nests flat heading entries by level into outline nodes.
fn outline(entries: &[OutlineEntry]) -> Outline {
    fn build(entries: &[OutlineEntry], i: &mut usize, level: u8) -> Vec<OutlineNode> {
        let mut nodes = Vec::new();
        while *i < entries.len() && entries[*i].level > level {
            let e = &entries[*i];
            *i += 1;
            let mut node = OutlineNode::new(
                e.title.clone(),
                XyzDestination::new(e.page, Point::from_xy(0.0, e.y)),
            );
            for child in build(entries, i, e.level) {
                node.push_child(child);
            }
            nodes.push(node);
        }
        nodes
    }
    let mut o = Outline::new();
    let mut i = 0;
    for n in build(entries, &mut i, 0) {
        o.push_child(n);
    }
    o
}

fn metadata(m: &Metadata, source_date_epoch: Option<i64>) -> PdfMetadata {
    let mut md = PdfMetadata::new()
        .producer("inkbind".to_string())
        .creator("inkbind".to_string());
    if let Some(t) = &m.title {
        md = md.title(t.clone());
    }
    if !m.authors.is_empty() {
        md = md.authors(m.authors.clone());
    }
    if let Some(d) = &m.description {
        md = md.description(d.clone());
    }
    if !m.tags.is_empty() {
        md = md.keywords(m.tags.clone());
    }
    if let Some(l) = &m.lang {
        md = md.language(l.clone());
    }
    let date = match source_date_epoch {
        Some(secs) => Some(civil_from_epoch(secs)),
        None => m.date_ymd().map(|(y, mo, d)| (y, mo, d, 0, 0, 0)),
    };
    if let Some((y, mo, d, h, mi, s)) = date {
        md = md.creation_date(
            DateTime::new(y)
                .month(mo)
                .day(d)
                .hour(h)
                .minute(mi)
                .second(s)
                .utc_offset_hour(0)
                .utc_offset_minute(0),
        );
    }
    md
}

/// Seconds since 1970-01-01T00:00:00Z → (year, month, day, hour, minute, second), UTC.
/// Howard Hinnant's `civil_from_days` algorithm.
pub fn civil_from_epoch(secs: i64) -> (u16, u8, u8, u8, u8, u8) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (
        y.clamp(0, 9999) as u16,
        m as u8,
        d as u8,
        (rem / 3600) as u8,
        (rem % 3600 / 60) as u8,
        (rem % 60) as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_civil() {
        assert_eq!(civil_from_epoch(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(civil_from_epoch(1_771_372_800), (2026, 2, 18, 0, 0, 0));
        assert_eq!(civil_from_epoch(951_782_400 + 3661), (2000, 2, 29, 1, 1, 1));
    }
}
