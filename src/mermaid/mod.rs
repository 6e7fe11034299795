#![warn(missing_docs)]
//! Mermaid diagrams for inkbind, drawn natively (no browser).
//!
//! [`render`] takes the text of a Mermaid diagram, reads its header (after front matter,
//! `%%{init}%%` directives and `%%` comments, as Mermaid's `detectType` does) and hands it
//! to that type's folder, which parses it, lays it out and writes SVG 1.1; every type
//! returns the same [`Diagram`]. Drawn today: [`flowchart`] (`graph` / `flowchart`),
//! [`sequence`] (`sequenceDiagram`), [`class`] (`classDiagram`), [`state`]
//! (`stateDiagram`, `stateDiagram-v2`), [`er`] (`erDiagram`), [`pie`], [`journey`],
//! [`mindmap`] and [`gantt`]; the other Mermaid types give [`RenderError::Unsupported`] so the caller can show the source.
//!
//! Layout of the module:
//! - [`common`]: what every type shares (preprocessing and config, label text, the
//!   [`TextMeasure`] trait, themes, SVG/JSON writer helpers, the layered layout engine);
//! - one folder per diagram type with its own `parse → model → layout → svg` pipeline
//!   ([`flowchart`], [`sequence`], [`class`], [`state`], [`pie`], [`er`], [`journey`], [`mindmap`], [`gantt`]);
//! - this file: the dispatch on the header and the result types.
//!
//! [`model`], [`parse`], [`layout`] and [`svg`] are the flowchart's modules under their
//! long-standing names. Nothing here depends on the rest of inkbind: label sizes come
//! through the [`TextMeasure`] trait, which the caller implements with its fonts.

pub mod class;
pub mod common;
pub mod er;
pub mod flowchart;
pub mod gantt;
pub mod journey;
pub mod mindmap;
pub mod pie;
pub mod sequence;
pub mod state;

mod detect;

use std::fmt;

pub use common::measure::{SimpleMeasure, TextMeasure, default_breaks, is_wide};
pub use flowchart::{layout, model, parse, svg};
pub use layout::{Layout, LayoutOptions};
pub use svg::SvgOptions;

/// A drawn diagram, whatever its type.
#[derive(Debug, Clone)]
pub struct Diagram {
    /// The SVG document (SVG 1.1, presentation attributes only).
    pub svg: String,
    /// Width of the drawing, px (the SVG's `width`).
    pub width_px: f32,
    /// Height of the drawing, px.
    pub height_px: f32,
    /// Alternative text: accTitle / title, accDescr, else a generated summary.
    pub alt_text: String,
    /// Parser warnings (unsupported directives, shapes, …).
    pub warnings: Vec<model::Warning>,
    /// The layout the SVG was drawn from.
    pub layout: DiagramLayout,
}

/// The layout a [`Diagram`] was drawn from, by diagram type.
#[derive(Debug, Clone, PartialEq)]
pub enum DiagramLayout {
    /// A flowchart's placed nodes, routed edges and subgraph boxes.
    Flowchart(flowchart::layout::Layout),
    /// A sequence diagram's participants, lifelines, messages, notes and blocks.
    Sequence(sequence::layout::Layout),
    /// A state diagram's placed states, composites, notes and transitions.
    State(state::layout::Layout),
    /// A class diagram's placed boxes, notes, namespaces and routed relations.
    Class(class::layout::ClassLayout),
    /// A pie chart's slices, percentages, title and legend.
    Pie(pie::layout::PieLayout),
    /// A user journey's legend, section and task boxes, faces and arrow line.
    Journey(journey::layout::JourneyLayout),
    /// A mindmap's placed nodes and curved edges.
    Mindmap(mindmap::layout::Layout),
    /// A gantt chart's bands, bars, labels, axis ticks and today line.
    Gantt(gantt::layout::GanttLayout),
    /// An ER diagram's entity boxes, relationships and subgraphs.
    Er(er::layout::Layout),
}

/// A layout that can be written as JSON (the `inkbind mermaid … -o OUT.json` export).
pub trait LayoutJson {
    /// The layout as one JSON object; each diagram type documents its schema (for
    /// flowcharts see [`flowchart::layout::layout_json`]).
    fn to_json(&self) -> String;
}

impl LayoutJson for flowchart::layout::Layout {
    fn to_json(&self) -> String {
        flowchart::layout::layout_json(self)
    }
}

impl LayoutJson for class::layout::ClassLayout {
    fn to_json(&self) -> String {
        class::json::layout_json(self)
    }
}

impl LayoutJson for pie::layout::PieLayout {
    fn to_json(&self) -> String {
        pie::svg::layout_json(self)
    }
}

impl LayoutJson for journey::layout::JourneyLayout {
    fn to_json(&self) -> String {
        journey::svg::layout_json(self)
    }
}

impl LayoutJson for DiagramLayout {
    fn to_json(&self) -> String {
        match self {
            DiagramLayout::Flowchart(l) => l.to_json(),
            DiagramLayout::Sequence(l) => sequence::svg::layout_json(l),
            DiagramLayout::State(l) => state::json::layout_json(l),
            DiagramLayout::Class(l) => l.to_json(),
            DiagramLayout::Pie(l) => l.to_json(),
            DiagramLayout::Journey(l) => l.to_json(),
            DiagramLayout::Mindmap(l) => mindmap::svg::layout_json(l),
            DiagramLayout::Gantt(l) => gantt::layout::layout_json(l),
            DiagramLayout::Er(l) => er::svg::layout_json(l),
        }
    }
}

/// The laid-out graph of a diagram (or of a flowchart [`Layout`]) as JSON.
pub fn layout_json(l: &(impl LayoutJson + ?Sized)) -> String {
    l.to_json()
}

/// Why a diagram could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// Another Mermaid diagram type (`pie`, `classDiagram`, `gantt`, `timeline`, …): not
    /// supported yet; show the source as code with a note.
    Unsupported {
        /// The diagram keyword in Mermaid's spelling, e.g. `sequenceDiagram`.
        diagram: String,
    },
    /// A diagram with a syntax error (line, column, offending text).
    Syntax(model::ParseError),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Unsupported { diagram } => {
                write!(f, "Mermaid `{diagram}` diagrams are not supported yet")
            }
            RenderError::Syntax(e) => write!(f, "Mermaid syntax error: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// If `src` is a Mermaid diagram of a type not drawn here, its keyword.
pub fn other_diagram_kind(src: &str) -> Option<String> {
    detect::unsupported(&common::preprocess::preprocess(src)).map(str::to_string)
}

/// Reads the header of `src` and parses, lays out and draws the diagram with that type's
/// pipeline, measuring label text with `measure`.
///
/// # Errors
/// [`RenderError::Unsupported`] for diagram types not drawn here (the caller shows the
/// source as code with a note), [`RenderError::Syntax`] for a diagram Mermaid would
/// reject, or for a header that names no known type.
pub fn render(
    src: &str,
    measure: &dyn TextMeasure,
    opts: &SvgOptions,
) -> Result<Diagram, RenderError> {
    let pre = common::preprocess::preprocess(src);
    let unsupported = detect::unsupported(&pre).map(|d| RenderError::Unsupported {
        diagram: d.to_string(),
    });
    if flowchart::detect(&pre) {
        // `flowchart-elk` is drawn as a flowchart when it parses, reported as unsupported
        // when it does not.
        return flowchart::render(src, pre, measure, opts)
            .map_err(|e| unsupported.unwrap_or(RenderError::Syntax(e)));
    }
    if sequence::detect(&pre) {
        return sequence::render(src, pre, measure, opts).map_err(RenderError::Syntax);
    }
    if state::detect(&pre) {
        return state::render(src, pre, measure, opts).map_err(RenderError::Syntax);
    }
    if class::detect(&pre) {
        return class::render(src, pre, measure, opts).map_err(RenderError::Syntax);
    }
    if pie::detect(&pre) {
        return pie::render(src, pre, measure, opts).map_err(RenderError::Syntax);
    }
    if journey::detect(&pre) {
        return journey::render(src, pre, measure, opts).map_err(RenderError::Syntax);
    }
    if mindmap::detect(&pre) {
        return mindmap::render(src, pre, measure, opts).map_err(RenderError::Syntax);
    }
    if gantt::detect(&pre) {
        return gantt::render(src, pre, measure, opts).map_err(RenderError::Syntax);
    }
    if er::detect(&pre) {
        return er::render(src, pre, measure, opts).map_err(RenderError::Syntax);
    }
    if let Some(e) = unsupported {
        return Err(e);
    }
    let src_chars: Vec<char> = src.chars().collect();
    Err(RenderError::Syntax(flowchart::parse::not_a_flowchart(
        &src_chars, &pre.text,
    )))
}
