//! A parsed Mermaid user journey: what Mermaid's `journeyDb.js` holds after parsing, plus
//! the config its renderer reads.
//!
//! Owns the data types only; no grammar, no geometry.

pub use crate::mermaid::common::error::{ParseError, Warning};

/// One task: `Task name: score: actor1, actor2`.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The name as written before the first `:` (leading blanks skipped, trailing kept,
    /// as Mermaid keeps them; `<br>` forms split lines when drawn).
    pub name: String,
    /// The section the task is in (`""` before the first `section`).
    pub section: String,
    /// `Number(…)` of the text after the first `:`: 1 (sad) to 5 (happy); NaN when it is no
    /// number, as in Mermaid.
    pub score: f64,
    /// Actors after the second `:`, split at `,` and trimmed (may hold `""`, as Mermaid's).
    pub actors: Vec<String>,
}

/// Renderer settings from the `journey:` config section (Mermaid's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyConfig {
    /// Space left of the first task for the actor legend, px (150).
    pub left_margin_px: f32,
    /// Task and section box height, px (50).
    pub height_px: f32,
    /// Task box width, px (150).
    pub width_px: f32,
    /// Gap between task boxes, px (50).
    pub task_margin_px: f32,
    /// Legend names wider than this wrap, px (360).
    pub max_label_width_px: f32,
    /// Actor colours, cycled in the legend's order.
    pub actor_colours: Vec<String>,
    /// `titleColor` (empty: the theme's).
    pub title_color: Option<String>,
    /// `titleFontSize` in px (Mermaid's `4ex`, about two label heights, when unset).
    pub title_font_size_px: Option<f32>,
}

impl Default for JourneyConfig {
    fn default() -> Self {
        JourneyConfig {
            left_margin_px: 150.0,
            height_px: 50.0,
            width_px: 150.0,
            task_margin_px: 50.0,
            max_label_width_px: 360.0,
            actor_colours: [
                "#8FBC8F", "#7CFC00", "#00FFFF", "#20B2AA", "#B0E0E6", "#FFFFE0",
            ]
            .map(String::from)
            .to_vec(),
            title_color: None,
            title_font_size_px: None,
        }
    }
}

/// A user journey.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Journey {
    /// `title …` (the last one, text after `title ` kept as written), else front matter.
    pub title: Option<String>,
    /// `accTitle: …`.
    pub acc_title: Option<String>,
    /// `accDescr: …` or `accDescr { … }`.
    pub acc_descr: Option<String>,
    /// Section names in order (a name may repeat).
    pub sections: Vec<String>,
    /// Tasks in order.
    pub tasks: Vec<Task>,
    /// Renderer settings.
    pub config: JourneyConfig,
    /// Theme name from the config.
    pub theme: Option<String>,
    /// `themeVariables` from the config, in order.
    pub theme_variables: Vec<(String, String)>,
}

impl Journey {
    /// Every actor once, sorted as JavaScript's `sort()` does (by UTF-16 code units): the
    /// legend's order and the index of each actor's colour.
    pub fn actors(&self) -> Vec<String> {
        let mut a: Vec<String> = self
            .tasks
            .iter()
            .flat_map(|t| t.actors.iter().cloned())
            .collect();
        a.sort_by(|x, y| x.encode_utf16().cmp(y.encode_utf16()));
        a.dedup();
        a
    }
}
