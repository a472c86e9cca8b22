//! A deterministic generator of news-like articles for the throughput
//! benchmark (issue 2: "a generated corpus of realistic articles of at least
//! 50 MB").
//!
//! In: a seed, a target size in bytes and an output folder. Out: `.txt`
//! articles (title line, byline, dateline paragraph, body) in section
//! folders (`world/000123.txt`), the same bytes for the same seed on every
//! machine.
//!
//! Articles are built from templates and the word lists below, written for
//! this file (no evaluation text is copied). They carry what the extractor
//! works on, in roughly the proportions of wire copy: direct quotes with the
//! cue after (`"…," she said.`) and before (`X said: "…"`), inverted cues
//! (`said Sen. Jane Roe, a Democrat from …`), split quotes, quotes running
//! over paragraphs, partial quotes, indirect speech (`X said that …`,
//! `according to …`, `X told Reuters …`), titles before names, organisations
//! with acronyms, absolute and relative dates, straight and curly marks per
//! article, and names with multi-byte characters (`Zoë`, `Łukasz`, `Ñúñez`).
//!
//! It does not try to be grammatical English in every sentence, and it is
//! not an accuracy corpus: nothing is annotated.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// SplitMix64: tiny, seedable, and identical on every platform, which is
/// all a corpus generator needs (the `rand` crate is not a dependency).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T: ?Sized>(&mut self, list: &[&'a T]) -> &'a T {
        list[self.below(list.len())]
    }
}

const SECTIONS: &[&str] = &[
    "world", "politics", "business", "health", "science", "local",
];

const MALE: &[&str] = &[
    "Michael",
    "James",
    "David",
    "Robert",
    "Thomas",
    "Daniel",
    "Ahmed",
    "José",
    "François",
    "Łukasz",
    "Søren",
    "Kenji",
    "Olusegun",
    "Rahul",
    "Pedro",
    "Stefan",
    "Mark",
    "Peter",
    "John",
    "William",
    "Andrés",
    "Jürgen",
    "Mehmet",
    "Ivan",
];
const FEMALE: &[&str] = &[
    "Mary",
    "Sarah",
    "Elizabeth",
    "Fiona",
    "Rachel",
    "Anna",
    "Zoë",
    "Chloé",
    "Amara",
    "Priya",
    "María",
    "Ingrid",
    "Yuki",
    "Fatima",
    "Helen",
    "Laura",
    "Ngozi",
    "Agnieszka",
    "Claire",
    "Jane",
    "Margaret",
    "Renée",
    "Sofía",
    "Emma",
];
const SURNAMES: &[&str] = &[
    "Elleman",
    "Hale",
    "Calder",
    "Okafor",
    "Brennan",
    "Nguyen",
    "Müller",
    "Ñúñez",
    "Kowalski",
    "Johansson",
    "Tanaka",
    "Adeyemi",
    "Sharma",
    "Fernández",
    "O'Connor",
    "Whitfield",
    "Navarro",
    "Petrov",
    "Haddad",
    "Lindqvist",
    "Abernathy",
    "Castellanos",
    "Dubois",
    "Van der Berg",
    "Rosenthal",
    "Mbeki",
    "Kaczmarek",
    "Sørensen",
    "Harrington",
    "Delgado",
    "Yilmaz",
    "Osei",
];
const TITLES: &[&str] = &[
    "Sen.",
    "Rep.",
    "Gov.",
    "Dr.",
    "Gen.",
    "Prof.",
    "President",
    "Prime Minister",
    "Mayor",
    "Secretary of State",
    "Defense Secretary",
    "Judge",
    "Ambassador",
    "Lt. Col.",
];
const ROLES: &[&str] = &[
    "a spokesman for",
    "a spokeswoman for",
    "the director of",
    "a senior analyst at",
    "an economist at",
    "a researcher with",
    "the chief executive of",
    "a lawyer for",
    "the head of",
    "a former official at",
    "a professor at",
    "an adviser to",
];
const ORGS: &[(&str, &str)] = &[
    ("International Monetary Fund", "IMF"),
    ("World Health Organization", "WHO"),
    ("International Institute for Strategic Studies", "IISS"),
    ("Ministry of Defence", ""),
    ("Department of Health and Social Care", ""),
    ("European Central Bank", "ECB"),
    ("Food and Drug Administration", "FDA"),
    ("United Nations", "U.N."),
    ("Bank of England", ""),
    ("Centers for Disease Control and Prevention", "CDC"),
    ("Federal Reserve", "Fed"),
    ("National Oceanic and Atmospheric Administration", "NOAA"),
    ("Northwind Logistics Inc.", ""),
    ("Brightwater Energy", ""),
    ("Harbor City Council", ""),
    ("University of Lagos", ""),
    ("Société Générale", ""),
    ("Røde Kors Foundation", ""),
];
const MEDIA: &[&str] = &[
    "Reuters",
    "the Associated Press",
    "CNN",
    "the New York Times",
    "the BBC",
    "Al Jazeera",
    "The Guardian",
    "Le Monde",
    "the Financial Times",
    "NPR",
];
const PLACES: &[&str] = &[
    "Washington",
    "London",
    "Kyiv",
    "Lagos",
    "São Paulo",
    "Tokyo",
    "Berlin",
    "Paris",
    "Nairobi",
    "Mumbai",
    "Istanbul",
    "Zürich",
    "Kraków",
    "Montréal",
    "Seoul",
    "Mexico City",
    "Brussels",
];
const COUNTRIES: &[&str] = &[
    "Ukraine",
    "Nigeria",
    "Brazil",
    "Japan",
    "Germany",
    "France",
    "Kenya",
    "India",
    "Turkey",
    "Switzerland",
    "Poland",
    "Canada",
    "South Korea",
    "Mexico",
    "Belgium",
    "North Korea",
];
const NATIONALITIES: &[&str] = &[
    "Ukrainian",
    "Nigerian",
    "Brazilian",
    "Japanese",
    "German",
    "French",
    "Kenyan",
    "Indian",
    "Turkish",
    "Swiss",
    "Polish",
    "Canadian",
    "South Korean",
    "Mexican",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_SHORT: &[&str] = &[
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const RELATIVE: &[&str] = &[
    "last week",
    "on Tuesday",
    "earlier this month",
    "two years ago",
    "last year",
    "on Friday",
    "in recent months",
    "this week",
    "three days ago",
    "next month",
];
const SAY_AFTER: &[&str] = &[
    "said",
    "said",
    "said",
    "says",
    "added",
    "told reporters",
    "explained",
    "warned",
    "noted",
];
const SAY_BEFORE: &[&str] = &[
    "said",
    "told reporters",
    "wrote",
    "added",
    "insisted",
    "warned",
];
const SUBJECTS: &[&str] = &[
    "the government",
    "the company",
    "the agency",
    "the plan",
    "the new rules",
    "the budget",
    "the investigation",
    "the ceasefire",
    "the vaccine programme",
    "the merger",
    "prices",
    "the central bank",
    "the talks",
    "local officials",
    "the committee",
    "the project",
    "the coalition",
    "the court",
    "investors",
    "the hospital",
    "the union",
];
const VERBS: &[&str] = &[
    "would review",
    "had failed to meet",
    "could not guarantee",
    "was ready to expand",
    "had underestimated",
    "would delay",
    "was considering",
    "had already cut",
    "must protect",
    "would not accept",
    "had approved",
    "was still assessing",
    "could double",
    "would fund",
];
const OBJECTS: &[&str] = &[
    "its spending plans",
    "the safety checks",
    "the export controls",
    "the emergency fund",
    "its forecast for growth",
    "the rules on data",
    "the deal with creditors",
    "the final report",
    "the supply of medicines",
    "interest rates",
    "the new border checks",
    "wages for nurses",
    "the contract",
    "the pilot scheme",
    "its climate targets",
    "the rescue package",
];
const OPINIONS: &[&str] = &[
    "This is not a problem of supply, it is a problem of memory",
    "We have never seen numbers like these",
    "Nobody should be surprised by this",
    "It is far too early to say what went wrong",
    "We are doing everything we can",
    "The figures speak for themselves",
    "I think people are tired of waiting",
    "There is no evidence that the system was hacked",
    "We will not be rushed into a decision",
    "Frankly, it's a mess, and everyone knows it",
    "We owe it to the families to get this right",
    "Who knows what happens next?",
    "That's the question everybody is asking",
    "This changes everything for small businesses",
    "We don't comment on ongoing investigations",
    "It was the worst storm I've seen in 30 years",
];
const FRAGMENTS: &[&str] = &[
    "impossible",
    "deeply troubling",
    "a disaster",
    "premature",
    "a step in the right direction",
    "reckless",
    "long overdue",
    "unacceptable",
    "a historic opportunity",
    "fake news",
    "business as usual",
    "a red line",
];
const NARRATIVE: &[&str] = &[
    "The decision follows months of negotiations between the two sides.",
    "Shares in the company fell 4.5 percent in early trading.",
    "The figures, published on the agency's website, were higher than analysts had expected.",
    "Critics have long argued that the scheme is too expensive.",
    "Officials did not respond to a request for comment.",
    "More than 2,000 people attended the meeting, according to organisers.",
    "The report runs to 340 pages and includes recommendations for each region.",
    "It was not immediately clear how many people were affected.",
    "The bill now goes to the Senate, where its prospects are uncertain.",
    "Inflation has fallen from a peak of 11.1% in October to 4.6% — still above the target.",
    "Residents said the water had risen by nearly a metre overnight…",
    "The café on the corner, run by the same family since 1962, stayed open.",
];

/// Quote marks of one article: straight `"`/`'` or curly `“”`/`‘’`.
struct Marks {
    open: &'static str,
    close: &'static str,
    inner_open: &'static str,
    inner_close: &'static str,
    apos: &'static str,
}

const STRAIGHT: Marks = Marks {
    open: "\"",
    close: "\"",
    inner_open: "'",
    inner_close: "'",
    apos: "'",
};
const CURLY: Marks = Marks {
    open: "“",
    close: "”",
    inner_open: "‘",
    inner_close: "’",
    apos: "’",
};

/// The period that ends a quoted sentence, none after a question mark.
fn stop(q: &str) -> &'static str {
    if q.ends_with('?') {
        ""
    } else {
        "."
    }
}

/// The comma before an after-quote cue, none after a question mark.
fn comma(q: &str) -> &'static str {
    if q.ends_with('?') {
        ""
    } else {
        ","
    }
}

/// A person the article quotes, with how it names them on later mentions.
struct Person {
    first: &'static str,
    last: &'static str,
    title: Option<&'static str>,
    female: bool,
    role: &'static str,
    org: usize,
}

impl Person {
    fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
    fn pronoun(&self) -> &'static str {
        if self.female {
            "she"
        } else {
            "he"
        }
    }
}

struct Writer<'r> {
    rng: &'r mut Rng,
    marks: &'static Marks,
    people: Vec<Person>,
    introduced: Vec<bool>,
    out: String,
}

impl Writer<'_> {
    fn apos(&self, s: &str) -> String {
        s.replace('\'', self.marks.apos)
    }

    fn clause(&mut self) -> String {
        let s = self.rng.pick(SUBJECTS);
        let v = self.rng.pick(VERBS);
        let o = self.rng.pick(OBJECTS);
        let mut c = format!("{s} {v} {o}");
        if self.rng.chance(30) {
            let when = self.date_phrase();
            write!(c, " {when}").ok();
        }
        c
    }

    fn date_phrase(&mut self) -> String {
        match self.rng.below(4) {
            0 => format!(
                "on {} {}, {}",
                self.rng.pick(MONTHS_SHORT),
                1 + self.rng.below(28),
                2010 + self.rng.below(15)
            ),
            1 => format!("in {} {}", self.rng.pick(MONTHS), 2010 + self.rng.below(15)),
            2 => format!("by {}", 2025 + self.rng.below(10)),
            _ => self.rng.pick(RELATIVE).to_string(),
        }
    }

    fn quote_text(&mut self) -> String {
        let op = self.rng.pick(OPINIONS);
        let mut q = self.apos(op);
        if self.rng.chance(40) && !q.ends_with('?') {
            let c = self.clause();
            write!(q, ". We expect that {c}").ok();
        }
        if self.rng.chance(10) && !q.ends_with('?') {
            let f = self.rng.pick(FRAGMENTS);
            write!(
                q,
                ", and calling it {}{f}{} misses the point",
                self.marks.inner_open, self.marks.inner_close
            )
            .ok();
        }
        q
    }

    /// How the article names person `p` now: full name with title and
    /// role the first time, surname (sometimes with title) afterwards.
    fn name(&mut self, p: usize) -> String {
        let person = &self.people[p];
        if !self.introduced[p] {
            self.introduced[p] = true;
            return match person.title {
                Some(t) => format!("{t} {}", person.full()),
                None => person.full(),
            };
        }
        match (person.title, self.rng.below(3)) {
            (Some(t), 0) if t.ends_with('.') => format!("{t} {}", person.last),
            _ => person.last.to_string(),
        }
    }

    fn appositive(&self, p: usize) -> String {
        let person = &self.people[p];
        format!("{} the {}", person.role, ORGS[person.org].0)
    }

    fn speaker_sentence(&mut self, p: usize, last_speaker: Option<usize>) -> String {
        let (o, c) = (self.marks.open, self.marks.close);
        let pronoun_ok = last_speaker == Some(p);
        match self.rng.below(10) {
            0 | 1 => {
                let q = self.quote_text();
                let who = if pronoun_ok && self.rng.chance(60) {
                    self.people[p].pronoun().to_string()
                } else {
                    self.name(p)
                };
                let cue = self.rng.pick(SAY_AFTER);
                format!("{o}{q}{}{c} {who} {cue}.", comma(&q))
            }
            2 => {
                let fresh = !self.introduced[p];
                let q = self.quote_text();
                let who = self.name(p);
                if fresh {
                    let app = self.appositive(p);
                    format!("{o}{q}{}{c} said {who}, {app}.", comma(&q))
                } else {
                    format!("{o}{q}{}{c} said {who}.", comma(&q))
                }
            }
            3 => {
                let who = self.name(p);
                let cue = self.rng.pick(SAY_BEFORE);
                let q = self.quote_text();
                format!("{who} {cue}: {o}{q}{}{c}", stop(&q))
            }
            4 => {
                let q1 = self.quote_text();
                let op = self.rng.pick(OPINIONS);
                let q2 = self.apos(op);
                let who = if pronoun_ok {
                    self.people[p].pronoun().to_string()
                } else {
                    self.name(p)
                };
                format!(
                    "{o}{q1}{}{c} {who} said, {o}{}{}{}{c}",
                    comma(&q1),
                    q2[..1].to_lowercase(),
                    &q2[1..],
                    stop(&q2)
                )
            }
            5 => {
                let who = self.name(p);
                let c1 = self.clause();
                format!("{who} said that {c1}.")
            }
            6 => {
                let org = self.people[p].org;
                let (name, short) = ORGS[org];
                let src = if !short.is_empty() && self.rng.chance(50) {
                    format!("the {short}")
                } else {
                    format!("the {name}")
                };
                let c1 = self.clause();
                format!("According to {src}, {c1}.")
            }
            7 => {
                let who = self.name(p);
                let media = self.rng.pick(MEDIA);
                let c1 = self.clause();
                let when = self.rng.pick(DAYS);
                format!("{who} told {media} on {when} that {c1}.")
            }
            8 => {
                let who = self.name(p);
                let frag = self.rng.pick(FRAGMENTS);
                let what = self.rng.pick(OBJECTS);
                format!("{who} called {what} {o}{frag}{c} and said it would be reviewed.")
            }
            _ => {
                let c1 = self.clause();
                let who = self.name(p);
                let cue = self.rng.pick(SAY_AFTER);
                format!("{}{}, {who} {cue}.", c1[..1].to_uppercase(), &c1[1..])
            }
        }
    }

    fn narrative(&mut self) -> String {
        match self.rng.below(4) {
            0 => self.rng.pick(NARRATIVE).to_string(),
            1 => {
                let c = self.clause();
                let n = self.rng.pick(NATIONALITIES);
                format!(
                    "{n} officials said {c}, a claim {} disputed.",
                    self.rng.pick(COUNTRIES)
                )
            }
            2 => {
                let (org, short) = ORGS[self.rng.below(ORGS.len())];
                let tail = if short.is_empty() {
                    String::new()
                } else {
                    format!(" ({short})")
                };
                format!(
                    "The {org}{tail} said in a statement on {} {} that it was monitoring the situation in {}.",
                    self.rng.pick(MONTHS),
                    1 + self.rng.below(28),
                    self.rng.pick(PLACES)
                )
            }
            _ => {
                let c = self.clause();
                format!("{}{}.", c[..1].to_uppercase(), &c[1..])
            }
        }
    }

    fn article(mut self, n: usize) -> String {
        let people = 2 + self.rng.below(3);
        for _ in 0..people {
            let female = self.rng.chance(50);
            self.people.push(Person {
                first: self.rng.pick(if female { FEMALE } else { MALE }),
                last: self.rng.pick(SURNAMES),
                title: if self.rng.chance(40) {
                    Some(self.rng.pick(TITLES))
                } else {
                    None
                },
                female,
                role: self.rng.pick(ROLES),
                org: self.rng.below(ORGS.len()),
            });
            self.introduced.push(false);
        }
        // Title and byline.
        let lead = &self.people[0];
        let title = format!(
            "{} {} {} as {} weighs {}",
            lead.last,
            self.rng.pick(&["warns", "says", "urges", "rejects"]),
            self.rng.pick(OBJECTS),
            self.rng.pick(COUNTRIES),
            self.rng
                .pick(&["new measures", "its options", "a response", "the costs"])
        );
        let by = format!("By {} {}", self.rng.pick(FEMALE), self.rng.pick(SURNAMES));
        let place = self.rng.pick(PLACES).to_uppercase();
        let media = self.rng.pick(MEDIA);
        let day = self.rng.pick(DAYS);
        let clause = self.clause();
        let year = 2012 + n % 13;
        let date = format!(
            "{} {}, {year}",
            self.rng.pick(MONTHS),
            1 + self.rng.below(28)
        );
        writeln!(self.out, "{title}\n\n{by}\n").ok();
        writeln!(
            self.out,
            "{place}, {date} ({media}) — {}{}, officials said on {day}.\n",
            clause[..1].to_uppercase(),
            &clause[1..]
        )
        .ok();
        let paragraphs = 8 + self.rng.below(16);
        let mut last_speaker = None;
        for _ in 0..paragraphs {
            let mut para = String::new();
            let sentences = 1 + self.rng.below(4);
            let p = if self.rng.chance(60) {
                last_speaker.unwrap_or(0)
            } else {
                self.rng.below(self.people.len())
            };
            if self.rng.chance(6) {
                // A quote over two paragraphs: the first has no closing
                // mark, the second reopens.
                let who = self.name(p);
                let (o, c) = (self.marks.open, self.marks.close);
                let q1 = self.quote_text();
                let q2 = self.quote_text();
                let q3 = self.quote_text();
                let (s1, s2, s3) = (stop(&q1), stop(&q2), stop(&q3));
                writeln!(self.out, "{who} said: {o}{q1}{s1} {q2}{s2}\n").ok();
                writeln!(self.out, "{o}{q3}{s3}{c}\n").ok();
                last_speaker = Some(p);
                continue;
            }
            for k in 0..sentences {
                if k > 0 {
                    para.push(' ');
                }
                if self.rng.chance(55) {
                    let s = self.speaker_sentence(p, last_speaker);
                    para.push_str(&s);
                    last_speaker = Some(p);
                } else {
                    let s = self.narrative();
                    para.push_str(&s);
                }
            }
            writeln!(self.out, "{para}\n").ok();
        }
        if self.rng.chance(30) {
            writeln!(self.out, "Advertisement\n").ok();
        }
        writeln!(
            self.out,
            "Reporting by {} {}; Editing by {} {}",
            self.rng.pick(MALE),
            self.rng.pick(SURNAMES),
            self.rng.pick(FEMALE),
            self.rng.pick(SURNAMES)
        )
        .ok();
        self.out
    }
}

/// The `n`th article of the corpus with this seed.
pub fn article(seed: u64, n: usize) -> String {
    let mut rng = Rng::new(seed ^ (n as u64).wrapping_mul(0xA076_1D64_78BD_642F));
    let marks = if rng.chance(50) { &CURLY } else { &STRAIGHT };
    Writer {
        rng: &mut rng,
        marks,
        people: Vec::new(),
        introduced: Vec::new(),
        out: String::with_capacity(6000),
    }
    .article(n)
}

/// Writes articles into section folders under `dir` until at least `bytes`
/// bytes of text are written; returns (articles, bytes).
pub fn generate(dir: &Path, seed: u64, bytes: u64) -> io::Result<(usize, u64)> {
    for s in SECTIONS {
        fs::create_dir_all(dir.join(s))?;
    }
    let (mut n, mut total) = (0usize, 0u64);
    while total < bytes {
        let text = article(seed, n);
        let path = dir
            .join(SECTIONS[n % SECTIONS.len()])
            .join(format!("{n:06}.txt"));
        fs::write(path, &text)?;
        total += text.len() as u64;
        n += 1;
    }
    Ok((n, total))
}
