//! Mermaid SVG → the file packaged in the EPUB.
//!
//! The SVG from [`crate::mermaid::render`] names its font family and keeps labels as
//! `<text>`; a reader without Noto Sans CJK would substitute another font and labels could
//! overflow their boxes. So the SVG is parsed with usvg against the bundled faces
//! ([`crate::fonts::svg_fontdb`]: text is shaped and turned into paths) and written back
//! with usvg's writer: the result has no `<text>` and looks the same in every reader
//! (the alt text carries the words). `--epub-diagrams png` rasterises it with resvg at 2×
//! for readers without SVG support (EPUB 3.3 makes SVG a core media type, but some older
//! readers still lack it).

/// The packaged file: bytes, media type, extension.
pub(crate) type Converted = (Vec<u8>, &'static str, &'static str);

/// Converts a Mermaid SVG of `width` × `height` px to an SVG with outlined text, or a PNG.
pub(crate) fn convert(svg: &str, width: f32, height: f32, png: bool) -> Result<Converted, String> {
    let fontdb = crate::fonts::svg_fontdb().map_err(|e| e.to_string())?;
    let opts = usvg::Options {
        fontdb,
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(&crate::diagram::simplify_emoji_sequences(svg).0, &opts)
        .map_err(|e| e.to_string())?;
    if !png {
        let out = tree.to_string(&usvg::WriteOptions::default());
        return Ok((out.into_bytes(), "image/svg+xml", "svg"));
    }
    let size = tree.size();
    // 2× for sharpness, but never more than 4,096 px on the longest side (a 400-node chart
    // would otherwise need half a gigabyte of pixels).
    let longest = size
        .width()
        .max(width)
        .max(size.height())
        .max(height)
        .max(1.0);
    let scale = 2.0f32.min(4096.0 / longest);
    let (w, h) = (
        (size.width().max(width) * scale).ceil() as u32,
        (size.height().max(height) * scale).ceil() as u32,
    );
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > 64_000_000 {
        return Err(format!("{w}x{h} pixels is not a reasonable size"));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or("cannot allocate the image")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let mut rgba = Vec::with_capacity((w * h * 4) as usize);
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgba).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok((out, "image/png", "png"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_becomes_paths_and_png_renders() {
        let m = crate::diagram::FontMeasure::new("ja").unwrap();
        let opts = crate::mermaid::SvgOptions {
            font_family: m.family().to_string(),
            ..Default::default()
        };
        let r =
            crate::mermaid::render("graph TD\n  A[記事を書く] --> B{確認}\n", &m, &opts).unwrap();
        assert!(r.svg.contains("<text") || r.svg.contains("記事"));
        let (svg, mt, _) = convert(&r.svg, r.width_px, r.height_px, false).unwrap();
        let svg = String::from_utf8(svg).unwrap();
        assert_eq!(mt, "image/svg+xml");
        assert!(!svg.contains("<text"), "text kept: {svg}");
        assert!(svg.matches("<path").count() > 5);
        let (png, mt, _) = convert(&r.svg, r.width_px, r.height_px, true).unwrap();
        assert_eq!(mt, "image/png");
        assert!(png.starts_with(b"\x89PNG"));
    }
}
