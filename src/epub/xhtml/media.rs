//! Pictures in a chapter: Mermaid diagrams and images packaged as resources (WebP
//! re-encoded as PNG, SVG checked), referenced by `<img alt="…">`.

use super::*;

impl Writer<'_> {
    /// A Mermaid fence: drawn by [`crate::mermaid::render`] with labels measured in the
    /// chapter's face, then packaged as an image resource (`images/diagram-N.svg`, text
    /// turned into paths so it looks the same in every reader, or `.png` rasterised at 2×)
    /// referenced by `<img alt="…">`. Other diagram types and syntax errors keep the source
    /// as code, with a warning at the Markdown line.
    pub(super) fn mermaid(&mut self, out: &mut String, source: &str, pos: SourcePos) {
        if self.measure.is_none() {
            self.measure = crate::diagram::FontMeasure::new(self.lang).ok();
        }
        let drawn = match &self.measure {
            Some(m) => {
                let opts = crate::mermaid::SvgOptions {
                    font_family: m.family().to_string(),
                    ..Default::default()
                };
                crate::mermaid::render(source, m, &opts)
                    .map_err(|e| crate::document::mermaid_problem(&e, pos))
            }
            None => Err((pos.line, pos.column, "fonts unavailable".to_string())),
        };
        let missing = self
            .measure
            .as_ref()
            .map(|m| m.take_missing())
            .unwrap_or_default();
        let packaged = drawn.and_then(|r| {
            for w in &r.warnings {
                self.diags.warn(
                    pos.line + w.line,
                    w.column,
                    format!("Mermaid: {}", w.message),
                );
            }
            for (line, col, msg) in
                crate::diagram::missing_glyph_warnings(&missing, source, pos.line + 1)
            {
                self.diags.warn(line, col, msg);
            }
            let simplified = crate::diagram::simplify_emoji_sequences(&r.svg).1;
            if let Some(msg) = crate::diagram::simplified_warning(&simplified) {
                self.diags.warn(pos.line, pos.column, msg);
            }
            let file =
                super::super::diagram::convert(&r.svg, r.width_px, r.height_px, self.diagrams_png)
                    .map_err(|e| {
                        (
                            pos.line,
                            pos.column,
                            format!("Mermaid diagram could not be converted ({e})"),
                        )
                    })?;
            Ok((r, file))
        });
        match packaged {
            Ok((r, (bytes, media_type, ext))) => {
                self.store.diagrams += 1;
                let href = format!("images/diagram-{}.{ext}", self.store.diagrams);
                self.store.images.push(PackagedImage {
                    href: href.clone(),
                    media_type,
                    bytes,
                });
                let alt = if r.alt_text.trim().is_empty() {
                    "Diagram".to_string()
                } else {
                    r.alt_text.clone()
                };
                out.push_str("<figure class=\"diagram\">\n<img class=\"diagram\" src=\"");
                push_attr(out, &href);
                out.push_str("\" alt=\"");
                push_attr(out, &alt);
                out.push_str(&format!(
                    "\" width=\"{}\" height=\"{}\"/>\n</figure>\n",
                    r.width_px.ceil().max(1.0) as u32,
                    r.height_px.ceil().max(1.0) as u32
                ));
            }
            Err((line, col, msg)) => {
                self.diags
                    .warn(line, col, crate::document::diagram_warning(&msg));
                out.push_str(
                    "<pre class=\"code mermaid-source\"><code class=\"language-mermaid\">",
                );
                push_text(out, source);
                out.push_str("</code></pre>\n");
            }
        }
    }

    /// A paragraph that is one image: a `<figure>` with the title (else nothing) as caption.
    pub(super) fn figure(&mut self, out: &mut String, img: &Inline) {
        let Inline::Image {
            url,
            title,
            alt,
            pos,
        } = img
        else {
            return;
        };
        out.push_str("<figure class=\"image\">\n");
        self.image(out, url, title, alt, *pos);
        if !title.trim().is_empty() {
            out.push_str("\n<figcaption>");
            push_text(out, title.trim());
            out.push_str("</figcaption>");
        }
        out.push_str("\n</figure>\n");
    }

    pub(super) fn image(
        &mut self,
        out: &mut String,
        url: &str,
        title: &str,
        alt: &str,
        pos: SourcePos,
    ) {
        match self.package_image(url, pos) {
            Some(href) => {
                out.push_str("<img src=\"");
                push_attr(out, &href);
                out.push_str("\" alt=\"");
                push_attr(out, alt);
                out.push('"');
                if !title.trim().is_empty() {
                    out.push_str(" title=\"");
                    push_attr(out, title.trim());
                    out.push('"');
                }
                out.push_str("/>");
            }
            None => {
                out.push_str("<span class=\"image-missing\">");
                let shown = if alt.trim().is_empty() {
                    url.rsplit('/').next().unwrap_or(url)
                } else {
                    alt.trim()
                };
                push_text(out, shown);
                out.push_str("</span>");
            }
        }
    }

    /// Copies a local image into the package; `None` (with a warning) when
    /// [`crate::resource::image::load`] refuses it (the verdict and wording the PDF gets).
    pub(super) fn package_image(&mut self, url: &str, pos: SourcePos) -> Option<String> {
        self.try_package_image(url)
            .map_err(|why| {
                let msg = crate::document::image_warning(url, &why);
                self.diags.warn(pos.line, pos.column, msg);
            })
            .ok()
    }

    /// The image's `href` in the package (one copy per file), or why it is not there.
    pub(super) fn try_package_image(&mut self, url: &str) -> Result<String, String> {
        use crate::resource::image::{ImageFormat, ImageKind};
        let path = crate::resource::resolve(url, self.source_dir, self.resources)?;
        if let Some(&i) = self.store.files.get(&path) {
            return Ok(self.store.images[i].href.clone());
        }
        let roots = self.resources.roots(self.source_dir);
        let img = crate::resource::image::load_file(&path, roots.as_deref())?;
        let (media_type, ext, bytes) = match img.kind {
            // EPUB 3.2 readers need not support WebP (EPUBCheck 4 wants a fallback): PNG it.
            ImageKind::Raster {
                format: ImageFormat::Webp,
                ..
            } => {
                let png = webp_to_png(&img.bytes)
                    .map_err(|e| format!("could not be converted from WebP to PNG ({e})"))?;
                ("image/png", "png", png)
            }
            ImageKind::Raster { format, .. } => {
                let bytes = Arc::try_unwrap(img.bytes).unwrap_or_else(|b| b.to_vec());
                (format.media_type(), format.extension(), bytes)
            }
            ImageKind::Svg(_) => ("image/svg+xml", "svg", without_doctype(&img.bytes)),
        };
        let href = format!("images/image-{}.{ext}", self.store.images.len() + 1);
        self.store.files.insert(path, self.store.images.len());
        self.store.images.push(PackagedImage {
            href: href.clone(),
            media_type,
            bytes,
        });
        Ok(href)
    }
}

/// Largest decoded WebP accepted (bytes of RGBA), so a hostile file cannot exhaust memory.
pub(super) const MAX_DECODED_IMAGE: usize = 256 * 1024 * 1024;

/// Decodes a WebP (first frame if animated) and encodes it as an 8-bit RGB(A) PNG.
pub(super) fn webp_to_png(webp: &[u8]) -> Result<Vec<u8>, String> {
    let mut dec =
        image_webp::WebPDecoder::new(std::io::Cursor::new(webp)).map_err(|e| e.to_string())?;
    let (w, h) = dec.dimensions();
    let size = dec
        .output_buffer_size()
        .filter(|s| *s <= MAX_DECODED_IMAGE)
        .ok_or_else(|| format!("{w}x{h} pixels is too large"))?;
    let mut buf = vec![0u8; size];
    dec.read_image(&mut buf).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(if dec.has_alpha() {
        png::ColorType::Rgba
    } else {
        png::ColorType::Rgb
    });
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&buf).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The SVG as it goes into the package: without a `<!DOCTYPE>` (EPUB 3.3 §6.2 forbids
/// external identifiers there; EPUBCheck OPF-073/HTM-003). The loader already refused a
/// DOCTYPE that is not closed or has an internal subset, and text that is not UTF-8.
pub(super) fn without_doctype(svg: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(svg);
    let Some(start) = text.find("<!DOCTYPE") else {
        return svg.to_vec();
    };
    let Some(len) = text[start..].find('>') else {
        return svg.to_vec();
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.push_str(text[start + len + 1..].trim_start_matches(['\r', '\n']));
    out.into_bytes()
}
