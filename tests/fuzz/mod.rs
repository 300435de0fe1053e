//! A generative differential fuzzer: random array programs run under CPython + NumPy and under
//! Blackbird must agree (results, arguments after the call, exception kinds). Shared by
//! `tests/fuzz.rs` (a fixed seed, in the test suite) and `examples/fuzz.rs` (long runs).
#![allow(dead_code)]

pub mod ast;
pub mod expr;
pub mod gen;
#[path = "../support/python.rs"]
pub mod oracle_python;
pub mod runner;
pub mod scalar;
pub mod shrink;
pub mod value;
pub mod worker;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ast::Program;
use runner::{input_json, Runner};
use value::Outcome;

pub struct Settings {
    pub seed: u64,
    pub count: usize,
    pub jobs: usize,
    /// Programs per module.
    pub batch: usize,
    pub skip: BTreeSet<String>,
    /// Per call (compile and run).
    pub timeout: Duration,
    /// Most runs spent shrinking one failure.
    pub shrink_budget: usize,
    /// Where minimized failures are written (`<dir>/<name>.py`).
    pub save: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            seed: 0,
            count: 100,
            jobs: 1,
            batch: 25,
            skip: BTreeSet::new(),
            timeout: Duration::from_secs(60),
            shrink_budget: 400,
            save: None,
        }
    }
}

pub struct Finding {
    pub seed: u64,
    pub kind: String,
    pub why: String,
    pub program: Program,
    pub expected: Outcome,
    pub got: Outcome,
}

impl Finding {
    /// The minimized program with its inputs and both outcomes (the regression file).
    pub fn text(&self) -> String {
        let inputs: Vec<_> = self.program.inputs.iter().map(input_json).collect();
        let features: Vec<&str> = self.program.features.iter().copied().collect();
        format!(
            "# fuzz: seed {}: {}\n# why: {}\n# expected: {}\n# got: {}\n# rel: {}\n# features: {}\n# inputs: {}\n{}",
            self.seed,
            self.kind,
            self.why,
            self.expected.to_json(),
            one_line(&self.got.to_json().to_string()),
            self.program.rel,
            features.join(","),
            serde_json::Value::from(inputs),
            self.program.source()
        )
    }
}

fn one_line(s: &str) -> String {
    s.replace("\\n", " | ").chars().take(600).collect()
}

pub struct Summary {
    pub programs: usize,
    pub findings: Vec<Finding>,
    pub elapsed: Duration,
}

/// Generate and run `count` programs from `seed` on, shrinking each failure.
pub fn run(s: &Settings) -> Summary {
    let cfg = gen::Config {
        skip: s.skip.clone(),
    };
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let findings = Mutex::new(vec![]);
    // Failures of a kind already shrunk twice are kept as they are (shrinking is the slow part).
    let shrunk = Mutex::new(std::collections::BTreeMap::<String, usize>::new());
    std::thread::scope(|scope| {
        for _ in 0..s.jobs.max(1) {
            scope.spawn(|| {
                let mut runner = Runner::new(s.timeout);
                loop {
                    let first = next.fetch_add(s.batch, Ordering::SeqCst);
                    if first >= s.count {
                        break;
                    }
                    let seeds: Vec<u64> = (first..s.count.min(first + s.batch))
                        .map(|i| s.seed + i as u64)
                        .collect();
                    let programs: Vec<Program> = seeds
                        .iter()
                        .map(|seed| gen::generate(*seed, &cfg))
                        .collect();
                    for ((seed, p), r) in
                        seeds.iter().zip(&programs).zip(runner.run_batch(&programs))
                    {
                        let Some((kind, _)) = r.failure else { continue };
                        let seen = {
                            let mut m = shrunk.lock().unwrap();
                            let n = m.entry(kind.clone()).or_default();
                            *n += 1;
                            *n
                        };
                        let budget = if seen <= 2 { s.shrink_budget } else { 0 };
                        eprintln!(
                            "seed {seed}: {kind}; shrinking ({} statements, budget {budget})",
                            p.statements()
                        );
                        let (small, runs) = shrink::shrink(&mut runner, p, &kind, budget);
                        let r = runner.run_one(&small);
                        let (kind, why) = r.failure.clone().unwrap_or((kind, "(flaky)".into()));
                        let f = Finding {
                            seed: *seed,
                            kind,
                            why,
                            program: small,
                            expected: r.expected,
                            got: r.got,
                        };
                        eprintln!("seed {seed}: shrunk in {runs} runs to:\n{}", f.text());
                        if let Some(dir) = &s.save {
                            let _ = std::fs::create_dir_all(dir);
                            let _ = std::fs::write(dir.join(format!("seed{seed}.py")), f.text());
                        }
                        findings.lock().unwrap().push(f);
                    }
                }
            });
        }
    });
    let mut findings = findings.into_inner().unwrap();
    findings.sort_by_key(|f| f.seed);
    Summary {
        programs: s.count,
        findings,
        elapsed: start.elapsed(),
    }
}

/// A saved regression: `# key: value` header lines, then the program.
pub struct Regression {
    pub name: String,
    pub source: String,
    pub inputs: serde_json::Value,
    pub rel: f64,
    pub features: Vec<String>,
    /// `# status: open`: a known bug not fixed yet (reported, not failed).
    pub open: bool,
}

pub fn regressions(dir: &Path) -> Vec<Regression> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "py"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let source = std::fs::read_to_string(&path).unwrap();
            let header = |key: &str| {
                source
                    .lines()
                    .find_map(|l| l.strip_prefix(&format!("# {key}: ")).map(str::to_string))
            };
            Regression {
                name: path.file_stem().unwrap().to_string_lossy().to_string(),
                inputs: serde_json::from_str(&header("inputs").expect("# inputs:"))
                    .expect("inputs JSON"),
                rel: header("rel").and_then(|r| r.parse().ok()).unwrap_or(0.0),
                features: header("features")
                    .unwrap_or_default()
                    .split(',')
                    .filter(|f| !f.is_empty())
                    .map(str::to_string)
                    .collect(),
                open: header("status").is_some_and(|s| s.trim() == "open"),
                source,
            }
        })
        .collect()
}

/// Run the regressions not in a skipped family: the failures of fixed ones, and notes on
/// open ones.
pub fn run_regressions(
    dir: &Path,
    skip: &BTreeSet<String>,
    runner: &mut Runner,
) -> (Vec<String>, Vec<String>) {
    let (mut failures, mut notes) = (vec![], vec![]);
    for r in regressions(dir) {
        if r.features.iter().any(|f| skip.contains(f)) {
            notes.push(format!("{}: skipped (family left out)", r.name));
            continue;
        }
        let report = runner.run_source(&r.source, "f", &r.inputs, r.rel);
        match (&report.failure, r.open) {
            (Some((kind, why)), false) => {
                failures.push(format!("{}: {kind}: {why}\n{}", r.name, r.source))
            }
            (Some(_), true) => notes.push(format!("{}: still fails (open)", r.name)),
            (None, true) => notes.push(format!(
                "{}: passes now: remove its `# status: open`",
                r.name
            )),
            (None, false) => {}
        }
    }
    (failures, notes)
}
