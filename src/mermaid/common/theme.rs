//! Theme colours: Mermaid's `default`, `forest`, `neutral` and `dark` themes
//! (`packages/mermaid/src/themes/theme-*.js`) and the common theme variables
//! (`primaryColor`, `primaryBorderColor`, `primaryTextColor`, `lineColor`, `clusterBkg`,
//! `clusterBorder`, `edgeLabelBackground`, `titleColor`) that override them.
//!
//! Shared by every diagram type's writer; knows no diagram model (it gets the theme name
//! and variables the config gave) and writes nothing itself.

use super::style::clean_value;

#[derive(Debug, Clone)]
/// The colours a writer paints with (CSS colour values).
pub(crate) struct Theme {
    pub(crate) node_fill: String,
    pub(crate) node_stroke: String,
    pub(crate) text: String,
    pub(crate) line: String,
    pub(crate) cluster_fill: String,
    pub(crate) cluster_stroke: String,
    pub(crate) label_bg: String,
    pub(crate) title: String,
}

impl Theme {
    /// The colours of theme `name` (the default theme for `None` or an unknown name), with
    /// `variables` (name, value) applied in order; unsafe values are skipped.
    pub(crate) fn new(name: Option<&str>, variables: &[(String, String)]) -> Theme {
        let mut t = match name {
            Some("forest") => Theme {
                node_fill: "#cde498".into(),
                node_stroke: "#13540c".into(),
                text: "#333333".into(),
                line: "#008000".into(),
                cluster_fill: "#cdffb2".into(),
                cluster_stroke: "#6eaa49".into(),
                label_bg: "#e8e8e8".into(),
                title: "#333333".into(),
            },
            Some("neutral") => Theme {
                node_fill: "#eeeeee".into(),
                node_stroke: "#999999".into(),
                text: "#333333".into(),
                line: "#666666".into(),
                cluster_fill: "#f4f4f4".into(),
                cluster_stroke: "#999999".into(),
                label_bg: "#ffffff".into(),
                title: "#333333".into(),
            },
            Some("dark") => Theme {
                node_fill: "#1f2020".into(),
                node_stroke: "#cccccc".into(),
                text: "#ccc".into(),
                line: "#d3d3d3".into(),
                cluster_fill: "#333333".into(),
                cluster_stroke: "#888888".into(),
                label_bg: "#585858".into(),
                title: "#F9FFFE".into(),
            },
            _ => Theme {
                node_fill: "#ECECFF".into(),
                node_stroke: "#9370DB".into(),
                text: "#333333".into(),
                line: "#333333".into(),
                cluster_fill: "#ffffde".into(),
                cluster_stroke: "#aaaa33".into(),
                label_bg: "#e8e8e8".into(),
                title: "#333333".into(),
            },
        };
        for (k, v) in variables {
            let Some(v) = clean_value(v) else { continue };
            match k.as_str() {
                "primaryColor" | "mainBkg" => t.node_fill = v,
                "primaryBorderColor" | "nodeBorder" => t.node_stroke = v,
                "primaryTextColor" | "nodeTextColor" | "textColor" => t.text = v,
                "lineColor" => t.line = v,
                "clusterBkg" => t.cluster_fill = v,
                "clusterBorder" => t.cluster_stroke = v,
                "edgeLabelBackground" => t.label_bg = v,
                "titleColor" => t.title = v,
                _ => {}
            }
        }
        t
    }
}
