//! Helpers shared by the integration tests: the built binary and the
//! repository's folders, running the binary, reading its CSVs, temporary
//! folders, and a generator of realistic articles.
//!
//! The generator is deterministic (a small xorshift generator keyed by a
//! seed), so a failing article can be rebuilt from the seed in the failure
//! message. Its sentences follow the shapes news quotes take (after-quote and
//! before-quote cues, split quotes, partial quotes, `according to`, indirect
//! speech, datelines) and mix in what breaks byte offsets: accents, CJK,
//! emoji with joiners, combining marks, right-to-left text, em dashes, curly
//! and low-9 quotation marks, guillemets, CRLF line ends and a BOM-like
//! character inside the text.
//!
//! It does not check anything itself: the assertions live in the test
//! modules.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The `whosaid` binary cargo built for this test run.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_whosaid"))
}

/// The repository root (where Cargo.toml is).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The embedded corpus folder.
pub fn corpus() -> PathBuf {
    root().join("corpus")
}

/// A fresh temporary folder under cargo's per-target scratch space (removed
/// when dropped).
pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("whosaid-test-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap_or_else(|e| panic!("cannot make a temporary folder: {e}"))
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The command line, for failure messages.
    pub line: String,
}

impl Run {
    /// Asserts exit status 0 and returns the run.
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "`{}` failed\nstderr:\n{}",
            self.line,
            self.stderr
        );
        self
    }
}

/// Runs the binary with `args` in `cwd` (the test process's folder when
/// `None`), with `stdin` as standard input (empty when `None`), the way CI
/// does: no terminal, CI=true. Every run is checked for a panic message,
/// whatever its exit status: no input may make whosaid panic.
#[track_caller]
pub fn whosaid_with<I, S>(args: I, cwd: Option<&Path>, stdin: Option<&[u8]>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let line = std::iter::once("whosaid".to_string())
        .chain(args.iter().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmd = Command::new(bin());
    cmd.args(&args)
        .env("CI", "true")
        .env_remove("RUST_BACKTRACE")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `{line}`: {e}"));
    // Feed stdin from its own thread so a large input cannot deadlock
    // against a full stdout pipe.
    let feeder = stdin.map(|bytes| {
        let bytes = bytes.to_vec();
        let mut pipe = child.stdin.take().expect("stdin was piped");
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("`{line}` did not finish: {e}"));
    if let Some(f) = feeder {
        let _ = f.join();
    }
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        line,
    };
    assert!(
        !run.stderr.contains("panicked"),
        "`{}` panicked:\n{}",
        run.line,
        run.stderr
    );
    run
}

/// Runs the binary with `args` from the test process's folder.
#[track_caller]
pub fn whosaid<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    whosaid_with(args, None, None)
}

/// A CSV file as rows of column name → value.
pub type Rows = Vec<HashMap<String, String>>;

/// Reads a CSV file with a header row.
#[track_caller]
pub fn read_csv(path: &Path) -> Rows {
    let mut reader = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let headers = reader
        .headers()
        .unwrap_or_else(|e| panic!("{}: bad header: {e}", path.display()))
        .clone();
    reader
        .records()
        .enumerate()
        .map(|(i, r)| {
            let r = r.unwrap_or_else(|e| panic!("{}: row {}: {e}", path.display(), i + 1));
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The six tables every CSV run writes.
pub const TABLES: [&str; 6] = [
    "quotes.csv",
    "entities.csv",
    "mentions.csv",
    "dates.csv",
    "articles.csv",
    "speakers.csv",
];

/// The output folder of one run over corpus/ (`--raw-cells`, two threads),
/// made once and shared by the tests that only read it.
pub fn corpus_run() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-run");
        let _ = std::fs::remove_dir_all(&dir);
        whosaid(args(&[
            &"extract",
            &corpus(),
            &"-o",
            &dir,
            &"--threads",
            &"2",
            &"--raw-cells",
            &"-q",
        ]))
        .ok();
        dir
    })
}

/// Copies the `.txt` files of corpus/ into `dir`; returns id → text.
pub fn copy_corpus(dir: &Path) -> HashMap<String, String> {
    let mut texts = HashMap::new();
    std::fs::create_dir_all(dir).expect("create corpus copy");
    for entry in std::fs::read_dir(corpus()).expect("read corpus/") {
        let path = entry.expect("corpus entry").path();
        if path.extension() != Some(OsStr::new("txt")) {
            continue;
        }
        let name = path.file_name().expect("file name");
        std::fs::copy(&path, dir.join(name)).expect("copy corpus file");
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        texts.insert(stem, article_text(&path));
    }
    texts
}

/// A `.txt` article's text as whosaid sees it: UTF-8 with any BOM dropped.
pub fn article_text(path: &Path) -> String {
    let raw = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} is not UTF-8 text: {e}", path.display()));
    raw.strip_prefix('\u{feff}').unwrap_or(&raw).to_string()
}

/// Writes `n` generated articles as `gen_<i>.txt` into `dir`; returns id → text.
pub fn write_generated(dir: &Path, n: usize, seed: u64) -> HashMap<String, String> {
    std::fs::create_dir_all(dir).expect("create folder");
    (0..n)
        .map(|i| {
            let text = article(seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
            let id = format!("gen_{i:04}");
            std::fs::write(dir.join(format!("{id}.txt")), &text).expect("write article");
            (id, text)
        })
        .collect()
}

/// Writes generated articles as one JSONL file (`id`, `title`, `text`,
/// `date` on every other line); returns id → text.
pub fn write_generated_jsonl(path: &Path, n: usize, seed: u64) -> HashMap<String, String> {
    let mut lines = String::new();
    let mut texts = HashMap::new();
    for i in 0..n {
        let text = article(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let id = format!("feed-{i}");
        let mut record =
            serde_json::json!({"id": id, "title": format!("Feed item {i}"), "text": text});
        if i % 2 == 0 {
            record["date"] = serde_json::json!(format!("2017-08-{:02}", 1 + i % 28));
        }
        lines.push_str(&record.to_string());
        lines.push('\n');
        texts.insert(id, text);
    }
    std::fs::write(path, lines).expect("write JSONL");
    texts
}

/// A small, fast, deterministic random number generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Zero is a fixed point of xorshift; any other start is fine.
        Rng(seed ^ 0x2545_f491_4f6c_dd1d | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PEOPLE: &[&str] = &[
    "Michael Elleman",
    "Olena Kovalenko",
    "José Álvarez",
    "Zoë Brontë-Smith",
    "Søren Østergaard",
    "Nguyễn Văn An",
    "Ana María Pérez",
    "Dr. Fiona Calder",
    "Sen. Peter T. King",
    "Mr. Okoro",
    "李伟",
    "Jean-Luc Ménard",
];

const ORGS: &[&str] = &[
    "the U.N.",
    "CNN",
    "the New York Times",
    "Ukraine’s security service",
    "Société Générale",
    "the Ministry of Défense",
    "Reuters",
    "the W.H.O.",
];

const DESCRIPTIONS: &[&str] = &[
    "an officer with the security service",
    "a spokesman for the agency",
    "officials",
    "a U.N. report",
    "court papers",
    "the same source",
];

const PLACES: &[&str] = &[
    "Kyiv",
    "Zürich",
    "東京",
    "São Paulo",
    "Dnipro",
    "Malmö",
    "القاهرة",
];

const DATES: &[&str] = &[
    "July 27, 2011",
    "27 July 2011",
    "2011-07-27",
    "Aug. 26, 2017",
    "last week",
    "Tuesday",
    "six years ago",
    "in 2015",
    "July 2011",
    "the summer of 2011",
    "3 p.m. on Friday",
];

const CONTENT: &[&str] = &[
    "We are not worried about the missiles",
    "It was impossible — absolutely impossible",
    "The images are a little grainy, but you can see everything",
    "Prices rose 3.5% in Zürich and São Paulo",
    "I don't think it's over… not yet",
    "They call it the “deal of the century”",
    "東京 is ready for the games 🎉",
    "Our café lost €1.2bn, or so they say 👩‍👩‍👧",
    "Nobody told us anything, and that's the problem",
    "La vie est belle, même à Malmö",
    "We will win",
    "This is a test of the e\u{301}mergency system",
];

const CLAUSES: &[&str] = &[
    "the talks had collapsed",
    "prices would fall by 10%",
    "there were no other spies left in the country",
    "the bridge in Dnipro was unsafe",
    "the committee had met in 東京 twice",
    "the café owners — all 12 of them — were paid",
    "Ukraine had never supplied the engines",
];

const CUES: &[&str] = &[
    "said",
    "told reporters",
    "added",
    "insisted",
    "warned",
    "explained",
];

/// Quotation mark pairs of every style whosaid must read.
const MARKS: &[(&str, &str)] = &[
    ("\"", "\""),
    ("“", "”"),
    ("‘", "’"),
    ("'", "'"),
    ("«", "»"),
    ("« ", " »"),
    ("„", "“"),
    ("‹", "›"),
    ("「", "」"),
    ("''", "''"),
    ("``", "''"),
];

/// Characters that break naive offset code, for junk sentences.
const TRICKY: &[&str] = &[
    "\u{feff}",
    "\r",
    "\t",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "—",
    "–",
    "…",
    "é",
    "e\u{301}",
    "ß",
    "東",
    "京",
    "🚀",
    "👩‍👩‍👧",
    "مرحبا",
    "\u{200b}",
    "\u{a0}",
    " ",
    " ",
    " ",
    "Mr.",
    "U.S.",
    "said",
    "he",
    "She",
    "according to",
    ",",
    ".",
    "?",
    "!",
    ":",
    "(",
    ")",
    "\n",
    "\n\n",
    "a",
    "Kyiv",
    "2011",
    "0",
    "\\",
    "=",
    "-",
    "+",
    "@",
];

/// Number of sentence shapes [`sentence`] knows.
pub const SHAPES: usize = 14;

/// One sentence of shape `shape % SHAPES`, its words drawn with `rng`.
pub fn sentence(shape: usize, rng: &mut Rng) -> String {
    let (open, close) = MARKS[rng.below(MARKS.len())];
    let person = rng.pick(PEOPLE);
    let org = rng.pick(ORGS);
    let content = rng.pick(CONTENT);
    let clause = rng.pick(CLAUSES);
    let cue = rng.pick(CUES);
    let date = rng.pick(DATES);
    let place = rng.pick(PLACES);
    match shape % SHAPES {
        0 => format!("{open}{content},{close} {person} {cue}."),
        1 => format!("{person} {cue}: {open}{content}.{close}"),
        2 => format!("{open}{content},{close} said {person}, a spokesman for {org}.",),
        3 => format!("According to {org}, {clause}."),
        4 => format!("{person} told {org} on {date} that {clause}."),
        5 => {
            let more = rng.pick(CONTENT);
            format!("{open}{content},{close} {person} {cue}, {open}{more}.{close}")
        }
        6 => format!(
            "{person} insisted it was {open}impossible{close} that {clause}, {org} reported."
        ),
        7 => format!("The meeting in {place} on {date} ended early, and {clause}."),
        8 => format!("{open}{content}.{close} She added that {clause}."),
        9 => format!(
            "{} — {clause}, {} said {date}.",
            place.to_uppercase(),
            rng.pick(DESCRIPTIONS)
        ),
        10 => format!("{org} quoted {person} as saying {open}{content}{close} in {place}."),
        11 => format!("{person} said {clause}, {} says.", rng.pick(DESCRIPTIONS)),
        12 => {
            // An unmatched opening mark: it must not swallow the paragraph.
            format!("{open}{content} — and then {person} left for {place}.")
        }
        _ => {
            let n = 3 + rng.below(25);
            (0..n).map(|_| rng.pick(TRICKY)).collect::<String>()
        }
    }
}

/// A whole article: a title line, a byline, then paragraphs of one to three
/// sentences (LF or CRLF line ends).
pub fn article(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let crlf = rng.below(5) == 0;
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut text = format!(
        "{} says {} {}{nl}{nl}By {}{nl}{}{nl}",
        rng.pick(PEOPLE),
        rng.pick(CLAUSES),
        rng.pick(DATES),
        rng.pick(PEOPLE),
        rng.pick(DATES)
    );
    let paragraphs = 2 + rng.below(10);
    for _ in 0..paragraphs {
        text.push_str(nl);
        let n = 1 + rng.below(3);
        for i in 0..n {
            if i > 0 {
                text.push(' ');
            }
            let shape = rng.below(SHAPES);
            text.push_str(&sentence(shape, &mut rng));
        }
        text.push_str(nl);
    }
    text
}

/// A text of about `bytes` bytes made of generated sentences (no junk) on
/// one line, for the huge single-line file.
pub fn one_line_text(bytes: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut text = String::with_capacity(bytes + 200);
    while text.len() < bytes {
        let s = sentence(rng.below(SHAPES - 1), &mut rng);
        text.push_str(&s.replace(['\n', '\r'], " "));
        text.push(' ');
    }
    text
}

/// Runs `whosaid eval --json` with `args` and returns the parsed figures.
#[track_caller]
pub fn eval_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["eval", "--json"];
    all.extend_from_slice(args);
    let run = whosaid_with(&all, Some(root()), None).ok();
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("`{}` printed no JSON ({e}):\n{}", run.line, run.stdout))
}

/// The figure at JSON pointer `at` (`/quotes/quote/f1`), which must be a
/// number.
#[track_caller]
pub fn figure(json: &serde_json::Value, at: &str) -> f64 {
    json.pointer(at)
        .and_then(serde_json::Value::as_f64)
        .unwrap_or_else(|| panic!("no figure at {at} in {json}"))
}

/// Asserts each `(pointer, floor)` of `floors`, reporting every figure below
/// its floor at once rather than only the first.
#[track_caller]
pub fn assert_floors(what: &str, json: &serde_json::Value, floors: &[(&str, f64)]) {
    let mut report = String::new();
    let mut failed = false;
    for &(at, floor) in floors {
        let got = figure(json, at);
        let mark = if got + 1e-9 < floor {
            failed = true;
            "BELOW FLOOR"
        } else {
            "ok"
        };
        report.push_str(&format!("  {at}: {got:.3} (floor {floor:.3}) {mark}\n"));
    }
    eprintln!("{what}:\n{report}");
    assert!(!failed, "{what}: a figure fell below its floor\n{report}");
}

/// An argument list of strings and paths: `args(&[&"extract", &dir])`.
pub fn args(parts: &[&dyn AsRef<OsStr>]) -> Vec<std::ffi::OsString> {
    parts.iter().map(|p| p.as_ref().to_owned()).collect()
}

/// Whether an opt-in test (one that installs packages or needs a network)
/// was asked for with `var=1`; says how to ask for it otherwise.
pub fn opted_in(var: &str, test: &str, how: &str) -> bool {
    if std::env::var_os(var).is_some_and(|v| v == "1") {
        return true;
    }
    eprintln!("{test}: skipped; {var}=1 cargo test --test tests {how}");
    false
}

/// Runs a repository script with bash from the repository root, with the
/// binary under test in `WHOSAID`; panics with its output unless it
/// succeeds. Returns its stdout.
pub fn run_script(rel: &str) -> String {
    let script = root().join(rel);
    let out = Command::new("bash")
        .arg(&script)
        .env("WHOSAID", bin())
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", script.display()));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{} failed ({}):\n{stdout}\n{}",
        script.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
