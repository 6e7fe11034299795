//! Loader for the Mermaid oracle of the non-flowchart diagram types in
//! `tests/data/mermaid-types/` (schema and provenance in its README.md).

use std::path::PathBuf;

use serde_json::Value;

/// The diagram types of the corpus, as the folder names of `corpus/` and `truth/`.
pub const MERMAID_TYPES: [&str; 8] = [
    "sequence", "class", "state", "er", "pie", "gantt", "journey", "mindmap",
];

/// Keys every truth file has, whatever its type and whether Mermaid parsed it.
pub const TRUTH_COMMON_KEYS: [&str; 11] = [
    "id",
    "type",
    "mermaid_version",
    "parses",
    "error",
    "diagram_type",
    "title",
    "acc_title",
    "acc_descr",
    "direction",
    "config",
];

/// One corpus file and what Mermaid made of it.
pub struct MermaidCase {
    /// Folder name, one of [`MERMAID_TYPES`].
    pub diagram_type: &'static str,
    /// `NNNN`, the file stem.
    pub id: String,
    /// The `.mmd` source, byte-exact.
    pub source: String,
    /// `truth/<type>/NNNN.json`.
    pub truth: Value,
}

impl MermaidCase {
    /// `type/NNNN`, for messages.
    pub fn name(&self) -> String {
        format!("{}/{}", self.diagram_type, self.id)
    }

    /// Whether Mermaid 12.3's parser accepted the source (`truth.parses`).
    pub fn parses(&self) -> bool {
        self.truth["parses"].as_bool().unwrap_or(false)
    }
}

/// `tests/data/mermaid-types/`.
pub fn mermaid_types_dir() -> PathBuf {
    super::root().join("tests/data/mermaid-types")
}

/// Every case of one diagram type, in id order. Panics with the file's path when a truth file is
/// missing or is not JSON.
pub fn mermaid_cases(diagram_type: &'static str) -> Vec<MermaidCase> {
    let dir = mermaid_types_dir();
    let corpus = dir.join("corpus").join(diagram_type);
    let mut ids: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "mmd"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    ids.sort();
    ids.into_iter()
        .map(|id| {
            let src = corpus.join(format!("{id}.mmd"));
            let tp = dir
                .join("truth")
                .join(diagram_type)
                .join(format!("{id}.json"));
            let source =
                std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
            let text =
                std::fs::read_to_string(&tp).unwrap_or_else(|e| panic!("{}: {e}", tp.display()));
            let truth = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", tp.display()));
            MermaidCase {
                diagram_type,
                id,
                source,
                truth,
            }
        })
        .collect()
}

/// The lines of `manifest.jsonl`, parsed.
pub fn mermaid_manifest() -> Vec<Value> {
    let p = mermaid_types_dir().join("manifest.jsonl");
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .lines()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}:{}: not JSON: {e}", p.display(), i + 1))
        })
        .collect()
}
