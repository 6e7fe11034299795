//! Which diagram type a source is. As in Mermaid (`detectType` over each type's
//! detector), the header is read from the text left after front matter, directives and
//! comments: its first word, up to white space, `;` or `:`.
//!
//! Owns the list of Mermaid diagram keywords that are not drawn here; each drawn type
//! (`flowchart/`, …) owns its own detector. Knows no grammar.

use super::common::preprocess::Pre;

/// Mermaid diagram keywords of the types not drawn here (yet).
pub(crate) const OTHER_DIAGRAMS: &[&str] = &[
    "quadrantChart",
    "requirementDiagram",
    "requirement",
    "gitGraph",
    "timeline",
    "zenuml",
    "sankey-beta",
    "sankey",
    "xychart-beta",
    "xychart",
    "block-beta",
    "block",
    "packet-beta",
    "packet",
    "kanban",
    "architecture-beta",
    "architecture",
    "C4Context",
    "C4Container",
    "C4Component",
    "C4Dynamic",
    "C4Deployment",
    "radar-beta",
    "treemap-beta",
    "treemap",
    "info",
    "flowchart-elk",
];

/// The header keyword as written: the first word of the preprocessed text.
fn keyword(pre: &Pre) -> String {
    let text: String = pre.text.chars.iter().take(64).collect();
    text.trim_start()
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ';' && *c != ':')
        .collect()
}

/// The keyword, in Mermaid's spelling, when the header names a type of
/// [`OTHER_DIAGRAMS`] (compared ignoring ASCII case).
pub(crate) fn unsupported(pre: &Pre) -> Option<&'static str> {
    let word = keyword(pre);
    OTHER_DIAGRAMS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(&word))
        .copied()
}
