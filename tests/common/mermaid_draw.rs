//! Helpers for the tests of drawn Mermaid diagram types: a xorshift generator for random
//! inputs, the oracle run over one type's corpus with its known-disagreements list, box
//! tests for layout invariants, and a PNG of a diagram drawn with the bundled fonts for a
//! person to look at.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use inkbind::diagram::FontMeasure;
use inkbind::mermaid::{SvgOptions, TextMeasure, render};
use serde_json::Value;

use super::mermaid_types::mermaid_cases;

/// A box `(x, y, width, height)`, px.
pub type Bx = (f32, f32, f32, f32);

/// `b` lies inside `outer`, give or take `tol` px.
pub fn inside(outer: Bx, b: Bx, tol: f32) -> bool {
    b.0 >= outer.0 - tol
        && b.1 >= outer.1 - tol
        && b.0 + b.2 <= outer.0 + outer.2 + tol
        && b.1 + b.3 <= outer.1 + outer.3 + tol
}

/// The strings of a JSON array (empty for anything else).
pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Compares the fields `title`, `acc_title` and `acc_descr` of a truth file with ours.
pub fn titles_agree(truth: &Value, ours: [&Option<String>; 3]) -> Option<String> {
    for (key, o) in ["title", "acc_title", "acc_descr"].into_iter().zip(ours) {
        if truth[key].as_str() != o.as_deref() {
            return Some(format!("{key}: truth {} ours {o:?}", truth[key]));
        }
    }
    None
}

/// Runs one type's oracle: `parse` gives our model or `(line, message)` for each corpus
/// file, `compare` says why an accepted model disagrees with the truth. Rejections agree
/// when both reject (and on the line when Mermaid gives one). Prints the agreement, and
/// fails when a disagreeing file is not listed in `tests/<known>` (id, tab, reason), when a
/// listed file agrees, or when agreement is under 99 %.
pub fn run_oracle<M>(
    diagram_type: &'static str,
    files: usize,
    known: &str,
    parse: impl Fn(&str) -> Result<M, (usize, String)>,
    compare: impl Fn(&Value, &M) -> Option<String>,
) {
    let cases = mermaid_cases(diagram_type);
    assert_eq!(
        cases.len(),
        files,
        "the {diagram_type} corpus has {files} files"
    );
    let mut disagree = BTreeMap::new();
    for c in &cases {
        let why = match (c.parses(), parse(&c.source)) {
            (false, Err((line, _))) => match c.truth["error"]["line"].as_u64() {
                Some(w) if w as usize != line => {
                    Some(format!("rejected at line {line}, Mermaid at line {w}"))
                }
                _ => None,
            },
            (false, Ok(_)) => Some("accepted; Mermaid rejects".into()),
            (true, Err((_, e))) => Some(format!("rejected; Mermaid parses: {e}")),
            (true, Ok(m)) => compare(&c.truth, &m),
        };
        if let Some(r) = why {
            disagree.insert(c.id.clone(), r);
        }
    }
    let total = cases.len();
    let agree = total - disagree.len();
    let pct = 100.0 * agree as f64 / total as f64;
    println!("mermaid {diagram_type} oracle: {agree}/{total} files agree ({pct:.2}%)");
    let listed = load_known(&super::root().join("tests").join(known));
    let mut problems = Vec::new();
    for (id, r) in &disagree {
        if !listed.contains_key(id) {
            problems.push(format!("{id}: disagrees but is not listed: {r}"));
        }
    }
    for id in listed.keys() {
        if !disagree.contains_key(id) {
            problems.push(format!("{id}: listed in {known} but agrees"));
        }
    }
    for p in &problems {
        println!("{p}");
    }
    assert!(
        problems.is_empty(),
        "{} problems ({pct:.2}%)",
        problems.len()
    );
    assert!(pct >= 99.0, "agreement {pct:.2}% is below 99%");
}

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
