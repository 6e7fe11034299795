//! `ganttDb.js`: the statement actions and `getTasks()`'s date resolution (`compileTasks`
//! repeated until every task is resolved, at most 11 passes; `getStartDate`, `getEndDate`,
//! `checkTaskDates`/`fixTaskDates` for `excludes`, `isInvalidDate`).

use super::date::{self, DAY_MS};
use super::model::{GanttChart, Task};
use super::parse::is_space;

/// A task as `addTask` records it, before its dates are resolved.
#[derive(Debug, Clone)]
pub(crate) struct RawTask {
    name: String,
    data: String,
    line: usize,
}

impl RawTask {
    pub(crate) fn new(name: &str, data: &str, line: usize) -> RawTask {
        RawTask {
            name: name.to_string(),
            data: data.to_string(),
            line,
        }
    }
}

#[derive(Debug, Clone)]
enum StartSpec {
    /// After the task added before this one (its id, `None` for the first task).
    PrevEnd(Option<String>),
    Data(String),
}

#[derive(Debug, Clone)]
struct Pending {
    task: Task,
    start: Option<StartSpec>,
    end_data: Option<String>,
    manual_end: bool,
    processed: bool,
}

/// The database the grammar's actions fill.
pub(crate) struct Db {
    pub(crate) chart: GanttChart,
    current_section: String,
    tasks: Vec<Pending>,
    task_count: usize,
    last_id: Option<String>,
    /// id → index (later duplicates win, as Mermaid's `taskDb`).
    index: std::collections::HashMap<String, usize>,
}

const TAGS: [&str; 5] = ["active", "done", "crit", "milestone", "vert"];

fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// `/^(after|until)\s+(?<ids>[\d\w- ]+)/` → the ids, split on single spaces.
fn ref_ids(s: &str, word: &str) -> Option<Vec<String>> {
    let rest = s.strip_prefix(word)?;
    let body = rest.trim_start_matches(is_space);
    if body.len() == rest.len() {
        return None;
    }
    let n = body
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || *c == ' '))
        .map_or(body.len(), |(i, _)| i);
    if n == 0 {
        return None;
    }
    Some(body[..n].split(' ').map(str::to_string).collect())
}

impl Db {
    pub(crate) fn new(today_ms: i64) -> Db {
        Db {
            chart: GanttChart {
                weekday: "sunday".into(),
                weekend: "saturday".into(),
                today_ms,
                ..GanttChart::default()
            },
            current_section: String::new(),
            tasks: Vec::new(),
            task_count: 0,
            last_id: None,
            index: std::collections::HashMap::new(),
        }
    }

    /// The keyword statements (`dateFormat`, `excludes`, `title`, …).
    pub(crate) fn keyword(&mut self, k: &str, v: &str) {
        let split = |v: &str| -> Vec<String> {
            v.to_lowercase()
                .split(|c: char| is_space(c) || c == ',')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect()
        };
        let c = &mut self.chart;
        match k {
            "dateFormat" => c.date_format = Some(v.to_string()),
            "inclusiveEndDates" => c.inclusive_end_dates = true,
            "topAxis" => c.top_axis = true,
            "axisFormat" => c.axis_format = Some(v.to_string()),
            "tickInterval" => c.tick_interval = Some(v.to_string()),
            "includes" => c.includes = split(v),
            "excludes" => c.excludes = split(v),
            "todayMarker" => c.today_marker = Some(v.to_string()),
            "title" => c.title = Some(v.to_string()),
            _ => {}
        }
    }

    pub(crate) fn add_section(&mut self, s: &str) {
        self.current_section = s.to_string();
        self.chart.sections.push(s.to_string());
    }

    fn next_id(&mut self) -> String {
        self.task_count += 1;
        format!("task{}", self.task_count)
    }

    /// `addTask(descr, data)` with `parseData`: tags, then 1, 2 or 3 comma-separated items.
    pub(crate) fn add_task(&mut self, raw: RawTask) -> Result<(), String> {
        let ds = raw.data.strip_prefix(':').unwrap_or(&raw.data);
        let mut data: Vec<String> = ds.split(',').map(str::to_string).collect();
        let mut flags = [false; 5];
        loop {
            let mut found = false;
            for (k, t) in TAGS.iter().enumerate() {
                let Some(first) = data.first() else {
                    return Err(format!(
                        "task `{}`: nothing after its tags",
                        trim(&raw.name)
                    ));
                };
                if trim(first) == *t {
                    flags[k] = true;
                    data.remove(0);
                    found = true;
                }
            }
            if !found {
                break;
            }
        }
        let data: Vec<String> = data.iter().map(|d| trim(d).to_string()).collect();
        let (id, start, end) = match data.len() {
            1 => (
                Some(self.next_id()),
                Some(StartSpec::PrevEnd(self.last_id.clone())),
                Some(data[0].clone()),
            ),
            2 => (
                Some(self.next_id()),
                Some(StartSpec::Data(data[0].clone())),
                Some(data[1].clone()),
            ),
            3 => (
                Some(data[0].clone()),
                Some(StartSpec::Data(data[1].clone())),
                Some(data[2].clone()),
            ),
            _ => (None, None, None),
        };
        let id_text = id.clone().unwrap_or_else(|| "undefined".into());
        let spec = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
        let start_spec = match &start {
            Some(StartSpec::Data(d)) => spec(&Some(d.clone())),
            _ => None,
        };
        let after = start_spec
            .as_deref()
            .and_then(|s| ref_ids(s, "after"))
            .unwrap_or_default();
        let until = end
            .as_deref()
            .and_then(|s| ref_ids(s, "until"))
            .unwrap_or_default();
        let task = Task {
            id: id_text.clone(),
            name: trim(&raw.name).to_string(),
            section: self.current_section.clone(),
            start_ms: None,
            end_ms: None,
            render_end_ms: None,
            start_spec,
            end_spec: spec(&end),
            after,
            until,
            active: flags[0],
            done: flags[1],
            crit: flags[2],
            milestone: flags[3],
            vert: flags[4],
            classes: Vec::new(),
            link: None,
            line: raw.line,
        };
        self.tasks.push(Pending {
            task,
            start,
            end_data: end,
            manual_end: false,
            processed: false,
        });
        self.index.insert(id_text.clone(), self.tasks.len() - 1);
        self.last_id = Some(id_text);
        Ok(())
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// `setClass(ids, class)`: every known id of the comma-separated list.
    pub(crate) fn set_class(&mut self, ids: &str, class: &str) {
        for id in ids.split(',') {
            if let Some(k) = self.find(id) {
                self.tasks[k].task.classes.push(class.to_string());
            }
        }
    }

    /// `setLink(ids, url)` under the strict security level (URL sanitised).
    pub(crate) fn set_link(&mut self, ids: &str, url: &str) {
        let url = sanitize_url(url);
        for id in ids.split(',') {
            if let Some(k) = self.find(id) {
                self.tasks[k].task.link = Some(url.clone());
            }
        }
        self.set_class(ids, "clickable");
    }

    /// `getTasks()`: resolves every task's dates. Errors carry the task's line.
    pub(crate) fn finish(mut self) -> Result<GanttChart, (usize, String)> {
        let mut all = self.compile()?;
        let mut passes = 0;
        while !all && passes < 10 {
            all = self.compile()?;
            passes += 1;
        }
        self.chart.tasks = self.tasks.into_iter().map(|p| p.task).collect();
        Ok(self.chart)
    }

    fn date_format(&self) -> String {
        trim(self.chart.date_format.as_deref().unwrap_or("")).to_string()
    }

    fn midnight(&self) -> i64 {
        date::start_of_day(self.chart.today_ms)
    }

    fn compile(&mut self) -> Result<bool, (usize, String)> {
        let mut all = true;
        for k in 0..self.tasks.len() {
            let line = self.tasks[k].task.line;
            let start = match self.tasks[k].start.clone() {
                None => {
                    return Err((line, "task metadata has more than three items".into()));
                }
                Some(StartSpec::PrevEnd(prev)) => {
                    let p = prev
                        .as_deref()
                        .and_then(|id| self.find(id))
                        .ok_or((line, "the first task needs a start date".to_string()))?;
                    self.tasks[p].task.end_ms
                }
                Some(StartSpec::Data(s)) => self.start_date(&s).map_err(|m| (line, m))?,
            };
            if matches!(self.tasks[k].start, Some(StartSpec::PrevEnd(_))) || start.is_some() {
                self.tasks[k].task.start_ms = start;
            }
            if let Some(st) = self.tasks[k].task.start_ms {
                let data = self.tasks[k].end_data.clone().unwrap_or_default();
                let end = self.end_date(st, &data);
                self.tasks[k].task.end_ms = end;
                if end.is_some() {
                    self.tasks[k].processed = true;
                    self.tasks[k].manual_end =
                        date::dayjs_strict(trim(&data), "YYYY-MM-DD", self.chart.today_ms)
                            .is_some();
                    self.check_task_dates(k);
                }
            }
            all &= self.tasks[k].processed;
        }
        Ok(all)
    }

    /// `getStartDate`: timestamps, `after ids`, the date format, then `new Date(str)`.
    fn start_date(&self, s: &str) -> Result<Option<i64>, String> {
        let s = trim(s);
        let fmt = self.date_format();
        if (fmt == "x" || fmt == "X") && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s
                .parse::<i64>()
                .ok()
                .filter(|v| v.abs() <= 8_640_000_000_000_000)
                .map(Some)
                .ok_or_else(|| format!("Invalid date:{s}"));
        }
        if let Some(ids) = ref_ids(s, "after") {
            let mut latest: Option<usize> = None;
            for id in &ids {
                if let Some(k) = self.find(id) {
                    let later = match latest {
                        None => true,
                        Some(l) => gt(self.tasks[k].task.end_ms, self.tasks[l].task.end_ms),
                    };
                    if later {
                        latest = Some(k);
                    }
                }
            }
            return Ok(match latest {
                Some(l) => self.tasks[l].task.end_ms,
                None => Some(self.midnight()),
            });
        }
        if let Some(t) = date::dayjs_strict(s, &fmt, self.chart.today_ms) {
            return Ok(Some(t));
        }
        date::js_date_checked(s)
            .map(Some)
            .ok_or_else(|| format!("Invalid date:{s}"))
    }

    /// `getEndDate`: `until ids`, the date format (plus a day when end dates are
    /// inclusive), then a duration added to the start; else the start itself.
    fn end_date(&self, start: i64, s: &str) -> Option<i64> {
        let s = trim(s);
        if let Some(ids) = ref_ids(s, "until") {
            let mut earliest: Option<usize> = None;
            for id in &ids {
                if let Some(k) = self.find(id) {
                    let earlier = match earliest {
                        None => true,
                        Some(e) => gt(self.tasks[e].task.start_ms, self.tasks[k].task.start_ms),
                    };
                    if earlier {
                        earliest = Some(k);
                    }
                }
            }
            return match earliest {
                Some(e) => self.tasks[e].task.start_ms,
                None => Some(self.midnight()),
            };
        }
        if let Some(t) = date::dayjs_strict(s, &self.date_format(), self.chart.today_ms) {
            return Some(if self.chart.inclusive_end_dates {
                date::add(t, 1.0, date::Unit::Day).unwrap_or(t)
            } else {
                t
            });
        }
        Some(match date::parse_duration(s) {
            Some((n, unit)) => date::add(start, n, unit).unwrap_or(start),
            None => start,
        })
    }

    /// `checkTaskDates` + `fixTaskDates`: each excluded day from the day after the start to
    /// the end pushes the end one day later.
    fn check_task_dates(&mut self, k: usize) {
        if self.chart.excludes.is_empty() || self.tasks[k].manual_end {
            return;
        }
        let (Some(start), Some(end)) = (self.tasks[k].task.start_ms, self.tasks[k].task.end_ms)
        else {
            return;
        };
        let mut day = start + DAY_MS;
        let mut end = end;
        let mut invalid = false;
        let mut render_end = None;
        let mut guard = 0u32;
        while day <= end && guard < 4_000_000 {
            if !invalid {
                render_end = Some(end);
            }
            invalid = self.is_invalid_date(day);
            if invalid {
                end += DAY_MS;
            }
            day += DAY_MS;
            guard += 1;
        }
        self.tasks[k].task.end_ms = Some(end);
        self.tasks[k].task.render_end_ms = render_end;
    }

    /// `isInvalidDate`: an excluded day (`weekends`, a weekday name, a date) not included.
    fn is_invalid_date(&self, t: i64) -> bool {
        let c = &self.chart;
        let formatted = date::format(t, &self.date_format());
        let date_only = date::format(t, "YYYY-MM-DD");
        let has = |v: &[String], s: &str| v.iter().any(|x| x == s);
        if has(&c.includes, &formatted) || has(&c.includes, &date_only) {
            return false;
        }
        let wk = date::iso_weekday(t);
        let first = if c.weekend == "friday" { 5 } else { 6 };
        if has(&c.excludes, "weekends") && (wk == first || wk == first + 1) {
            return true;
        }
        let name = date::WEEKDAYS[date::fields(t).weekday as usize].to_lowercase();
        if has(&c.excludes, &name) {
            return true;
        }
        has(&c.excludes, &formatted) || has(&c.excludes, &date_only)
    }
}

/// `a > b` on JavaScript dates where `undefined` compares false.
fn gt(a: Option<i64>, b: Option<i64>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a > b)
}

/// `@braintree/sanitize-url`: script-capable schemes become `about:blank`.
fn sanitize_url(url: &str) -> String {
    let u = trim(url);
    let scheme: String = u
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .take_while(|&c| c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    if u.contains(':') && ["javascript", "data", "vbscript"].contains(&scheme.as_str()) {
        return "about:blank".into();
    }
    u.to_string()
}
