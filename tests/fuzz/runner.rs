//! Runs programs under the CPython oracle and the Blackbird worker, both persistent child
//! processes answering one JSON line per call, every call under a time limit: a call that
//! does not answer in time is a timeout (the child is killed and restarted), a worker that
//! dies is a crash of that call.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{json, Value as Json};

use super::ast::{Input, Program, HEADER};
use super::value::{compare, failure_kind, float_text, Outcome, Value};

/// Set in the environment of the worker process (the fuzz binary re-invoked).
pub const WORKER_ENV: &str = "BLACKBIRD_FUZZ_WORKER";

pub use super::oracle_python::python;

/// A child answering `@@`-prefixed JSON lines (other output is ignored).
struct Server {
    command: fn() -> Command,
    running: Option<(Child, ChildStdin, Receiver<Option<String>>)>,
}

impl Server {
    fn new(command: fn() -> Command) -> Server {
        Server {
            command,
            running: None,
        }
    }

    fn start(&mut self) {
        let mut child = (self.command)()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start a fuzz child process");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.strip_prefix("@@") {
                    if tx.send(Some(rest.to_string())).is_err() {
                        return;
                    }
                }
            }
            let _ = tx.send(None);
        });
        self.running = Some((child, stdin, rx));
    }

    fn stop(&mut self) -> String {
        let Some((mut child, stdin, _)) = self.running.take() else {
            return String::new();
        };
        drop(stdin);
        let _ = child.kill();
        child.wait().map(|s| s.to_string()).unwrap_or_default()
    }

    fn ask(&mut self, request: &Json, timeout: Duration) -> Outcome {
        if self.running.is_none() {
            self.start();
        }
        let (_, stdin, rx) = self.running.as_mut().unwrap();
        let sent = writeln!(stdin, "{request}").and_then(|_| stdin.flush());
        let answer = match sent {
            Ok(()) => rx.recv_timeout(timeout),
            Err(_) => Err(RecvTimeoutError::Disconnected),
        };
        match answer {
            Ok(Some(line)) => {
                Outcome::from_json(&serde_json::from_str(&line).expect("child's JSON"))
            }
            Err(RecvTimeoutError::Timeout) => {
                self.stop();
                Outcome::Timeout
            }
            Ok(None) | Err(RecvTimeoutError::Disconnected) => {
                // the child died on this call: wait for its status
                let status = match self.running.take() {
                    Some((mut child, _, _)) => {
                        child.wait().map(|s| s.to_string()).unwrap_or_default()
                    }
                    None => String::new(),
                };
                Outcome::Crash(status)
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn oracle_command() -> Command {
    let mut c = Command::new(python());
    c.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fuzz_oracle.py"));
    c
}

fn worker_command() -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.env(WORKER_ENV, "1");
    c
}

pub fn input_json(i: &Input) -> Json {
    match i {
        Input::Int(v) => json!({ "int": v }),
        Input::Float(f) => json!({ "float": float_text(*f) }),
        Input::Bool(b) => json!({ "bool": b }),
        Input::Array {
            dtype,
            base,
            view,
            data,
        } => {
            let v = Value::Array {
                dtype: dtype.name().into(),
                shape: base.clone(),
                data: data.clone(),
            };
            let mut j = v.to_json();
            j["view"] = json!(view.name());
            j
        }
    }
}

/// What running one program found: nothing, or how the two sides disagree.
#[derive(Clone, Debug)]
pub struct Report {
    pub expected: Outcome,
    pub got: Outcome,
    /// None when they agree.
    pub failure: Option<(String, String)>,
}

pub struct Runner {
    oracle: Server,
    worker: Server,
    pub timeout: Duration,
}

impl Default for Runner {
    fn default() -> Self {
        Runner::new(Duration::from_secs(60))
    }
}

impl Runner {
    pub fn new(timeout: Duration) -> Runner {
        Runner {
            oracle: Server::new(oracle_command),
            worker: Server::new(worker_command),
            timeout,
        }
    }

    /// Run `programs` in one module (one Blackbird module, one oracle module).
    pub fn run_batch(&mut self, programs: &[Program]) -> Vec<Report> {
        let mut source = HEADER.to_string();
        for (k, p) in programs.iter().enumerate() {
            source.push_str(&p.functions_text(&format!("p{k}_")));
        }
        let mut reports = vec![];
        for (k, p) in programs.iter().enumerate() {
            let args = Json::from(p.inputs.iter().map(input_json).collect::<Vec<_>>());
            let mut report = self.run_source(&source, &format!("p{k}_{}", p.entry()), &args, p.rel);
            if matches!(report.got, Outcome::Crash(_) | Outcome::Timeout) && programs.len() > 1 {
                // confirm on its own: an earlier call may have corrupted the worker
                report = self.run_one(p);
            }
            reports.push(report);
        }
        reports
    }

    pub fn run_one(&mut self, p: &Program) -> Report {
        let args = Json::from(p.inputs.iter().map(input_json).collect::<Vec<_>>());
        self.run_source(&p.source(), p.entry(), &args, p.rel)
    }

    /// Call `function` of `source` on `args` (the oracle's JSON) with both, and compare.
    pub fn run_source(&mut self, source: &str, function: &str, args: &Json, rel: f64) -> Report {
        let request = json!({
            "source": source,
            "function": function,
            "args": args,
            "timeout": self.timeout.as_secs_f64(),
        });
        let expected = self
            .oracle
            .ask(&request, self.timeout + Duration::from_secs(5));
        let got = self.worker.ask(&request, self.timeout);
        let failure =
            compare(&expected, &got, rel).map(|why| (failure_kind(&expected, &got, &why), why));
        Report {
            expected,
            got,
            failure,
        }
    }
}
