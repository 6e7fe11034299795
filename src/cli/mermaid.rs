//! `inkbind mermaid IN.mmd|- -o OUT.svg|OUT.png|OUT.pdf|OUT.json`: one diagram drawn
//! natively, no browser.

use std::io::Read;
use std::path::{Path, PathBuf};

use inkbind::diagnostics::Diagnostics;
use inkbind::pipeline::{self, DiagramFormat};

use super::{check_outputs, usage, write_atomic};

/// Arguments of `inkbind mermaid`.
#[derive(clap::Args, Debug)]
pub(crate) struct MermaidArgs {
    /// Mermaid diagram source (`-` reads standard input).
    input: String,
    /// Output: .svg, .png, .pdf or .json (the laid-out graph).
    #[arg(short, long)]
    output: PathBuf,
    /// Language of the labels (picks the Japanese, Korean or Chinese glyph forms).
    #[arg(long, default_value = "ja")]
    lang: String,
    /// Treat warnings as errors (exit code 1, nothing written).
    #[arg(long)]
    strict: bool,
}

pub(crate) fn mermaid(args: MermaidArgs) -> i32 {
    let ext = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match ext.as_deref() {
        Some("svg") => DiagramFormat::Svg,
        Some("png") => DiagramFormat::Png,
        Some("pdf") => DiagramFormat::Pdf,
        Some("json") => DiagramFormat::Json,
        _ => {
            return usage(&format!(
                "-o {}: use a .svg, .png, .pdf or .json file name",
                args.output.display()
            ));
        }
    };
    if args.input != "-"
        && let Err(e) = check_outputs(
            [Path::new(&args.input)],
            [args.output.as_path()],
            "choose another -o",
        )
    {
        return usage(&e);
    }
    let label = if args.input == "-" {
        "<stdin>".to_string()
    } else {
        args.input.clone()
    };
    let mut bytes = Vec::new();
    let read = if args.input == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(&args.input).map(|b| bytes = b)
    };
    if let Err(e) = read {
        eprintln!("{label}: error: cannot read the file: {e}");
        return 1;
    }
    let mut diags = Diagnostics::new(label.clone());
    let src = inkbind::document::decode_source(&bytes, &mut diags);
    let result = pipeline::render_mermaid(&src, &args.lang, format, &mut diags);
    for d in diags.items() {
        eprintln!("{d}");
    }
    let out = match result {
        Ok(out) => out,
        Err(e) => {
            eprintln!("{label}:{e}");
            return 1;
        }
    };
    if args.strict && diags.warning_count() > 0 {
        eprintln!(
            "{label}: error: {} warning(s) with --strict; nothing written",
            diags.warning_count()
        );
        return 1;
    }
    if let Err(e) = write_atomic(&args.output, &out) {
        eprintln!(
            "{label}: error: cannot write {}: {e}",
            args.output.display()
        );
        return 1;
    }
    eprintln!("wrote {}", args.output.display());
    0
}
