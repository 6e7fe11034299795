//! What every Mermaid diagram type shares: source preprocessing (front matter, `%%{init}%%`
//! directives, `%%` comments, entity codes) and the config it carries, label text (`<br>`,
//! entities, markdown strings), text measurement through [`TextMeasure`], theme colours
//! and `classDef`/`style` declarations, the SVG and JSON writer helpers, edge markers, and
//! the layered (Sugiyama) layout engine that flowcharts use and class, state and ER
//! diagrams will use with their own node shapes.
//!
//! Nothing here knows a diagram type: no grammar, no model of nodes or edges beyond the
//! abstract graph the engine lays out, no shape but the outline polygon a caller hands
//! over. A diagram type's folder (`flowchart/`, …) builds on these; these never name it.

pub mod error;
pub mod geometry;
pub mod label;
pub mod marker;
pub mod measure;
pub mod placed_text;
pub mod svg;

pub(crate) mod config;
pub(crate) mod hsl;
pub(crate) mod json;
pub(crate) mod layout;
pub(crate) mod preprocess;
pub(crate) mod sanitize;
pub(crate) mod settings;
pub(crate) mod style;
pub(crate) mod theme;

pub use layout::LayoutOptions;
pub use measure::{SimpleMeasure, TextMeasure};
