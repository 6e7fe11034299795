//! The date axis: tick instants as d3's `scaleTime().ticks()` chooses them (its interval
//! table, about ten ticks) or as `tickInterval` (`1week`, `2day`, …; weeks start on
//! `weekday`) asks, and tick labels in d3's `timeFormat` (`axisFormat`, default
//! `%Y-%m-%d`), all in UTC.

use super::date::{self, DAY_MS, MONTHS, WEEKDAYS};

/// A tick step: a fixed length in ms, or whole months.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Ms(i64),
    /// Weeks of `n`, starting on weekday `w` (0 = Sunday).
    Weeks(i64, i64),
    Months(i64),
}

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;

/// d3-time's `tickIntervals` (durations in ms; months as whole months).
const TABLE: [(Step, i64); 18] = [
    (Step::Ms(SECOND), SECOND),
    (Step::Ms(5 * SECOND), 5 * SECOND),
    (Step::Ms(15 * SECOND), 15 * SECOND),
    (Step::Ms(30 * SECOND), 30 * SECOND),
    (Step::Ms(MINUTE), MINUTE),
    (Step::Ms(5 * MINUTE), 5 * MINUTE),
    (Step::Ms(15 * MINUTE), 15 * MINUTE),
    (Step::Ms(30 * MINUTE), 30 * MINUTE),
    (Step::Ms(HOUR), HOUR),
    (Step::Ms(3 * HOUR), 3 * HOUR),
    (Step::Ms(6 * HOUR), 6 * HOUR),
    (Step::Ms(12 * HOUR), 12 * HOUR),
    (Step::Ms(DAY_MS), DAY_MS),
    (Step::Ms(2 * DAY_MS), 2 * DAY_MS),
    (Step::Weeks(1, 0), 7 * DAY_MS),
    (Step::Months(1), 30 * DAY_MS),
    (Step::Months(3), 90 * DAY_MS),
    (Step::Months(12), 365 * DAY_MS),
];

/// Most ticks drawn (Mermaid refuses a `tickInterval` that would give more than 10,000).
pub const MAX_TICKS: usize = 10_000;

/// Tick instants in `[lo, hi]` (ms), `tick_interval` as Mermaid reads it
/// (`^([1-9][0-9]*)(millisecond|second|minute|hour|day|week|month)$`), else d3's choice
/// for about ten ticks.
pub fn ticks(lo: i64, hi: i64, tick_interval: Option<&str>, weekday: &str) -> Vec<i64> {
    if hi < lo {
        return Vec::new();
    }
    let wd = WEEKDAYS
        .iter()
        .position(|d| d.eq_ignore_ascii_case(weekday))
        .unwrap_or(0) as i64;
    let step = tick_interval
        .and_then(|t| custom_step(t.trim(), wd))
        .filter(|s| estimate(*s, hi - lo) <= MAX_TICKS as i64)
        .unwrap_or_else(|| auto_step(hi - lo, wd));
    let mut out = Vec::new();
    let mut t = ceil(lo, step);
    while t <= hi && out.len() < MAX_TICKS {
        out.push(t);
        t = next(t, step);
    }
    out
}

fn estimate(s: Step, span: i64) -> i64 {
    let len = match s {
        Step::Ms(n) => n,
        Step::Weeks(n, _) => n * 7 * DAY_MS,
        Step::Months(n) => n * 30 * DAY_MS,
    };
    span / len.max(1)
}

fn custom_step(t: &str, wd: i64) -> Option<Step> {
    let n_len = t.bytes().take_while(u8::is_ascii_digit).count();
    let (n, unit) = t.split_at(n_len);
    if n.starts_with('0') {
        return None;
    }
    let n: i64 = n.parse().ok().filter(|&n| n > 0 && n < 1_000_000)?;
    Some(match unit {
        "millisecond" => Step::Ms(n),
        "second" => Step::Ms(n * SECOND),
        "minute" => Step::Ms(n * MINUTE),
        "hour" => Step::Ms(n * HOUR),
        "day" => Step::Ms(n * DAY_MS),
        "week" => Step::Weeks(n, wd),
        "month" => Step::Months(n),
        _ => return None,
    })
}

/// d3's `ticks(10)`: the table entry whose duration is nearest `span / 10`; below a
/// second, a decimal step of milliseconds; above the table, whole years.
fn auto_step(span: i64, wd: i64) -> Step {
    let target = span as f64 / 10.0;
    if target < SECOND as f64 {
        return Step::Ms(nice_step(target).max(1));
    }
    if target > TABLE[TABLE.len() - 1].1 as f64 {
        let years = nice_step(target / (365.0 * DAY_MS as f64)).max(1);
        return Step::Months(12 * years);
    }
    let k = TABLE.partition_point(|(_, d)| (*d as f64) < target);
    let k = if k > 0 && target / (TABLE[k - 1].1 as f64) < (TABLE[k].1 as f64) / target {
        k - 1
    } else {
        k
    };
    match TABLE[k].0 {
        Step::Weeks(n, _) => Step::Weeks(n, wd),
        s => s,
    }
}

/// d3's `tickStep` rounding of `x` to 1, 2 or 5 × a power of ten.
fn nice_step(x: f64) -> i64 {
    if x <= 0.0 {
        return 1;
    }
    let p = 10f64.powf(x.log10().floor());
    let e = x / p;
    let m = if e >= 50f64.sqrt() {
        10.0
    } else if e >= 10f64.sqrt() {
        5.0
    } else if e >= 2f64.sqrt() {
        2.0
    } else {
        1.0
    };
    (m * p).round() as i64
}

fn ceil(t: i64, s: Step) -> i64 {
    match s {
        Step::Ms(n) if n >= DAY_MS => {
            // d3's timeDay.every(n): days of the month divisible by n (from day 1).
            let mut d = date::start_of_day(t);
            if d < t {
                d += DAY_MS;
            }
            while n > 1 && (date::fields(d).day - 1) % n != 0 {
                d += DAY_MS;
            }
            d
        }
        Step::Ms(n) => t.div_euclid(n) * n + if t.rem_euclid(n) == 0 { 0 } else { n },
        Step::Weeks(_, wd) => {
            let mut d = date::start_of_day(t);
            if d < t {
                d += DAY_MS;
            }
            while date::fields(d).weekday != wd {
                d += DAY_MS;
            }
            d
        }
        Step::Months(n) => {
            let f = date::fields(t);
            let mut total = f.year * 12 + f.month0;
            let mut m = date::make_ms(total.div_euclid(12), total.rem_euclid(12), 1, 0, 0, 0, 0);
            if m < t {
                total += 1;
                m = date::make_ms(total.div_euclid(12), total.rem_euclid(12), 1, 0, 0, 0, 0);
            }
            while total.rem_euclid(n) != 0 {
                total += 1;
                m = date::make_ms(total.div_euclid(12), total.rem_euclid(12), 1, 0, 0, 0, 0);
            }
            m
        }
    }
}

fn next(t: i64, s: Step) -> i64 {
    match s {
        Step::Ms(n) if n >= DAY_MS => {
            let d = t + n;
            let day = date::fields(d).day;
            // restart at the 1st of each month, as d3's field-based interval does
            let f = date::fields(t);
            if date::fields(d).month0 != f.month0 && day != 1 {
                date::make_ms(f.year, f.month0 + 1, 1, 0, 0, 0, 0)
            } else {
                d
            }
        }
        Step::Ms(n) => t + n,
        Step::Weeks(n, _) => t + n * 7 * DAY_MS,
        Step::Months(n) => {
            let f = date::fields(t);
            date::make_ms(f.year, f.month0 + n, 1, 0, 0, 0, 0)
        }
    }
}

/// d3 `timeFormat(fmt)(t)` in UTC for the usual directives (`%Y %y %m %d %e %b %B %a %A
/// %H %I %M %S %L %p %j %%`); others are written as they are.
pub fn time_format(t: i64, fmt: &str) -> String {
    let f = date::fields(t);
    let mut out = String::new();
    let mut it = fmt.chars().peekable();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // d3 pad modifiers: `-` no padding, `_` space, `0` zero.
        let pad = match it.peek() {
            Some('-') | Some('_') | Some('0') => it.next(),
            _ => None,
        };
        let Some(d) = it.next() else {
            out.push('%');
            break;
        };
        let num = |v: i64, w: usize| match pad {
            Some('-') => v.to_string(),
            Some('_') => format!("{v:>w$}"),
            _ => format!("{v:0w$}"),
        };
        let h12 = if f.hour % 12 == 0 { 12 } else { f.hour % 12 };
        let doy = (t.div_euclid(DAY_MS) - date::days_from_civil(f.year, 1, 1)) + 1;
        let s = match d {
            'Y' => f.year.to_string(),
            'y' => num(f.year.rem_euclid(100), 2),
            'm' => num(f.month0 + 1, 2),
            'd' => num(f.day, 2),
            'e' => format!("{:>2}", f.day),
            'b' | 'h' => MONTHS[f.month0 as usize][..3].to_string(),
            'B' => MONTHS[f.month0 as usize].to_string(),
            'a' => WEEKDAYS[f.weekday as usize][..3].to_string(),
            'A' => WEEKDAYS[f.weekday as usize].to_string(),
            'H' => num(f.hour, 2),
            'I' => num(h12, 2),
            'M' => num(f.minute, 2),
            'S' => num(f.second, 2),
            'L' => num(f.ms, 3),
            'p' => (if f.hour < 12 { "AM" } else { "PM" }).to_string(),
            'j' => num(doy, 3),
            'w' => f.weekday.to_string(),
            'u' => (if f.weekday == 0 { 7 } else { f.weekday }).to_string(),
            '%' => "%".to_string(),
            other => format!("%{other}"),
        };
        out.push_str(&s);
    }
    out
}
