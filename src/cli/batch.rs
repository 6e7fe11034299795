//! `inkbind build`: one output per input and format, many inputs in parallel.
//!
//! - `-j N` documents at a time (rayon; default: `jobs` in inkbind.toml, else the number of
//!   cores). A failing document never stops the others.
//! - Progress: a bar on a terminal (indicatif), else one plain line per finished document,
//!   so CI logs stay readable. Each document's warnings are printed together.
//! - `--shard I/N` (1 ≤ I ≤ N) builds only part I of N: the inputs are ordered by path and
//!   dealt round-robin, so the N parts are disjoint, cover every input, and do not depend on
//!   the order the shell passed them in.
//! - `--report FILE` writes a JSON report (see [`write_report`]).
//! - With several inputs `-o` is a directory of `stem.pdf`/`stem.epub`; inputs whose file
//!   names clash (`a/index.md`, `b/index.md`) keep their folders below the inputs' common
//!   folder (`out/a/index.pdf`, `out/b/index.pdf`) instead of overwriting each other.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use inkbind::diagnostics::{Diagnostic, Diagnostics, Severity};
use inkbind::pipeline::{self, RenderOptions};

use super::{
    CommonArgs, Format, Settings, check_outputs, output_extension, output_hint, usage, write_atomic,
};

#[derive(clap::Args, Debug)]
pub(crate) struct BuildArgs {
    /// Markdown files to convert.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (one input) or directory (several inputs).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Documents converted at the same time (default: the number of cores).
    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Write a JSON report of every document to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Build only part I of N (1-based), e.g. --shard 2/4 in a CI matrix.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    #[command(flatten)]
    common: CommonArgs,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let err = || format!("--shard {s:?}: expected I/N with 1 <= I <= N, e.g. 2/4");
    let (i, n) = s.split_once('/').ok_or_else(err)?;
    let i: usize = i.trim().parse().map_err(|_| err())?;
    let n: usize = n.trim().parse().map_err(|_| err())?;
    if n == 0 || i == 0 || i > n {
        return Err(err());
    }
    Ok((i, n))
}

/// The inputs of shard `i` of `n` (1-based), in their given order.
pub(crate) fn shard(inputs: &[PathBuf], i: usize, n: usize) -> Vec<PathBuf> {
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by(|&a, &b| inputs[a].cmp(&inputs[b]).then(a.cmp(&b)));
    let mut keep = vec![false; inputs.len()];
    for (pos, &idx) in order.iter().enumerate() {
        keep[idx] = pos % n == i - 1;
    }
    inputs
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| p.clone())
        .collect()
}

/// What happened to one document.
struct DocResult {
    input: PathBuf,
    outputs: Vec<(Format, PathBuf, usize)>,
    pages: Option<usize>,
    diagnostics: Vec<Diagnostic>,
    error: Option<String>,
    millis: u128,
}

pub(crate) fn build(args: BuildArgs) -> i32 {
    let s = match super::settings(
        &args.common,
        args.output.as_deref(),
        args.jobs.map(usize::from),
        Format::Pdf,
    ) {
        Ok(s) => s,
        Err(e) => return usage(&e),
    };
    // The same file twice is built once.
    let mut inputs: Vec<PathBuf> = Vec::new();
    for i in &args.inputs {
        if !inputs.contains(i) {
            inputs.push(i.clone());
        }
    }
    let many = inputs.len() > 1 || args.shard.is_some() || s.output_is_dir;
    if !many
        && let Some(o) = &s.output
        && !o.is_dir()
        && let Some(ext) = o.extension().and_then(|e| e.to_str())
        && !ext.eq_ignore_ascii_case("pdf")
        && !ext.eq_ignore_ascii_case("epub")
    {
        return usage(&format!(
            "-o {}: name the output .pdf or .epub (or give a directory)",
            o.display()
        ));
    }
    // With several inputs -o is a directory; `-o both.pdf` would silently become one.
    if many
        && let Some(o) = &s.output
        && !o.is_dir()
        && (o.exists() || output_extension(o).is_some())
    {
        let why = match output_extension(o) {
            Some(ext) if !o.exists() => format!(" (a name ending in .{ext} is a file)"),
            _ => String::new(),
        };
        return usage(&format!(
            "-o {} must be a directory here: several inputs (or --shard) each get their own output file{why}",
            o.display()
        ));
    }
    let base = common_dir(&inputs);
    // Inputs whose file names clash keep their folders below the common one.
    let mut stems: std::collections::HashMap<std::ffi::OsString, usize> = Default::default();
    for i in &inputs {
        *stems
            .entry(i.file_stem().unwrap_or_default().to_os_string())
            .or_default() += 1;
    }
    let clashing: std::collections::HashSet<std::ffi::OsString> = stems
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(k, _)| k)
        .collect();
    let selected = match args.shard {
        Some((i, n)) => shard(&inputs, i, n),
        None => inputs.clone(),
    };
    // Every output path first, so none that would overwrite an input (or the config, the
    // theme) is written.
    let planned: Vec<(&PathBuf, Vec<(Format, PathBuf)>)> = selected
        .iter()
        .map(|input| {
            let mirror = clashing
                .contains(input.file_stem().unwrap_or_default())
                .then_some(base.as_path());
            (input, targets(input, &s, many, mirror))
        })
        .collect();
    let read = inputs.iter().chain(&s.settings_files).map(PathBuf::as_path);
    let written = planned
        .iter()
        .flat_map(|(_, t)| t.iter().map(|(_, p)| p.as_path()));
    let checked = check_outputs(read.clone(), written, output_hint(s.output.as_deref()))
        .and_then(|()| check_outputs(read, args.report.as_deref(), "choose another --report file"));
    if let Err(e) = checked.and_then(|()| distinct_outputs(&planned)) {
        return usage(&e);
    }
    let jobs = s
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(p) => p,
        Err(e) => return usage(&format!("cannot start {jobs} worker threads: {e}")),
    };
    let total = selected.len();
    let started = Instant::now();
    let bar = (many && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {pos}/{len} {wide_msg}",
        ) {
            pb.set_style(style.progress_chars("=> "));
        }
        pb
    });
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<DocResult> = pool.install(|| {
        planned
            .par_iter()
            .map(|(input, targets)| {
                let r = run_one(input, targets, &s);
                let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                let text = describe(&r, many.then_some((n, total)));
                match &bar {
                    Some(pb) => {
                        if !text.is_empty() {
                            pb.println(text.trim_end());
                        }
                        pb.set_message(r.input.display().to_string());
                        pb.inc(1);
                    }
                    None => {
                        if !text.is_empty() {
                            eprint!("{text}");
                        }
                    }
                }
                r
            })
            .collect()
    });
    if let Some(pb) = &bar {
        pb.finish_and_clear();
    }
    let elapsed = started.elapsed();
    let failed = results.iter().filter(|r| r.error.is_some()).count();
    let outputs: usize = results.iter().map(|r| r.outputs.len()).sum();
    let warnings: usize = results
        .iter()
        .map(|r| {
            r.diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count()
        })
        .sum();
    if many {
        let shard_note = args
            .shard
            .map(|(i, n)| format!(" (shard {i}/{n} of {} input(s))", inputs.len()))
            .unwrap_or_default();
        eprintln!(
            "{} document(s), {} output(s), {} warning(s), {} failed, {:.2} s{shard_note}",
            total,
            outputs,
            warnings,
            failed,
            elapsed.as_secs_f64()
        );
    }
    if let Some(path) = &args.report {
        let report = report_json(&results, args.shard, jobs, elapsed.as_millis());
        let text = serde_json::to_string_pretty(&report).unwrap_or_default() + "\n";
        if let Err(e) = write_atomic(path, text.as_bytes()) {
            eprintln!("error: cannot write the report {}: {e}", path.display());
            return 1;
        }
    }
    if failed > 0 { 1 } else { 0 }
}

/// The text printed when a document finishes: its diagnostics, what was written or why it
/// failed, and (with several inputs) a `[n/total]` line.
fn describe(r: &DocResult, progress: Option<(usize, usize)>) -> String {
    let mut t = String::new();
    for d in &r.diagnostics {
        t.push_str(&format!("{d}\n"));
    }
    for (f, p, _) in &r.outputs {
        t.push_str(&format!("wrote {} ({})\n", p.display(), f.ext()));
    }
    if let Some(e) = &r.error {
        t.push_str(&format!("{}: error: {e}\n", r.input.display()));
    }
    if let Some((n, total)) = progress {
        let status = if r.error.is_some() { "FAILED" } else { "ok" };
        t.push_str(&format!(
            "[{n}/{total}] {status} {} ({} ms)\n",
            r.input.display(),
            r.millis
        ));
    }
    t
}

/// Refuses two inputs whose outputs are the same file (`a.md` and `a.markdown` in one
/// folder both make `a.pdf`): one would silently replace the other.
fn distinct_outputs(planned: &[(&PathBuf, Vec<(Format, PathBuf)>)]) -> Result<(), String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut seen: std::collections::HashMap<PathBuf, &Path> = Default::default();
    for (input, targets) in planned {
        for (_, out) in targets {
            let key = inkbind::book::normalize_lexically(&cwd.join(out));
            if let Some(other) = seen.insert(key, input) {
                return Err(format!(
                    "{} and {} would both be written to {}; rename one or build them separately",
                    other.display(),
                    input.display(),
                    out.display()
                ));
            }
        }
    }
    Ok(())
}

/// The output of `input` in each format of `s` (see [`output_path`]).
fn targets(
    input: &Path,
    s: &Settings,
    many: bool,
    mirror: Option<&Path>,
) -> Vec<(Format, PathBuf)> {
    s.formats
        .iter()
        .map(|f| {
            (
                *f,
                output_path(input, s.output.as_deref(), many, *f, mirror),
            )
        })
        .collect()
}

fn run_one(input: &Path, targets: &[(Format, PathBuf)], s: &Settings) -> DocResult {
    let t0 = Instant::now();
    let mut diags = Diagnostics::new(input.display().to_string());
    let rendered = convert(input, targets, &s.render, &mut diags);
    let mut r = DocResult {
        input: input.to_path_buf(),
        outputs: Vec::new(),
        pages: None,
        diagnostics: diags.items().to_vec(),
        error: None,
        millis: 0,
    };
    match rendered {
        Ok(_) if s.strict && diags.warning_count() > 0 => {
            r.error = Some(format!(
                "{} warning(s) with --strict; nothing written",
                diags.warning_count()
            ));
        }
        Ok((outs, pages)) => {
            r.pages = pages;
            for (f, path, bytes) in outs {
                match write_atomic(&path, &bytes) {
                    Ok(()) => r.outputs.push((f, path, bytes.len())),
                    Err(e) => {
                        r.error = Some(format!("cannot write {}: {e}", path.display()));
                        break;
                    }
                }
            }
        }
        Err(e) => r.error = Some(e),
    }
    r.millis = t0.elapsed().as_millis();
    r
}

/// The folder all inputs share (lexically, after making them absolute).
fn common_dir(inputs: &[PathBuf]) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut common: Option<PathBuf> = None;
    for i in inputs {
        let abs = inkbind::book::normalize_lexically(&cwd.join(i));
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        common = Some(match common {
            None => dir,
            Some(c) => {
                let mut out = PathBuf::new();
                for (a, b) in c.components().zip(dir.components()) {
                    if a != b {
                        break;
                    }
                    out.push(a);
                }
                out
            }
        });
    }
    common.unwrap_or_default()
}

/// Where the output for `input` in format `f` goes.
fn output_path(
    input: &Path,
    output: Option<&Path>,
    many: bool,
    f: Format,
    mirror: Option<&Path>,
) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "out".into());
    let with_ext = |dir: &Path| {
        let mut p = dir.join(&stem);
        p.set_extension(f.ext());
        p
    };
    match output {
        Some(o) if many || o.is_dir() => match mirror {
            // Same file name as another input: keep the folders below the common one.
            Some(base) => {
                let cwd = std::env::current_dir().unwrap_or_default();
                let abs = inkbind::book::normalize_lexically(&cwd.join(input));
                let rel_dir = abs
                    .parent()
                    .and_then(|d| d.strip_prefix(base).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                with_ext(&o.join(rel_dir))
            }
            None => with_ext(o),
        },
        Some(o) => {
            // One input: -o names the file; its extension follows the format (several
            // formats, or `--to epub -o book.pdf`).
            if o.extension().and_then(|e| e.to_str()) != Some(f.ext()) {
                let mut p = o.to_path_buf();
                p.set_extension(f.ext());
                p
            } else {
                o.to_path_buf()
            }
        }
        None => with_ext(input.parent().unwrap_or(Path::new("."))),
    }
}

type Rendered = (Vec<(Format, PathBuf, Vec<u8>)>, Option<usize>);

/// Renders `input` to every target in memory; nothing is written here.
fn convert(
    input: &Path,
    targets: &[(Format, PathBuf)],
    base_opts: &RenderOptions,
    diags: &mut Diagnostics,
) -> Result<Rendered, String> {
    let doc =
        inkbind::document::load(input, diags).map_err(|e| format!("cannot read the file: {e}"))?;
    let opts = RenderOptions {
        source_dir: input.parent().map(Path::to_path_buf).unwrap_or_default(),
        ..base_opts.clone()
    };
    let mut out = Vec::new();
    let mut pages = None;
    for (f, path) in targets {
        let bytes = match f {
            Format::Pdf => pipeline::to_pdf(&doc, &opts, diags).map(|(b, n)| {
                pages = Some(n);
                b
            }),
            Format::Epub => pipeline::to_epub(&doc, &opts, diags),
        }
        .map_err(|e| e.to_string())?;
        out.push((*f, path.clone(), bytes));
    }
    Ok((out, pages))
}

/// The `--report` JSON:
///
/// ```json
/// { "inkbind": "0.1.0", "jobs": 2, "shard": {"index": 1, "count": 4} | null,
///   "summary": {"documents": 20, "outputs": 19, "warnings": 3, "failed": 1, "milliseconds": 812},
///   "documents": [
///     { "input": "posts/a.md", "status": "ok" | "failed", "error": null | "why",
///       "outputs": [{"path": "out/a.pdf", "format": "pdf", "bytes": 31337}],
///       "pages": 3 | null,
///       "warnings": [{"file": "posts/a.md", "line": 12, "column": 5, "message": "…"}],
///       "milliseconds": 41 } ] }
/// ```
///
/// `documents` is in input order; `line`/`column` are 1-based (0 = unknown / whole file);
/// `pages` is the PDF page count (null without a PDF).
fn report_json(
    results: &[DocResult],
    shard: Option<(usize, usize)>,
    jobs: usize,
    millis: u128,
) -> serde_json::Value {
    use serde_json::json;
    let docs: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            let warnings: Vec<serde_json::Value> = r
                .diagnostics
                .iter()
                .map(|d| {
                    json!({
                        "file": d.file,
                        "line": d.line,
                        "column": d.column,
                        "severity": if d.severity == Severity::Warning { "warning" } else { "error" },
                        "message": d.message,
                    })
                })
                .collect();
            json!({
                "input": r.input.display().to_string(),
                "status": if r.error.is_some() { "failed" } else { "ok" },
                "error": r.error,
                "outputs": r.outputs.iter().map(|(f, p, n)| json!({
                    "path": p.display().to_string(),
                    "format": f.ext(),
                    "bytes": n,
                })).collect::<Vec<_>>(),
                "pages": r.pages,
                "warnings": warnings,
                "milliseconds": r.millis as u64,
            })
        })
        .collect();
    let count = |f: &dyn Fn(&DocResult) -> usize| results.iter().map(f).sum::<usize>();
    json!({
        "inkbind": env!("CARGO_PKG_VERSION"),
        "jobs": jobs,
        "shard": shard.map(|(i, n)| json!({"index": i, "count": n})),
        "summary": {
            "documents": results.len(),
            "outputs": count(&|r| r.outputs.len()),
            "warnings": count(&|r| r.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()),
            "failed": count(&|r| usize::from(r.error.is_some())),
            "milliseconds": millis as u64,
        },
        "documents": docs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_inputs() {
        let inputs: Vec<PathBuf> = (0..23)
            .map(|i| PathBuf::from(format!("d/{i:02}.md")))
            .collect();
        let mut reversed = inputs.clone();
        reversed.reverse();
        let mut all = Vec::new();
        for i in 1..=4 {
            let a = shard(&inputs, i, 4);
            let mut b = shard(&reversed, i, 4);
            b.reverse();
            assert_eq!(a, b, "order of the arguments does not matter");
            assert!(a.len() == 5 || a.len() == 6);
            all.extend(a);
        }
        all.sort();
        assert_eq!(all, inputs);
        assert!(parse_shard("0/3").is_err());
        assert!(parse_shard("4/3").is_err());
        assert_eq!(parse_shard("2/3"), Ok((2, 3)));
    }
}
