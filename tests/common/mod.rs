//! Helpers shared by the integration tests: running the binary, finding validators.
#![allow(dead_code)]

pub mod mermaid_draw;
pub mod mermaid_review;
pub mod mermaid_types;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The four example articles.
pub fn examples() -> Vec<PathBuf> {
    [
        "ja-typesetting",
        "zh-ci-pipeline",
        "ko-travel-notes",
        "en-release-notes",
    ]
    .iter()
    .map(|n| root().join("examples").join(format!("{n}.md")))
    .collect()
}

/// Runs `inkbind` with arguments.
pub fn inkbind<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_inkbind"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run inkbind")
}

/// Runs `inkbind` in `dir` with arguments split at spaces (relative paths, as a user
/// types them).
pub fn inkbind_in(dir: &Path, args: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_inkbind"))
        .args(args.split_whitespace())
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run inkbind")
}

/// Runs `inkbind args` in `dir` and asserts it is refused as a usage error (exit 2) because
/// `output` is the input `input`.
pub fn assert_overwrite_refused(dir: &Path, args: &str, output: &str, input: &str) {
    let o = inkbind_in(dir, args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{args}: {err}");
    let expect = format!("the output {output} would overwrite the input {input}");
    assert!(
        err.contains(&expect),
        "{args}: expected {expect:?} in:\n{err}"
    );
}

/// True when CI asked for every external tool to be present.
pub fn tools_required() -> bool {
    std::env::var("INKBIND_REQUIRE_TOOLS")
        .map(|v| v == "1")
        .unwrap_or(false)
}

/// Whether `tool` can run; prints a loud SKIPPED line (or panics under
/// `INKBIND_REQUIRE_TOOLS=1`) when it cannot.
pub fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("--help").output().is_ok()
        || Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        if tools_required() {
            panic!("{tool} is required (INKBIND_REQUIRE_TOOLS=1) but not installed");
        }
        eprintln!(
            "\n*** SKIPPED: {tool} not installed (apt-get install -y qpdf poppler-utils) ***\n"
        );
    }
    ok
}

/// Runs a command and returns stdout; panics with stderr when it fails.
pub fn run_ok(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdftotext` of a whole file (or one page) as UTF-8.
pub fn pdftotext(pdf: &Path, page: Option<usize>) -> String {
    let p = pdf.to_str().unwrap();
    match page {
        Some(n) => {
            let n = n.to_string();
            run_ok("pdftotext", &["-enc", "UTF-8", "-f", &n, "-l", &n, p, "-"])
        }
        None => run_ok("pdftotext", &["-enc", "UTF-8", p, "-"]),
    }
}

/// Text with all white space removed (line breaks and justification differ from source).
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// Body text of every page, without the running header and footer: `pdftotext` cropped to
/// the area between them (A4, points at 72 dpi).
pub fn pdftotext_body(pdf: &Path) -> String {
    let pages = lopdf::Document::load(pdf)
        .expect("read PDF")
        .get_pages()
        .len();
    let p = pdf.to_str().unwrap();
    let mut all = String::new();
    for n in 1..=pages {
        let n = n.to_string();
        all.push_str(&run_ok(
            "pdftotext",
            &[
                "-enc", "UTF-8", "-f", &n, "-l", &n, "-x", "0", "-y", "45", "-W", "600", "-H",
                "740", p, "-",
            ],
        ));
    }
    all
}

/// Reads a binary PGM (P5) file: width, height, 8-bit pixels.
pub fn read_pgm(p: &Path) -> (usize, usize, Vec<u8>) {
    let data = std::fs::read(p).unwrap();
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let s = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[s..i]).into_owned());
    }
    i += 1;
    let w: usize = fields[1].parse().unwrap();
    let h: usize = fields[2].parse().unwrap();
    (w, h, data[i..i + w * h].to_vec())
}

/// (title, level from 1, page from 1) of every outline entry, read with `qpdf --json`.
pub fn outline(pdf: &Path) -> Vec<(String, usize, usize)> {
    fn walk(items: &[serde_json::Value], level: usize, out: &mut Vec<(String, usize, usize)>) {
        for it in items {
            let title = it["title"].as_str().unwrap_or_default().to_string();
            let page = it["destpageposfrom1"].as_u64().unwrap_or(0) as usize;
            out.push((title, level, page));
            walk(
                it["kids"].as_array().map(Vec::as_slice).unwrap_or_default(),
                level + 1,
                out,
            );
        }
    }
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        "qpdf",
        &["--json", "--json-key=outlines", pdf.to_str().unwrap()],
    ))
    .unwrap();
    let mut out = Vec::new();
    walk(json["outlines"].as_array().expect("outlines"), 1, &mut out);
    out
}

/// The Markdown files of `../shared/corpus/`, sorted. When the folder is missing: a loud
/// SKIPPED line and an empty list, or a panic under `INKBIND_REQUIRE_TOOLS=1` (CI has it).
pub fn corpus_files() -> Vec<PathBuf> {
    let dir = root().join("../shared/corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("README.md"))
                .collect()
        })
        .unwrap_or_default();
    if v.is_empty() {
        assert!(
            !tools_required(),
            "{} is required (INKBIND_REQUIRE_TOOLS=1) but missing",
            dir.display()
        );
        eprintln!("\n*** SKIPPED: {} not found ***\n", dir.display());
    }
    v.sort();
    v
}

/// EPUBCheck's report on `epub` (`java -jar`, the jar from `EPUBCHECK_JAR` or Debian's
/// path), or `None` with a loud SKIPPED line when java or the jar is missing (a panic under
/// `INKBIND_REQUIRE_TOOLS=1`).
pub fn epubcheck(epub: &Path) -> Option<String> {
    let jar = std::env::var_os("EPUBCHECK_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/epubcheck.jar"));
    let java = Command::new("java").arg("-version").output();
    if java.is_err() || !jar.exists() {
        assert!(
            !tools_required(),
            "epubcheck (java, {}) is required (INKBIND_REQUIRE_TOOLS=1) but missing",
            jar.display()
        );
        eprintln!(
            "\n*** SKIPPED: epubcheck (java, {}) not available ***\n",
            jar.display()
        );
        return None;
    }
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(epub)
        .output()
        .expect("run epubcheck");
    Some(format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}
