//! Helpers for the Mermaid diagram-type tests: the list of oracle disagreements a test
//! keeps (`tests/<name>_known.tsv`), and PNGs of a diagram drawn with the bundled fonts
//! for a person to look at.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use inkbind::diagram::FontMeasure;
use inkbind::mermaid::{SvgOptions, TextMeasure, render};

/// Reads a known-disagreements file: `id<TAB>reason` lines, `#` comments.
pub fn load_known(path: &Path) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if let Ok(text) = std::fs::read_to_string(path) {
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (id, reason) = line.split_once('\t').unwrap_or((line, ""));
            m.insert(id.trim().to_string(), reason.trim().to_string());
        }
    }
    m
}

/// Checks the disagreements of an oracle run against `tests/<file>` (rewritten from the
/// run when `MERMAID_ORACLE_WRITE_KNOWN=1`, keeping the reasons already written): every
/// disagreement must be listed and every listed id must still disagree, and agreement
/// over `total` files must be at least `min_pct` percent. Prints the figure.
pub fn check_known(
    file: &str,
    what: &str,
    disagree: &BTreeMap<String, String>,
    total: usize,
    min_pct: f64,
) {
    let agree = total - disagree.len();
    let pct = 100.0 * agree as f64 / total.max(1) as f64;
    println!("{what}: {agree}/{total} files agree ({pct:.2}%)");
    let known_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(file);
    if std::env::var("MERMAID_ORACLE_WRITE_KNOWN").as_deref() == Ok("1") {
        let old = load_known(&known_path);
        let mut out =
            format!("# Files where {what} disagrees with Mermaid 12.3 (id<TAB>reason).\n");
        for (id, reason) in disagree {
            let r = old.get(id).cloned().unwrap_or_else(|| {
                let mut r: String = reason.replace(['\t', '\n'], " ");
                r.truncate(160);
                r
            });
            out.push_str(&format!("{id}\t{r}\n"));
        }
        std::fs::write(&known_path, out).expect("write known list");
    }
    let known = load_known(&known_path);
    let mut problems = Vec::new();
    for (id, reason) in disagree {
        if !known.contains_key(id) {
            problems.push(format!("{id}: disagrees but is not listed: {reason}"));
        }
    }
    for id in known.keys() {
        if !disagree.contains_key(id) {
            problems.push(format!("{id}: listed in {file} but now agrees"));
        }
    }
    for p in &problems {
        println!("{p}");
    }
    assert!(
        problems.is_empty(),
        "{} oracle problems (agreement {pct:.2}%)",
        problems.len()
    );
    assert!(pct >= min_pct, "agreement {pct:.2}% is below {min_pct}%");
}

/// Draws `src` with the bundled Noto Sans CJK faces for `lang` and writes
/// `out/<name>.svg` and `out/<name>.png` (1.5 × scale, white background).
pub fn render_png(name: &str, src: &str, lang: &str, out: &Path) {
    let m = FontMeasure::new(lang).unwrap();
    let opts = SvgOptions {
        font_family: m.family().to_string(),
        background: Some("#ffffff".into()),
        ..SvgOptions::default()
    };
    let r = render(src, &m as &dyn TextMeasure, &opts).unwrap();
    let mut db = usvg::fontdb::Database::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    db.load_font_file(dir.join("NotoSansCJK-Regular.ttc"))
        .unwrap();
    db.load_font_file(dir.join("NotoSansCJK-Bold.ttc")).unwrap();
    db.set_sans_serif_family("Noto Sans CJK JP");
    let uo = usvg::Options {
        fontdb: Arc::new(db),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&r.svg, &uo).unwrap();
    let scale = 1.5;
    let size = tree.size().to_int_size().scale_by(scale).unwrap();
    let mut pm = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pm.as_mut(),
    );
    std::fs::write(out.join(format!("{name}.svg")), &r.svg).unwrap();
    pm.save_png(out.join(format!("{name}.png"))).unwrap();
}
