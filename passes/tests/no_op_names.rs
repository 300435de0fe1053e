//! Passes recognise an op by its definition (`ctx.is_op(op, &py::IF)`, a table of `&OpDef`s),
//! never by a quoted name (`"py.if"`): a renamed op or a typo then fails to compile instead of
//! silently never matching. This test fails, naming `file:line`, where a string literal of the
//! compiler's sources (`passes/src`, the root crate's `src`) is exactly the name of a
//! registered op.
//!
//! Allowed: the dialects' definitions (not scanned), `passes/src/library/**` (whose
//! `"math.sqrt"` is a Python name, not an op), comments and doc strings, and `#[cfg(test)]`
//! items.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[test]
fn no_quoted_op_names_outside_the_dialects() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let names: HashSet<&str> = blackbird_dialects::all_ops()
        .iter()
        .map(|d| d.name)
        .collect();
    let mut files = vec![];
    for dir in ["passes/src", "src"] {
        rust_files(&workspace.join(dir), &mut files);
    }
    assert!(files.len() > 50, "found only {} sources", files.len());
    let mut found = vec![];
    for file in files {
        let relative = file
            .strip_prefix(&workspace)
            .expect("under the workspace")
            .to_string_lossy()
            .replace('\\', "/");
        if relative.starts_with("passes/src/library/") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (line, literal) in string_literals(&text) {
            if names.contains(literal.as_str()) {
                found.push(format!("{relative}:{line}: \"{literal}\""));
            }
        }
    }
    assert!(
        found.is_empty(),
        "op names quoted in passes (match the op's definition, `ctx.is_op(op, &py::IF)`, \
         instead):\n{}",
        found.join("\n")
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable directory")
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of Rust source `text` with their 1-based lines, outside comments and
/// `#[cfg(test)]` items.
fn string_literals(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![];
    let mut line = 1;
    let mut i = 0;
    // The code seen lately, without whitespace: spots `#[cfg(test)]`.
    let mut recent = String::new();
    // Skipping a test item: `Some(0)` until its `{`, then the depth of braces.
    let mut test_item: Option<usize> = None;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if let Some((start, hashes)) = raw_string_start(&chars, i) {
            let at = line;
            let mut j = start;
            let closes =
                |j: usize| chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#'));
            while j < chars.len() && !closes(j) {
                line += usize::from(chars[j] == '\n');
                j += 1;
            }
            if test_item.is_none() {
                out.push((at, chars[start..j.min(chars.len())].iter().collect()));
            }
            i = j + 1 + hashes;
        } else if c == '"' || (c == 'b' && next == Some('"') && !ident_before(&chars, i)) {
            let at = line;
            let mut j = i + if c == 'b' { 2 } else { 1 };
            let mut literal = String::new();
            while j < chars.len() && chars[j] != '"' {
                if chars[j] == '\\' {
                    literal.push(chars[j]);
                    j += 1;
                }
                line += usize::from(chars.get(j) == Some(&'\n'));
                literal.extend(chars.get(j));
                j += 1;
            }
            if test_item.is_none() {
                out.push((at, literal));
            }
            i = j + 1;
        } else if c == '\'' {
            // A char literal (`'"'`, `'\''`, `'\u{7f}'`) or a lifetime (`'a`).
            i += match (next, chars.get(i + 2)) {
                (Some('\\'), _) => {
                    let mut j = i + 3;
                    while j < chars.len() && chars[j] != '\'' {
                        j += 1;
                    }
                    j + 1 - i
                }
                (Some(_), Some('\'')) => 3,
                _ => 1,
            };
        } else {
            if !c.is_whitespace() {
                recent.push(c);
                if recent.len() > 32 {
                    recent.drain(..recent.len() - 16);
                }
            }
            match (test_item, c) {
                (None, _) if recent.ends_with("#[cfg(test)]") => test_item = Some(0),
                (Some(0), ';') => test_item = None,
                (Some(depth), '{') => test_item = Some(depth + 1),
                (Some(1), '}') => test_item = None,
                (Some(depth), '}') if depth > 1 => test_item = Some(depth - 1),
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// Where a raw string's text starts (`r"…"`, `r#"…"#`, `br"…"`) and its number of `#`s, when
/// one starts at `i`.
fn raw_string_start(chars: &[char], i: usize) -> Option<(usize, usize)> {
    if ident_before(chars, i) {
        return None;
    }
    let mut j = i;
    if chars[j] == 'b' {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some((j + 1, hashes))
}

/// Whether `chars[i]` continues an identifier (the `r` of `for"`… is no raw string).
fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

#[test]
fn the_scanner_sees_code_strings_only() {
    let source = r####"
let a = "py.if"; // "py.for"
/* "py.while" /* nested */ "py.yield" */
/// doc "py.return"
let b = r#"py.call"#; let c = '"'; let d = '\''; fn f<'a>(x: &'a str) {}
let e = "multi
line \"py.tuple\" ";
#[cfg(test)]
mod tests { fn g() { let s = "py.list"; { } } }
let f = "after";
"####;
    let found = string_literals(source);
    assert_eq!(
        found,
        vec![
            (2, "py.if".to_string()),
            (5, "py.call".to_string()),
            (6, "multi\nline \\\"py.tuple\\\" ".to_string()),
            (10, "after".to_string()),
        ]
    );
}
