//! The gantt chart model: what `ganttDb.js` holds after parsing and `getTasks()`, with every
//! task's start and end resolved to UTC milliseconds.

pub use crate::mermaid::common::error::{ParseError, Warning};

/// A task as Mermaid's database resolves it (`rawTasks` after `compileTasks`).
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The id given (`:a1, …`) or Mermaid's `taskN`.
    pub id: String,
    /// The task text before `:` (trimmed of the lexer's skipped white space only).
    pub name: String,
    /// The section it belongs to (`""` before any `section`).
    pub section: String,
    /// Start, milliseconds since 1970-01-01T00:00Z; `None` when Mermaid could not resolve
    /// it (a task after an unresolved one).
    pub start_ms: Option<i64>,
    /// End (exclusive), milliseconds; `None` as for `start_ms`.
    pub end_ms: Option<i64>,
    /// End of the drawn bar when `excludes` moved `end_ms` (Mermaid's `renderEndTime`).
    pub render_end_ms: Option<i64>,
    /// The start metadata as written (`2014-01-01`, `after a1`), `None` for "after the
    /// previous task".
    pub start_spec: Option<String>,
    /// The end metadata as written (`3d`, `2014-01-08`, `until b`).
    pub end_spec: Option<String>,
    /// Ids named by `after`.
    pub after: Vec<String>,
    /// Ids named by `until`.
    pub until: Vec<String>,
    /// Tags `milestone`, `crit`, `active`, `done`, `vert`.
    pub milestone: bool,
    /// `crit`.
    pub crit: bool,
    /// `active`.
    pub active: bool,
    /// `done`.
    pub done: bool,
    /// `vert`: a vertical marker line instead of a bar.
    pub vert: bool,
    /// Classes (`clickable` from `click`).
    pub classes: Vec<String>,
    /// `click id href "…"` URL.
    pub link: Option<String>,
    /// Source line (1-based) of the task, for messages.
    pub line: usize,
}

/// A parsed gantt chart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GanttChart {
    /// `title …` or front matter `title`.
    pub title: Option<String>,
    /// `accTitle`.
    pub acc_title: Option<String>,
    /// `accDescr`.
    pub acc_descr: Option<String>,
    /// `dateFormat` as written (untrimmed text after the keyword), `None` when unset.
    pub date_format: Option<String>,
    /// `axisFormat` (d3 time format, e.g. `%Y-%m-%d`).
    pub axis_format: Option<String>,
    /// `tickInterval` (`1week`, `2day`, …).
    pub tick_interval: Option<String>,
    /// `todayMarker` (`off`, or CSS style text).
    pub today_marker: Option<String>,
    /// `weekday` (first day of a week tick), default `sunday`.
    pub weekday: String,
    /// `weekend friday|saturday`, default `saturday`.
    pub weekend: String,
    /// `inclusiveEndDates`.
    pub inclusive_end_dates: bool,
    /// `topAxis` (statement or `gantt.topAxis` config).
    pub top_axis: bool,
    /// `includes` tokens, lower-cased.
    pub includes: Vec<String>,
    /// `excludes` tokens, lower-cased.
    pub excludes: Vec<String>,
    /// Section names in order (may repeat).
    pub sections: Vec<String>,
    /// Tasks in source order.
    pub tasks: Vec<Task>,
    /// `gantt.topAxis` from config (draws the axis on top too, like the statement).
    pub top_axis_config: bool,
    /// `gantt.displayMode` from config (`compact` packs rows).
    pub display_mode: Option<String>,
    /// "Today" used for `after`/`until` of unknown ids and time-only formats, ms.
    pub today_ms: i64,
}
