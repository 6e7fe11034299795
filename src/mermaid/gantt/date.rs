//! Calendar arithmetic in UTC milliseconds, and the three date readers Mermaid's gantt
//! database uses (`ganttDb.js`): dayjs strict parsing with a format
//! (`customParseFormat` + `advancedFormat`: parse, then format back and compare), the
//! JavaScript `Date` string fallback (ISO forms, then V8's lenient legacy forms), and
//! dayjs `add` with the duration units of `parseDuration`.
//!
//! Mermaid reads dates in local time; the oracle runs with `TZ=UTC`, so local is UTC here.

/// Milliseconds in one day.
pub const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 of the proleptic Gregorian date `y-m-d` (`m` 1..=12).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month 1..=12, day)` of a day number since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days in month `m` (1..=12) of year `y`.
pub fn days_in_month(y: i64, m: i64) -> i64 {
    days_from_civil(y + (m / 12), m % 12 + 1, 1) - days_from_civil(y, m, 1)
}

/// JavaScript's `MakeDate(MakeDay(y, month0, d), MakeTime(h, mi, s, ms))`: fields may
/// overflow (month 12 is January of the next year, day 0 the last of the previous month).
pub fn make_ms(y: i64, month0: i64, d: i64, h: i64, mi: i64, s: i64, ms: i64) -> i64 {
    let y = y + month0.div_euclid(12);
    let m = month0.rem_euclid(12) + 1;
    (days_from_civil(y, m, 1) + d - 1) * DAY_MS + h * 3_600_000 + mi * 60_000 + s * 1000 + ms
}

/// The broken-down fields of an instant (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields {
    /// Full year.
    pub year: i64,
    /// 0..=11.
    pub month0: i64,
    /// 1..=31.
    pub day: i64,
    /// 0..=23.
    pub hour: i64,
    /// 0..=59.
    pub minute: i64,
    /// 0..=59.
    pub second: i64,
    /// 0..=999.
    pub ms: i64,
    /// 0 = Sunday … 6 = Saturday.
    pub weekday: i64,
}

/// Fields of `t` (milliseconds since the epoch).
pub fn fields(t: i64) -> Fields {
    let days = t.div_euclid(DAY_MS);
    let rem = t.rem_euclid(DAY_MS);
    let (year, m, day) = civil_from_days(days);
    Fields {
        year,
        month0: m - 1,
        day,
        hour: rem / 3_600_000,
        minute: rem / 60_000 % 60,
        second: rem / 1000 % 60,
        ms: rem % 1000,
        weekday: (days + 4).rem_euclid(7),
    }
}

/// ISO weekday, 1 = Monday … 7 = Sunday (dayjs `isoWeekday`).
pub fn iso_weekday(t: i64) -> i64 {
    let w = fields(t).weekday;
    if w == 0 { 7 } else { w }
}

/// Midnight of the day of `t`.
pub fn start_of_day(t: i64) -> i64 {
    t.div_euclid(DAY_MS) * DAY_MS
}

/// Largest |year| Mermaid accepts from the `Date` fallback (`getStartDate`).
const YEAR_LIMIT: i64 = 10_000;
/// JavaScript's time value limit (±8.64e15 ms).
const TIME_LIMIT: i64 = 8_640_000_000_000_000;

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(crate) const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

// ---------------------------------------------------------------- dayjs format

/// dayjs `format(fmt)` with the `advancedFormat` tokens (`Q`, `Do`, `X`, `x`, `k`, `kk`),
/// in UTC. An empty format is dayjs' default `YYYY-MM-DDTHH:mm:ssZ`.
pub fn format(t: i64, fmt: &str) -> String {
    let fmt = if fmt.is_empty() {
        "YYYY-MM-DDTHH:mm:ssZ"
    } else {
        fmt
    };
    let f = fields(t);
    let c: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '['
            && let Some(j) = (i + 1..c.len()).find(|&j| c[j] == ']')
        {
            out.extend(&c[i + 1..j]);
            i = j + 1;
            continue;
        }
        let run = c[i..].iter().take_while(|&&x| x == c[i]).count();
        let two = |v: i64| format!("{v:02}");
        let h12 = if f.hour % 12 == 0 { 12 } else { f.hour % 12 };
        let (text, used): (String, usize) = match (c[i], run) {
            ('Q', _) => (((f.month0 / 3) + 1).to_string(), 1),
            ('D', _) if c.get(i + 1) == Some(&'o') => (ordinal(f.day), 2),
            ('X', _) => (t.div_euclid(1000).to_string(), 1),
            ('x', _) => (t.to_string(), 1),
            ('k', 1) => (if f.hour == 0 { 24 } else { f.hour }.to_string(), 1),
            ('k', _) => (two(if f.hour == 0 { 24 } else { f.hour }), 2),
            ('Y', 2) => (format!("{:02}", f.year.rem_euclid(100)), 2),
            ('Y', 4) => (pad_year(f.year), 4),
            ('Y', n) => ("+0000".into(), n.min(4)),
            ('M', 1) => ((f.month0 + 1).to_string(), 1),
            ('M', 2) => (two(f.month0 + 1), 2),
            ('M', 3) => (MONTHS[f.month0 as usize][..3].into(), 3),
            ('M', _) => (MONTHS[f.month0 as usize].into(), 4),
            ('D', 1) => (f.day.to_string(), 1),
            ('D', _) => (two(f.day), 2),
            ('d', 1) => (f.weekday.to_string(), 1),
            ('d', 2) => (WEEKDAYS[f.weekday as usize][..2].into(), 2),
            ('d', 3) => (WEEKDAYS[f.weekday as usize][..3].into(), 3),
            ('d', _) => (WEEKDAYS[f.weekday as usize].into(), 4),
            ('H', 1) => (f.hour.to_string(), 1),
            ('H', _) => (two(f.hour), 2),
            ('h', 1) => (h12.to_string(), 1),
            ('h', _) => (two(h12), 2),
            ('a', _) => ((if f.hour < 12 { "am" } else { "pm" }).into(), 1),
            ('A', _) => ((if f.hour < 12 { "AM" } else { "PM" }).into(), 1),
            ('m', 1) => (f.minute.to_string(), 1),
            ('m', _) => (two(f.minute), 2),
            ('s', 1) => (f.second.to_string(), 1),
            ('s', _) => (two(f.second), 2),
            ('S', n) if n >= 3 => (format!("{:03}", f.ms), 3),
            ('Z', 1) => ("+00:00".into(), 1),
            ('Z', _) => ("+0000".into(), 2),
            (ch, _) => (ch.to_string(), 1),
        };
        out.push_str(&text);
        i += used;
    }
    out
}

fn pad_year(y: i64) -> String {
    if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    }
}

fn ordinal(d: i64) -> String {
    let suffix = match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

// ----------------------------------------------------------- dayjs strict parse

#[derive(Debug)]
enum Tok {
    Lit(String),
    Field(&'static str),
}

const FIELD_TOKENS: [&str; 22] = [
    "A", "a", "Q", "YYYY", "YY", "Y", "ww", "w", "MMMM", "MMM", "MM", "M", "Do", "DD", "D", "hh",
    "h", "HH", "H", "mm", "m", "ss",
];
const MORE_TOKENS: [&str; 7] = ["s", "SSS", "SS", "S", "z", "ZZ", "Z"];

/// customParseFormat's `format.match(formattingTokens)`: bracket literals, separator runs
/// and field tokens; other characters are dropped, as `String.match` drops them.
fn tokenize_format(fmt: &str) -> Vec<Tok> {
    let c: Vec<char> = fmt.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < c.len() {
        if c[i] == '[' {
            let j = (i + 1..c.len()).find(|&j| c[j] == '[' || c[j] == ']');
            if let Some(j) = j.filter(|&j| c[j] == ']') {
                out.push(Tok::Lit(c[i + 1..j].iter().collect()));
                i = j + 1;
                continue;
            }
        }
        let sep = |x: char| "-_:/.,() ".contains(x) || super::parse::is_space(x);
        if sep(c[i]) {
            let j = (i..c.len()).find(|&j| !sep(c[j])).unwrap_or(c.len());
            out.push(Tok::Lit(c[i..j].iter().collect()));
            i = j;
            continue;
        }
        for t in FIELD_TOKENS.iter().chain(MORE_TOKENS.iter()) {
            let n = t.len();
            if i + n <= c.len() && c[i..i + n].iter().copied().eq(t.chars()) {
                out.push(Tok::Field(t));
                i += n;
                continue 'outer;
            }
        }
        i += 1;
    }
    out
}

#[derive(Default)]
struct Parsed {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    hours: Option<i64>,
    minutes: Option<i64>,
    seconds: Option<i64>,
    ms: Option<i64>,
    zone_min: Option<i64>,
    afternoon: Option<bool>,
}

/// First match of a field's pattern in `s`: (byte start, byte end).
fn find_field(tok: &str, s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let digits_at = |i: usize, min: usize, max: usize| {
        let n = b[i..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count();
        (n >= min).then_some(n)
    };
    let scan = |min: usize, max: usize| {
        (0..b.len()).find_map(|i| digits_at(i, min, max).map(|n| (i, i + n)))
    };
    match tok {
        "S" => scan(1, 1),
        "SS" | "MM" | "DD" | "YY" => scan(2, 2),
        "SSS" => scan(3, 3),
        "YYYY" => scan(4, 4),
        "Q" => scan(1, 1),
        "s" | "ss" | "m" | "mm" | "H" | "HH" | "h" | "hh" | "D" | "M" | "w" | "ww" => scan(1, 2),
        "Y" => (0..b.len()).find_map(|i| {
            let sign = usize::from(b[i] == b'+' || b[i] == b'-');
            digits_at(i + sign, 1, usize::MAX).map(|n| (i, i + sign + n))
        }),
        "Z" | "ZZ" => (0..b.len()).find_map(|i| {
            if b[i] == b'Z' {
                return Some((i, i + 1));
            }
            if (b[i] == b'+' || b[i] == b'-') && digits_at(i + 1, 2, 2).is_some() {
                let mut j = i + 3;
                if b.get(j) == Some(&b':') {
                    j += 1;
                }
                if digits_at(j, 2, 2).is_some() {
                    return Some((i, j + 2));
                }
                return Some((i, i + 3 + usize::from(b.get(i + 3) == Some(&b':'))));
            }
            None
        }),
        // matchWord: \d*[^-_:/,()\s\d]+
        _ => {
            let word =
                |c: char| !("-_:/,()".contains(c) || c.is_whitespace() || c.is_ascii_digit());
            let cs: Vec<(usize, char)> = s.char_indices().collect();
            (0..cs.len()).find_map(|k| {
                let mut j = k;
                while j < cs.len() && cs[j].1.is_ascii_digit() {
                    j += 1;
                }
                let w0 = j;
                while j < cs.len() && word(cs[j].1) {
                    j += 1;
                }
                (j > w0).then(|| (cs[k].0, cs.get(j).map_or(s.len(), |c| c.0)))
            })
        }
    }
}

/// dayjs `dayjs(input, fmt, true)` (customParseFormat, strict): the instant, or `None`
/// when dayjs reports an invalid date. `now` stands for the clock (missing fields).
pub fn dayjs_strict(input: &str, fmt: &str, now: i64) -> Option<i64> {
    let t = dayjs_parse(input, fmt, now)?;
    if t.abs() > TIME_LIMIT {
        return None;
    }
    (format(t, fmt) == input).then_some(t)
}

fn dayjs_parse(input: &str, fmt: &str, now: i64) -> Option<i64> {
    if fmt == "x" || fmt == "X" {
        let v: f64 = js_number(input)?;
        let t = if fmt == "X" { v * 1000.0 } else { v };
        return t.is_finite().then_some(t.trunc() as i64);
    }
    let toks = tokenize_format(fmt);
    let mut input = input.to_string();
    let mut start = 0usize;
    let mut p = Parsed::default();
    for t in &toks {
        match t {
            Tok::Lit(l) => start += l.len(),
            Tok::Field(f) => {
                let part = input.get(start.min(input.len())..).unwrap_or("");
                let (a, b) = find_field(f, part)?;
                let value = part[a..b].to_string();
                apply_field(f, &value, &mut p)?;
                input = input.replacen(&value, "", 1);
            }
        }
    }
    if let Some(pm) = p.afternoon
        && let Some(h) = p.hours
    {
        if pm && h < 12 {
            p.hours = Some(h + 12);
        } else if !pm && h == 12 {
            p.hours = Some(0);
        }
    }
    let nf = fields(now);
    let d = p
        .day
        .filter(|&d| d != 0)
        .unwrap_or(if p.year.is_none() && p.month.is_none() {
            nf.day
        } else {
            1
        });
    let y = p.year.filter(|&y| y != 0).unwrap_or(nf.year);
    let mut m0 = 0;
    if !(p.year.is_some_and(|y| y != 0) && p.month.is_none_or(|m| m == 0)) {
        m0 = match p.month {
            Some(m) if m > 0 => m - 1,
            _ => nf.month0,
        };
    }
    let (h, mi, s, ms) = (
        p.hours.unwrap_or(0),
        p.minutes.unwrap_or(0),
        p.seconds.unwrap_or(0),
        p.ms.unwrap_or(0),
    );
    let y = if (0..=99).contains(&y) { y + 1900 } else { y };
    let t = make_ms(y, m0, d, h, mi, s, ms);
    Some(match p.zone_min {
        Some(z) => t + z * 60_000,
        None => t,
    })
}

fn apply_field(f: &str, v: &str, p: &mut Parsed) -> Option<()> {
    let n = || v.parse::<i64>().ok();
    match f {
        "S" => p.ms = Some(n()? * 100),
        "SS" => p.ms = Some(n()? * 10),
        "SSS" => p.ms = n(),
        "s" | "ss" => p.seconds = n(),
        "m" | "mm" => p.minutes = n(),
        "H" | "HH" | "h" | "hh" => p.hours = n(),
        "D" | "DD" => p.day = n(),
        "M" | "MM" => p.month = n(),
        "Q" => p.month = Some((n()? - 1) * 3 + 1),
        "Y" | "YYYY" => p.year = v.trim_start_matches('+').parse().ok(),
        "YY" => {
            let y = n()?;
            p.year = Some(y + if y > 68 { 1900 } else { 2000 });
        }
        "Z" | "ZZ" => {
            if v == "Z" {
                p.zone_min = Some(0);
            } else {
                let digits: String = v.chars().filter(char::is_ascii_digit).collect();
                let hh: i64 = digits.get(0..2)?.parse().ok()?;
                let mm: i64 = digits.get(2..4).and_then(|x| x.parse().ok()).unwrap_or(0);
                let mins = hh * 60 + mm;
                p.zone_min = Some(if mins == 0 {
                    0
                } else if v.starts_with('+') {
                    -mins
                } else {
                    mins
                });
            }
        }
        "A" | "a" => {
            let l = v.to_ascii_lowercase();
            p.afternoon = Some(l == "pm" || l == "p.m.");
        }
        "MMM" | "MMMM" => {
            let k = MONTHS
                .iter()
                .position(|m| if f == "MMM" { m[..3] == *v } else { *m == v })?;
            p.month = Some(k as i64 + 1);
        }
        "Do" => {
            let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
            p.day = digits.parse().ok();
        }
        // week tokens and `z` need plugins Mermaid does not load: dayjs throws.
        _ => return None,
    }
    Some(())
}

/// JavaScript `Number(s)` for plain decimal text (whitespace trimmed, empty is 0).
fn js_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return Some(0.0);
    }
    if t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) {
        t.parse().ok()
    } else {
        None
    }
}

// ------------------------------------------------------------ Date(string)

/// JavaScript `new Date(s)` as V8 reads it, `None` for an invalid date: the ISO forms
/// (date-only ones are UTC, the others local, which is UTC here), then the legacy
/// forms (`2019-9-1`, `1/2/2020`, `Jan 5 2020`, `08-08-09-01:00`, a lone number).
pub fn js_date(s: &str) -> Option<i64> {
    let t = iso_date(s.trim()).or_else(|| legacy_date(s))?;
    (t.abs() <= TIME_LIMIT).then_some(t)
}

/// Mermaid's `getStartDate` fallback: `new Date(str)`, refused beyond ±10,000 years.
pub fn js_date_checked(s: &str) -> Option<i64> {
    let t = js_date(s)?;
    let y = fields(t).year;
    (-YEAR_LIMIT..=YEAR_LIMIT).contains(&y).then_some(t)
}

fn iso_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |a: usize, n: usize| -> Option<i64> {
        let part = b.get(a..a + n)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(part).ok()?.parse().ok())?
    };
    let (year, mut i) = if b.first().is_some_and(|c| *c == b'+' || *c == b'-') {
        let y = num(1, 6)?;
        (if b[0] == b'-' { -y } else { y }, 7)
    } else {
        (num(0, 4)?, 4)
    };
    let (mut month, mut day) = (1, 1);
    if b.get(i) == Some(&b'-') {
        month = num(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'-') {
            day = num(i + 1, 2)?;
            i += 3;
        }
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let date = make_ms(year, month - 1, day, 0, 0, 0, 0);
    if i == b.len() {
        return Some(date);
    }
    if b[i] != b'T' && b[i] != b't' && b[i] != b' ' {
        return None;
    }
    let h = num(i + 1, 2)?;
    if b.get(i + 3) != Some(&b':') {
        return None;
    }
    let mi = num(i + 4, 2)?;
    i += 6;
    let (mut sec, mut ms) = (0, 0);
    if b.get(i) == Some(&b':') {
        sec = num(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            let frac = std::str::from_utf8(&b[i + 1..i + 1 + n.min(3)]).ok()?;
            ms = format!("{frac:0<3}").parse().ok()?;
            i += 1 + n;
        }
    }
    if h > 24 || mi > 59 || sec > 59 || (h == 24 && (mi > 0 || sec > 0 || ms > 0)) {
        return None;
    }
    let mut t = date + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
    match b.get(i) {
        None => {}
        Some(b'Z') | Some(b'z') if i + 1 == b.len() => {}
        Some(&c) if c == b'+' || c == b'-' => {
            let oh = num(i + 1, 2)?;
            let om = if b.get(i + 3) == Some(&b':') {
                num(i + 4, 2)?
            } else {
                num(i + 3, 2)?
            };
            let off = (oh * 60 + om) * 60_000;
            t += if c == b'+' { -off } else { off };
        }
        _ => return None,
    }
    Some(t)
}

/// A subset of V8's legacy date parser: numbers, `:` times, month names, a trailing
/// `±hh:mm` offset; day/month/year composed as V8's `DayComposer` does.
fn legacy_date(s: &str) -> Option<i64> {
    let c: Vec<char> = s.chars().collect();
    let mut nums: Vec<(i64, usize)> = Vec::new();
    let mut time: Vec<i64> = Vec::new();
    let mut month_name: Option<i64> = None;
    let mut offset: Option<i64> = None;
    let mut pm: Option<bool> = None;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_ascii_digit() {
            let j = (i..c.len())
                .find(|&j| !c[j].is_ascii_digit())
                .unwrap_or(c.len());
            let v: i64 = c[i..j].iter().collect::<String>().parse().ok()?;
            let len = j - i;
            if c.get(j) == Some(&':') || (c.get(j) == Some(&'.') && !time.is_empty()) {
                time.push(v);
                i = j + 1;
                continue;
            }
            if !time.is_empty() && time.len() < 3 && c.get(i.wrapping_sub(1)) == Some(&':') {
                time.push(v);
            } else {
                nums.push((v, len));
            }
            i = j;
        } else if ch == '+' || ch == '-' && !time.is_empty() {
            let j = (i + 1..c.len())
                .find(|&j| !c[j].is_ascii_digit() && c[j] != ':')
                .unwrap_or(c.len());
            let d: String = c[i + 1..j].iter().filter(|x| x.is_ascii_digit()).collect();
            let v: i64 = d.parse().ok()?;
            let mins = if d.len() <= 2 {
                v * 60
            } else {
                v / 100 * 60 + v % 100
            };
            offset = Some(if ch == '+' { mins } else { -mins });
            i = j;
        } else if ch.is_alphabetic() {
            let j = (i..c.len())
                .find(|&j| !c[j].is_alphabetic())
                .unwrap_or(c.len());
            let w: String = c[i..j].iter().collect::<String>().to_ascii_lowercase();
            if w.len() >= 3
                && let Some(k) = MONTHS
                    .iter()
                    .position(|m| m.to_ascii_lowercase().starts_with(&w[..3]))
            {
                month_name = Some(k as i64 + 1);
            } else if w == "am" || w == "pm" {
                pm = Some(w == "pm");
            } else {
                // Zone names, `T` and weekday names are read and ignored, as V8 does.
                let ignored = ["z", "utc", "gmt", "t"].contains(&w.as_str())
                    || WEEKDAYS
                        .iter()
                        .any(|d| w.len() >= 3 && d.to_ascii_lowercase().starts_with(&w[..3]));
                if !ignored {
                    return None;
                }
            }
            i = j;
        } else if "-/,. ".contains(ch) || ch.is_whitespace() || ch == '(' || ch == ')' {
            i += 1;
        } else {
            return None;
        }
    }
    let (mut y, m, d);
    match (month_name, nums.as_slice()) {
        (Some(mn), [(a, _)]) => {
            m = mn;
            d = *a;
            y = 2001;
        }
        (Some(mn), [(a, la), (b, _)]) => {
            m = mn;
            if *la >= 3 || *a > 31 {
                y = *a;
                d = *b;
            } else {
                d = *a;
                y = *b;
            }
        }
        (None, [(a, la)]) => {
            if *la >= 3 || *a > 31 || *a == 0 {
                y = *a;
                m = 1;
            } else if (1..=12).contains(a) {
                y = 2001;
                m = *a;
            } else {
                return None;
            }
            d = 1;
        }
        (None, [(a, la), (b, _)]) => {
            if *la >= 3 || *a > 31 {
                y = *a;
                m = *b;
            } else {
                m = *a;
                y = 2001;
                d = *b;
                return finish(y, m, d, &time, pm, offset);
            }
            d = 1;
        }
        (None, [(a, la), (b, _), (cc, _)]) => {
            if *la >= 3 || *a > 31 {
                y = *a;
                m = *b;
                d = *cc;
            } else {
                m = *a;
                d = *b;
                y = *cc;
            }
        }
        _ => return None,
    }
    if (0..=49).contains(&y) && nums.iter().all(|n| n.1 < 3) {
        y += 2000;
    } else if (50..=99).contains(&y) && nums.iter().all(|n| n.1 < 3) {
        y += 1900;
    }
    finish(y, m, d, &time, pm, offset)
}

fn finish(
    y: i64,
    m: i64,
    d: i64,
    time: &[i64],
    pm: Option<bool>,
    offset: Option<i64>,
) -> Option<i64> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut h = time.first().copied().unwrap_or(0);
    let mi = time.get(1).copied().unwrap_or(0);
    let s = time.get(2).copied().unwrap_or(0);
    if let Some(pm) = pm {
        if h > 12 {
            return None;
        }
        h = h % 12 + if pm { 12 } else { 0 };
    }
    if h > 24 || mi > 59 || s > 59 {
        return None;
    }
    let t = make_ms(y, m - 1, d, h, mi, s, 0);
    Some(t - offset.unwrap_or(0) * 60_000)
}

// ------------------------------------------------------------------ durations

/// A dayjs `add` unit (`parseDuration`'s `[Mdhmswy]|ms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// `y`.
    Year,
    /// `M`.
    Month,
    /// `w`.
    Week,
    /// `d`.
    Day,
    /// `h`.
    Hour,
    /// `m`.
    Minute,
    /// `s`.
    Second,
    /// `ms`.
    Millisecond,
}

/// Mermaid's `parseDuration`: `^(\d+(?:\.\d+)?)([Mdhmswy]|ms)$` on the trimmed text.
pub fn parse_duration(s: &str) -> Option<(f64, Unit)> {
    let s = s.trim_matches(super::parse::is_space);
    let n = s
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit() && *c != '.')
        .map_or(s.len(), |(i, _)| i);
    let (num, unit) = s.split_at(n);
    let mut parts = num.split('.');
    let int = parts.next()?;
    let frac = parts.next();
    if int.is_empty() || parts.next().is_some() || frac.is_some_and(str::is_empty) {
        return None;
    }
    let unit = match unit {
        "y" => Unit::Year,
        "M" => Unit::Month,
        "w" => Unit::Week,
        "d" => Unit::Day,
        "h" => Unit::Hour,
        "m" => Unit::Minute,
        "s" => Unit::Second,
        "ms" => Unit::Millisecond,
        _ => return None,
    };
    Some((num.parse().ok()?, unit))
}

/// dayjs `add(n, unit)` in UTC: months and years keep the day of month clamped to the
/// target month, days and weeks are rounded to whole days, the others exact.
/// `None` when the result is out of JavaScript's date range.
pub fn add(t: i64, n: f64, unit: Unit) -> Option<i64> {
    let exact = |step: f64| {
        let v = t as f64 + n * step;
        (v.abs() <= TIME_LIMIT as f64).then_some(v.trunc() as i64)
    };
    let r = match unit {
        Unit::Millisecond => exact(1.0)?,
        Unit::Second => exact(1000.0)?,
        Unit::Minute => exact(60_000.0)?,
        Unit::Hour => exact(3_600_000.0)?,
        Unit::Day | Unit::Week => {
            let k = if unit == Unit::Week { 7.0 } else { 1.0 };
            let days = js_round(n * k);
            if days.abs() > 1e9 {
                return None;
            }
            t + days as i64 * DAY_MS
        }
        Unit::Month | Unit::Year => {
            let f = fields(t);
            let months = if unit == Unit::Year { n * 12.0 } else { n }.trunc();
            if months.abs() > 1e7 {
                return None;
            }
            let total = f.year * 12 + f.month0 + months as i64;
            let (y, m0) = (total.div_euclid(12), total.rem_euclid(12));
            let d = f.day.min(days_in_month(y, m0 + 1));
            make_ms(y, m0, d, f.hour, f.minute, f.second, f.ms)
        }
    };
    (r.abs() <= TIME_LIMIT).then_some(r)
}

/// JavaScript `Math.round` (halves toward +∞).
fn js_round(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// The ISO-8601 text JavaScript's `toISOString` gives (`2014-01-01T00:00:00.000Z`).
pub fn iso_string(t: i64) -> String {
    let f = fields(t);
    let y = if (0..=9999).contains(&f.year) {
        format!("{:04}", f.year)
    } else if f.year < 0 {
        format!("-{:06}", -f.year)
    } else {
        format!("+{:06}", f.year)
    };
    format!(
        "{y}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        f.month0 + 1,
        f.day,
        f.hour,
        f.minute,
        f.second,
        f.ms
    )
}
