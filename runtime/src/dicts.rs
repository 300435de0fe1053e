//! The runtime side of Python dicts and sets in compiled code (see `loop::DICT_MAKE`,
//! `loop::DICT_CALL` and `loop_to_mlir::DICT_METHODS`): one hash table serves both (a set is a
//! dict without values), laid out as CPython's compact dict: entries in insertion order (so
//! iteration and `popitem` follow CPython) and an open-addressing index of entry numbers,
//! probed linearly from a multiplicative hash of the key's words.
//!
//! Keys and values are 64-bit words (an integer or boolean sign-extended, a float's bits, a
//! tuple one word per item); float words compare as floats (`0.0 == -0.0`, NaN equals nothing)
//! and hash alike when equal. Every table is recorded with the lists of its thread and freed
//! when the call into compiled code that made it ends (see `lists.rs`).
//!
//! Every operation has one signature, `i64(dict, other, buffer, argument)`: the buffer holds
//! the input words (a key, a key and a value) and receives the output words.

use blackbird_passes::conversion::loop_to_mlir::{dict_hook_symbol, DICT_METHODS};

/// The index slot of no entry.
const EMPTY: u32 = u32::MAX;
/// The index slot of a removed entry (probing goes on past it).
const REMOVED: u32 = u32::MAX - 1;
/// The state word of a removed entry (a live one holds its hash, top bit clear).
const DEAD: u64 = u64::MAX;

/// A dict or set. Compiled code reads `len` inline (it comes first).
#[repr(C)]
pub struct Dict {
    len: i64,
    key_words: usize,
    value_words: usize,
    /// Bit `i` set: key word `i` is a float.
    key_floats: u64,
    /// Bit `i` set: value word `i` is a float.
    value_floats: u64,
    /// Per entry: its state word, then its key and value words.
    entries: Vec<u64>,
    /// Entry numbers by hash slot (a power of two long).
    index: Vec<u32>,
    /// The length when iteration last started (a change in between stops it).
    iter_len: i64,
}

impl Dict {
    fn new(key_words: usize, value_words: usize, key_floats: u64, value_floats: u64) -> Dict {
        Dict {
            len: 0,
            key_words,
            value_words,
            key_floats,
            value_floats,
            entries: Vec::new(),
            index: vec![EMPTY; 8],
            iter_len: -1,
        }
    }

    #[inline]
    fn stride(&self) -> usize {
        1 + self.key_words + self.value_words
    }

    /// The entries made (live and removed).
    fn used(&self) -> usize {
        self.entries.len() / self.stride()
    }

    #[inline]
    fn entry(&self, e: usize) -> &[u64] {
        let s = self.stride();
        &self.entries[e * s..(e + 1) * s]
    }

    #[inline]
    fn hash(&self, key: &[u64]) -> u64 {
        // One integer word (the common key): a multiply spreads it (the index takes the top
        // bits of another multiply).
        if let ([w], 0) = (key, self.key_floats) {
            return w.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 1;
        }
        let mut h: u64 = 0x243F_6A88_85A3_08D3;
        for (i, &w) in key.iter().enumerate() {
            let w = if self.key_floats >> i & 1 == 1 && f64::from_bits(w) == 0.0 {
                0
            } else {
                w
            };
            h = (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            h ^= h >> 29;
        }
        h >> 1
    }

    fn same_words(a: &[u64], b: &[u64], floats: u64) -> bool {
        if floats == 0 {
            return a == b;
        }
        a.iter().zip(b).enumerate().all(|(i, (x, y))| {
            if floats >> i & 1 == 1 {
                f64::from_bits(*x) == f64::from_bits(*y)
            } else {
                x == y
            }
        })
    }

    /// The first slot of the index a key of hash `hash` probes (its top bits).
    #[inline]
    fn home(&self, hash: u64) -> usize {
        let bits = self.index.len().trailing_zeros();
        (hash >> (63 - bits)) as usize & (self.index.len() - 1)
    }

    /// The slot of the index where `key` is (`Ok`) or would go (`Err`).
    #[inline]
    fn probe(&self, key: &[u64], hash: u64) -> Result<usize, usize> {
        let mask = self.index.len() - 1;
        let (s, k) = (self.stride(), self.key_words);
        let one_int = k == 1 && self.key_floats == 0;
        let mut slot = self.home(hash);
        let mut free = None;
        loop {
            match self.index[slot] {
                EMPTY => return Err(free.unwrap_or(slot)),
                REMOVED => {
                    free.get_or_insert(slot);
                }
                e => {
                    let at = e as usize * s;
                    if self.entries[at] == hash
                        && if one_int {
                            self.entries[at + 1] == key[0]
                        } else {
                            Self::same_words(
                                &self.entries[at + 1..at + 1 + k],
                                key,
                                self.key_floats,
                            )
                        }
                    {
                        return Ok(slot);
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    #[inline]
    fn find(&self, key: &[u64]) -> Option<usize> {
        self.probe(key, self.hash(key))
            .ok()
            .map(|slot| self.index[slot] as usize)
    }

    /// Rebuild the index for the live entries, dropping the removed ones.
    fn rebuild(&mut self) {
        let s = self.stride();
        let mut entries = Vec::with_capacity((self.len as usize + 1) * s * 3 / 2);
        for e in self.entries.chunks(s) {
            if e[0] != DEAD {
                entries.extend_from_slice(e);
            }
        }
        self.entries = entries;
        // At most a third full after a rebuild (two thirds starts the next one), so inserts
        // rebuild O(log n) times.
        let mut size = 8;
        while size < (self.len as usize + 1) * 3 {
            size *= 2;
        }
        self.index = vec![EMPTY; size];
        let mask = size - 1;
        for e in 0..self.used() {
            let hash = self.entry(e)[0];
            let mut slot = self.home(hash);
            while self.index[slot] != EMPTY {
                slot = (slot + 1) & mask;
            }
            self.index[slot] = e as u32;
        }
    }

    /// The value words of `key`, the key inserted (value words zero) when absent.
    fn insert(&mut self, key: &[u64]) -> &mut [u64] {
        let hash = self.hash(key);
        let e = match self.probe(key, hash) {
            Ok(slot) => self.index[slot] as usize,
            Err(_) => {
                if (self.used() + 1) * 3 > self.index.len() * 2 {
                    self.rebuild();
                }
                let slot = self.probe(key, hash).expect_err("absent");
                let e = self.used();
                self.entries.push(hash);
                self.entries.extend_from_slice(key);
                self.entries
                    .extend(std::iter::repeat_n(0, self.value_words));
                self.index[slot] = e as u32;
                self.len += 1;
                e
            }
        };
        let (s, k) = (self.stride(), self.key_words);
        &mut self.entries[e * s + 1 + k..(e + 1) * s]
    }

    /// Remove `key`, its entry's words (state, key, value) copied to `out` first.
    fn remove(&mut self, key: &[u64], out: Option<&mut [u64]>) -> bool {
        let Ok(slot) = self.probe(key, self.hash(key)) else {
            return false;
        };
        let e = self.index[slot] as usize;
        self.index[slot] = REMOVED;
        let s = self.stride();
        if let Some(out) = out {
            out.copy_from_slice(&self.entries[e * s..(e + 1) * s]);
        }
        self.entries[e * s] = DEAD;
        self.len -= 1;
        // Trailing removed entries go (`popitem` stays O(1) amortised).
        while self.used() > 0 && self.entry(self.used() - 1)[0] == DEAD {
            self.entries.truncate(self.entries.len() - s);
        }
        true
    }

    fn keys(&self) -> impl Iterator<Item = &[u64]> {
        let (s, k) = (self.stride(), self.key_words);
        self.entries
            .chunks(s)
            .filter(|e| e[0] != DEAD)
            .map(move |e| &e[1..=k])
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.index = vec![EMPTY; 8];
        self.len = 0;
    }
}

/// Free a table [`make`] recorded.
///
/// # Safety
/// `d` is a table made by this module and not freed yet.
unsafe fn free_dict(d: *mut u8) {
    // SAFETY: the caller's contract: `d` came from `Box::into_raw`.
    drop(unsafe { Box::from_raw(d as *mut Dict) });
}

/// Record a new table as made on this thread and return it.
fn made(d: Dict) -> i64 {
    let p = Box::into_raw(Box::new(d));
    crate::lists::record(p as *mut u8, free_dict);
    p as i64
}

/// `new`: `argument` packs the key words (bits 0-7), value words (8-15), key float bits
/// (16-31) and value float bits (32-47).
fn new(arg: i64) -> i64 {
    let arg = arg as u64;
    made(Dict::new(
        (arg & 0xff) as usize,
        (arg >> 8 & 0xff) as usize,
        arg >> 16 & 0xffff,
        arg >> 32 & 0xffff,
    ))
}

fn copy(d: &Dict) -> Dict {
    let mut c = Dict::new(d.key_words, d.value_words, d.key_floats, d.value_floats);
    c.entries = d.entries.clone();
    c.len = d.len;
    c.rebuild();
    c
}

/// Whether every key of `a` is a key of `b`.
fn subset(a: &Dict, b: &Dict) -> bool {
    a.len <= b.len && a.keys().all(|k| b.find(k).is_some())
}

fn update(d: &mut Dict, other: &Dict) {
    let (s, k) = (other.stride(), other.key_words);
    for e in other.entries.chunks(s).filter(|e| e[0] != DEAD) {
        let value = &e[1 + k..];
        d.insert(&e[1..=k]).copy_from_slice(value);
    }
}

fn intersection_update(d: &mut Dict, other: &Dict) {
    let gone: Vec<Vec<u64>> = d
        .keys()
        .filter(|k| other.find(k).is_none())
        .map(<[u64]>::to_vec)
        .collect();
    for k in gone {
        d.remove(&k, None);
    }
}

fn difference_update(d: &mut Dict, other: &Dict) {
    let keys: Vec<Vec<u64>> = other.keys().map(<[u64]>::to_vec).collect();
    for k in keys {
        d.remove(&k, None);
    }
}

fn symmetric_difference_update(d: &mut Dict, other: &Dict) {
    let keys: Vec<Vec<u64>> = other.keys().map(<[u64]>::to_vec).collect();
    for k in keys {
        if !d.remove(&k, None) {
            d.insert(&k);
        }
    }
}

fn equal(a: &Dict, b: &Dict) -> bool {
    let (s, k) = (a.stride(), a.key_words);
    a.len == b.len
        && a.entries.chunks(s).filter(|e| e[0] != DEAD).all(|e| {
            b.find(&e[1..=k]).is_some_and(|f| {
                Dict::same_words(&b.entry(f)[1 + k..], &e[1 + k..], a.value_floats)
            })
        })
}

/// The one operation `method` names (see `loop::DICT_CALL`).
///
/// # Safety
/// `d` and `other` (where the method reads them) are live tables of one kind; `buf` holds as
/// many words as the method reads and writes.
#[inline(always)]
unsafe fn run(method: &str, d: *mut Dict, other: *mut Dict, buf: *mut u64, arg: i64) -> i64 {
    if method == "new" {
        return new(arg);
    }
    // SAFETY: the caller's contract.
    let d = unsafe { &mut *d };
    let other = || -> &Dict {
        // SAFETY: the caller's contract (a method reading `other` is given one).
        unsafe { &*other }
    };
    let (k, v) = (d.key_words, d.value_words);
    let words = |n: usize| -> &mut [u64] {
        // SAFETY: the caller's contract.
        unsafe { std::slice::from_raw_parts_mut(buf, n) }
    };
    match method {
        "copy" => made(copy(d)),
        "union" | "intersection" | "difference" | "symmetric_difference" => {
            let mut r = copy(d);
            match method {
                "union" => update(&mut r, other()),
                "intersection" => intersection_update(&mut r, other()),
                "difference" => difference_update(&mut r, other()),
                _ => symmetric_difference_update(&mut r, other()),
            }
            made(r)
        }
        "get" => {
            let b = words(k.max(v));
            match d.find(&b[..k]) {
                Some(e) => {
                    b[..v].copy_from_slice(&d.entry(e)[1 + k..]);
                    1
                }
                None => 0,
            }
        }
        "set" => {
            let b = words(k + v);
            let (key, value) = b.split_at(k);
            d.insert(key).copy_from_slice(value);
            0
        }
        "pop" => {
            let b = words(k.max(v));
            let mut entry = vec![0; 1 + k + v];
            let key = b[..k].to_vec();
            if !d.remove(&key, Some(&mut entry)) {
                return 0;
            }
            b[..v].copy_from_slice(&entry[1 + k..]);
            1
        }
        "popitem" => {
            if d.len == 0 {
                return 0;
            }
            let last = d.entry(d.used() - 1)[1..].to_vec();
            words(k + v).copy_from_slice(&last);
            d.remove(&last[..k], None);
            1
        }
        "clear" => {
            d.clear();
            0
        }
        "iter" => {
            if d.used() != d.len as usize {
                d.rebuild();
            }
            d.iter_len = d.len;
            d.len
        }
        "entry" => {
            let e = arg as usize;
            if d.len != d.iter_len || e >= d.used() || d.entry(e)[0] == DEAD {
                return 0;
            }
            let entry = d.entry(e)[1..].to_vec();
            words(k + v).copy_from_slice(&entry);
            1
        }
        "update" => {
            update(d, other());
            0
        }
        "intersection_update" => {
            intersection_update(d, other());
            0
        }
        "difference_update" => {
            difference_update(d, other());
            0
        }
        "symmetric_difference_update" => {
            symmetric_difference_update(d, other());
            0
        }
        "equal" => i64::from(equal(d, other())),
        "issubset" => i64::from(subset(d, other())),
        "isdisjoint" => i64::from(d.keys().all(|key| other().find(key).is_none())),
        _ => unreachable!("unknown dict method {method}"),
    }
}

/// `get` (the hot path of lookups, without [`run`]'s dispatch): the value words of the key
/// in `buf` copied over it, and 1, or 0 when absent.
///
/// # Safety
/// `d` is a live table; `buf` holds its key words and room for its value words.
unsafe extern "C" fn get_fast(d: *mut Dict, _: *mut Dict, buf: *mut u64, _: i64) -> i64 {
    // SAFETY: the caller's contract.
    let d = unsafe { &*d };
    let (k, v) = (d.key_words, d.value_words);
    // SAFETY: the caller's contract.
    let b = unsafe { std::slice::from_raw_parts_mut(buf, k.max(v)) };
    match d.find(&b[..k]) {
        Some(e) => {
            let at = e * d.stride() + 1 + k;
            // Word by word: a call of `memmove` costs more than these few words.
            for (i, w) in b[..v].iter_mut().enumerate() {
                *w = d.entries[at + i];
            }
            1
        }
        None => 0,
    }
}

/// `set` (the hot path of stores, without [`run`]'s dispatch): the key and value words in
/// `buf` stored.
///
/// # Safety
/// `d` is a live table; `buf` holds its key words, then its value words.
unsafe extern "C" fn set_fast(d: *mut Dict, _: *mut Dict, buf: *mut u64, _: i64) -> i64 {
    // SAFETY: the caller's contract.
    let d = unsafe { &mut *d };
    let k = d.key_words;
    // SAFETY: the caller's contract.
    let b = unsafe { std::slice::from_raw_parts(buf, k + d.value_words) };
    let (key, value) = b.split_at(k);
    for (slot, w) in d.insert(key).iter_mut().zip(value) {
        *slot = *w;
    }
    0
}

/// One `extern "C"` function per method, each calling [`run`] with its name.
macro_rules! hooks {
    ($($name:ident),* $(,)?) => {
        /// The functions of [`DICT_METHODS`], in its order.
        const HOOKS: &[(&str, *const ())] = &[$((stringify!($name), {
            unsafe extern "C" fn $name(d: *mut Dict, other: *mut Dict, buf: *mut u64, arg: i64) -> i64 {
                // SAFETY: compiled code calls each method with what it reads (see `run`).
                unsafe { run(stringify!($name), d, other, buf, arg) }
            }
            $name as *const ()
        })),*];
    };
}

hooks!(
    new,
    copy,
    union,
    intersection,
    difference,
    symmetric_difference,
    get,
    set,
    pop,
    popitem,
    clear,
    iter,
    entry,
    update,
    intersection_update,
    difference_update,
    symmetric_difference_update,
    equal,
    issubset,
    isdisjoint,
);

/// Store the dict functions into the module's hook globals that `lookup` finds.
pub(crate) fn install_hooks(lookup: impl Fn(&str) -> Option<*mut u8>) {
    for method in DICT_METHODS {
        let f = match *method {
            "get" => &(get_fast as *const ()),
            "set" => &(set_fast as *const ()),
            _ => {
                &HOOKS
                    .iter()
                    .find(|(name, _)| name == method)
                    .expect("a runtime function for every dict method")
                    .1
            }
        };
        if let Some(address) = lookup(&dict_hook_symbol(method)) {
            // SAFETY: the hook is the module's pointer-sized global holding a function of
            // the dict methods' one signature, which `f` has; set before the code runs.
            unsafe { (address as *mut *const ()).write(*f) };
        }
    }
}
