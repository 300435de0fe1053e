//! Emitted MLIR text that remembers which source location each line came from, so that a
//! diagnostic MLIR reports at a line of the text points back into the Python program.

use blackbird_dialects::ir::Location;

/// Text built line by line, with the location of each run of lines.
#[derive(Default)]
pub(crate) struct LocatedText {
    pub text: String,
    /// `(byte offset, location)`: the lines from the offset on come from the location.
    marks: Vec<(usize, Location)>,
}

impl LocatedText {
    /// One line (without its newline), emitted for an op at `loc`.
    pub fn push_line(&mut self, line: &str, loc: &Location) {
        self.mark(loc);
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// Text that comes from no op of the program (declarations, helpers).
    pub fn push_str(&mut self, text: &str) {
        self.mark(&Location::Unknown);
        self.text.push_str(text);
    }

    /// `other`'s lines after these.
    pub fn append(&mut self, other: LocatedText) {
        let base = self.text.len();
        self.mark(&Location::Unknown);
        self.text.push_str(&other.text);
        self.marks
            .extend(other.marks.into_iter().map(|(at, loc)| (base + at, loc)));
    }

    fn mark(&mut self, loc: &Location) {
        if self.marks.last().map(|(_, l)| l) != Some(loc) {
            self.marks.push((self.text.len(), loc.clone()));
        }
    }

    /// The text and, for each run of its lines, the 1-based number of its first line and its
    /// location.
    pub fn finish(self) -> (String, Vec<(usize, Location)>) {
        let mut runs: Vec<(usize, Location)> = vec![];
        let (mut line, mut seen) = (1, 0);
        for (at, loc) in self.marks {
            line += self.text.as_bytes()[seen..at]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            seen = at;
            // Of several marks at one line, the last one holds.
            if runs.last().is_some_and(|(l, _)| *l == line) {
                runs.pop();
            }
            runs.push((line, loc));
        }
        (self.text, runs)
    }
}

/// The location of 1-based `line` from the runs [`LocatedText::finish`] gives.
pub(crate) fn location_of_line(runs: &[(usize, Location)], line: usize) -> &Location {
    let k = runs.partition_point(|(first, _)| *first <= line);
    match k {
        0 => &Location::Unknown,
        _ => &runs[k - 1].1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_the_location_they_were_emitted_for() {
        let (a, b) = (Location::new("f.py", 3, 5), Location::new("f.py", 4, 1));
        let mut inner = LocatedText::default();
        inner.push_line("x", &b);
        let mut t = LocatedText::default();
        t.push_str("module {\n");
        t.push_line("  one", &a);
        t.push_line("  two", &a);
        t.push_line("  three", &b);
        t.append(inner);
        t.push_str("}\n");
        let (text, runs) = t.finish();
        assert_eq!(text, "module {\n  one\n  two\n  three\nx\n}\n");
        let at = |line| location_of_line(&runs, line).clone();
        assert_eq!(at(1), Location::Unknown);
        assert_eq!((at(2), at(3), at(4), at(5)), (a.clone(), a, b.clone(), b));
        assert_eq!(at(6), Location::Unknown);
    }
}
