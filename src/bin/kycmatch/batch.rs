//! `kycmatch batch`: many submissions from a JSON Lines manifest, verified on
//! a pool of workers (one engine set each), written one result line per
//! submission in input order, with a progress bar on a terminal and a summary
//! at the end. A bad line becomes an error result; it never stops the batch.

use std::collections::{BTreeMap, HashSet};
use std::fs::OpenOptions;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use kycmatch::{ImageInput, Limits, Verifier};
use serde::Serialize;

use crate::args::BatchArgs;
use crate::form::{Form, IdentifiedReport};

/// One manifest line, parsed or not.
struct Item {
    /// 1-based line number in the manifest.
    line: usize,
    /// The line's `id`, or `line:N` when it has none (or is not JSON).
    id: String,
    form: Result<Form, String>,
}

/// What one submission came to, for the summary.
enum Outcome {
    Report {
        decision: &'static str,
        reasons: Vec<&'static str>,
    },
    Error,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    id: &'a str,
    line: usize,
    error: &'a str,
}

pub fn run(args: &BatchArgs) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(&args.manifest)
        .with_context(|| format!("reading {}", args.manifest.display()))?;
    let base = args
        .manifest
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let items = parse_manifest(&text);

    let (todo, skipped, out): (Vec<Item>, usize, Box<dyn Write>) = match &args.out {
        None => (items, 0, Box::new(io::stdout().lock())),
        Some(path) => {
            let done = if args.resume {
                resume_point(path)?
            } else {
                HashSet::new()
            };
            let file = OpenOptions::new()
                .create(true)
                .write(true)
                .append(args.resume)
                .truncate(!args.resume)
                .open(path)
                .with_context(|| format!("opening {}", path.display()))?;
            let (skip, todo): (Vec<Item>, Vec<Item>) =
                items.into_iter().partition(|i| done.contains(&i.id));
            (todo, skip.len(), Box::new(BufWriter::new(file)))
        }
    };
    process(args, &base, todo, skipped, out)
}

fn process(
    args: &BatchArgs,
    base: &Path,
    todo: Vec<Item>,
    skipped: usize,
    mut out: Box<dyn Write>,
) -> anyhow::Result<u8> {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64);
    let start = Instant::now();
    let mut summary = Summary::default();
    if !todo.is_empty() {
        let verifier = Verifier::new(crate::verifier_config(&args.checks, jobs.min(todo.len()))?)?;
        let bar = progress_bar(todo.len());
        let next = AtomicUsize::new(0);
        let (tx, rx) = mpsc::channel::<(usize, String, Outcome)>();
        std::thread::scope(|scope| -> anyhow::Result<()> {
            for _ in 0..jobs.min(todo.len()) {
                let tx = tx.clone();
                let (todo, next, verifier) = (&todo, &next, &verifier);
                scope.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = todo.get(i) else { break };
                    let (line, outcome) = verify_item(verifier, base, item);
                    if tx.send((i, line, outcome)).is_err() {
                        break;
                    }
                });
            }
            drop(tx);
            // Results arrive in completion order and leave in input order.
            let mut pending = BTreeMap::new();
            let mut written = 0;
            for (i, line, outcome) in rx {
                pending.insert(i, line);
                summary.add(&outcome);
                bar.inc(1);
                while let Some(line) = pending.remove(&written) {
                    writeln!(out, "{line}").context("writing a result")?;
                    out.flush().context("writing a result")?;
                    written += 1;
                }
            }
            Ok(())
        })?;
        bar.finish_and_clear();
    }
    summary.print(
        &mut io::stderr().lock(),
        start.elapsed().as_secs_f64(),
        jobs,
        skipped,
    )?;
    Ok(0)
}

fn verify_item(verifier: &Verifier, base: &Path, item: &Item) -> (String, Outcome) {
    let error = |message: &str| {
        let line = serde_json::to_string(&ErrorLine {
            id: &item.id,
            line: item.line,
            error: message,
        })
        .unwrap_or_default();
        (line, Outcome::Error)
    };
    let form = match &item.form {
        Ok(f) => f,
        Err(e) => return error(e),
    };
    let image = |p: &Option<String>| p.as_ref().map(|p| ImageInput::Path(resolve(base, p)));
    let Some(front) = image(&form.front) else {
        return error("invalid front: missing");
    };
    let report = form
        .submission(
            front,
            image(&form.back),
            image(&form.proof_of_address),
            &Limits::default(),
        )
        .and_then(|s| verifier.verify(&s));
    match report {
        Err(e) => error(&e.to_string()),
        Ok(report) => match serde_json::to_string(&IdentifiedReport {
            id: Some(&item.id),
            report: &report,
        }) {
            Ok(line) => (
                line,
                Outcome::Report {
                    decision: report.decision.as_str(),
                    reasons: report.reasons.iter().map(|r| r.code.as_str()).collect(),
                },
            ),
            Err(e) => error(&format!("writing the report: {e}")),
        },
    }
}

/// A manifest path is relative to the manifest's folder.
fn resolve(base: &Path, p: &str) -> PathBuf {
    base.join(p)
}

/// Every non-blank line, parsed; a line that is not a valid object becomes an
/// item whose form is the error.
fn parse_manifest(text: &str) -> Vec<Item> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let line = i + 1;
            let parsed: Result<Form, String> =
                serde_json::from_str(l).map_err(|e| format!("invalid manifest line: {e}"));
            let id = match &parsed {
                Ok(f) => f.id.clone(),
                // A line with a bad field may still carry a usable id.
                Err(_) => crate::form::id_of(l),
            }
            .unwrap_or_else(|| format!("line:{line}"));
            Item {
                line,
                id,
                form: parsed,
            }
        })
        .collect()
}

/// The ids already written to `path`. A last line cut off by an interrupted
/// run is removed, so the results appended after it stay one per line.
fn resume_point(path: &Path) -> anyhow::Result<HashSet<String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let (ids, complete) = done_ids(&text);
    if complete < text.len() {
        let f = OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("opening {}", path.display()))?;
        f.set_len(complete as u64)
            .with_context(|| format!("truncating {}", path.display()))?;
    }
    Ok(ids)
}

/// The ids of the complete result lines of `text`, and the length of the
/// text up to the end of its last complete line.
fn done_ids(text: &str) -> (HashSet<String>, usize) {
    let complete = text.rfind('\n').map_or(0, |i| i + 1);
    let ids = text[..complete]
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("id")?.as_str().map(str::to_string))
        .collect();
    (ids, complete)
}

fn progress_bar(len: usize) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:30} {pos}/{len} submissions, {per_sec}, {elapsed} elapsed, ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

#[derive(Default)]
struct Summary {
    decisions: BTreeMap<&'static str, usize>,
    reasons: BTreeMap<&'static str, usize>,
}

impl Summary {
    fn add(&mut self, o: &Outcome) {
        match o {
            Outcome::Report { decision, reasons } => {
                *self.decisions.entry(decision).or_default() += 1;
                for r in reasons {
                    *self.reasons.entry(r).or_default() += 1;
                }
            }
            Outcome::Error => *self.decisions.entry("error").or_default() += 1,
        }
    }

    fn print(&self, w: &mut impl Write, secs: f64, jobs: usize, skipped: usize) -> io::Result<()> {
        let done: usize = self.decisions.values().sum();
        let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
        write!(
            w,
            "batch: {done} submissions in {secs:.1} s ({rate:.2}/s) with {jobs} jobs"
        )?;
        if skipped > 0 {
            write!(w, "; {skipped} skipped, already in the results")?;
        }
        writeln!(w)?;
        writeln!(w, "  {:<28} {:>7}", "decision", "count")?;
        for d in ["pass", "reject", "review", "error"] {
            writeln!(
                w,
                "  {:<28} {:>7}",
                d,
                self.decisions.get(d).copied().unwrap_or(0)
            )?;
        }
        if !self.reasons.is_empty() {
            writeln!(w, "  {:<28} {:>7}", "reason", "count")?;
            let mut by_count: Vec<_> = self.reasons.iter().collect();
            by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (code, n) in by_count {
                writeln!(w, "  {code:<28} {n:>7}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_lines_keep_their_ids_and_errors() {
        let items = parse_manifest(
            "{\"id\": \"a\", \"front\": \"x.jpg\"}\n\n{\"id\": 5, \"nmae\": \"typo\"}\nnot json\n{\"front\": \"y.jpg\"}\n",
        );
        let got: Vec<(usize, &str, bool)> = items
            .iter()
            .map(|i| (i.line, i.id.as_str(), i.form.is_ok()))
            .collect();
        assert_eq!(
            got,
            [
                (1, "a", true),
                (3, "5", false),
                (4, "line:4", false),
                (5, "line:5", true)
            ]
        );
    }

    #[test]
    fn resume_ignores_a_cut_off_last_line() {
        let (ids, complete) = done_ids("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"dec");
        assert_eq!(complete, 22);
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(done_ids("").1, 0);
    }

    #[test]
    fn summary_counts_decisions_and_reasons() -> io::Result<()> {
        let mut s = Summary::default();
        s.add(&Outcome::Report {
            decision: "reject",
            reasons: vec!["NAME_MISMATCH", "DOB_MISMATCH"],
        });
        s.add(&Outcome::Report {
            decision: "reject",
            reasons: vec!["NAME_MISMATCH"],
        });
        s.add(&Outcome::Error);
        let mut out = Vec::new();
        s.print(&mut out, 2.0, 2, 1)?;
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("3 submissions"), "{text}");
        assert!(text.contains("1 skipped"), "{text}");
        let name_row = text.lines().find(|l| l.contains("NAME_MISMATCH"));
        assert_eq!(
            name_row.map(|l| l.split_whitespace().collect::<Vec<_>>()),
            Some(vec!["NAME_MISMATCH", "2"])
        );
        Ok(())
    }
}
