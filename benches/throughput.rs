//! End-to-end throughput of whosaid (issue 2's benchmark, issue 6's
//! targets): read `.txt` articles, run every extraction stage, write the six
//! CSVs, and print MB/s and articles/s of article text.
//!
//! In: a generated corpus (see `gen/corpus.rs`; ≥ 50 MB by default, in a
//! temporary folder) or any folder given with `--input`. Out: one line per
//! thread count on stdout.
//!
//! ```text
//! cargo bench --bench throughput                        # 50 MB, 1 and 2 threads
//! cargo bench --bench throughput -- --mb 100 --threads 2
//! cargo bench --bench throughput -- --input /tmp/polnear-50mb
//! cargo bench --bench throughput -- --generate /tmp/whosaid-bench   # corpus only
//! cargo bench --bench throughput -- --stages [--input DIR]   # time each stage
//! ```
//!
//! It is a plain `fn main` rather than a divan/criterion bench: one pass over
//! 50 MB takes seconds, so repeated sampling buys little, and a single pass
//! is what a user's run is. It does nothing unless started by `cargo bench`
//! (which passes `--bench`), so `cargo test --all-targets` stays fast.

#[path = "gen/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::time::Instant;
use whosaid::pipeline::{self, Input, RunOptions};
use whosaid::write::{CsvSink, WriteOptions};

const SEED: u64 = 0x5EED_2024;

struct Args {
    bench: bool,
    mb: u64,
    threads: Vec<usize>,
    input: Option<PathBuf>,
    generate: Option<PathBuf>,
    stages: bool,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        bench: false,
        mb: 50,
        threads: vec![1, 2],
        input: None,
        generate: None,
        stages: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--bench" => args.bench = true,
            "--mb" => args.mb = value("--mb")?.parse().map_err(|e| format!("--mb: {e}"))?,
            "--threads" => {
                args.threads = value("--threads")?
                    .split(',')
                    .map(|t| t.parse().map_err(|e| format!("--threads: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--input" => args.input = Some(value("--input")?.into()),
            "--generate" => args.generate = Some(value("--generate")?.into()),
            "--stages" => args.stages = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("throughput: {e}");
            std::process::exit(2);
        }
    };
    if let Some(dir) = &args.generate {
        let t0 = Instant::now();
        match corpus::generate(dir, SEED, args.mb * 1_000_000) {
            Ok((n, bytes)) => println!(
                "generated {n} articles, {:.1} MB in {} ({:.1} s)",
                bytes as f64 / 1e6,
                dir.display(),
                t0.elapsed().as_secs_f64()
            ),
            Err(e) => {
                eprintln!("throughput: cannot write {}: {e}", dir.display());
                std::process::exit(1);
            }
        }
        return;
    }
    if !args.bench {
        // Built and started by `cargo test --all-targets`: nothing to do.
        return;
    }
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let input = match &args.input {
        Some(p) => p.clone(),
        None => {
            let dir = tmp.path().join("corpus");
            let (n, bytes) =
                corpus::generate(&dir, SEED, args.mb * 1_000_000).expect("corpus written");
            println!(
                "corpus: {n} articles, {:.1} MB (seed {SEED:#x})",
                bytes as f64 / 1e6
            );
            dir
        }
    };
    if args.stages {
        stages(&input);
        return;
    }
    for &threads in &args.threads {
        let out = tmp.path().join(format!("out-{threads}"));
        let mut sink = CsvSink::create(&out, WriteOptions::default()).expect("output folder");
        let options = RunOptions {
            input: Input::Paths(vec![input.clone()]),
            threads: Some(threads),
            ..RunOptions::default()
        };
        let t0 = Instant::now();
        let summary = pipeline::run(&options, &mut sink).expect("run");
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "threads {threads}: {:.1} MB in {secs:.2} s: {:.1} MB/s, {:.0} articles/s, {} quotes",
            summary.bytes as f64 / 1e6,
            summary.bytes as f64 / 1e6 / secs,
            summary.articles as f64 / secs,
            summary.quotes
        );
    }
}

/// Times each stage on its own, one thread, over articles read into memory
/// first: where the time of [`pipeline::process`] goes, and a clean phase
/// per stage for a profiler.
fn stages(input: &std::path::Path) {
    use whosaid::{dates, entities, ingest, quotes, segment};
    let t0 = Instant::now();
    let (sources, _) = ingest::discover(&[input.to_path_buf()]);
    let articles: Vec<_> = sources
        .iter()
        .flat_map(ingest::read)
        .filter_map(Result::ok)
        .collect();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    let report = |name: &str, t: Instant| {
        let secs = t.elapsed().as_secs_f64();
        println!("{name:>9}: {secs:6.2} s, {:7.1} MB/s", mb / secs);
    };
    println!("{} articles, {mb:.1} MB", articles.len());
    report("ingest", t0);
    let t = Instant::now();
    let segs: Vec<_> = articles
        .iter()
        .map(|a| segment::segment(&a.text, &a.boilerplate))
        .collect();
    report("segment", t);
    let t = Instant::now();
    let ents: Vec<_> = articles
        .iter()
        .zip(&segs)
        .map(|(a, s)| entities::extract(a, s))
        .collect();
    report("entities", t);
    let t = Instant::now();
    let quotes: Vec<_> = articles
        .iter()
        .zip(&segs)
        .zip(&ents)
        .map(|((a, s), e)| quotes::extract(a, s, e))
        .collect();
    report("quotes", t);
    let t = Instant::now();
    let dates: Vec<_> = articles
        .iter()
        .zip(&segs)
        .map(|(a, s)| dates::extract(a, s))
        .collect();
    report("dates", t);
    let n: usize = quotes.iter().map(Vec::len).sum::<usize>()
        + ents.iter().map(|e| e.mentions.len()).sum::<usize>()
        + dates.iter().map(Vec::len).sum::<usize>();
    println!("{n} quotes, mentions and dates");
}
