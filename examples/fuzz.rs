//! Long runs of the differential fuzzer (tests/fuzz/): random array programs under CPython +
//! NumPy and Blackbird; failures are shrunk, printed and, with `--save DIR`, written as
//! regression files.
//!
//! ```sh
//! cargo run --release --example fuzz -- --count 10000 --seed 1 --jobs 2 [--skip bool_arith,view_alias]
//!     [--batch 25] [--timeout 20] [--shrink-budget 400] [--save tests/fuzz_regressions]
//! cargo run --release --example fuzz -- --regressions     # run the saved regressions only
//! cargo run --release --example fuzz -- --regressions --dir found  # or those saved in DIR
//! cargo run --release --example fuzz -- --print --seed 7  # print one generated program
//! ```

#[path = "../tests/fuzz/mod.rs"]
mod fuzz;

use std::path::Path;
use std::time::Duration;

fn main() {
    if std::env::var_os(fuzz::runner::WORKER_ENV).is_some() {
        fuzz::worker::serve();
        return;
    }
    let mut s = fuzz::Settings {
        timeout: Duration::from_secs(20),
        ..Default::default()
    };
    let (mut regressions, mut print) = (false, false);
    let mut dir = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--count" => s.count = value().parse().expect("--count N"),
            "--seed" => s.seed = value().parse().expect("--seed S"),
            "--jobs" => s.jobs = value().parse().expect("--jobs J"),
            "--batch" => s.batch = value().parse().expect("--batch B"),
            "--timeout" => {
                s.timeout = Duration::from_secs(value().parse().expect("--timeout SECONDS"))
            }
            "--shrink-budget" => s.shrink_budget = value().parse().expect("--shrink-budget RUNS"),
            "--skip" => s.skip.extend(value().split(',').map(str::to_string)),
            "--save" => s.save = Some(value().into()),
            "--regressions" => regressions = true,
            "--dir" => dir = Some(std::path::PathBuf::from(value())),
            "--print" => print = true,
            other => panic!(
                "unknown argument {other}; families for --skip: {:?}",
                fuzz::gen::FAMILIES
            ),
        }
    }
    if print {
        let p = fuzz::gen::generate(
            s.seed,
            &fuzz::gen::Config {
                skip: s.skip.clone(),
            },
        );
        println!(
            "{}# inputs: {:?}\n# rel: {} features: {:?}",
            p.source(),
            p.inputs,
            p.rel,
            p.features
        );
        return;
    }
    if regressions {
        let dir = dir.unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions")
        });
        let (failed, notes) =
            fuzz::run_regressions(&dir, &s.skip, &mut fuzz::runner::Runner::new(s.timeout));
        notes.iter().for_each(|n| println!("{n}"));
        failed.iter().for_each(|f| println!("FAILED {f}"));
        std::process::exit(i32::from(!failed.is_empty()));
    }
    let summary = fuzz::run(&s);
    let secs = summary.elapsed.as_secs_f64();
    println!(
        "{} programs in {secs:.1} s ({:.1} programs/s, {} jobs), {} failures",
        summary.programs,
        summary.programs as f64 / secs,
        s.jobs,
        summary.findings.len()
    );
    for f in &summary.findings {
        println!("seed {}: {}", f.seed, f.kind);
    }
}
