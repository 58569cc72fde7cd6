//! The `kycmatch` command: argument glue over the library.

mod args;
mod batch;
mod form;
mod render;
#[cfg(feature = "serve")]
mod serve;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser as _;
use kycmatch::{Config, Verifier};

use args::{Args, Command, CompareWhat};

fn main() -> ExitCode {
    ensure_single_threaded_tesseract();
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", one_line(&e.to_string()));
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> anyhow::Result<u8> {
    let mut out = io::stdout().lock();
    let code = match args.command {
        Command::Verify(v) => {
            let submission = v.submission()?;
            let verifier = Verifier::new(verifier_config(&v.checks, 1)?)?;
            let report = match &v.annotate {
                None => verifier.verify(&submission)?,
                Some(path) => {
                    let (report, reading) = verifier.verify_reading(&submission)?;
                    kycmatch::annotate(&reading, &report)
                        .save_with_format(path, image::ImageFormat::Png)
                        .with_context(|| format!("writing {}", path.display()))?;
                    report
                }
            };
            render::report(&report, v.json, &mut out)?;
            report.decision.exit_code()
        }
        Command::Compare {
            what:
                CompareWhat::Name {
                    entered,
                    document,
                    doc_country,
                    json,
                },
        } => {
            let outcome = kycmatch::compare_names(&entered, &document, doc_country.as_deref(), &[]);
            render::name_outcome(&outcome, json, &mut out)?;
            match outcome.status {
                kycmatch::Status::Match => 0,
                kycmatch::Status::Mismatch => 1,
                _ => 3,
            }
        }
        Command::Ocr(o) => {
            let verifier = Verifier::new(Config {
                workers: 1,
                ..Config::default()
            })?;
            let back = o.back.clone().map(kycmatch::ImageInput::Path);
            let proof = o.proof_of_address.clone().map(kycmatch::ImageInput::Path);
            let reading = verifier.read_with_proof(
                &kycmatch::ImageInput::Path(o.image.clone()),
                back.as_ref(),
                proof.as_ref(),
            )?;
            render::reading(&reading, o.json, &mut out)?;
            0
        }
        Command::Batch(b) => batch::run(&b)?,
        #[cfg(feature = "serve")]
        Command::Serve(s) => serve::run(&s)?,
    };
    out.flush().context("writing the output")?;
    Ok(code)
}

/// A verifier's configuration with `workers` engine sets and the shared
/// check options (the fingerprint key read from its file).
pub fn verifier_config(checks: &args::CheckArgs, workers: usize) -> anyhow::Result<Config> {
    Ok(Config {
        workers,
        fingerprint_key: fingerprint_key(checks.fingerprint_key_file.as_deref())?,
        visual_zone: checks.visual_zone,
        ..Config::default()
    })
}

/// The fingerprint key in `path`, if given: its bytes, one trailing newline dropped.
fn fingerprint_key(
    path: Option<&std::path::Path>,
) -> anyhow::Result<Option<kycmatch::FingerprintKey>> {
    let Some(path) = path else { return Ok(None) };
    let mut bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    for end in [b'\n', b'\r'] {
        if bytes.last() == Some(&end) {
            bytes.pop();
        }
    }
    Ok(Some(kycmatch::FingerprintKey::new(bytes)?))
}

/// Clap's usage errors span several lines; the contract is one line on stderr.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more information")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Debian's Tesseract is 5-10x slower unless OMP_THREAD_LIMIT is set before the
/// process starts, so the CLI re-executes itself once with it set.
fn ensure_single_threaded_tesseract() {
    #[cfg(unix)]
    if std::env::var_os("OMP_THREAD_LIMIT").is_none() {
        use std::os::unix::process::CommandExt;
        if let Ok(exe) = std::env::current_exe() {
            let err = std::process::Command::new(exe)
                .args(std::env::args_os().skip(1))
                .env("OMP_THREAD_LIMIT", "1")
                .exec();
            // exec only returns on failure; carry on multi-threaded.
            eprintln!("warning: could not re-execute with OMP_THREAD_LIMIT=1: {err}");
        }
    }
}
