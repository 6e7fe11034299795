//! Helpers for the tests of drawn Mermaid diagram types: a xorshift generator for random
//! inputs, the known-disagreements list of an oracle test, and a PNG of a diagram drawn with
//! the bundled fonts for a person to look at.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use inkbind::diagram::FontMeasure;
use inkbind::mermaid::{SvgOptions, TextMeasure, render};

/// Tiny deterministic generator (xorshift64) for random test inputs.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `id<TAB>reason` lines of a known-disagreements file (`#` lines and blanks skipped); an
/// absent file is empty.
pub fn load_known(path: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, r) = l.split_once('\t').unwrap_or((l, ""));
            (id.trim().to_string(), r.trim().to_string())
        })
        .collect()
}

/// Draws `src` with the bundled Japanese faces on white and writes `out/name.png` (1 px per
/// SVG px) and `out/name.svg`.
pub fn png(name: &str, src: &str, out: &Path) {
    let m = FontMeasure::new("ja").expect("bundled fonts");
    let opts = SvgOptions {
        font_family: m.family().to_string(),
        background: Some("#ffffff".into()),
        ..SvgOptions::default()
    };
    let r = render(src, &m as &dyn TextMeasure, &opts).expect("the diagram renders");
    let mut db = usvg::fontdb::Database::new();
    let dir = super::root().join("fonts");
    db.load_font_file(dir.join("NotoSansCJK-Regular.ttc"))
        .expect("regular face");
    db.load_font_file(dir.join("NotoSansCJK-Bold.ttc"))
        .expect("bold face");
    db.set_sans_serif_family("Noto Sans CJK JP");
    let uo = usvg::Options {
        fontdb: Arc::new(db),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&r.svg, &uo).expect("usvg parses the SVG");
    let size = tree.size().to_int_size();
    let mut pm = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).expect("pixmap");
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pm.as_mut(),
    );
    std::fs::write(out.join(format!("{name}.svg")), &r.svg).expect("write SVG");
    pm.save_png(out.join(format!("{name}.png")))
        .expect("write PNG");
}
