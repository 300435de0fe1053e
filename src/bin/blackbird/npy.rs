//! Checking a `.npy` file's header before its data is read, so that a malformed or lying file
//! is a clear error instead of a huge allocation. The format (NumPy's
//! `numpy/lib/format.py`): the magic `\x93NUMPY`, a major and a minor version byte, the
//! header's length (`u16` little-endian in version 1.0, `u32` in 2.0), then the header: a
//! Python dict literal `{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }` padded
//! with spaces and a newline; the data follows.

/// What the header of a `.npy` file says.
#[derive(Debug, PartialEq)]
pub struct Header {
    /// The dtype's NumPy name (`float64`).
    pub dtype: String,
    pub shape: Vec<u64>,
}

/// The header of `bytes` (a whole `.npy` file), checked: version 1.0 or 2.0, a well-formed
/// dict, a dtype of `supported` (NumPy names), and as many bytes of data as the shape needs.
pub fn check(bytes: &[u8], supported: &[&str]) -> Result<Header, String> {
    let Some(rest) = bytes.strip_prefix(b"\x93NUMPY") else {
        return Err("not a .npy file (it does not start with \\x93NUMPY)".into());
    };
    let ends = "the file ends inside its header";
    let (major, minor) = (*rest.first().ok_or(ends)?, *rest.get(1).ok_or(ends)?);
    let rest = &rest[2..];
    let width = match major {
        1 => 2,
        2 => 4,
        _ => return Err(format!("unsupported .npy version {major}.{minor}")),
    };
    let length = rest.get(..width).ok_or(ends)?;
    let length = length
        .iter()
        .rev()
        .fold(0usize, |n, b| (n << 8) | usize::from(*b));
    let text = rest.get(width..width + length).ok_or(ends)?;
    let data = &rest[width + length..];
    let text = std::str::from_utf8(text)
        .ok()
        .filter(|t| t.is_ascii())
        .ok_or("malformed header: it is not ASCII text")?;
    let (descr, _fortran_order, shape) =
        parse_dict(text.trim_end()).map_err(|e| format!("malformed header: {e}"))?;
    let (dtype, itemsize) = dtype_of(&descr)?;
    if !supported.contains(&dtype.as_str()) {
        return Err(format!(
            "dtype '{descr}' ({dtype}) is not supported yet (supported: {})",
            supported.join(", ")
        ));
    }
    let shown = show_shape(&shape);
    let needed = shape
        .iter()
        .try_fold(itemsize, |n, d| n.checked_mul(*d))
        .filter(|n| *n <= i64::MAX as u64)
        .ok_or_else(|| format!("the header claims shape {shown} of {dtype}, too big an array"))?;
    if data.len() as u64 != needed {
        return Err(format!(
            "the header claims shape {shown} of {dtype} ({needed} bytes) but the file holds {} \
             bytes of data",
            data.len()
        ));
    }
    Ok(Header { dtype, shape })
}

/// A shape as Python writes the tuple: `(3,)`, `(2, 3)`.
fn show_shape(shape: &[u64]) -> String {
    match shape {
        [d] => format!("({d},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// NumPy's name and item size of a `descr` such as `<f8`, `|u1`, `|b1`.
fn dtype_of(descr: &str) -> Result<(String, u64), String> {
    let unknown = || format!("malformed header: unknown dtype '{descr}'");
    let body = descr.trim_start_matches(['<', '>', '|', '=']);
    if descr.starts_with('>') && !descr.ends_with('1') {
        return Err(format!("dtype '{descr}' (big-endian) is not supported yet"));
    }
    let (kind, size) = body.split_at(body.len().min(1));
    let size: u64 = size.parse().map_err(|_| unknown())?;
    let name = match kind {
        "b" if size == 1 => "bool".to_string(),
        "i" => format!("int{}", size * 8),
        "u" => format!("uint{}", size * 8),
        "f" => format!("float{}", size * 8),
        "c" => format!("complex{}", size * 8),
        "U" => format!("str{}", size * 8),
        "S" => format!("bytes{}", size * 8),
        _ => return Err(unknown()),
    };
    Ok((name, size))
}

/// The `descr`, `fortran_order` and `shape` of a header's dict literal.
fn parse_dict(text: &str) -> Result<(String, bool, Vec<u64>), String> {
    let mut p = Parser { text, at: 0 };
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    p.expect('{')?;
    while !p.eat('}') {
        let key = p.string()?;
        p.expect(':')?;
        match key.as_str() {
            "descr" => descr = Some(p.string()?),
            "fortran_order" => fortran = Some(p.boolean()?),
            "shape" => shape = Some(p.tuple()?),
            other => return Err(format!("unexpected key '{other}'")),
        }
        if !p.eat(',') {
            p.expect('}')?;
            break;
        }
    }
    p.skip_spaces();
    if p.at != text.len() {
        return Err(format!(
            "unexpected text after the dict: '{}'",
            &text[p.at..]
        ));
    }
    Ok((
        descr.ok_or("no 'descr'")?,
        fortran.ok_or("no 'fortran_order'")?,
        shape.ok_or("no 'shape'")?,
    ))
}

struct Parser<'t> {
    text: &'t str,
    at: usize,
}

impl Parser<'_> {
    fn skip_spaces(&mut self) {
        let rest = &self.text[self.at..];
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_spaces();
        let found = self.text[self.at..].starts_with(c);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        match self.eat(c) {
            true => Ok(()),
            false => Err(format!("expected '{c}' at byte {}", self.at)),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.skip_spaces();
        let rest = &self.text[self.at..];
        let quote = rest
            .chars()
            .next()
            .filter(|c| *c == '\'' || *c == '"')
            .ok_or_else(|| format!("expected a string at byte {}", self.at))?;
        let end = rest[1..]
            .find(quote)
            .ok_or_else(|| format!("unterminated string at byte {}", self.at))?;
        self.at += end + 2;
        Ok(rest[1..=end].to_string())
    }

    fn boolean(&mut self) -> Result<bool, String> {
        self.skip_spaces();
        for (word, value) in [("True", true), ("False", false)] {
            if self.text[self.at..].starts_with(word) {
                self.at += word.len();
                return Ok(value);
            }
        }
        Err(format!("expected True or False at byte {}", self.at))
    }

    /// A tuple of non-negative integers: `()`, `(3,)`, `(2, 3)`.
    fn tuple(&mut self) -> Result<Vec<u64>, String> {
        self.expect('(')?;
        let mut items = vec![];
        while !self.eat(')') {
            self.skip_spaces();
            let rest = &self.text[self.at..];
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let item = rest[..digits]
                .parse()
                .map_err(|_| format!("expected a size at byte {}", self.at))?;
            self.at += digits;
            items.push(item);
            if !self.eat(',') {
                self.expect(')')?;
                break;
            }
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(version: u8, header: &str, data: usize) -> Vec<u8> {
        let mut bytes = b"\x93NUMPY".to_vec();
        bytes.extend([version, 0]);
        match version {
            1 => bytes.extend((header.len() as u16).to_le_bytes()),
            _ => bytes.extend((header.len() as u32).to_le_bytes()),
        }
        bytes.extend(header.as_bytes());
        bytes.extend(vec![0; data]);
        bytes
    }

    const F8: &str = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }\n";

    #[test]
    fn headers() {
        let ok = check(&file(1, F8, 48), &["float64"]).unwrap();
        assert_eq!(ok.shape, vec![2, 3]);
        assert_eq!(
            check(&file(2, F8, 48), &["float64"]).unwrap().dtype,
            "float64"
        );
        let scalar = "{'descr': '|b1', 'fortran_order': False, 'shape': ()}";
        assert_eq!(check(&file(1, scalar, 1), &["bool"]).unwrap().shape, vec![]);
        let e = |bytes: Vec<u8>| check(&bytes, &["float64"]).unwrap_err();
        assert_eq!(
            e(file(1, F8, 40)),
            "the header claims shape (2, 3) of float64 (48 bytes) but the file holds 40 bytes of data"
        );
        assert_eq!(e(file(3, F8, 48)), "unsupported .npy version 3.0");
        assert!(e(file(1, "{'descr': '<f8', 'shape': (2, 3)", 48)).starts_with("malformed header"));
        assert!(e(file(
            1,
            "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}",
            8
        ))
        .starts_with("malformed header: expected a size"));
        assert!(e(file(
            1,
            "{'descr': '<c16', 'fortran_order': False, 'shape': (1,)}",
            16
        ))
        .starts_with("dtype '<c16' (complex128) is not supported yet"));
        let huge = "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,)}";
        assert!(e(file(1, huge, 8)).ends_with("too big an array"));
        assert!(e(b"\x93NUMPY\x01".to_vec()).contains("ends inside its header"));
        assert!(e(b"hello".to_vec()).starts_with("not a .npy file"));
    }
}
