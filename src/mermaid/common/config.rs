//! Small JSON and YAML-subset readers for `%%{init: ...}%%` directives, YAML
//! front matter and `@{ ... }` node data. Only what Mermaid configs use is
//! supported: mappings, sequences, quoted and plain scalars.
//!
//! Shared by every diagram type; knows no config keys (see `settings` for the shared
//! ones; a diagram type reads its own section and node data).

/// A configuration value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    /// Looks up a key in a mapping (the last one wins, as in JavaScript).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as text, for scalars.
    pub fn scalar(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Num(n) => Some(fmt_num(*n)),
            _ => None,
        }
    }

    /// JavaScript truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Num(n) => *n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
            _ => true,
        }
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

// ---------------------------------------------------------------- JSON

/// Parses JSON text.
pub(crate) fn parse_json(s: &str) -> Result<Value, String> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let v = json_value(&c, &mut i, 0)?;
    skip_ws(&c, &mut i);
    if i != c.len() {
        return Err(format!("unexpected text at offset {i}"));
    }
    Ok(v)
}

fn skip_ws(c: &[char], i: &mut usize) {
    while *i < c.len() && c[*i].is_whitespace() {
        *i += 1;
    }
}

fn json_value(c: &[char], i: &mut usize, depth: usize) -> Result<Value, String> {
    if depth > 64 {
        return Err("nested too deeply".into());
    }
    skip_ws(c, i);
    match c.get(*i) {
        None => Err("unexpected end".into()),
        Some('{') => {
            *i += 1;
            let mut m = Vec::new();
            skip_ws(c, i);
            if c.get(*i) == Some(&'}') {
                *i += 1;
                return Ok(Value::Map(m));
            }
            loop {
                skip_ws(c, i);
                if c.get(*i) != Some(&'"') {
                    return Err("expected a key".into());
                }
                let k = json_string(c, i)?;
                skip_ws(c, i);
                if c.get(*i) != Some(&':') {
                    return Err("expected ':'".into());
                }
                *i += 1;
                let v = json_value(c, i, depth + 1)?;
                m.push((k, v));
                skip_ws(c, i);
                match c.get(*i) {
                    Some(',') => *i += 1,
                    Some('}') => {
                        *i += 1;
                        return Ok(Value::Map(m));
                    }
                    _ => return Err("expected ',' or '}'".into()),
                }
            }
        }
        Some('[') => {
            *i += 1;
            let mut l = Vec::new();
            skip_ws(c, i);
            if c.get(*i) == Some(&']') {
                *i += 1;
                return Ok(Value::List(l));
            }
            loop {
                l.push(json_value(c, i, depth + 1)?);
                skip_ws(c, i);
                match c.get(*i) {
                    Some(',') => *i += 1,
                    Some(']') => {
                        *i += 1;
                        return Ok(Value::List(l));
                    }
                    _ => return Err("expected ',' or ']'".into()),
                }
            }
        }
        Some('"') => Ok(Value::Str(json_string(c, i)?)),
        Some(_) => {
            let st = *i;
            while *i < c.len()
                && (c[*i].is_ascii_alphanumeric() || matches!(c[*i], '-' | '+' | '.'))
            {
                *i += 1;
            }
            let w: String = c[st..*i].iter().collect();
            match w.as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                "null" => Ok(Value::Null),
                _ => w
                    .parse::<f64>()
                    .map(Value::Num)
                    .map_err(|_| format!("bad value '{w}'")),
            }
        }
    }
}

fn json_string(c: &[char], i: &mut usize) -> Result<String, String> {
    *i += 1;
    let mut s = String::new();
    while let Some(&ch) = c.get(*i) {
        *i += 1;
        match ch {
            '"' => return Ok(s),
            '\\' => {
                let e = c.get(*i).copied().ok_or("bad escape")?;
                *i += 1;
                match e {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{C}'),
                    'u' => {
                        let h: String = c.iter().skip(*i).take(4).collect();
                        *i += 4;
                        let n = u32::from_str_radix(&h, 16).map_err(|_| "bad \\u escape")?;
                        s.push(char::from_u32(n).unwrap_or('\u{FFFD}'));
                    }
                    other => s.push(other),
                }
            }
            _ => s.push(ch),
        }
    }
    Err("unterminated string".into())
}

// ---------------------------------------------------------------- YAML subset

/// Parses a YAML document (block mappings, flow mappings/sequences, scalars).
pub(crate) fn parse_yaml(s: &str) -> Result<Value, String> {
    let lines: Vec<&str> = s.split('\n').collect();
    // a document that is a flow collection
    let trimmed = s.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let c: Vec<char> = trimmed.chars().collect();
        let mut i = 0;
        let v = flow_value(&c, &mut i, 0)?;
        skip_ws_comments(&c, &mut i);
        if i != c.len() {
            return Err("unexpected text after flow collection".into());
        }
        return Ok(v);
    }
    let mut idx = 0;
    let v = block(&lines, &mut idx, None, 0)?;
    while idx < lines.len() {
        if !is_blank(lines[idx]) {
            return Err(format!("bad indentation at line {}", idx + 1));
        }
        idx += 1;
    }
    Ok(v.unwrap_or(Value::Null))
}

fn is_blank(l: &str) -> bool {
    let t = l.trim();
    t.is_empty() || t.starts_with('#')
}

fn indent_of(l: &str) -> usize {
    l.chars().take_while(|&c| c == ' ').count()
}

/// Parses a block collection whose lines are indented more than `parent`.
fn block(
    lines: &[&str],
    idx: &mut usize,
    parent: Option<usize>,
    depth: usize,
) -> Result<Option<Value>, String> {
    if depth > 32 {
        return Err("nested too deeply".into());
    }
    while *idx < lines.len() && is_blank(lines[*idx]) {
        *idx += 1;
    }
    if *idx >= lines.len() {
        return Ok(None);
    }
    let ind = indent_of(lines[*idx]);
    if let Some(p) = parent
        && ind <= p
    {
        return Ok(None);
    }
    let first = lines[*idx][ind..].to_string();
    if first.starts_with("- ") || first == "-" {
        let mut list = Vec::new();
        while *idx < lines.len() {
            if is_blank(lines[*idx]) {
                *idx += 1;
                continue;
            }
            let li = indent_of(lines[*idx]);
            if li != ind {
                if li < ind {
                    break;
                }
                return Err("bad indentation of a sequence entry".into());
            }
            let rest = lines[*idx][ind..]
                .trim_start_matches('-')
                .trim()
                .to_string();
            if !lines[*idx][ind..].starts_with('-') {
                break;
            }
            *idx += 1;
            if rest.is_empty() {
                list.push(block(lines, idx, Some(ind), depth + 1)?.unwrap_or(Value::Null));
            } else {
                list.push(inline_value(&rest, lines, idx, ind)?);
            }
        }
        return Ok(Some(Value::List(list)));
    }
    let mut map: Vec<(String, Value)> = Vec::new();
    while *idx < lines.len() {
        if is_blank(lines[*idx]) {
            *idx += 1;
            continue;
        }
        let li = indent_of(lines[*idx]);
        if li < ind {
            break;
        }
        if li > ind {
            return Err("bad indentation of a mapping entry".into());
        }
        let line = &lines[*idx][ind..];
        let (key, rest) = split_key(line)?;
        if map.iter().any(|(k, _)| *k == key) {
            return Err(format!("duplicated mapping key '{key}'"));
        }
        *idx += 1;
        let rest = strip_comment(&rest);
        let v = if rest.is_empty() {
            block(lines, idx, Some(ind), depth + 1)?.unwrap_or(Value::Null)
        } else {
            inline_value(&rest, lines, idx, ind)?
        };
        map.push((key, v));
    }
    Ok(Some(Value::Map(map)))
}

fn strip_comment(s: &str) -> String {
    let t = s.trim();
    if t.starts_with('"') || t.starts_with('\'') {
        return t.to_string();
    }
    match t.find(" #") {
        Some(p) => t[..p].trim_end().to_string(),
        None => t.to_string(),
    }
}

/// Splits `key: rest`.
fn split_key(line: &str) -> Result<(String, String), String> {
    let c: Vec<char> = line.chars().collect();
    if c.first() == Some(&'"') || c.first() == Some(&'\'') {
        let mut i = 0;
        let k = quoted(&c, &mut i)?;
        let rest: String = c[i..].iter().collect();
        let rest = rest.trim_start();
        let rest = rest
            .strip_prefix(':')
            .ok_or_else(|| "expected ':' after key".to_string())?;
        return Ok((k, rest.to_string()));
    }
    for k in 0..c.len() {
        if c[k] == ':' && (k + 1 == c.len() || c[k + 1] == ' ' || c[k + 1] == '\t') {
            let key: String = c[..k].iter().collect();
            let rest: String = c[k + 1..].iter().collect();
            return Ok((key.trim().to_string(), rest));
        }
    }
    Err(format!("expected 'key: value', found '{}'", line.trim()))
}

/// A value written after `key:` on the same line (may continue on
/// following, more indented lines for flow collections and plain scalars).
fn inline_value(rest: &str, lines: &[&str], idx: &mut usize, ind: usize) -> Result<Value, String> {
    let rest = rest.trim();
    if rest == "|"
        || rest == ">"
        || rest.starts_with("|-")
        || rest.starts_with(">-")
        || rest.starts_with("|+")
        || rest.starts_with(">+")
    {
        let literal = rest.starts_with('|');
        let mut parts = Vec::new();
        let mut bi = None;
        while *idx < lines.len() {
            let l = lines[*idx];
            if l.trim().is_empty() {
                parts.push(String::new());
                *idx += 1;
                continue;
            }
            let li = indent_of(l);
            if li <= ind {
                break;
            }
            let b = *bi.get_or_insert(li);
            parts.push(l.get(b.min(li)..).unwrap_or("").to_string());
            *idx += 1;
        }
        while parts.last().is_some_and(|p| p.is_empty()) {
            parts.pop();
        }
        let text = if literal {
            parts.join("\n")
        } else {
            parts.join(" ")
        };
        return Ok(Value::Str(text));
    }
    if rest.starts_with('{') || rest.starts_with('[') {
        // gather continuation lines until balanced
        let mut text = rest.to_string();
        let mut c: Vec<char> = text.chars().collect();
        loop {
            let mut i = 0;
            match flow_value(&c, &mut i, 0) {
                Ok(v) => {
                    skip_ws_comments(&c, &mut i);
                    if i != c.len() {
                        return Err("unexpected text after flow collection".into());
                    }
                    return Ok(v);
                }
                Err(e) => {
                    if *idx < lines.len() && indent_of(lines[*idx]) > ind {
                        text.push('\n');
                        text.push_str(lines[*idx]);
                        *idx += 1;
                        c = text.chars().collect();
                    } else {
                        return Err(e);
                    }
                }
            }
        }
    }
    if rest.starts_with('"') || rest.starts_with('\'') {
        let c: Vec<char> = rest.chars().collect();
        let mut i = 0;
        let s = quoted(&c, &mut i)?;
        let tail: String = c[i..].iter().collect();
        let tail = tail.trim();
        if !tail.is_empty() && !tail.starts_with('#') {
            return Err("unexpected text after quoted scalar".into());
        }
        return Ok(Value::Str(s));
    }
    // plain scalar, possibly continued on more-indented lines
    let mut text = rest.to_string();
    while *idx < lines.len() && !lines[*idx].trim().is_empty() && indent_of(lines[*idx]) > ind {
        let more = lines[*idx].trim();
        if split_key(more).is_ok() {
            return Err("bad indentation of a mapping entry".into());
        }
        text.push(' ');
        text.push_str(more);
        *idx += 1;
    }
    if split_key(&text).is_ok() && !text.starts_with("http") {
        return Err("incomplete mapping pair (a ': ' inside a plain value)".into());
    }
    Ok(plain_scalar(&text))
}

/// JSON-schema resolution of a plain scalar.
fn plain_scalar(t: &str) -> Value {
    let t = t.trim();
    match t {
        "null" | "" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => {
            let numeric = t
                .strip_prefix('-')
                .unwrap_or(t)
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit());
            if numeric && let Ok(n) = t.parse::<f64>() {
                return Value::Num(n);
            }
            Value::Str(t.to_string())
        }
    }
}

fn skip_ws_comments(c: &[char], i: &mut usize) {
    loop {
        while *i < c.len() && c[*i].is_whitespace() {
            *i += 1;
        }
        if *i < c.len() && c[*i] == '#' {
            while *i < c.len() && c[*i] != '\n' {
                *i += 1;
            }
            continue;
        }
        break;
    }
}

fn quoted(c: &[char], i: &mut usize) -> Result<String, String> {
    let q = c[*i];
    *i += 1;
    let mut s = String::new();
    while let Some(&ch) = c.get(*i) {
        *i += 1;
        if ch == q {
            if q == '\'' && c.get(*i) == Some(&'\'') {
                s.push('\'');
                *i += 1;
                continue;
            }
            return Ok(s);
        }
        if ch == '\\' && q == '"' {
            let e = c.get(*i).copied().ok_or("bad escape")?;
            *i += 1;
            match e {
                'n' => s.push('\n'),
                't' => s.push('\t'),
                '"' => s.push('"'),
                '\\' => s.push('\\'),
                '/' => s.push('/'),
                '0' => s.push('\0'),
                ' ' => s.push(' '),
                'u' => {
                    let h: String = c.iter().skip(*i).take(4).collect();
                    *i += 4;
                    let n = u32::from_str_radix(&h, 16).map_err(|_| "bad \\u escape")?;
                    s.push(char::from_u32(n).unwrap_or('\u{FFFD}'));
                }
                '\n' => {}
                other => return Err(format!("unknown escape sequence '\\{other}'")),
            }
            continue;
        }
        if ch == '\n' {
            // folded line break inside a quoted scalar
            while s.ends_with(' ') || s.ends_with('\t') {
                s.pop();
            }
            while *i < c.len() && (c[*i] == ' ' || c[*i] == '\t') {
                *i += 1;
            }
            s.push(' ');
            continue;
        }
        s.push(ch);
    }
    Err("unterminated quoted scalar".into())
}

fn flow_value(c: &[char], i: &mut usize, depth: usize) -> Result<Value, String> {
    if depth > 32 {
        return Err("nested too deeply".into());
    }
    skip_ws_comments(c, i);
    match c.get(*i) {
        Some('{') => {
            *i += 1;
            let mut m: Vec<(String, Value)> = Vec::new();
            loop {
                skip_ws_comments(c, i);
                match c.get(*i) {
                    None => return Err("unterminated flow mapping".into()),
                    Some('}') => {
                        *i += 1;
                        return Ok(Value::Map(m));
                    }
                    Some(',') => return Err("unexpected ','".into()),
                    _ => {}
                }
                let key = match c.get(*i) {
                    Some('"' | '\'') => quoted(c, i)?,
                    _ => {
                        let st = *i;
                        while *i < c.len()
                            && !matches!(c[*i], ',' | '}' | ']' | '{' | '[')
                            && !(c[*i] == ':'
                                && c.get(*i + 1).is_none_or(|n| {
                                    n.is_whitespace() || matches!(n, ',' | '}' | ']')
                                }))
                        {
                            *i += 1;
                        }
                        c[st..*i].iter().collect::<String>().trim().to_string()
                    }
                };
                skip_ws_comments(c, i);
                let v = if c.get(*i) == Some(&':') {
                    *i += 1;
                    skip_ws_comments(c, i);
                    if matches!(c.get(*i), Some(',' | '}')) {
                        Value::Null
                    } else {
                        flow_value(c, i, depth + 1)?
                    }
                } else {
                    Value::Null
                };
                if m.iter().any(|(k, _)| *k == key) {
                    return Err(format!("duplicated mapping key '{key}'"));
                }
                m.push((key, v));
                skip_ws_comments(c, i);
                match c.get(*i) {
                    Some(',') => *i += 1,
                    Some('}') => {}
                    None => return Err("unterminated flow mapping".into()),
                    Some(_) => return Err("missed comma between flow collection entries".into()),
                }
            }
        }
        Some('[') => {
            *i += 1;
            let mut l = Vec::new();
            loop {
                skip_ws_comments(c, i);
                match c.get(*i) {
                    None => return Err("unterminated flow sequence".into()),
                    Some(']') => {
                        *i += 1;
                        return Ok(Value::List(l));
                    }
                    _ => {}
                }
                l.push(flow_value(c, i, depth + 1)?);
                skip_ws_comments(c, i);
                match c.get(*i) {
                    Some(',') => *i += 1,
                    Some(']') => {}
                    _ => return Err("missed comma between flow collection entries".into()),
                }
            }
        }
        Some('"' | '\'') => Ok(Value::Str(quoted(c, i)?)),
        None => Err("unexpected end of flow collection".into()),
        Some(_) => {
            let st = *i;
            while *i < c.len() && !matches!(c[*i], ',' | '}' | ']') {
                if c[*i] == ':' && c.get(*i + 1).is_some_and(|n| n.is_whitespace()) {
                    return Err("unexpected ': ' inside a plain value".into());
                }
                *i += 1;
            }
            let raw: String = c[st..*i].iter().collect();
            let folded: Vec<&str> = raw.split_whitespace().collect();
            Ok(plain_scalar(&folded.join(" ")))
        }
    }
}
