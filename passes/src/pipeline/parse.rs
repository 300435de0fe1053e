//! Pipeline strings: `name,name{key=value,key="quoted, value"},name`.

/// One pass named in a pipeline string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassSpec {
    pub name: String,
    /// `(key, value, column of the key)`.
    pub options: Vec<(String, String, usize)>,
    /// Column (0-based byte offset) of the name.
    pub column: usize,
}

/// An error in a pipeline string at a column.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[error("{message}")]
pub struct PipelineError {
    pub column: usize,
    pub message: String,
}

impl PipelineError {
    pub fn new(column: usize, message: impl Into<String>) -> Self {
        PipelineError {
            column,
            message: message.into(),
        }
    }

    /// `error: …`, the pipeline and a caret under the column.
    pub fn render(&self, pipeline: &str) -> String {
        format!(
            "error: invalid pass pipeline: {}\n  {pipeline}\n  {}^\n",
            self.message,
            " ".repeat(self.column)
        )
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'
}

/// Split a pipeline string into pass specs (names are not looked up here).
pub fn parse_pipeline(text: &str) -> Result<Vec<PassSpec>, PipelineError> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut specs = vec![];
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    let col = |i: usize| chars.get(i).map_or(text.len(), |(p, _)| *p);
    let skip_spaces = |i: &mut usize| {
        while at(*i).is_some_and(char::is_whitespace) {
            *i += 1;
        }
    };
    skip_spaces(&mut i);
    if at(i).is_none() {
        return Err(PipelineError::new(0, "the pipeline is empty"));
    }
    loop {
        skip_spaces(&mut i);
        let start = i;
        while at(i).is_some_and(is_name_char) {
            i += 1;
        }
        if i == start {
            let found = at(i).map_or("end of pipeline".to_string(), |c| format!("'{c}'"));
            return Err(PipelineError::new(
                col(i),
                format!("expected a pass name, found {found}"),
            ));
        }
        let name: String = chars[start..i].iter().map(|(_, c)| c).collect();
        let mut spec = PassSpec {
            name,
            options: vec![],
            column: col(start),
        };
        skip_spaces(&mut i);
        if at(i) == Some('{') {
            i += 1;
            loop {
                skip_spaces(&mut i);
                if at(i) == Some('}') {
                    i += 1;
                    break;
                }
                let key_start = i;
                while at(i).is_some_and(is_name_char) {
                    i += 1;
                }
                if i == key_start {
                    return Err(PipelineError::new(col(i), "expected an option name"));
                }
                let key: String = chars[key_start..i].iter().map(|(_, c)| c).collect();
                skip_spaces(&mut i);
                if at(i) != Some('=') {
                    return Err(PipelineError::new(
                        col(i),
                        format!("expected '=' after option '{key}'"),
                    ));
                }
                i += 1;
                skip_spaces(&mut i);
                let value_start = i;
                let value = if at(i) == Some('"') {
                    // A quoted value holds anything (`\"` and `\\` escaped): a type text
                    // with commas, braces or spaces.
                    i += 1;
                    let mut value = String::new();
                    loop {
                        match at(i) {
                            None => {
                                return Err(PipelineError::new(
                                    col(value_start),
                                    format!("unterminated quoted value for option '{key}'"),
                                ))
                            }
                            Some('"') => break,
                            Some('\\') if matches!(at(i + 1), Some('"' | '\\')) => {
                                value.push(at(i + 1).expect("matched"));
                                i += 2;
                                continue;
                            }
                            Some(c) => value.push(c),
                        }
                        i += 1;
                    }
                    i += 1;
                    value
                } else {
                    while at(i).is_some_and(|c| !matches!(c, ',' | '}' | '{') && !c.is_whitespace())
                    {
                        i += 1;
                    }
                    chars[value_start..i].iter().map(|(_, c)| c).collect()
                };
                if i == value_start {
                    return Err(PipelineError::new(
                        col(i),
                        format!("expected a value for option '{key}'"),
                    ));
                }
                spec.options.push((key, value, col(key_start)));
                skip_spaces(&mut i);
                match at(i) {
                    Some(',') => i += 1,
                    Some('}') => {
                        i += 1;
                        break;
                    }
                    _ => {
                        return Err(PipelineError::new(
                            col(i),
                            "expected ',' or '}' in pass options",
                        ))
                    }
                }
            }
        }
        specs.push(spec);
        skip_spaces(&mut i);
        match at(i) {
            None => return Ok(specs),
            Some(',') => i += 1,
            Some(c) => {
                return Err(PipelineError::new(
                    col(i),
                    format!("expected ',' between passes, found '{c}'"),
                ))
            }
        }
    }
}
