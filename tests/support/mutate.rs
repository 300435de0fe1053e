//! Deterministic text mutation for the fuzz tests (included by path from the test crates
//! that use it, so that failures reproduce from the seed).

/// A small xorshift generator.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// How to mutate a text.
pub struct Mutations<'a> {
    /// Fragments to insert.
    pub snippets: &'a [&'a str],
    /// Also cut the text short at a random point.
    pub truncate: bool,
    /// Delete up to this many characters at once.
    pub max_delete: usize,
}

/// One to three random edits of `text`: deletions, insertions of a snippet, truncations.
pub fn mutate(text: &str, rng: &mut Rng, m: &Mutations) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let kinds = if m.truncate { 4 } else { 3 };
    for _ in 0..=rng.below(3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(kinds) {
            0 if !chars.is_empty() => {
                let end = (at + 1 + rng.below(m.max_delete)).min(chars.len());
                chars.drain(at.min(chars.len())..end);
            }
            1 if m.truncate => chars.truncate(at),
            _ => {
                for (i, c) in m.snippets[rng.below(m.snippets.len())].chars().enumerate() {
                    chars.insert((at + i).min(chars.len()), c);
                }
            }
        }
    }
    chars.into_iter().collect()
}
