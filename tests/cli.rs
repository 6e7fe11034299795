//! The `inkbind build` command: outputs, determinism, bad input, exit codes, atomic writes.

mod common;

use common::*;
use std::path::Path;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn two_runs_give_identical_bytes() {
    let dir = tempdir();
    for md in examples() {
        let mut outs = Vec::new();
        for run in 0..2 {
            let base = dir.path().join(format!("run{run}"));
            let o = inkbind([
                "build",
                md.to_str().unwrap(),
                "--to",
                "pdf,epub",
                "-o",
                base.join("out.pdf").to_str().unwrap(),
            ]);
            assert!(o.status.success(), "{}", stderr(&o));
            outs.push((
                std::fs::read(base.join("out.pdf")).unwrap(),
                std::fs::read(base.join("out.epub")).unwrap(),
            ));
        }
        assert!(outs[0].0 == outs[1].0, "{}: PDF bytes differ", md.display());
        assert!(
            outs[0].1 == outs[1].1,
            "{}: EPUB bytes differ",
            md.display()
        );
    }
}

#[test]
fn format_follows_to_then_extension() {
    let dir = tempdir();
    let md = root().join("examples/en-release-notes.md");
    let o = inkbind([
        "build",
        md.to_str().unwrap(),
        "-o",
        dir.path().join("x.epub").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        &std::fs::read(dir.path().join("x.epub")).unwrap()[..2],
        b"PK"
    );
    let o = inkbind([
        "build",
        md.to_str().unwrap(),
        "--to",
        "pdf",
        "-o",
        dir.path().join("y").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        &std::fs::read(dir.path().join("y.pdf")).unwrap()[..5],
        b"%PDF-"
    );
    // Several inputs: -o is a directory.
    let out = dir.path().join("many");
    let ins: Vec<String> = examples()
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    let mut args = vec!["build".to_string()];
    args.extend(ins);
    args.extend(["-o".into(), out.to_str().unwrap().into()]);
    let o = inkbind(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        files_in(&out),
        vec![
            "en-release-notes.pdf",
            "ja-typesetting.pdf",
            "ko-travel-notes.pdf",
            "zh-ci-pipeline.pdf"
        ]
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = inkbind(["build"]);
    assert_eq!(o.status.code(), Some(2));
    let o = inkbind(["build", "x.md", "--page-size", "a9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("a9"));
}

#[test]
fn missing_input_fails_with_exit_1() {
    let dir = tempdir();
    let o = inkbind(["build", dir.path().join("nope.md").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nope.md"), "{}", stderr(&o));
}

/// Each bad input: a clear message with file:line:col, no panic, output still written; with
/// --strict exit 1 and no output file at all.
#[test]
fn bad_inputs_warn_with_positions_and_strict_fails() {
    let dir = tempdir();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "badyaml.md",
            b"---\ntitle: ok\ntags: [a, b\nauthor: x\n---\n\n# Body\n\nText.\n".to_vec(),
            "badyaml.md:4:",
        ),
        (
            "noimage.md",
            b"# T\n\nSee:\n\n![a chart](missing/chart.png)\n".to_vec(),
            "noimage.md:5:1: warning: image \"missing/chart.png\" is not found (looked for ",
        ),
        (
            "utf8.md",
            b"# T\n\nok line\nbad \xff\xfe byte\n".to_vec(),
            "utf8.md:4:5: warning: invalid UTF-8",
        ),
        (
            "empty.md",
            Vec::new(),
            "empty.md:1:1: warning: the file is empty",
        ),
        (
            "onlyfm.md",
            b"---\ntitle: Just metadata\n---\n".to_vec(),
            "onlyfm.md:3:1: warning: the document has front matter but no body",
        ),
    ];
    for (name, bytes, expect) in cases {
        let md = dir.path().join(name);
        std::fs::write(&md, &bytes).unwrap();
        let out = dir.path().join(format!("{name}.pdf"));
        let o = inkbind(["build", md.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(
            err.contains(expect),
            "{name}: expected {expect:?} in:\n{err}"
        );
        assert!(out.exists(), "{name}: output written despite warnings");
        std::fs::remove_file(&out).unwrap();

        let o = inkbind([
            "build",
            md.to_str().unwrap(),
            "--to",
            "pdf,epub",
            "-o",
            out.to_str().unwrap(),
            "--strict",
        ]);
        assert_eq!(o.status.code(), Some(1), "{name} --strict: {}", stderr(&o));
        assert!(
            !out.exists() && !out.with_extension("epub").exists(),
            "{name}: --strict left an output"
        );
    }
    // No temporary files are left behind.
    assert!(
        files_in(dir.path())
            .iter()
            .all(|f| !f.starts_with(".inkbind-")),
        "{:?}",
        files_in(dir.path())
    );
}

#[test]
fn a_failed_write_leaves_the_old_file_untouched() {
    let dir = tempdir();
    let md = root().join("examples/en-release-notes.md");
    let out = dir.path().join("keep.pdf");
    std::fs::write(&out, b"old").unwrap();
    // A missing image with --strict fails the document: the old file stays as it was.
    let bad = dir.path().join("bad.md");
    std::fs::write(&bad, "![x](nope.png)\n").unwrap();
    let o = inkbind([
        "build",
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
    let o = inkbind(["build", md.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(&std::fs::read(&out).unwrap()[..5], b"%PDF-");
}

#[test]
fn hostile_inputs_do_not_panic() {
    let dir = tempdir();
    let huge_table = {
        let mut s = String::from("|a|b|c|\n|-|-|-|\n");
        for i in 0..2000 {
            s.push_str(&format!("|{i}|{}|x|\n", "長い".repeat(i % 50)));
        }
        s
    };
    let cases = vec![
        ("deep.md", ">".repeat(5000) + " deep\n" + &"- ".repeat(3000) + "x\n"),
        ("table.md", huge_table),
        ("longword.md", format!("{}\n\n`{}`\n", "a".repeat(20000), "b".repeat(5000))),
        ("html.md", "<div><script>alert(1)</script><p>para</details><span lang=ko>한국어</span></div>\n\n<img src=x onerror=1>\n".to_string()),
        ("nul.md", "a\u{0}b\u{7}c\n\n# \u{0}\n".to_string()),
        ("emoji.md", "絵文字 🎉 と 𠮷野家\n".to_string()),
    ];
    for (name, src) in cases {
        let md = dir.path().join(name);
        std::fs::write(&md, src).unwrap();
        let out = dir.path().join(format!("{name}.pdf"));
        let o = inkbind([
            "build",
            md.to_str().unwrap(),
            "--to",
            "pdf,epub",
            "-o",
            out.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(
            out.exists() && out.with_extension("epub").exists(),
            "{name}"
        );
    }
}

#[test]
fn mermaid_command_writes_every_format() {
    let dir = tempdir();
    let src = dir.path().join("flow.mmd");
    std::fs::write(&src, "graph LR\n  A[原稿<br/>Markdown] -->|解析| B{検証}\n  B -->|OK| C[(PDF)]\n  B -.->|NG| D>エラー]\n").unwrap();
    for ext in ["svg", "png", "pdf", "json"] {
        let out = dir.path().join(format!("flow.{ext}"));
        let o = inkbind([
            "mermaid",
            src.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
    }
    let svg = std::fs::read_to_string(dir.path().join("flow.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("viewBox") && !svg.contains("foreignObject"));
    assert!(
        svg.contains(">原稿<") && svg.contains(">検証<"),
        "labels are real text"
    );
    assert_eq!(
        &std::fs::read(dir.path().join("flow.png")).unwrap()[..4],
        b"\x89PNG"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("flow.json")).unwrap())
            .unwrap();
    assert_eq!(json["direction"], "LR");
    let ids: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["A", "B", "C", "D"]);
    assert_eq!(json["edges"].as_array().unwrap().len(), 3);
    if have("pdftotext") {
        let text = pdftotext(&dir.path().join("flow.pdf"), None);
        for label in ["原稿", "Markdown", "検証", "PDF", "エラー", "解析"] {
            assert!(
                text.contains(label),
                "{label} not selectable in the PDF: {text}"
            );
        }
    }
}

#[test]
fn mermaid_command_reports_errors_with_positions() {
    let dir = tempdir();
    let bad = dir.path().join("bad.mmd");
    std::fs::write(&bad, "graph TD\n  A --> B\n  B -- oops\n").unwrap();
    let out = dir.path().join("bad.svg");
    let o = inkbind([
        "mermaid",
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("bad.mmd:3:") || err.contains("bad.mmd:4:"),
        "{err}"
    );
    assert!(!out.exists());
    let seq = dir.path().join("seq.mmd");
    std::fs::write(&seq, "timeline\n  title History\n").unwrap();
    let o = inkbind([
        "mermaid",
        seq.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("timeline"), "{}", stderr(&o));
    let o = inkbind([
        "mermaid",
        seq.to_str().unwrap(),
        "-o",
        dir.path().join("x.gif").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// A file with a UTF-16 byte-order mark (either order) is decoded, not read as broken
/// UTF-8: its CJK text is in the PDF, and the only warning is for the one unpaired
/// surrogate, at its line and column.
#[test]
fn utf16_sources_with_either_byte_order_mark_render() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    let text = "---\ntitle: 符号化の試験\n---\n\n本文は縦書きではなく横書きです。\n\n壊れた";
    for (name, be) in [("le.md", false), ("be.md", true)] {
        let mut bytes: Vec<u8> = if be {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        let units = text.encode_utf16().chain([0xD800, 0x0A]);
        for u in units {
            bytes.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        let md = dir.path().join(name);
        std::fs::write(&md, &bytes).unwrap();
        let pdf = md.with_extension("pdf");
        let o = inkbind(["build", md.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{name}: {err}");
        assert!(!err.contains("UTF-8"), "{name}: {err}");
        let order = if be { "BE" } else { "LE" };
        let expect =
            format!("{name}:7:4: warning: invalid UTF-16 {order} (unpaired surrogate D800)");
        assert!(
            err.contains(&expect),
            "{name}: expected {expect:?} in:\n{err}"
        );
        assert_eq!(err.matches("warning").count(), 1, "{name}: {err}");
        let body = squash(&pdftotext(&pdf, None));
        assert!(
            body.contains("本文は縦書きではなく横書きです。"),
            "{name}: {body}"
        );
        assert!(body.contains("符号化の試験"), "{name}: {body}");
    }
}

/// Every way an output path can be one of the inputs is a usage error before anything is
/// written: the same name, no `-o` (output next to a Markdown file named `.pdf`), a symlink
/// or hard link to the input, an output derived per format, another input of the batch,
/// the report file, and `mermaid`'s source.
#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = tempdir();
    let d = dir.path();
    let md = "# Notes\n\nKeep me.\n";
    for f in ["a.md", "notes.pdf", "x.epub", "flow.svg"] {
        std::fs::write(d.join(f), md).unwrap();
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("a.md", d.join("link.pdf")).unwrap();
        std::fs::hard_link(d.join("a.md"), d.join("hard.epub")).unwrap();
    }
    let mut cases = vec![
        ("build notes.pdf -o notes.pdf", "notes.pdf", "notes.pdf"),
        ("build notes.pdf", "notes.pdf", "notes.pdf"),
        ("build x.epub --to pdf,epub -o x.pdf", "x.epub", "x.epub"),
        ("build a.md notes.md notes.pdf", "notes.pdf", "notes.pdf"),
        ("build a.md --report a.md -o r.pdf", "a.md", "a.md"),
        ("mermaid flow.svg -o flow.svg", "flow.svg", "flow.svg"),
    ];
    if cfg!(unix) {
        cases.push(("build a.md -o link.pdf", "link.pdf", "a.md"));
        cases.push(("build a.md --to epub -o hard.epub", "hard.epub", "a.md"));
    }
    std::fs::write(d.join("notes.md"), md).unwrap();
    for (args, output, input) in cases {
        assert_overwrite_refused(d, args, output, input);
        for f in ["a.md", "notes.pdf", "x.epub", "flow.svg", "notes.md"] {
            assert_eq!(
                std::fs::read_to_string(d.join(f)).unwrap(),
                md,
                "{args}: {f}"
            );
        }
        // Nothing else was written either (the other format, the other inputs' outputs).
        for f in ["x.pdf", "a.pdf", "notes.epub", "r.pdf"] {
            assert!(!d.join(f).exists(), "{args} wrote {f}");
        }
    }
}

/// With several inputs `-o` is a directory: a name ending in an output extension is
/// refused instead of becoming a directory named `both.pdf`; an existing directory of
/// that name is still used. Two inputs that would write the same file are refused too.
#[test]
fn several_inputs_need_an_output_directory() {
    let dir = tempdir();
    let d = dir.path();
    std::fs::write(d.join("a.md"), "# A\n").unwrap();
    std::fs::write(d.join("b.md"), "# B\n").unwrap();
    std::fs::write(d.join("b.markdown"), "# B again\n").unwrap();
    for args in [
        "build a.md b.md -o both.pdf",
        "build a.md b.md -o both.EPUB",
        "build a.md b.md -o both.svg",
        "build a.md --shard 1/1 -o both.pdf",
    ] {
        let o = inkbind_in(d, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("must be a directory here"), "{args:?}: {err}");
        assert_eq!(files_in(d), ["a.md", "b.markdown", "b.md"], "{args:?}");
    }
    std::fs::create_dir(d.join("made.pdf")).unwrap();
    let o = inkbind_in(d, "build a.md b.md -o made.pdf");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(&d.join("made.pdf")), ["a.pdf", "b.pdf"]);

    let o = inkbind_in(d, "build b.md b.markdown -o out");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("b.md and b.markdown would both be written to out/b.pdf"),
        "{err}"
    );
    assert!(!d.join("out").exists());
}

/// A killed run's temporary file (its pid is gone) is removed by the next write into its
/// folder; a live process's temporary file and files of other names stay.
#[cfg(target_os = "linux")]
#[test]
fn stale_temporary_files_of_dead_runs_are_removed() {
    assert!(
        !Path::new("/proc/999999").exists(),
        "pid 999999 is running; pick another dead pid for this test"
    );
    let dir = tempdir();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let stale = out.join(".inkbind-999999-x.tmp");
    let live = out.join(format!(".inkbind-{}-y.tmp", std::process::id()));
    let others = [".inkbind-abc123.tmp", "notes.tmp", ".inkbind-999999-.tmp"];
    for f in [&stale, &live] {
        std::fs::write(f, b"partial").unwrap();
    }
    for f in others {
        std::fs::write(out.join(f), b"not ours").unwrap();
    }
    let md = root().join("examples/en-release-notes.md");
    let o = inkbind([
        "build",
        md.to_str().unwrap(),
        "-o",
        out.join("notes.pdf").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stale.exists(), "stale temporary file kept");
    assert!(live.exists(), "a live process's temporary file was removed");
    for f in others {
        assert!(out.join(f).exists(), "{f} removed");
    }
    // This run left no temporary file of its own.
    let mut left = files_in(&out);
    left.retain(|f| f.starts_with(".inkbind-") && f.ends_with(".tmp"));
    let live_name = live.file_name().unwrap().to_string_lossy().into_owned();
    let mut expect = vec![
        live_name,
        ".inkbind-999999-.tmp".into(),
        ".inkbind-abc123.tmp".into(),
    ];
    expect.sort();
    assert_eq!(left, expect);
}
