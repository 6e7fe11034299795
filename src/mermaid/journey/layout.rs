//! User journey geometry as Mermaid's `journeyRenderer.ts` and `svgDraw.js` place it
//! (default config): the actor legend at the left (circles of radius 7 at x 20 from y 60,
//! names at x 40, 20 px per line), the title at y 25 left-aligned at the left margin
//! (150 px plus the widest legend name when that is over 75 px), one row of 150 × 50 px
//! task boxes 50 px apart from y 110, a section header box at y 50 spanning each run of
//! consecutive tasks of one section, the arrow line at y 200, and under each task a dashed
//! line down to y 450 with a face at y 300 + (5 − score) × 30.
//!
//! Departures, so that nothing is cut off or overflows: boxes grow (all alike) when a
//! wrapped label needs more room than 150 × 50 px, which moves the line and the faces
//! down; faces of scores outside 0–5 sit at the nearest end of that band (Mermaid draws
//! them off it); the drawing grows to hold every text and face (Mermaid's viewBox cuts a
//! score-0 face when there is no title). A title with `<br>` grows upwards.
//!
//! Owns geometry only; colours come from [`super::theme`], drawing is [`super::svg`].

use super::model::Journey;
use super::theme::JourneyTheme;
use crate::mermaid::common::layout::LayoutOptions;
use crate::mermaid::common::measure::TextMeasure;
pub use crate::mermaid::common::placed_text::PlacedText;

/// Radius of a face, px.
pub const FACE_RADIUS_PX: f32 = 15.0;
/// Radius of an actor circle, px.
pub const ACTOR_RADIUS_PX: f32 = 7.0;
/// Vertical distance between two score steps, px.
pub const SCORE_STEP_PX: f32 = 30.0;
/// Space between a box's edge and its label, px.
const PAD_PX: f32 = 5.0;

/// How a face looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    /// Score above 3: a smile.
    Happy,
    /// Score 3: a straight mouth.
    Neutral,
    /// Score below 3: a frown.
    Sad,
}

/// A face under a task.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    /// Centre, px.
    pub cx: f32,
    /// Centre, px.
    pub cy: f32,
    /// Mouth.
    pub mood: Mood,
}

/// A coloured circle: an actor in the legend or on a task.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorDot {
    /// Centre, px.
    pub cx: f32,
    /// Centre, px.
    pub cy: f32,
    /// Fill colour.
    pub color: String,
    /// The actor's name (the circle's tooltip).
    pub actor: String,
}

/// A section header or task box.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyBox {
    /// Index of the task (task boxes) or of the run of tasks (section boxes).
    pub index: usize,
    /// `(x, y, width, height)`, px.
    pub rect: (f32, f32, f32, f32),
    /// Fill colour (the section's `fillType`).
    pub fill: String,
    /// The name, centred and wrapped inside the box.
    pub label: PlacedText,
}

/// A task: its box, the dashed drop line, its face and its actors' circles.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskMark {
    /// The box.
    pub bx: JourneyBox,
    /// The dashed line `(x, y_top, y_bottom)`, px.
    pub drop: (f32, f32, f32),
    /// The face; none for a score that is no number.
    pub face: Option<Face>,
    /// The actors' circles on the box's top edge.
    pub actors: Vec<ActorDot>,
}

/// One legend row: an actor's circle and name.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// The circle.
    pub dot: ActorDot,
    /// The name (wrapped at `maxLabelWidth`).
    pub label: PlacedText,
}

/// A laid-out user journey (px, y down, origin at the top left of the drawing).
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyLayout {
    /// Drawing width, px.
    pub width: f32,
    /// Drawing height, px.
    pub height: f32,
    /// The title.
    pub title: Option<PlacedText>,
    /// Actor legend, in Mermaid's (sorted) order.
    pub legend: Vec<LegendEntry>,
    /// Section header boxes, left to right.
    pub sections: Vec<JourneyBox>,
    /// Tasks, left to right.
    pub tasks: Vec<TaskMark>,
    /// The arrow line `(x1, y, x2)`; the head is at `x2`.
    pub arrow: (f32, f32, f32),
    /// The face band: y of score 5 and of score 0, px.
    pub score_band: (f32, f32),
    /// The colours used.
    pub theme: Box<JourneyTheme>,
}

/// Lays out `j`, measuring text with `m`; labels are set at `opts.font_size`.
pub fn layout(j: &Journey, m: &dyn TextMeasure, opts: &LayoutOptions) -> JourneyLayout {
    let theme = JourneyTheme::new(j.theme.as_deref(), &j.theme_variables);
    let cfg = &j.config;
    let fs = opts.font_size;
    let actors = j.actors();
    let colour = |i: usize| cfg.actor_colours[i % cfg.actor_colours.len().max(1)].clone();

    // Legend.
    let mut legend = Vec::with_capacity(actors.len());
    let mut max_width: f32 = 0.0;
    let mut y_pos = 60.0;
    let line_pitch = 20.0f32.max(fs * 1.25);
    for (i, a) in actors.iter().enumerate() {
        let mut label = PlacedText::new(
            &a.replace("<br>", " "),
            m,
            (fs, cfg.max_label_width_px.max(fs)),
            (40.0, y_pos + 7.0),
            false,
        );
        label.line_height = line_pitch;
        label.update_bbox();
        let w = label.text.width;
        if w > max_width && w > cfg.left_margin_px - w {
            max_width = w;
        }
        legend.push(LegendEntry {
            dot: ActorDot {
                cx: 20.0,
                cy: y_pos,
                color: colour(i),
                actor: a.clone(),
            },
            label,
        });
        y_pos += line_pitch * label_lines(&legend) as f32;
    }
    let left = cfg.left_margin_px + max_width;

    // Task and section labels decide the box sizes (all alike, at least Mermaid's).
    let runs = section_runs(j);
    let task_w0 = cfg.width_px.max(2.0 * fs);
    let probe = |s: &str, w: f32| PlacedText::centred_in(s, m, fs, (0.0, 0.0, w, 0.0), PAD_PX);
    let task_labels: Vec<PlacedText> = j.tasks.iter().map(|t| probe(&t.name, task_w0)).collect();
    let col_w = task_labels
        .iter()
        .map(|l| l.text.width + 2.0 * PAD_PX)
        .fold(task_w0, f32::max);
    let gap = cfg.task_margin_px;
    let span = |n: usize| col_w * n as f32 + gap * (n.max(1) - 1) as f32;
    let task_h = task_labels
        .iter()
        .map(|l| l.ink_height() + 2.0 * PAD_PX)
        .fold(cfg.height_px, f32::max);
    let section_h = runs
        .iter()
        .filter(|r| r.named)
        .map(|r| probe(&j.tasks[r.first].section, span(r.len)).ink_height() + 2.0 * PAD_PX)
        .fold(cfg.height_px, f32::max);
    let section_y = 50.0;
    let task_y = section_y + section_h + 10.0;
    let line_y = task_y + task_h + 40.0;
    let band = (line_y + 100.0, line_y + 100.0 + 5.0 * SCORE_STEP_PX);
    let x_of = |i: usize| left + i as f32 * (col_w + gap);

    let mut sections = Vec::new();
    let mut tasks = Vec::with_capacity(j.tasks.len());
    for (run_no, r) in runs.iter().enumerate() {
        // Mermaid counts runs of named sections only for the colour.
        let fill = theme.fill(r.colour);
        if r.named {
            let rect = (x_of(r.first), section_y, span(r.len), section_h);
            sections.push(JourneyBox {
                index: run_no,
                rect,
                fill: fill.clone(),
                label: PlacedText::centred_in(&j.tasks[r.first].section, m, fs, rect, PAD_PX),
            });
        }
        for i in r.first..r.first + r.len {
            let t = &j.tasks[i];
            let rect = (x_of(i), task_y, col_w, task_h);
            let cx = rect.0 + col_w / 2.0;
            let face = (!t.score.is_nan()).then(|| Face {
                cx,
                cy: band.0 + (5.0 - t.score.clamp(0.0, 5.0) as f32) * SCORE_STEP_PX,
                mood: if t.score > 3.0 {
                    Mood::Happy
                } else if t.score < 3.0 {
                    Mood::Sad
                } else {
                    Mood::Neutral
                },
            });
            let dots = t
                .actors
                .iter()
                .enumerate()
                .filter_map(|(k, a)| {
                    let pos = actors.iter().position(|x| x == a)?;
                    Some(ActorDot {
                        cx: rect.0 + 14.0 + 10.0 * k as f32,
                        cy: task_y,
                        color: colour(pos),
                        actor: a.clone(),
                    })
                })
                .collect();
            tasks.push(TaskMark {
                bx: JourneyBox {
                    index: i,
                    rect,
                    fill: fill.clone(),
                    label: PlacedText::centred_in(&t.name, m, fs, rect, PAD_PX),
                },
                drop: (cx, task_y, band.1),
                face,
                actors: dots,
            });
        }
    }

    // Mermaid's extent: bounds of the legend block and the task columns.
    let stop_x = if j.tasks.is_empty() {
        left
    } else {
        x_of(j.tasks.len() - 1) + col_w + gap
    };
    let stop_y = (actors.len() as f32 * 50.0).max(if j.tasks.is_empty() { 0.0 } else { band.1 });
    let mut width = left + stop_x + 100.0;
    let arrow = (left, line_y, width - left - 4.0);
    let title_size = cfg.title_font_size_px.unwrap_or(2.0 * fs).max(fs);
    let title = j
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            let mut p = PlacedText::new(t, m, (title_size, f32::INFINITY), (left, 25.0), false);
            let up = (p.line_count() - 1) as f32 * p.line_height;
            p.shift(0.0, -up);
            p
        });
    let mut top = -25.0f32;
    let mut bottom = -25.0 + stop_y + 20.0 + if title.is_some() { 70.0 } else { 0.0 };
    let mut grow = |b: (f32, f32, f32, f32)| {
        top = top.min(b.1 - 5.0);
        bottom = bottom.max(b.1 + b.3 + 10.0);
        width = width.max(b.0 + b.2 + 10.0);
    };
    if let Some(t) = &title {
        grow(t.bbox);
    }
    for e in &legend {
        grow(e.label.bbox);
        grow((0.0, e.dot.cy - ACTOR_RADIUS_PX, 0.0, 2.0 * ACTOR_RADIUS_PX));
    }
    for t in &tasks {
        if let Some(f) = t.face {
            grow((
                f.cx - FACE_RADIUS_PX,
                f.cy - FACE_RADIUS_PX,
                0.0,
                2.0 * FACE_RADIUS_PX,
            ));
        }
        grow(t.bx.rect);
        grow((t.drop.0, t.drop.1, 0.0, t.drop.2 - t.drop.1));
        if let Some(d) = t.actors.last() {
            grow((d.cx, d.cy, ACTOR_RADIUS_PX, 0.0));
        }
    }
    let dy = -top;
    let mut out = JourneyLayout {
        width,
        height: bottom - top,
        title,
        legend,
        sections,
        tasks,
        arrow: (arrow.0, arrow.1 + dy, arrow.2),
        score_band: (band.0 + dy, band.1 + dy),
        theme: Box::new(theme),
    };
    if let Some(t) = &mut out.title {
        t.shift(0.0, dy);
    }
    for e in &mut out.legend {
        e.label.shift(0.0, dy);
        e.dot.cy += dy;
    }
    for s in &mut out.sections {
        s.rect.1 += dy;
        s.label.shift(0.0, dy);
    }
    for t in &mut out.tasks {
        t.bx.rect.1 += dy;
        t.bx.label.shift(0.0, dy);
        t.drop.1 += dy;
        t.drop.2 += dy;
        if let Some(f) = &mut t.face {
            f.cy += dy;
        }
        for d in &mut t.actors {
            d.cy += dy;
        }
    }
    out
}

/// Lines of the last legend entry (at least 1).
fn label_lines(legend: &[LegendEntry]) -> usize {
    legend.last().map_or(1, |e| e.label.line_count())
}

/// A run of consecutive tasks of one section.
struct Run {
    first: usize,
    len: usize,
    /// Mermaid draws a header only when the section differs from the one before
    /// (tasks before the first `section` have none).
    named: bool,
    /// Index of the section colour (`fillType`), counting headers drawn.
    colour: usize,
}

fn section_runs(j: &Journey) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut last = "";
    let mut headers = 0;
    for (i, t) in j.tasks.iter().enumerate() {
        if i == 0 || t.section != last {
            let named = t.section != last;
            let colour = if named { headers } else { 0 };
            if named {
                headers += 1;
            }
            runs.push(Run {
                first: i,
                len: 1,
                named,
                colour,
            });
            last = &t.section;
        } else if let Some(r) = runs.last_mut() {
            r.len += 1;
        }
    }
    runs
}
