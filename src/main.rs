//! The `whosaid` command: parses arguments, picks the sink, runs the
//! pipeline and turns the outcome into messages on stderr and an exit code.
//!
//! Exit codes: 0 done (even if some files were skipped), 1 `--strict` and
//! something was skipped, 2 an error stopped the run (or eval/diff failed).
//! All the work is in the library; this file only wires it up.

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use whosaid::pipeline::{self, Input, RunOptions, Shard};
use whosaid::write::{CsvSink, JsonlSink, Sink, WriteOptions};

/// Who said what: quotes, speakers, entities and dates from news articles,
/// as spreadsheet-ready CSV.
///
/// With no arguments, reads the folder `corpus` and writes CSVs to `output`.
#[derive(Debug, Parser)]
#[command(name = "whosaid", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract quotes, entities and dates from articles (the default).
    Extract(ExtractArgs),
    /// Score extraction against gold annotations.
    Eval(whosaid::eval::EvalArgs),
    /// Compare two runs' output folders.
    Diff(whosaid::eval::DiffArgs),
}

#[derive(Debug, Default, Args)]
struct ExtractArgs {
    /// Files or folders to read (.txt, .jsonl/.ndjson, .csv); `-` reads JSONL
    /// articles from standard input and writes JSONL records to standard
    /// output. [default: corpus]
    paths: Vec<PathBuf>,
    /// Output folder [default: output]; `-` streams JSONL to standard output.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Worker threads [default: one per core]; with 1, reading, extraction
    /// and writing share one thread (one process per core in Spark or a
    /// job array).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Output format [default: csv; jsonl when writing to standard output].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Exit with status 1 if any file or record was skipped.
    #[arg(long)]
    strict: bool,
    /// Write text cells as they are, without the `'` that stops spreadsheets
    /// from running cells that start with = + - @.
    #[arg(long)]
    raw_cells: bool,
    /// No progress bar and no summary on stderr (skipped files are still
    /// named).
    #[arg(short, long)]
    quiet: bool,
    /// Keep only shard K of N (1-based): the articles whose id hashes to K.
    /// N machines running 1/N … N/N over the same input split it between
    /// them without coordination; their CSVs concatenated (headers once)
    /// are the unsharded run's rows.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<Shard>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Jsonl,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        None => extract(ExtractArgs::default()),
        Some(Command::Extract(args)) => extract(args),
        Some(Command::Eval(args)) => whosaid::eval::run(&args).map_err(anyhow::Error::from),
        Some(Command::Diff(args)) => whosaid::eval::diff(&args).map_err(anyhow::Error::from),
    };
    match outcome {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("whosaid: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `--shard K/N` for clap, which already names the option and the value in
/// its message (and exits with status 2): only the reason is wanted here.
fn parse_shard(s: &str) -> Result<Shard, String> {
    s.parse::<Shard>().map_err(|e| match e {
        whosaid::error::Error::Shard { reason, .. } => reason,
        other => other.to_string(),
    })
}

/// `whosaid extract - | head` closes the pipe early: the reader has what it
/// wanted, so that is not an error worth a message.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn extract(args: ExtractArgs) -> anyhow::Result<i32> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.paths
    };
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && paths.len() > 1 {
        bail!("`-` (standard input) cannot be combined with other paths");
    }
    let to_stdout = match &args.output {
        Some(dir) => dir.as_os_str() == "-",
        None => stdin,
    };
    let format = match (args.format, to_stdout) {
        (Some(Format::Csv), true) => {
            bail!("CSV output needs a folder: add `-o DIR`, or use --format jsonl")
        }
        (Some(f), _) => f,
        (None, true) => Format::Jsonl,
        (None, false) => Format::Csv,
    };
    if let Some(missing) = paths.iter().find(|p| !stdin && !p.exists()) {
        bail!(
            "{}: no such file or folder (usage: whosaid extract PATH... -o DIR)",
            missing.display()
        );
    }
    let dir = args.output.unwrap_or_else(|| PathBuf::from("output"));

    let mut sink: Box<dyn Sink> = if to_stdout {
        Box::new(JsonlSink::stdout())
    } else if format == Format::Jsonl {
        Box::new(JsonlSink::create(&dir).context("cannot write the output")?)
    } else {
        let options = WriteOptions {
            raw_cells: args.raw_cells,
        };
        Box::new(CsvSink::create(&dir, options).context("cannot write the output")?)
    };
    let options = RunOptions {
        input: if stdin {
            Input::Stdin
        } else {
            Input::Paths(paths)
        },
        threads: args.threads.map(usize::from),
        progress: !args.quiet,
        report_skipped: true,
        exclude: (!to_stdout).then_some(dir.clone()),
        shard: args.shard,
        ..RunOptions::default()
    };
    let report = pipeline::run_report(&options, sink.as_mut())?;
    let summary = report.summary;

    if !args.quiet {
        let place = if to_stdout {
            "standard output".to_string()
        } else {
            dir.display().to_string()
        };
        eprintln!("whosaid: wrote {place}");
        if let Some(shard) = args.shard {
            let mine = summary.articles + summary.rejected;
            eprintln!(
                "whosaid: shard {shard}: {mine} of {} articles and skipped files are this shard's",
                mine + report.other_shards
            );
        }
        for line in summary.to_string().lines() {
            eprintln!("whosaid: {line}");
        }
    }
    Ok(if args.strict && summary.rejected > 0 {
        1
    } else {
        0
    })
}
