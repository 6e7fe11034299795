//! Batch builds: many inputs in parallel, a failing input, the JSON report, shards,
//! inkbind.toml, and the whole shared corpus plus a broken file.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs inkbind in `cwd`.
fn inkbind_in<I, S>(cwd: &Path, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_inkbind"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run inkbind")
}

/// 21 small documents in three languages (variations of one text) plus one input that
/// cannot be read (a directory named like a Markdown file).
fn make_inputs(dir: &Path) -> (Vec<PathBuf>, PathBuf) {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let bodies = [
        (
            "ja",
            "組版のテスト。禁則処理と「括弧」の扱いを確かめる文章です。",
        ),
        (
            "ko",
            "한국어 줄 바꿈을 확인하는 문장입니다. 띄어쓰기 단위로 나뉩니다.",
        ),
        (
            "en",
            "A short English paragraph with *emphasis* and `code`.",
        ),
    ];
    let mut v = Vec::new();
    for i in 0..21 {
        let (lang, body) = bodies[i % 3];
        let p = src.join(format!("doc-{i:02}.md"));
        let text = format!(
            "---\ntitle: Document {i}\nlang: {lang}\ndate: 2026-03-{:02}\n---\n\n## Section {i}\n\n{body}\n\n| a | b |\n|---|---|\n| {i} | x |\n\n![missing](nope-{i}.png)\n",
            i % 28 + 1
        );
        std::fs::write(&p, text).unwrap();
        v.push(p);
    }
    let broken = src.join("broken.md");
    std::fs::create_dir_all(&broken).unwrap();
    v.insert(7, broken.clone());
    (v, broken)
}

fn report(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("report written")).expect("JSON")
}

#[test]
fn parallel_batch_keeps_going_and_reports() {
    let dir = tempdir();
    let (inputs, broken) = make_inputs(dir.path());
    let out = dir.path().join("out");
    let rep = dir.path().join("report.json");
    let mut args: Vec<String> = vec!["build".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(
        [
            "-j",
            "2",
            "--to",
            "pdf,epub",
            "-o",
            out.to_str().unwrap(),
            "--report",
            rep.to_str().unwrap(),
        ]
        .map(String::from),
    );
    let o = inkbind(&args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}: error: cannot read the file",
            broken.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("22 document(s), 42 output(s)") && err.contains("1 failed"),
        "{err}"
    );
    // Not a terminal: plain progress lines.
    assert!(err.contains("[22/22] "), "{err}");
    for p in inputs.iter().filter(|p| **p != broken) {
        let stem = p.file_stem().unwrap().to_str().unwrap();
        for ext in ["pdf", "epub"] {
            let f = out.join(format!("{stem}.{ext}"));
            let b = std::fs::read(&f).unwrap_or_else(|_| panic!("{} missing", f.display()));
            assert!(b.starts_with(if ext == "pdf" { b"%PDF-" } else { b"PK" }));
        }
    }
    let r = report(&rep);
    let docs = r["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 22);
    assert_eq!(r["summary"]["documents"], 22);
    assert_eq!(r["summary"]["failed"], 1);
    assert_eq!(r["summary"]["outputs"], 42);
    assert_eq!(r["jobs"], 2);
    for (d, input) in docs.iter().zip(&inputs) {
        assert_eq!(d["input"].as_str().unwrap(), input.display().to_string());
        assert!(d["milliseconds"].is_u64());
        if *input == broken {
            assert_eq!(d["status"], "failed");
            assert!(d["error"].as_str().unwrap().contains("cannot read"));
            assert!(d["outputs"].as_array().unwrap().is_empty());
            continue;
        }
        assert_eq!(d["status"], "ok", "{d}");
        assert!(d["pages"].as_u64().unwrap() >= 1);
        let outs = d["outputs"].as_array().unwrap();
        assert_eq!(outs.len(), 2);
        for o in outs {
            let p = PathBuf::from(o["path"].as_str().unwrap());
            assert_eq!(
                std::fs::metadata(&p).unwrap().len(),
                o["bytes"].as_u64().unwrap()
            );
        }
        // The missing image: a warning with its position.
        let w = d["warnings"].as_array().unwrap();
        let img = w
            .iter()
            .find(|w| w["message"].as_str().unwrap().contains("nope-"))
            .unwrap_or_else(|| panic!("image warning in {d}"));
        assert_eq!(img["line"], 15);
        assert_eq!(img["column"], 1);
        assert_eq!(img["file"].as_str().unwrap(), input.display().to_string());
    }
}

#[test]
fn shards_partition_the_inputs_exactly() {
    let dir = tempdir();
    let (inputs, _) = make_inputs(dir.path());
    let mut seen: Vec<String> = Vec::new();
    for i in 1..=3 {
        let rep = dir.path().join(format!("r{i}.json"));
        // Arguments in a different order per shard: the split must not depend on it.
        let mut ins = inputs.clone();
        ins.rotate_left(i * 5);
        let mut args: Vec<String> = vec!["build".into()];
        args.extend(ins.iter().map(|p| p.display().to_string()));
        args.extend(
            [
                "--shard",
                &format!("{i}/3"),
                "-j",
                "2",
                "--to",
                "epub",
                "-o",
                dir.path().join("out").to_str().unwrap(),
                "--report",
                rep.to_str().unwrap(),
            ]
            .map(String::from),
        );
        let o = inkbind(&args);
        assert!(o.status.code() == Some(0) || o.status.code() == Some(1));
        assert!(stderr(&o).contains(&format!("shard {i}/3 of 22 input(s)")));
        let r = report(&rep);
        let docs = r["documents"].as_array().unwrap();
        assert!((7..=8).contains(&docs.len()), "shard {i}: {}", docs.len());
        seen.extend(
            docs.iter()
                .map(|d| d["input"].as_str().unwrap().to_string()),
        );
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "a document in two shards");
    let all: BTreeSet<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), all);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["build", "x.md", "--shard", "0/2"],
        vec!["build", "x.md", "--shard", "3/2"],
        vec!["build", "x.md", "-j", "0"],
        vec!["build", "x.md", "--epub-diagrams", "gif"],
    ] {
        let o = inkbind(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    let dir = tempdir();
    std::fs::write(dir.path().join("inkbind.toml"), "outptu = \"x\"\n").unwrap();
    let o = inkbind_in(dir.path(), ["build", "x.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("inkbind.toml:1:1"), "{}", stderr(&o));
}

#[test]
fn config_file_sets_defaults_and_flags_override() {
    let dir = tempdir();
    let d = dir.path();
    std::fs::create_dir_all(d.join("docs/sub")).unwrap();
    std::fs::write(
        d.join("inkbind.toml"),
        "output = \"dist\"\nformats = [\"epub\"]\nstrict = false\njobs = 1\npage_size = \"a5\"\nembed_fonts = false\n",
    )
    .unwrap();
    std::fs::write(d.join("docs/a.md"), "# A\n\n日本語の本文。\n").unwrap();
    std::fs::write(d.join("docs/sub/a.md"), "# A again\n\ntext\n").unwrap();
    // Found from a subfolder; paths in it are relative to the config file.
    let o = inkbind_in(&d.join("docs"), ["build", "a.md", "sub/a.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Same file name twice: the folders are kept below the common one.
    let a = std::fs::read(d.join("dist/a.epub")).expect("dist/a.epub");
    assert!(d.join("dist/sub/a.epub").is_file());
    let names: Vec<String> = zip::ZipArchive::new(std::io::Cursor::new(&a))
        .unwrap()
        .file_names()
        .map(String::from)
        .collect();
    assert!(
        !names.iter().any(|n| n.ends_with(".otf")),
        "embed_fonts = false"
    );
    // Flags override: --to pdf.
    let o = inkbind_in(&d.join("docs"), ["build", "a.md", "--to", "pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A5 from the config: 419.53 x 595.28 pt.
    let pdf = lopdf::Document::load(d.join("dist/a.pdf")).unwrap();
    let (_, page) = pdf.get_pages().into_iter().next().unwrap();
    let mb = pdf
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let w = match &mb[2] {
        lopdf::Object::Real(r) => *r as f64,
        lopdf::Object::Integer(i) => *i as f64,
        o => panic!("{o:?}"),
    };
    assert!((w - 419.53).abs() < 0.1, "A5 width, got {w}");
    // strict in the config, a warning in the document: exit 1.
    std::fs::write(d.join("inkbind.toml"), "strict = true\n").unwrap();
    std::fs::write(d.join("docs/w.md"), "![x](missing.png)\n").unwrap();
    let o = inkbind_in(&d.join("docs"), ["build", "w.md", "--to", "epub"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // --config names another file.
    std::fs::write(d.join("other.toml"), "output = \"elsewhere\"\n").unwrap();
    let o = inkbind_in(
        &d.join("docs"),
        ["build", "a.md", "--to", "epub", "--config", "../other.toml"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(d.join("elsewhere/a.epub").is_file());
}

#[test]
fn whole_corpus_plus_a_broken_file() {
    let files = corpus_files();
    if files.is_empty() {
        return;
    }
    let dir = tempdir();
    let broken = dir.path().join("broken.md");
    std::fs::write(&broken, b"---\ntitle: [unclosed\n---\n\xff\xfe bad bytes\n").unwrap();
    let unreadable = dir.path().join("unreadable.md");
    std::fs::create_dir(&unreadable).unwrap();
    let rep = dir.path().join("report.json");
    let out = dir.path().join("out");
    let mut args: Vec<String> = vec!["build".into()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    args.push(broken.display().to_string());
    args.push(unreadable.display().to_string());
    args.extend(
        [
            "--to",
            "pdf,epub",
            "-j",
            "2",
            "-o",
            out.to_str().unwrap(),
            "--report",
            rep.to_str().unwrap(),
        ]
        .map(String::from),
    );
    let o = inkbind(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let r = report(&rep);
    let docs = r["documents"].as_array().unwrap();
    assert_eq!(docs.len(), files.len() + 2);
    for (d, f) in docs.iter().zip(&files) {
        assert_eq!(d["status"], "ok", "{d}");
        let stem = f.file_stem().unwrap().to_str().unwrap();
        assert!(out.join(format!("{stem}.pdf")).is_file());
        assert!(out.join(format!("{stem}.epub")).is_file());
    }
    // Malformed front matter and bad bytes: warnings with positions, still written.
    let b = &docs[files.len()];
    assert_eq!(b["status"], "ok");
    assert!(
        b["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["line"].as_u64() > Some(0))
    );
    let u = &docs[files.len() + 1];
    assert_eq!(u["status"], "failed");
    assert!(stderr(&o).contains(&format!(
        "{}: error: cannot read the file",
        unreadable.display()
    )));
}
