//! quotes: a segmented article and its entities in, quotes with their
//! attribution out.
//!
//! Two steps, as in CoreNLP's sieve design:
//! 1. **quote → mention**: quotation marks are paired per paragraph into
//!    regions ([`marks`]); each region, and each reporting verb outside the
//!    regions, is matched against the reporting patterns of news (`"…," X
//!    said` / `X said: "…"` / `X said (that) …` / `…, X said.` / `according
//!    to X` / `X told Y` / `Y quoted X as saying`), which name the words the
//!    attribution rests on: a name, a description or a pronoun.
//! 2. **mention → speaker**: names map to the article's entities (fullest
//!    name), descriptions to their earlier, fuller mention (`the officer` →
//!    `an officer with Ukraine's security service`), pronouns to the last
//!    compatible speaker or person.
//!
//! It works on tokens and closed word lists, not on a parse: it does not
//! find clause structure beyond the reporting patterns, and it reports quoted
//! titles, nicknames and scare quotes only when a reporting pattern makes
//! them speech.

mod marks;
mod transcript;
mod words;

use crate::model::{
    Article, Entities, EntityType, Gender, MentionForm, Quote, QuoteKind, Segmented, Span,
    SpeakerType, TokenKind,
};
use marks::Region;
use std::cell::{Cell, OnceCell};
use words::{Cue, W};

/// Extracts every quote of the article, in text order.
pub fn extract(article: &Article, seg: &Segmented, entities: &Entities) -> Vec<Quote> {
    let text = article.text.as_str();
    if seg.tokens.is_empty() {
        return Vec::new();
    }
    let mut buffers = BUFFERS.with(Cell::take);
    let cx = Cx::new(text, seg, entities, &mut buffers);
    buffers.used_cues.clear();
    buffers.used_cues.resize(seg.tokens.len(), false);
    let mut out = Extractor {
        cx: &cx,
        quotes: Vec::new(),
        used_cues: buffers.used_cues,
        turns: transcript::turns(&cx),
    };
    out.run();
    let mut quotes = out.quotes;
    buffers.used_cues = out.used_cues;
    (buffers.class, buffers.in_region, buffers.cues) = (cx.class, cx.in_region, cx.cues);
    buffers.shrink();
    BUFFERS.with(|b| b.set(buffers));
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    quotes.dedup_by(|b, a| a.span == b.span);
    quotes
}

/// The per-token arrays of the last article, kept by each thread for the
/// next one: an article's three arrays cost three allocations, zeroed,
/// and their frees, which added up to a tenth of this stage.
#[derive(Default)]
struct Buffers {
    class: Vec<W>,
    cues: Vec<usize>,
    in_region: Vec<Option<u32>>,
    used_cues: Vec<bool>,
}

/// Tokens whose arrays a thread keeps between articles: a book-length
/// file (a million tokens, 13 MB of arrays) should not stay resident in
/// every worker for the rest of the run, while news articles (a few
/// thousand tokens) all fit.
const KEEP_TOKENS: usize = 1 << 16;

impl Buffers {
    /// Gives back arrays that one huge article grew past [`KEEP_TOKENS`].
    fn shrink(&mut self) {
        if self.class.capacity() > KEEP_TOKENS {
            *self = Buffers::default();
        }
    }
}

thread_local! {
    static BUFFERS: Cell<Buffers> = Cell::default();
}

/// What every rule reads: the text, its tokens with their word classes, the
/// quote regions and the entities.
struct Cx<'a> {
    text: &'a str,
    seg: &'a Segmented,
    entities: &'a Entities,
    /// Word-class bits of each token (see [`words::W`]).
    class: Vec<W>,
    /// The tokens whose class holds a cue or `according`, in order (see
    /// [`words::classify_into`]; [`Cx::cues_in`]).
    cues: Vec<usize>,
    regions: Vec<Region>,
    /// The sentences each region starts and ends in.
    region_sentences: Vec<(usize, usize)>,
    /// For each token, the region it lies in (marks included), if any.
    in_region: Vec<Option<u32>>,
    /// Each sentence's [`sentence_subject`], worked out on first use:
    /// pronoun resolution asks for the same few sentences' subjects again
    /// and again.
    subjects: Vec<OnceCell<Option<Np>>>,
}

impl<'a> Cx<'a> {
    /// The context of an article, its arrays made in `buffers`' (which
    /// are left empty).
    fn new(
        text: &'a str,
        seg: &'a Segmented,
        entities: &'a Entities,
        buffers: &mut Buffers,
    ) -> Cx<'a> {
        let mut class = std::mem::take(&mut buffers.class);
        let mut cues = std::mem::take(&mut buffers.cues);
        words::classify_into(text, &seg.tokens, &mut class, &mut cues);
        let regions = marks::regions(text, seg);
        let mut in_region = std::mem::take(&mut buffers.in_region);
        in_region.clear();
        in_region.resize(seg.tokens.len(), None);
        for (r, region) in regions.iter().enumerate() {
            for slot in &mut in_region[region.tokens.0..region.tokens.1] {
                *slot = Some(r as u32);
            }
        }
        let region_sentences = regions
            .iter()
            .map(|r| {
                let first = seg.sentence_at(seg.tokens[r.tokens.0].span.start);
                // (Most regions end in the sentence they start in: a look
                // at the next sentence's start spares a search.)
                let last = seg.tokens[r.tokens.1 - 1].span.start;
                let next_starts_after = seg
                    .sentences
                    .get(first + 1)
                    .is_none_or(|n| n.span.start > last);
                let last = if next_starts_after {
                    first
                } else {
                    seg.sentence_at(last)
                };
                (first, last)
            })
            .collect();
        Cx {
            text,
            seg,
            entities,
            class,
            cues,
            regions,
            region_sentences,
            in_region,
            subjects: vec![OnceCell::new(); seg.sentences.len()],
        }
    }

    /// The subject sentence `s` opens with.
    fn subject(&self, s: usize) -> Option<Np> {
        *self.subjects[s].get_or_init(|| {
            let (a, b) = self.sentence(s);
            sentence_subject(self, a, b)
        })
    }

    /// The tokens of `a..b` whose class holds a cue or `according`, in
    /// order: the only ones a scan for either need look at.
    fn cues_in(&self, a: usize, b: usize) -> &[usize] {
        let from = self.cues.partition_point(|&i| i < a);
        let to = from + self.cues[from..].partition_point(|&i| i < b);
        &self.cues[from..to]
    }

    fn tok(&self, i: usize) -> &'a str {
        self.seg.tokens[i].span.of(self.text)
    }

    /// Whether token `i` is `word`. The rules ask this of many tokens
    /// (`,`, `to`, `;`), and comparing bytes skips making a `&str` of the
    /// token, whose char-boundary checks cost more than the comparison.
    fn tok_is(&self, i: usize, word: &str) -> bool {
        let s = self.span(i);
        self.text.as_bytes().get(s.start..s.end) == Some(word.as_bytes())
    }

    fn span(&self, i: usize) -> Span {
        self.seg.tokens[i].span
    }

    fn is(&self, i: usize, w: W) -> bool {
        self.class[i].contains(w)
    }

    fn kind(&self, i: usize) -> TokenKind {
        self.seg.tokens[i].kind
    }

    /// Sentence token range.
    fn sentence(&self, s: usize) -> (usize, usize) {
        self.seg.sentences[s].tokens
    }

    fn sentence_of_token(&self, i: usize) -> usize {
        self.seg.sentence_at(self.seg.tokens[i].span.start)
    }

    fn boilerplate(&self, s: usize) -> bool {
        self.seg.paragraphs[self.seg.sentences[s].paragraph].boilerplate
    }
}

/// A speaker phrase found by a pattern: its token range and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Np {
    start: usize,
    end: usize,
    form: MentionForm,
}

/// The speaker a quote was given, before it becomes a [`Quote`].
#[derive(Debug, Clone)]
struct Speaker {
    name: String,
    kind: SpeakerType,
    mention: Option<Span>,
    entity: Option<usize>,
}

impl Speaker {
    /// The speaker an earlier quote was given, now resting on `mention`
    /// (`the officer`, `he`, a surname).
    fn of_quote(q: &Quote, mention: Span) -> Speaker {
        Speaker {
            name: q.speaker.clone(),
            kind: q.speaker_type,
            mention: Some(mention),
            entity: q.entity,
        }
    }

    fn none() -> Speaker {
        Speaker {
            name: String::new(),
            kind: SpeakerType::Unknown,
            mention: None,
            entity: None,
        }
    }
}

/// Who a pronoun may stand for: the speaker of an earlier quote, a
/// person entity or an unnamed person described.
enum Candidate<'q> {
    Quote(&'q Quote),
    Entity(usize),
    Described(Speaker),
}

/// A reporting pattern matched around a cue.
#[derive(Debug, Clone, Copy)]
struct Attribution {
    np: Np,
    cue: Span,
    /// The cue's first token (marked used so indirect rules skip it).
    cue_tok: usize,
    confidence: f32,
}

struct Extractor<'c, 'a> {
    cx: &'c Cx<'a>,
    quotes: Vec<Quote>,
    used_cues: Vec<bool>,
    /// Transcript turns (`PENCE: …`), in text order.
    turns: Vec<transcript::Turn>,
}

impl Extractor<'_, '_> {
    /// Sentence by sentence in text order, so that every rule sees only
    /// the speakers found before it (pronouns look back, never ahead).
    fn run(&mut self) {
        let cx = self.cx;
        let mut r = 0;
        let mut t = 0;
        for s in 0..cx.seg.sentences.len() {
            while t < self.turns.len() && self.turns[t].paragraph <= cx.seg.sentences[s].paragraph {
                self.turn(t, s);
                t += 1;
            }
            while r < cx.regions.len() && cx.region_sentences[r].0 <= s {
                self.region(r);
                r += 1;
            }
            self.indirect(s);
        }
    }

    // ---------------------------------------------------------------------
    // Quoted speech
    // ---------------------------------------------------------------------

    /// Transcript turn `t`, whose paragraph starts at sentence `s`: the
    /// label names the speaker, by the article's full name for them where
    /// it gives one (`WALLACE` → `Chris Wallace`).
    fn turn(&mut self, t: usize, s: usize) {
        let cx = self.cx;
        let turn = self.turns[t];
        let (a, b) = turn.label;
        let mention = Span::new(cx.span(a).start, cx.span(b - 1).end);
        let label = mention.of(cx.text);
        let last = last_word(label).trim_end_matches('.');
        let person = cx.entities.entities.iter().position(|e| {
            e.kind == EntityType::Person && last_word(&e.name).eq_ignore_ascii_case(last)
        });
        let speaker = match person {
            Some(e) => self.speaker_from_entity(e, mention),
            None => Speaker {
                name: title_case(label),
                kind: SpeakerType::Person,
                mention: Some(mention),
                entity: None,
            },
        };
        self.used_cues[turn.colon] = true;
        self.quotes.push(Quote {
            kind: QuoteKind::Direct,
            span: turn.content,
            speaker: speaker.name,
            speaker_type: speaker.kind,
            speaker_mention: speaker.mention,
            entity: speaker.entity,
            cue: Some(cx.span(turn.colon)),
            paragraph: turn.paragraph,
            sentence: s,
            confidence: 0.8,
        });
    }

    /// Quoted speech: attributes quote region `r`.
    fn region(&mut self, r: usize) {
        let cx = self.cx;
        let region = cx.regions[r];
        let first = region.tokens.0;
        let (s0, s1) = cx.region_sentences[r];
        if cx.boilerplate(s0) || region.content.is_empty() {
            return;
        }
        // A quotation inside a transcript turn is the turn's speaker's.
        let para = cx.seg.sentences[s0].paragraph;
        if self.turns.iter().any(|t| t.paragraph == para) {
            return;
        }
        // `Trump said that "ethanol people" "do a fantastic job."`: the
        // second fragment is already inside the first one's clause.
        if self
            .quotes
            .last()
            .is_some_and(|q| q.span.covers(region.content))
        {
            return;
        }
        let (sa, _) = cx.sentence(s0);
        let (_, sb) = cx.sentence(s1);
        // Tokens of the sentence outside this region, before and after it.
        let before = (sa, first);
        let after = (region.tokens.1, sb);
        let starts_sentence = only_lead_punct(cx, before);
        let ends_sentence = only_trail_punct(cx, after);

        // `"…," X said.` / `"…," said X, a …` (the backbone of news).
        if let Some(att) = self.after_quote_cue(after, r, starts_sentence) {
            let kind = if starts_sentence {
                QuoteKind::Direct
            } else {
                QuoteKind::Partial
            };
            let span = if kind == QuoteKind::Direct {
                region.content
            } else {
                clause_span(cx, sa, region.tokens.1)
            };
            self.push(kind, span, Some(att), s0);
            return;
        }
        // `"…." Smith said.`: the cue sentence follows the quote.
        if starts_sentence && ends_sentence {
            if let Some(att) = self.next_sentence_cue(s1) {
                self.push(QuoteKind::Direct, region.content, Some(att), s0);
                return;
            }
        }
        // `X said: "…"` / `X told Y that "…"` / `X insisted it was "…"`.
        // `told ABC's "Good Morning America" that …`: a title of a work in
        // a reporting sentence is not what was said.
        if is_title_case(cx, region) {
            return;
        }
        // `"A," Tom Baker said, "B."`: the second half of a split quote
        // shares the first half's cue and speaker.
        let adjacent = adjacent_cue(cx, before);
        if adjacent.is_some_and(|i| self.used_cues[i]) {
            self.push_inherited(region.content, s0);
            return;
        }
        // `"A," Mr. Dorn said in Naples, Fla. "B."`: an abbreviation hid the
        // sentence end after the first half's cue.
        if ends_sentence
            && first > sa
            && cx.tok(first - 1).ends_with('.')
            && (sa..first).any(|k| self.used_cues[k])
        {
            self.push_inherited(region.content, s0);
            return;
        }
        // `"A," Marsh said, adding, "B."`, `…, adding of Mr. Dorn, "B."`: a
        // participle cue after a cue an earlier quote of the sentence took
        // has that quote's speaker.
        let participle = adjacent.or_else(|| {
            (first.saturating_sub(7).max(sa)..first)
                .rev()
                .find(|&k| cx.class[k].cue().is_some() && cx.in_region[k].is_none())
                .filter(|&k| {
                    !cx.tok_is(k + 1, ",")
                        && cx.is(k + 1, W::PREP)
                        && (k + 1..first).all(|m| cx.in_region[m].is_none())
                        && cx.tok_is(first - 1, ",")
                })
        });
        if let Some(i) = participle.filter(|&i| cx.tok(i).ends_with("ing")) {
            if (sa..i).any(|k| self.used_cues[k]) {
                if let Some(q) = self.speaker_in_sentence(s0) {
                    self.push_sharing(q, QuoteKind::Direct, region.content, (i, i + 1), 0.8);
                    return;
                }
            }
        }
        if let Some((att, clause_start)) = self.before_quote_cue(before) {
            // `… with a smile: "Can happen when you're 45."`: a colon hands
            // over to the quote.
            let between_clean = clause_start >= first
                || only_lead_punct(cx, (clause_start, first))
                || first > sa && cx.tok_is(first - 1, ":");
            let (kind, span) = if between_clean && ends_sentence {
                (QuoteKind::Direct, region.content)
            } else {
                // The clause ends with the quote when the writer's own words
                // follow it (`denounced the remarks as "hurtful" and warned
                // …`, `…, comparing him to …`); otherwise it runs on (`it was
                // "impossible" North Korea had obtained …`).
                //
                // `called for "more listening" and "more learning."`: a
                // further fragment joined by `and` or a comma stays in.
                let mut last_region = r;
                while let Some(next) = self.joined_fragment(last_region, sb) {
                    last_region = next;
                }
                let after = cx.regions[last_region].tokens.1;
                // `who has called the comments "racially toxic," portrayed
                // …`: a comma inside the closing mark ends the clause too.
                let closed_by_comma = cx.regions[last_region].content.of(cx.text).ends_with(',');
                // (`… "could be unyielding," and that his early years …`:
                // a second `that` clause is still what was said.)
                let second_that = after + 1 < sb
                    && matches!(cx.tok(after), "," | "and")
                    && (after + 1..sb.min(after + 3))
                        .any(|k| cx.tok(k).eq_ignore_ascii_case("that"));
                let writer_goes_on = after < sb
                    && !second_that
                    && (closed_by_comma
                        || matches!(cx.tok(after), "," | "and" | "but" | "—" | "--" | "(" | ";")
                        || cx.tok(after).ends_with("ing"));
                let end = if writer_goes_on {
                    cx.span(after - 1).end
                } else {
                    // `said Arizona had become a "winnable state" for the
                    // party, but said …`: up to where the writer resumes.
                    let from = after.max(clause_start);
                    let stop = clause_stop(cx, from, sb);
                    clause_end(cx, from, stop)
                };
                let start = cx.span(clause_start.min(first)).start;
                (
                    QuoteKind::Partial,
                    Span::new(start, end.max(region.content.end)),
                )
            };
            self.push(kind, span, Some(att), s0);
            return;
        }
        // `according to X, "…"` is covered by the before-cue rule; a quote
        // that makes up its own sentence(s) and has no cue continues the
        // speaker before it (split quotes, follow-on paragraphs) or takes
        // the `X said:` line before it.
        if starts_sentence && ends_sentence {
            if let Some(att) = self.colon_line_before(s0) {
                self.push(QuoteKind::Direct, region.content, Some(att), s0);
                return;
            }
            if words_in(cx, region.content) >= 3 || region.multi_sentence {
                self.push_inherited(region.content, s0);
            }
        }
        // `"We were never told," a woman at the back yelled over the
        // noise.`: a quote that opens its sentence with its own closing
        // punctuation is speech by its form, even where no pattern names
        // the speaker; it is reported with an empty speaker.
        if starts_sentence
            && !ends_sentence
            && region.ends_with_punct
            && words_in(cx, region.content) >= 3
        {
            self.push(QuoteKind::Direct, region.content, None, s0);
        }
        // Anything else is a quoted term, title or scare quote without a
        // speaker: not speech.
    }

    /// The quote region right after region `r` in its sentence (ending
    /// before token `sb`), joined to it by `and`, `or` or a comma only.
    fn joined_fragment(&self, r: usize, sb: usize) -> Option<usize> {
        let cx = self.cx;
        let after = cx.regions[r].tokens.1;
        let next = r + 1;
        let region = cx.regions.get(next)?;
        let joiners = after..region.tokens.0;
        (region.tokens.1 <= sb
            && joiners.len() <= 2
            && joiners
                .clone()
                .all(|k| matches!(cx.tok(k), "and" | "or" | ",")))
        .then_some(next)
    }

    /// After-quote cue: `, X said` / `, said X` / `, according to X` right
    /// after the closing mark, in the same sentence. `opens_sentence`: the
    /// quote starts its sentence.
    fn after_quote_cue(
        &self,
        (a, b): (usize, usize),
        region: usize,
        opens_sentence: bool,
    ) -> Option<Attribution> {
        let cx = self.cx;
        let mut i = a;
        // (`''… one of us,''' Mr. English said`: a stray closing mark of a
        // nested quote is skipped too.)
        while i < b
            && (matches!(cx.tok(i), "," | "—" | "–" | "-" | ":")
                || cx.kind(i) == TokenKind::Quote && cx.in_region[i].is_none())
        {
            i += 1;
        }
        if i >= b || i == a && !cx.regions[region].ends_with_punct {
            // `"…" X said` without a comma is rare and ambiguous with quoted
            // terms (`the "deal" Trump said he made`): demand the comma or
            // closing punctuation inside the marks.
            if i >= b || !cx.regions[region].ends_with_punct {
                return None;
            }
        }
        if cx.in_region[i].is_some() {
            return None;
        }
        // `according to X`
        if let Some(att) = self.according_to(i, b) {
            return Some(att);
        }
        // `said X` (inverted)
        if let Some(cue) = cx.class[i].cue() {
            if cue != Cue::Belief {
                let np = forward_np(cx, i + 1, b)?;
                return Some(self.attribution(np, i, i + 1, 0.9));
            }
        }
        // `X said`, `X, a spokesman for Y, said`, `X also said`
        if let Some(mut np) = forward_np(cx, i, b) {
            // `nuclear experts David Albright and Sara Kell wrote`: two
            // names share the cue, and the speaker is the pair.
            if np.form == MentionForm::Name && np.end + 1 < b && cx.tok_is(np.end, "and") {
                if let Some(second) = forward_np(cx, np.end + 1, b).filter(|n| {
                    n.form == MentionForm::Name && speech_cue_at(cx, n.end, b).is_some()
                }) {
                    np.end = second.end;
                    np.form = MentionForm::Description;
                }
            }
            let mut j = np.end;
            j = skip_appositive(cx, j, b);
            // `the Florida senator and Republican presidential candidate
            // said`: a second description of the same speaker.
            if j < b && cx.tok_is(j, "and") && np.form == MentionForm::Description {
                if let Some(k) = (j + 1..b.min(j + 6))
                    .take_while(|&k| {
                        cx.kind(k) == TokenKind::Word
                            && cx.in_region[k].is_none()
                            && !cx.is(k, W::AUX)
                    })
                    .find(|&k| speech_cue_at(cx, k, b).is_some())
                {
                    j = k;
                }
            }
            // `a voice-over in the ad states`, `Jeffrey Lewis of the Middlebury
            // Institute said`: a prepositional phrase between the speaker
            // and the cue.
            if j < b && cx.is(j, W::PREP) && !cx.tok(j).eq_ignore_ascii_case("that") {
                if let Some(k) = (j + 1..b.min(j + 10))
                    .take_while(|&k| cx.kind(k) == TokenKind::Word && cx.in_region[k].is_none())
                    .find(|&k| speech_cue_at(cx, k, b).is_some())
                {
                    j = k;
                }
            }
            while j < b && (cx.is(j, W::AUX) || is_adverb(cx, j)) {
                j += 1;
            }
            if let Some(end) = speech_cue_at(cx, j, b) {
                let conf = if np.form == MentionForm::Pronoun {
                    0.85
                } else {
                    0.95
                };
                return Some(self.attribution(np, j, end, conf));
            }
        }
        // `"France will always be France," an angry Hollande retaliated.`:
        // after a quote closed by its comma, a past-tense verb right after
        // the speaker, ending the sentence or its clause, is how the writer
        // said who spoke, whatever the verb.
        // (Only for a quote that opens its sentence: in `Dorn said that
        // their father "could be unyielding," a trait that showed …` the
        // verb is the writer's.)
        if opens_sentence && cx.regions[region].content.of(cx.text).ends_with(',') {
            let verb = (i + 1..b.min(i + 8))
                .take_while(|&k| cx.kind(k) == TokenKind::Word && cx.in_region[k].is_none())
                .find(|&k| {
                    cx.tok(k).ends_with("ed")
                        && cx.tok(k).starts_with(|c: char| c.is_lowercase())
                        && !cx.is(k, W::AUX)
                        && (k + 1 >= b
                            || matches!(cx.tok(k + 1), "," | ";" | "." | "!")
                            || cx.is(k + 1, W::PREP))
                });
            if let Some(k) = verb {
                let np = backward_np(cx, i, k).filter(|np| {
                    (i..np.start).all(|m| {
                        cx.kind(m) == TokenKind::Word && !cx.is(m, W::STOP) && !cx.is(m, W::PREP)
                    })
                });
                if let Some(np) = np {
                    return Some(self.attribution(np, k, k + 1, 0.7));
                }
            }
        }
        // `veteran analyst Charlie Cook wrote`: modifiers before the name; the
        // cue within a few words, its subject found walking back from it.
        let k = (i..b.min(i + 12))
            .find(|&k| cx.in_region[k].is_some() || cx.class[k].cue().is_some())?;
        // (`…," a trait that showed in …`: a relative clause reports nothing.)
        if cx.in_region[k].is_some()
            || cx.class[k].cue() == Some(Cue::Belief)
            || k > i && cx.is(k - 1, W::RELATIVE)
        {
            return None;
        }
        // Only modifiers may stand between the quote and the name: `"…," and
        // in an interview, Mr. Ross said` is another clause.
        let np = backward_np(cx, i, k).filter(|np| {
            (i..np.start)
                .all(|m| cx.kind(m) == TokenKind::Word && !cx.is(m, W::STOP) && !cx.is(m, W::PREP))
        })?;
        Some(self.attribution(np, k, k + 1, 0.85))
    }

    /// `"…." Smith said.` where the quote ended its sentence: the next
    /// sentence of the paragraph is only `NP cue.` or `cue NP.`.
    fn next_sentence_cue(&self, s: usize) -> Option<Attribution> {
        let cx = self.cx;
        let next = s + 1;
        if next >= cx.seg.sentences.len()
            || cx.seg.sentences[next].paragraph != cx.seg.sentences[s].paragraph
        {
            return None;
        }
        let (a, b) = cx.sentence(next);
        let b = trim_trail_punct(cx, a, b);
        // `Mr. Dalton fumed, using a word that …`: what follows a comma is
        // the writer's; the attribution is the part before it.
        let b = (a..b).find(|&k| cx.tok_is(k, ",")).unwrap_or(b);
        if b - a > 16 || (a..b).any(|i| cx.in_region[i].is_some()) {
            return None;
        }
        if cx.class[a].cue().is_some_and(|c| c != Cue::Belief) {
            let np = forward_np(cx, a + 1, b)?;
            let rest = skip_appositive(cx, np.end, b);
            return (rest >= b || cx.tok_is(rest, ","))
                .then(|| self.attribution(np, a, a + 1, 0.8));
        }
        let np = forward_np(cx, a, b)?;
        let mut j = np.end;
        while j < b && cx.is(j, W::AUX) {
            j += 1;
        }
        // `Mr. Burton fumed, using …`, `Trump said on Twitter.`,
        // `McDonough wrote in a September 16, 2012 email to officials.`: a
        // short sentence whose cue reports nothing else (no `that`).
        let that = (j + 1..b)
            .any(|k| cx.tok(k).eq_ignore_ascii_case("that") || cx.class[k].cue().is_some());
        let end = speech_cue_at(cx, j, b).filter(|_| !that)?;
        Some(self.attribution(np, j, end, 0.8))
    }

    /// Before-quote cue: the last reporting verb before the quote in its
    /// sentence, with its subject. Returns the attribution and the first
    /// token of the reported clause (after the cue, its object and `that`).
    fn before_quote_cue(&self, (a, b): (usize, usize)) -> Option<(Attribution, usize)> {
        let cx = self.cx;
        // `according to X, "…"`
        let cues = cx.cues_in(a, b);
        for &i in cues {
            if is_according(cx, i) && cx.in_region[i].is_none() {
                if let Some(att) = self.according_at(i, b) {
                    let mut c = att.np.end;
                    while c < b && cx.kind(c) == TokenKind::Punct && cx.in_region[c].is_none() {
                        c += 1;
                    }
                    return Some((att, c));
                }
            }
        }
        // `Said Dora Lind, who has lived here for years, "…"`: a sentence
        // opening with the inverted cue (capitalised, so not classed a cue).
        let mut lead = a;
        while lead < b && cx.kind(lead) == TokenKind::Punct && cx.in_region[lead].is_none() {
            lead += 1;
        }
        if lead < b && matches!(cx.tok(lead), "Said" | "Says" | "Added" | "Asked") {
            if let Some(np) = forward_np(cx, lead + 1, b) {
                let att = self.attribution(np, lead, lead + 1, 0.85);
                let mut c = skip_appositive(cx, np.end, b);
                while c < b && matches!(cx.tok(c), "," | ":" | "—" | "–") {
                    c += 1;
                }
                return Some((att, c));
            }
        }
        // The cue right before the quote (`X said: "…"`, `X said "…"`) wins;
        // otherwise the first cue with a subject, the main clause's
        // attribution (`Obama said he expected that Americans will say "no"`
        // is Obama's).
        //
        // Not when the adjacent cue sits inside the main clause's content:
        // a state of mind (`Whitfield said he wanted "more trees"`) or a
        // relative clause (`Ames said the city lost a partner that said
        // "…"`) reports what the main clause's speaker said.
        //
        // Nor when it sits in the content of an earlier cue's `that`
        // clause (`Obama has said that he opposes "boots on the ground"`).
        let adjacent = adjacent_cue(cx, (a, b)).filter(|&i| {
            let main_cue = (a..i).find(|&k| {
                cx.in_region[k].is_none()
                    && !self.used_cues[k]
                    && cx.class[k].cue().is_some_and(|c| c != Cue::Belief)
                    && !is_passive_or_infinitive(cx, k, a)
                    && !looks_like_noun(cx, k, a, b)
            });
            let embedded = main_cue.is_some_and(|k| {
                cx.class[i].cue() == Some(Cue::Belief)
                    || i > a && cx.is(i - 1, W::RELATIVE)
                    || (k + 1..i).any(|m| cx.tok(m).eq_ignore_ascii_case("that"))
                        && !(k + 1..i).any(|m| cx.tok_is(m, ","))
            });
            !self.used_cues[i] && !embedded
        });
        // (Only cues go on past the first test: the list of them stands
        // for `a..b`.)
        for i in adjacent.into_iter().chain(cues.iter().copied()) {
            // A cue an earlier quote took (`"…," said Ramos, whose new book
            // …`) is not this quote's.
            if cx.in_region[i].is_some() || self.used_cues[i] {
                continue;
            }
            let Some(cue) = cx.class[i].cue() else {
                continue;
            };
            let is_adjacent = Some(i) == adjacent;
            let passive = is_passive_or_infinitive(cx, i, a);
            let participle = cx.tok(i).ends_with("ing");
            if passive && !is_adjacent {
                continue;
            }
            // `the assistant secretary of state`, `a U.N. report said`: a
            // noun, not a cue.
            if !is_adjacent && looks_like_noun(cx, i, a, b) {
                continue;
            }
            let nonfinite = passive || participle;
            // `Y quoted X as saying "…"`
            if let Some(att) = self.quoted_as_saying(i, b) {
                return Some((att, att.cue_tok + 3));
            }
            let (cue_end, after_object) = cue_with_object(cx, i, cue, b);
            let np = backward_np(cx, a, i)
                .filter(|_| !nonfinite)
                .or_else(|| {
                    // `"A," said Smith, "B."`: an inverted cue right after an
                    // earlier quote of the sentence.
                    let after_quote = i > a
                        && (cx.in_region[i - 1].is_some()
                            || i > a + 1 && cx.tok_is(i - 1, ",") && cx.in_region[i - 2].is_some());
                    forward_np(cx, i + 1, b).filter(|np| after_quote && np.end <= b)
                })
                .or_else(|| {
                    // `Trump laughed it off by interjecting, "…"`, `The email
                    // goes on to say: "…"`, `…, telling CNN that Trump is a
                    // "faker"`: the sentence's subject speaks.
                    if (is_adjacent || participle) && !(a..i).any(|k| cx.in_region[k].is_some()) {
                        sentence_subject(cx, a, i)
                    } else {
                        None
                    }
                });
            let Some(np) = np else {
                if is_adjacent {
                    continue;
                }
                return None;
            };
            let mut att = self.attribution(np, i, cue_end, 0.9);
            if np.form == MentionForm::Pronoun || nonfinite {
                att.confidence = 0.8;
            }
            let mut c = if np.start > i {
                // `"A," said Smith, a spokesman for X, "B."`
                skip_appositive(cx, np.end, b)
            } else {
                after_object
            };
            c = skip_adjuncts(cx, c, b);
            while c < b && matches!(cx.tok(c), "," | ":" | "—" | "–") {
                c += 1;
            }
            return Some((att, c));
        }
        // No cue, but a colon hands the sentence's subject a quote: `She
        // then addressed the supporters again: "…"`, `Jeremy Lott, author:
        // "…"`.
        if b > a + 1 && cx.tok_is(b - 1, ":") && !(a..b).any(|k| cx.in_region[k].is_some()) {
            let np = sentence_subject(cx, a, b - 1)?;
            let att = self.attribution(np, b - 1, b, 0.6);
            return Some((att, b));
        }
        None
    }

    /// `according to X` at token `i`.
    fn according_to(&self, i: usize, b: usize) -> Option<Attribution> {
        if i < b && is_according(self.cx, i) {
            self.according_at(i, b)
        } else {
            None
        }
    }

    /// `according to X` at token `i`, known to be `according` (the scans
    /// test the class bit first, to skip a call on every other token).
    fn according_at(&self, i: usize, b: usize) -> Option<Attribution> {
        let cx = self.cx;
        if i + 2 < b && cx.tok_is(i + 1, "to") {
            let np = forward_np(cx, i + 2, b)?;
            return Some(self.attribution(np, i, i + 2, 0.85));
        }
        None
    }

    /// `Y quoted X as saying` with the cue at `i` = `quoted`.
    fn quoted_as_saying(&self, i: usize, b: usize) -> Option<Attribution> {
        let cx = self.cx;
        if !cx.tok(i).eq_ignore_ascii_case("quoted") {
            return None;
        }
        let np = forward_np(cx, i + 1, b)?;
        if np.end + 1 < b && cx.tok_is(np.end, "as") && cx.tok_is(np.end + 1, "saying") {
            let mut att = self.attribution(np, i, np.end + 2, 0.85);
            att.cue_tok = i;
            att.np = np;
            // The clause starts after `as saying`.
            return Some(Attribution {
                cue_tok: np.end - 1,
                ..att
            });
        }
        None
    }

    /// A paragraph before the quote that ends `X said:` (speaker on the line
    /// before a quote).
    fn colon_line_before(&self, s: usize) -> Option<Attribution> {
        let cx = self.cx;
        let para = cx.seg.sentences[s].paragraph;
        if s == 0 || cx.seg.sentences[s - 1].paragraph + 1 != para {
            // Not the paragraph's first sentence: the same paragraph's colon
            // case is handled by the before-cue rule.
            if s > 0 && cx.seg.sentences[s - 1].paragraph == para {
                return None;
            }
        }
        let prev = s.checked_sub(1)?;
        let (a, b) = cx.sentence(prev);
        if b == 0 || !cx.tok_is(b - 1, ":") {
            return None;
        }
        let (att, _) = self.before_quote_cue((a, b - 1))?;
        Some(Attribution {
            confidence: 0.8,
            ..att
        })
    }

    /// A quote without a cue of its own continues the speaker of the quote
    /// before it, if that one is in the same or the previous paragraph.
    fn push_inherited(&mut self, span: Span, s: usize) {
        let cx = self.cx;
        let para = cx.seg.sentences[s].paragraph;
        let prev = self.quotes.iter().rev().find(|q| q.span.end <= span.start);
        match prev {
            Some(q) if q.paragraph + 1 >= para && !q.speaker.is_empty() => {
                let q = Quote {
                    kind: QuoteKind::Direct,
                    span,
                    paragraph: para,
                    sentence: s,
                    confidence: 0.7,
                    ..q.clone()
                };
                self.quotes.push(q);
            }
            _ => self.quotes.push(Quote {
                kind: QuoteKind::Direct,
                span,
                speaker: String::new(),
                speaker_type: SpeakerType::Unknown,
                speaker_mention: None,
                entity: None,
                cue: None,
                paragraph: para,
                sentence: s,
                confidence: 0.3,
            }),
        }
    }

    // ---------------------------------------------------------------------
    // Reported speech without quotation marks
    // ---------------------------------------------------------------------

    /// Reported speech without marks in sentence `s`.
    fn indirect(&mut self, s: usize) {
        let cx = self.cx;
        if cx.boilerplate(s) {
            return;
        }
        let (a, b) = cx.sentence(s);
        let b = trim_trail_punct(cx, a, b);
        if b <= a {
            return;
        }
        // `(According to …)`: opening punctuation is not part of the clause.
        let mut a = a;
        while a < b && cx.kind(a) == TokenKind::Punct && cx.in_region[a].is_none() {
            a += 1;
        }
        // Every pattern below hangs on a cue or on `according to`. Most
        // sentences have neither and skip the scans below; most of the rest
        // have no `according`.
        let cues = cx.cues_in(a, b);
        if cues.is_empty() {
            return;
        }
        let classes = cues.iter().fold(W::default(), |acc, &i| acc | cx.class[i]);
        let (has_cue, has_according) = (classes.cue().is_some(), classes.contains(W::ACCORDING));
        if has_according && self.according_to_clause(s, (a, b)) {
            return;
        }
        if !has_cue {
            return;
        }
        // A question reports nothing (`Why is Ukraine revealing this?`).
        let (_, sb) = cx.sentence(s);
        if cx.tok_is(sb - 1, "?") {
            return;
        }
        // Where the next reported clause may start: after the last one
        // (`X said A, but Y said B`).
        let mut from = a;
        for &i in cues {
            let Some(cue) = cx.class[i].cue() else {
                continue;
            };
            if self.used_cues[i] || cx.in_region[i].is_some() {
                continue;
            }
            if i < from || looks_like_noun(cx, i, a, b) {
                continue;
            }
            // `saying`, `revealing`: a participle reports only as an adjunct
            // of the sentence's speaker (`The union responded, saying …`).
            if cx.tok(i).ends_with("ing") {
                if let Some(end) = self.participle_clause(s, (a, b), i, cue) {
                    from = end;
                }
                continue;
            }
            if let Some(end) = self.indirect_at(s, (from, b), i, cue) {
                from = end;
            }
        }
    }

    /// `According to X, CLAUSE.` / `CLAUSE, according to X.` in sentence
    /// `s` (tokens `a..b` without outer punctuation): whether it reported
    /// the clause.
    fn according_to_clause(&mut self, s: usize, (a, b): (usize, usize)) -> bool {
        let cx = self.cx;
        // `According to X, CLAUSE.`: the source may be long (`a 2016 study
        // by the Pew Research Center based on census data`); the clause
        // starts after its comma.
        if let Some(att) = self.according_to(a, b) {
            let comma = (att.np.end..b.min(att.np.end + 25))
                .find(|&k| cx.tok_is(k, ",") && cx.in_region[k].is_none());
            if let Some(c) = comma {
                self.push_indirect(att, (c + 1, b), s);
                return true;
            }
        }
        for &i in cx.cues_in(a, b).iter().rev() {
            if !is_according(cx, i) || self.used_cues[i] || cx.in_region[i].is_some() {
                continue;
            }
            if let Some(att) = self.according_at(i, b) {
                // `CLAUSE, according to a new poll by the Harvard Institute.`
                if i > a + 2
                    && cx.tok_is(i - 1, ",")
                    && !(att.np.end..b).any(|k| cx.tok_is(k, ",") || cx.class[k].cue().is_some())
                {
                    self.push_indirect(att, (a, i - 1), s);
                    return true;
                }
            }
        }
        false
    }

    /// Tries the indirect patterns around the cue at `i`, for a clause that
    /// may start at `a`; on a match, the token after the reported clause.
    fn indirect_at(
        &mut self,
        s: usize,
        (a, b): (usize, usize),
        i: usize,
        cue: Cue,
    ) -> Option<usize> {
        let cx = self.cx;
        if is_passive_or_infinitive(cx, i, a) {
            return None;
        }
        // The subject before the cue, which three of the rules below ask
        // for: worked out once, when first asked.
        let subject = OnceCell::new();
        let subject_before = || *subject.get_or_init(|| backward_np(cx, a, i));
        // `CLAUSE, X said.` / `CLAUSE, said X.`: the cue closes the sentence,
        // unless a colon hands over to a quote (`In a statement, the coach
        // said:`), and the clause is more than an opening phrase.
        let (_, sb) = cx.sentence(s);
        let colon = cx.tok_is(sb - 1, ":");
        if i > a + 3 && !colon && !(cx.is(a, W::PREP) && words_between(cx, a, i) <= 6) {
            let tail_end = skip_adjuncts(cx, i + 1, b);
            let inverted = forward_np(cx, i + 1, b).filter(|np| {
                // `…, said George Hill, the city engineer.`: the
                // appositive may run to the end of the sentence.
                let after = skip_appositive(cx, np.end, b);
                i > a
                    && cx.tok_is(i - 1, ",")
                    && (after >= b
                        || cx.tok_is(after, ",")
                            && after + 1 < b
                            && cx.is(after + 1, W::DET)
                            && !(after + 1..b).any(|k| cx.tok_is(k, ",")))
            });
            if let Some(np) = inverted {
                if cue != Cue::Belief {
                    let att = self.attribution(np, i, i + 1, 0.8);
                    self.push_indirect(att, (a, i - 1), s);
                    return Some(b);
                }
            }
            if tail_end >= b {
                if let Some(np) = subject_before() {
                    if np.start > a + 2 && cx.tok_is(np.start - 1, ",") {
                        let att = self.attribution(np, i, i + 1, 0.8);
                        self.push_indirect(att, (a, np.start - 1), s);
                        return Some(b);
                    }
                }
            }
        }
        // `CLAUSE, X quoted Y as saying.`: Y is the speaker.
        let quoted_as = self.quoted_as_saying(i, b);
        if let Some(att) = quoted_as {
            let said_end = att.cue_tok + 3;
            if said_end >= b {
                if let Some(np) = subject_before() {
                    if np.start > a + 2 && cx.tok_is(np.start - 1, ",") {
                        self.push_indirect(att, (a, np.start - 1), s);
                        return Some(b);
                    }
                }
            }
        }
        // `A, X said, B.` / `In the long run, many economists say, B.`: a
        // parenthetical cue; the content is around it.
        let subject_from_a = subject_before();
        if let Some(np) = subject_from_a {
            let (_, after_cue) = cue_with_object(cx, i, cue, b);
            let after_cue = skip_adjuncts_no_comma(cx, after_cue, b);
            if np.start > a + 1
                && cx.tok_is(np.start - 1, ",")
                && after_cue + 1 < b
                && cx.tok_is(after_cue, ",")
                && cue != Cue::Belief
            {
                let end = clause_stop(cx, after_cue + 1, b);
                let att = self.attribution(np, i, i + 1, 0.75);
                // `Bolstering his conclusion, he added, …`: an opening phrase
                // is no reported content.
                if !cx.is(a, W::PREP)
                    && !cx.tok(a).ends_with("ing")
                    && words_between(cx, a, np.start - 1) >= 2
                {
                    self.push_indirect(att, (a, np.start - 1), s);
                }
                if words_between(cx, after_cue + 1, end) >= 3 {
                    self.push_indirect(att, (after_cue + 1, end), s);
                }
                return Some(end);
            }
        }
        // `X said (that) CLAUSE` / `X told Y (that) CLAUSE`. The subject is
        // sought from the sentence start even when an earlier clause of the
        // sentence was reported (`defended the route and said …`).
        let sa = cx.sentence(s).0;
        let np = if sa == a {
            subject_from_a
        } else {
            backward_np(cx, sa, i)
        }?;
        let (att, mut c) = match quoted_as {
            Some(att) => (att, att.cue_tok + 3),
            None => {
                let (cue_end, c) = cue_with_object(cx, i, cue, b);
                let conf = if cue == Cue::Belief { 0.6 } else { 0.75 };
                (self.attribution(np, i, cue_end, conf), c)
            }
        };
        let object_start = c;
        c = skip_adjuncts(cx, c, b);
        // PolNeAR-style content keeps its complementiser: `said that X` reports
        // `that X`.
        let has_that = c < b && cx.tok(c).eq_ignore_ascii_case("that");
        // `called for a special prosecutor`, `declined to say whether …`,
        // `endorsed the re-election of …`: verbs whose object is what the
        // source said or wants.
        let object = !has_that
            && cx.is(i, W::OBJECT)
            && object_start < b
            && !cx.is(object_start, W::PRONOUN);
        let c = if !object {
            c
        } else if cx.tok_is(object_start, "for") && cx.tok(i).starts_with("call") {
            object_start + 1
        } else {
            object_start
        };
        // `announced she was leaving`, `added they would appeal`: a subject
        // pronoun opens a clause even where `that` is otherwise needed.
        let pronoun_subject = c < b && lower_is(cx.tok(c), &["he", "she", "they", "we", "i"]);
        if has_that || object || pronoun_subject {
        } else if cx.class[i].needs_that()
            || !(opens_clause(cx, c, b) || is_say(cx.tok(i)) && opens_bare_clause(cx, c, b))
        {
            // `believes in …`, `added 300 jobs`: no reported clause without
            // `that`.
            return None;
        }
        // An object ends before the next verb of the sentence's subject
        // (`defended the route and said …`).
        let stop = clause_stop(cx, c, b);
        let end = if object {
            (c..stop)
                .find(|&k| cx.tok_is(k, "and") && k + 1 < b && cx.class[k + 1].cue().is_some())
                .unwrap_or(stop)
        } else {
            stop
        };
        // (A topic may be one word: `talked about immigration`.)
        // (`Ryan endorsed Trump`: a name alone.)
        let min_words = if object && (cx.is(i, W::PHRASAL) || is_name_word(cx, c)) {
            1
        } else if object {
            2
        } else {
            3 + usize::from(has_that)
        };
        if end <= c || words_between(cx, c, end) < min_words {
            return None;
        }
        self.push_indirect(att, (c, end), s);
        Some(end)
    }

    /// `The union responded Friday, saying the cuts would hurt …`, `"…,"
    /// Ruiz said, suggesting that …`: a participle cue after a comma reports
    /// for the sentence's speaker: the speaker of a quote earlier in the
    /// sentence, else the sentence's subject. On a match, the token after
    /// the reported clause.
    fn participle_clause(
        &mut self,
        s: usize,
        (a, b): (usize, usize),
        i: usize,
        cue: Cue,
    ) -> Option<usize> {
        let cx = self.cx;
        if cue == Cue::Belief || i < a + 2 || !cx.tok_is(i - 1, ",") {
            return None;
        }
        let (cue_end, c) = cue_with_object(cx, i, cue, b);
        let c = skip_adjuncts(cx, c, b);
        let has_that = c < b && cx.tok(c).eq_ignore_ascii_case("that");
        let opens = if has_that {
            true
        } else {
            !cx.class[i].needs_that()
                && (opens_clause(cx, c, b) || cx.tok_is(i, "saying") && opens_bare_clause(cx, c, b))
        };
        let end = clause_stop(cx, c, b);
        if !opens || words_between(cx, c, end) < 3 + usize::from(has_that) {
            return None;
        }
        if let Some(q) = self.speaker_in_sentence(s) {
            let span = Span::new(cx.span(c).start, cx.span(end - 1).end);
            if self.overlaps_recent(span) {
                return None;
            }
            self.push_sharing(q, QuoteKind::Indirect, span, (i, cue_end), 0.65);
            return Some(end);
        }
        let np = sentence_subject(cx, cx.sentence(s).0, i)?;
        let att = self.attribution(np, i, cue_end, 0.65);
        self.push_indirect(att, (c, end), s);
        Some(end)
    }

    /// The last quote of sentence `s` that names a speaker.
    fn speaker_in_sentence(&self, s: usize) -> Option<Quote> {
        self.quotes
            .iter()
            .rev()
            .take_while(|q| q.sentence == s)
            .find(|q| !q.speaker.is_empty())
            .cloned()
    }

    /// Pushes a quote that shares `q`'s speaker, on its own cue (token
    /// range `cue`), which is marked used.
    fn push_sharing(
        &mut self,
        q: Quote,
        kind: QuoteKind,
        span: Span,
        (c0, c1): (usize, usize),
        confidence: f32,
    ) {
        let cx = self.cx;
        self.used_cues[c0] = true;
        self.quotes.push(Quote {
            kind,
            span,
            cue: Some(Span::new(cx.span(c0).start, cx.span(c1 - 1).end)),
            confidence,
            ..q
        });
    }

    fn push_indirect(&mut self, att: Attribution, (a, b): (usize, usize), s: usize) {
        let cx = self.cx;
        let (mut a, mut b) = (a, b);
        while a < b && cx.kind(a) == TokenKind::Punct && cx.in_region[a].is_none() {
            a += 1;
        }
        while b > a && cx.kind(b - 1) == TokenKind::Punct && cx.in_region[b - 1].is_none() {
            b -= 1;
        }
        // One word only when it is a name: `Ryan endorsed Trump`.
        let min = if is_name_word(cx, a) { 1 } else { 2 };
        if b <= a || words_between(cx, a, b) < min {
            return;
        }
        let span = Span::new(cx.span(a).start, cx.span(b - 1).end);
        if self.overlaps_recent(span) {
            return;
        }
        self.push(QuoteKind::Indirect, span, Some(att), s);
    }

    /// A clause that holds a quote region already reported (as partial) is
    /// not reported again. Quotes come in text order: only the last few can
    /// overlap.
    fn overlaps_recent(&self, span: Span) -> bool {
        self.quotes
            .iter()
            .rev()
            .take(8)
            .any(|q| q.span.overlaps(span))
    }

    // ---------------------------------------------------------------------
    // From attribution to quote
    // ---------------------------------------------------------------------

    fn attribution(
        &self,
        np: Np,
        cue_start: usize,
        cue_end: usize,
        confidence: f32,
    ) -> Attribution {
        let cx = self.cx;
        let cue_end = cue_end.max(cue_start + 1).min(cx.seg.tokens.len());
        Attribution {
            np,
            cue: Span::new(cx.span(cue_start).start, cx.span(cue_end - 1).end),
            cue_tok: cue_start,
            confidence,
        }
    }

    fn push(&mut self, kind: QuoteKind, span: Span, att: Option<Attribution>, s: usize) {
        let cx = self.cx;
        let para = cx.seg.sentences[s].paragraph;
        let (speaker, cue, confidence) = match att {
            Some(att) => {
                self.used_cues[att.cue_tok] = true;
                (
                    self.resolve(att.np, span.start),
                    Some(att.cue),
                    att.confidence,
                )
            }
            None => (Speaker::none(), None, 0.3),
        };
        let confidence = if speaker.name.is_empty() {
            confidence.min(0.4)
        } else {
            confidence
        };
        self.quotes.push(Quote {
            kind,
            span,
            speaker: speaker.name,
            speaker_type: speaker.kind,
            speaker_mention: speaker.mention,
            entity: speaker.entity,
            cue,
            paragraph: para,
            sentence: s,
            confidence,
        });
    }

    /// Mention → speaker.
    fn resolve(&self, np: Np, at: usize) -> Speaker {
        let cx = self.cx;
        let mention = Span::new(cx.span(np.start).start, cx.span(np.end - 1).end);
        // Both halves of a split quote (`"A," he said, "B."`) rest on one
        // mention: resolve it once.
        if let Some(q) = self
            .quotes
            .iter()
            .rev()
            .take(4)
            .find(|q| q.speaker_mention == Some(mention))
        {
            return Speaker::of_quote(q, mention);
        }
        // `David Albin and Sara Kell`: two named people speak together.
        if np.form == MentionForm::Description
            && is_name_word(cx, np.end - 1)
            && (np.start..np.end).any(|k| cx.tok_is(k, "and"))
        {
            if let Some(first) = (np.start..np.end).find(|&k| is_name_word(cx, k)) {
                return Speaker {
                    name: Span::new(cx.span(first).start, mention.end)
                        .of(cx.text)
                        .to_string(),
                    kind: SpeakerType::Group,
                    mention: Some(mention),
                    entity: None,
                };
            }
        }
        match np.form {
            MentionForm::Pronoun => self.resolve_pronoun(np, mention, at),
            MentionForm::Name => self.resolve_name(np, mention),
            MentionForm::Description => self.resolve_description(np, mention),
        }
    }

    fn resolve_name(&self, np: Np, mention: Span) -> Speaker {
        let cx = self.cx;
        // Drop titles (`Sen.`, `President`) and a possessive owner
        // (`NBC's Dante Chinni` → `Dante Chinni`).
        let mut a = np.start;
        for i in np.start..np.end.saturating_sub(1) {
            // `NBC's Dante Chinni`, `Springfield University professor Paul
            // Becker`: the name follows the owner or the role.
            let role = cx.is(i, W::PERSONN) && cx.tok(i).starts_with(|c: char| c.is_lowercase());
            if is_possessive(cx, i) || role {
                a = i + 1;
            }
        }
        while a + 1 < np.end
            && (cx.is(a, W::TITLE)
                || cx.is(a, W::DET)
                || cx.tok(a).starts_with(|c: char| c.is_lowercase()))
        {
            a += 1;
        }
        let name_span = Span::new(cx.span(a).start, cx.span(np.end - 1).end);
        let raw = name_span.of(cx.text);
        if let Some(e) = self.entity_at(name_span) {
            let ent = &cx.entities.entities[e];
            // `some Republicans`, `Democrats`: a group named by its members
            // is spoken of as they are written, not as the demonym entity.
            if ent.kind == EntityType::Norp {
                return Speaker {
                    name: lower_determiner(cx, np, mention),
                    kind: SpeakerType::Group,
                    mention: Some(mention),
                    entity: Some(e),
                };
            }
            return self.speaker_from_entity(e, mention);
        }
        // A surname or alias met before as a fuller speaker name.
        let last = last_word(raw);
        if let Some(q) = self
            .quotes
            .iter()
            .rev()
            .take(200)
            .find(|q| q.speaker.len() > raw.len() && last_word(&q.speaker) == last)
        {
            return Speaker::of_quote(q, mention);
        }
        let titled = np.start < a && cx.is(np.start, W::TITLE);
        let kind = if titled || raw.split_whitespace().count() >= 2 {
            SpeakerType::Person
        } else {
            SpeakerType::Unknown
        };
        Speaker {
            name: trim_possessive(raw).to_string(),
            kind,
            mention: Some(mention),
            entity: None,
        }
    }

    fn resolve_description(&self, np: Np, mention: Span) -> Speaker {
        let cx = self.cx;
        let head = description_head(cx, np);
        let head_word = cx.tok(head);
        let definite = cx.tok(np.start).eq_ignore_ascii_case("the");
        // `the Times`: a capitalised head after `the` is a name.
        if head_word.chars().next().is_some_and(char::is_uppercase) {
            if let Some(e) = self.entity_at(cx.span(head)) {
                return self.speaker_from_entity(e, mention);
            }
        }
        // `the officer` → the earlier, fuller description with that head.
        if definite {
            if let Some(q) = self.quotes.iter().rev().take(200).find(|q| {
                q.speaker_type != SpeakerType::Person
                    && q.speaker_mention.is_some_and(|m| m.end <= mention.start)
                    && last_head(&q.speaker).eq_ignore_ascii_case(head_word)
            }) {
                return Speaker::of_quote(q, mention);
            }
        }
        let kind = if cx.is(head, W::DOC) {
            SpeakerType::Document
        } else if cx.is(head, W::ORGN) {
            SpeakerType::Organization
        } else if cx.is(head, W::GROUP) {
            SpeakerType::Group
        } else if cx.is(head, W::PERSONN) {
            SpeakerType::Anonymous
        } else {
            SpeakerType::Unknown
        };
        Speaker {
            name: lower_determiner(cx, np, mention),
            kind,
            mention: Some(mention),
            entity: None,
        }
    }

    fn resolve_pronoun(&self, np: Np, mention: Span, at: usize) -> Speaker {
        let cx = self.cx;
        let word = cx.tok(np.start).to_ascii_lowercase();
        let want = match word.as_str() {
            "he" => Some(Gender::Male),
            "she" => Some(Gender::Female),
            _ => None,
        };
        let para = cx.seg.paragraph_at(mention.start);
        let unresolved = Speaker {
            mention: Some(mention),
            ..Speaker::none()
        };
        match word.as_str() {
            "he" | "she" => {
                // Inside its own sentence after a named subject, the pronoun
                // is the subject's: `Yukiya Amano said in a statement that …,
                // which he added "is deeply regrettable."`
                let (sa, _) = cx.sentence(cx.sentence_of_token(np.start));
                if let Some(subject) = sentence_subject(cx, sa, np.start)
                    .filter(|s| s.form == MentionForm::Name && s.end < np.start)
                {
                    let span =
                        Span::new(cx.span(subject.start).start, cx.span(subject.end - 1).end);
                    if let Some(e) = self.entity_at(span) {
                        let ent = &cx.entities.entities[e];
                        if ent.kind == EntityType::Person
                            && ent.gender.is_some_and(|g| Some(g) == want)
                        {
                            return self.speaker_from_entity(e, mention);
                        }
                    }
                }
                // Candidates, the most recent wins: the last speaker (at the
                // end of its quote), the last person named outside quotes,
                // and the last unnamed person described (`a Ukrainian
                // security service officer who …`).
                let last = self
                    .quotes
                    .iter()
                    .rev()
                    .take(50)
                    .find(|q| q.span.start < at && !q.speaker.is_empty())
                    .filter(|q| {
                        // (A lone surname the entities stage could not type,
                        // `Cruz openly admitted …`, may come out ORG.)
                        (matches!(q.speaker_type, SpeakerType::Person | SpeakerType::Anonymous)
                            || matches!(
                                q.speaker_type,
                                SpeakerType::Organization | SpeakerType::Unknown
                            ) && !q.speaker.contains(' ')
                                && q.speaker.chars().next().is_some_and(char::is_uppercase)
                                && !q.speaker.chars().all(|c| c.is_uppercase() || c == '.'))
                            && q.paragraph + 2 >= para
                            && self.gender_of(q).is_none_or(|g| Some(g) == want)
                    })
                    .map(|q| {
                        let pos = q.span.end.max(q.speaker_mention.map_or(0, |m| m.start));
                        (pos, Candidate::Quote(q))
                    });
                let person = self
                    .last_person_before(mention.start, want)
                    .map(|(pos, e)| (pos, Candidate::Entity(e)));
                let described = self
                    .last_person_description_before(np.start, want)
                    .map(|(pos, d)| (pos, Candidate::Described(d)));
                // A description later in the sentence a named subject opens
                // is that subject's object: `Donald, then in college,
                // harangued his older brother.` leaves `he` to Donald.
                let described = described.filter(|(dpos, _)| {
                    !person.as_ref().is_some_and(|(ppos, _)| {
                        ppos < dpos
                            && cx.seg.sentence_at(*ppos) == cx.seg.sentence_at(*dpos)
                            && self.is_subject_position(*ppos)
                            && !self.is_subject_position(*dpos)
                    })
                });
                // The last speaker keeps the floor unless someone else has
                // since been the subject of a sentence (`Smith met Jones.
                // "…," he said.` stays ambiguous; `Jones then spoke. "…," he
                // said.` is Jones).
                if let Some((lpos, _)) = &last {
                    let newer_subject =
                        [&person, &described].into_iter().flatten().any(|(pos, _)| {
                            pos > lpos && *pos < mention.start && self.is_subject_position(*pos)
                        });
                    if !newer_subject {
                        return last.map_or(unresolved, |(_, c)| self.candidate(c, mention));
                    }
                }
                [last, person, described]
                    .into_iter()
                    .flatten()
                    .filter(|(pos, _)| *pos < mention.start)
                    .max_by_key(|(pos, _)| *pos)
                    .map_or(unresolved, |(_, c)| self.candidate(c, mention))
            }
            "they" | "it" => {
                let plural = word == "they";
                let last = self.quotes.iter().rev().take(50).find(|q| {
                    q.span.start < at
                        && q.paragraph + 1 >= para
                        && match q.speaker_type {
                            SpeakerType::Group => plural,
                            SpeakerType::Organization | SpeakerType::Media => true,
                            SpeakerType::Document => !plural,
                            _ => false,
                        }
                });
                match last {
                    Some(q) => Speaker::of_quote(q, mention),
                    None => unresolved,
                }
            }
            _ => unresolved,
        }
    }

    /// The speaker a pronoun resolves to, built only for the candidate that
    /// wins (names are cloned strings).
    fn candidate(&self, c: Candidate, mention: Span) -> Speaker {
        match c {
            Candidate::Quote(q) => Speaker::of_quote(q, mention),
            Candidate::Entity(e) => self.speaker_from_entity(e, mention),
            Candidate::Described(d) => Speaker {
                mention: Some(mention),
                ..d
            },
        }
    }

    /// The last description of an unnamed person before token `tok`, in the
    /// same or previous paragraph and outside quotes: (start byte, speaker).
    fn last_person_description_before(
        &self,
        tok: usize,
        want: Option<Gender>,
    ) -> Option<(usize, Speaker)> {
        let cx = self.cx;
        let para = cx.seg.paragraph_at(cx.span(tok).start);
        // The walk stops before the previous paragraph's start, and after
        // 300 tokens, so that one huge paragraph stays linear.
        let lowest = para.checked_sub(1).map_or(0, |p| {
            let start = cx.seg.paragraphs[p].span.start;
            cx.seg.tokens.partition_point(|t| t.span.start < start)
        });
        for i in (tok.saturating_sub(300).max(lowest)..tok).rev() {
            if !cx.is(i, W::PERSONN)
                || cx.in_region[i].is_some()
                || !cx.tok(i).starts_with(|c: char| c.is_lowercase())
            {
                continue;
            }
            let g = words::noun_gender(cx.tok(i));
            if want.is_some() && g.is_some() && g != want {
                continue;
            }
            let s = cx.sentence_of_token(i);
            let a = cx.sentence(s).0;
            let Some(np) = backward_np_core(cx, a, i + 1) else {
                continue;
            };
            if np.form != MentionForm::Description || !cx.is(np.start, W::DET) {
                continue;
            }
            // `David Axelrod, the former strategist,`: an appositive names
            // no one new; the name before it is the candidate.
            if np.start > a + 1 && cx.tok_is(np.start - 1, ",") {
                // (`Wendy Nanney (R), a leader of …`: past an aside.)
                let mut k = np.start - 2;
                if cx.tok_is(k, ")") {
                    if let Some(open) = (a..k).rev().take(6).find(|&m| cx.tok_is(m, "(")) {
                        k = open.saturating_sub(1);
                    }
                }
                if is_name_word(cx, k) {
                    continue;
                }
            }
            // Extend over `with/of/for …` after the head.
            let b = cx.sentence(s).1;
            let np = forward_np(cx, np.start, b)
                .filter(|f| f.end > np.end)
                .unwrap_or(np);
            let mention = Span::new(cx.span(np.start).start, cx.span(np.end - 1).end);
            let sp = self.resolve_description(np, mention);
            return Some((mention.start, sp));
        }
        None
    }

    fn speaker_from_entity(&self, e: usize, mention: Span) -> Speaker {
        let ent = &self.cx.entities.entities[e];
        Speaker {
            name: ent.name.clone(),
            kind: speaker_type_of(ent.kind),
            mention: Some(mention),
            entity: Some(e),
        }
    }

    fn gender_of(&self, q: &Quote) -> Option<Gender> {
        q.entity.and_then(|e| self.cx.entities.entities[e].gender)
    }

    /// The last PERSON name mentioned before `pos`, outside quotation marks,
    /// whose gender does not clash with `want`: (mention start, entity).
    /// Whether the mention starting at byte `pos` opens its sentence (only
    /// titles, determiners and names before it).
    /// Is the mention starting at byte `pos` the subject its sentence
    /// opens with (`Republican presidential nominee Donald Trump has
    /// blasted …`, `In the wake of the scare, David Axelrod, Obama's former
    /// strategist, gave …`)?
    fn is_subject_position(&self, pos: usize) -> bool {
        let cx = self.cx;
        cx.subject(cx.seg.sentence_at(pos))
            .is_some_and(|np| cx.span(np.start).start <= pos && pos < cx.span(np.end - 1).end)
    }

    fn last_person_before(&self, pos: usize, want: Option<Gender>) -> Option<(usize, usize)> {
        let cx = self.cx;
        let ms = &cx.entities.mentions;
        let end = ms.partition_point(|m| m.span.start < pos);
        let fits = |m: &&crate::model::Mention| {
            if m.kind != EntityType::Person || m.form != MentionForm::Name {
                return false;
            }
            let t = cx
                .seg
                .tokens
                .partition_point(|t| t.span.start < m.span.start);
            if cx.in_region.get(t).is_some_and(|r| r.is_some()) {
                return false;
            }
            // An entity typed PERSON without a known gender may be a
            // mistyped name (`Dallas Cowboys`); a gendered pronoun needs a
            // gendered person, or one the sentence opens with (`Rakeyia
            // Scott can be heard yelling`).
            let g = cx.entities.entities[m.entity].gender;
            want.is_none() || g == want || g.is_none() && self.is_subject_position(m.span.start)
        };
        let mut candidates = ms[..end].iter().rev().take(40).filter(fits);
        let last = candidates.next()?;
        // Within that sentence, its subject outranks a later object: `David
        // Axelrod, Obama's former strategist, gave Clinton a dose of blame.
        // He said …` is Axelrod.
        let sentence = cx.seg.sentence_at(last.span.start);
        let subject = candidates
            .take_while(|m| cx.seg.sentence_at(m.span.start) == sentence)
            .filter(|m| self.is_subject_position(m.span.start))
            .last();
        let m = match subject {
            Some(m) if !self.is_subject_position(last.span.start) => m,
            _ => last,
        };
        Some((m.span.start, m.entity))
    }

    /// The entity whose name mention overlaps `span`'s last word.
    fn entity_at(&self, span: Span) -> Option<usize> {
        let ms = &self.cx.entities.mentions;
        let i = ms.partition_point(|m| m.span.end <= span.start);
        ms[i..]
            .iter()
            .take_while(|m| m.span.start < span.end)
            .filter(|m| m.form == MentionForm::Name && m.span.overlaps(span))
            .max_by_key(|m| m.span.end.min(span.end) - m.span.start.max(span.start))
            .map(|m| m.entity)
    }
}

// -------------------------------------------------------------------------
// Token-level pattern helpers
// -------------------------------------------------------------------------

fn speaker_type_of(kind: EntityType) -> SpeakerType {
    match kind {
        EntityType::Person => SpeakerType::Person,
        EntityType::Media => SpeakerType::Media,
        EntityType::Org | EntityType::Gpe => SpeakerType::Organization,
        EntityType::Norp => SpeakerType::Group,
        EntityType::Loc | EntityType::Other => SpeakerType::Unknown,
    }
}

/// `SEN. TED CRUZ` → `Sen. Ted Cruz`: a label in capitals as a name.
fn title_case(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut start = true;
    for c in label.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

fn last_word(s: &str) -> &str {
    // (From the end: this runs on up to 200 earlier speakers per name.)
    let last = s
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    trim_possessive(last)
}

/// The head noun of a description given as text: the last word before a
/// preposition (`an officer with Ukraine's security service` → `officer`).
fn last_head(s: &str) -> &str {
    let mut head = "";
    for w in s.split_whitespace() {
        if words::is_preposition_or_relative(w) {
            break;
        }
        head = w;
    }
    head
}

fn trim_possessive(s: &str) -> &str {
    s.strip_suffix("'s")
        .or_else(|| s.strip_suffix("’s"))
        .or_else(|| s.strip_suffix('\''))
        .or_else(|| s.strip_suffix('’'))
        .unwrap_or(s)
}

/// `word` is one of the lower-case words `lower`, ignoring ASCII case: what
/// `matches!(word.to_ascii_lowercase().as_str(), …)` says, without a
/// `String` per test (these run on many tokens).
fn lower_is(word: &str, lower: &[&str]) -> bool {
    lower.iter().any(|w| word.eq_ignore_ascii_case(w))
}

/// `according` in any case (a class bit, see [`W::ACCORDING`]).
#[inline]
fn is_according(cx: &Cx, i: usize) -> bool {
    cx.is(i, W::ACCORDING)
}

fn words_in(cx: &Cx, span: Span) -> usize {
    let i = cx.seg.tokens.partition_point(|t| t.span.start < span.start);
    cx.seg.tokens[i..]
        .iter()
        .take_while(|t| t.span.end <= span.end)
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .count()
}

fn words_between(cx: &Cx, a: usize, b: usize) -> usize {
    (a..b)
        .filter(|&i| matches!(cx.kind(i), TokenKind::Word | TokenKind::Number))
        .count()
}

/// Nothing but opening punctuation (dashes, bullets) in the range.
fn only_lead_punct(cx: &Cx, (a, b): (usize, usize)) -> bool {
    (a..b).all(|i| {
        cx.kind(i) == TokenKind::Punct
            && matches!(cx.tok(i), "—" | "–" | "-" | "•" | "(" | "*" | "…")
    })
}

/// Nothing but closing punctuation in the range.
fn only_trail_punct(cx: &Cx, (a, b): (usize, usize)) -> bool {
    (a..b).all(|i| {
        cx.kind(i) == TokenKind::Punct
            && matches!(cx.tok(i), "." | "!" | "?" | ")" | "…" | "," | ";" | ":")
    })
}

/// `b` moved back over trailing sentence punctuation and closing marks not in
/// a region.
fn trim_trail_punct(cx: &Cx, a: usize, b: usize) -> usize {
    let mut b = b;
    while b > a && cx.kind(b - 1) == TokenKind::Punct && cx.in_region[b - 1].is_none() {
        b -= 1;
    }
    b
}

/// The reported clause that ends at `end` (exclusive token), from the
/// sentence start `sa`, without leading punctuation: for `He called it
/// "reckless," the senator said.`
fn clause_span(cx: &Cx, sa: usize, end: usize) -> Span {
    let mut a = sa;
    while a + 1 < end && cx.kind(a) == TokenKind::Punct && cx.in_region[a].is_none() {
        a += 1;
    }
    let mut b = end;
    while b > a + 1 && cx.kind(b - 1) == TokenKind::Punct && cx.in_region[b - 1].is_none() {
        b -= 1;
    }
    Span::new(cx.span(a).start, cx.span(b - 1).end)
}

/// The end byte of a reported clause that runs from token `from` to the end
/// of its sentence (`sb`), trailing punctuation outside quotes dropped.
fn clause_end(cx: &Cx, from: usize, sb: usize) -> usize {
    let b = trim_trail_punct(cx, from, sb).max(from);
    cx.span(b.max(1) - 1).end
}

/// Where a reported clause that starts at `c` ends: at a `;` or at a
/// comma before `but`/`while`/`although`, which open a clause of the
/// writer's own (`… would not be repeated, but the chair said …`). In a
/// sentence that opens with a subordinate clause (`While Ramos said that
/// X, he appears …`), the clause ends at its comma.
fn clause_stop(cx: &Cx, c: usize, b: usize) -> usize {
    let sa = cx
        .sentence(cx.sentence_of_token(c.min(b.saturating_sub(1))))
        .0;
    // `Even as Mr. Obama has said …, the army grows`
    let sa = if cx.tok(sa).eq_ignore_ascii_case("even") && sa + 1 < b {
        sa + 1
    } else {
        sa
    };
    if lower_is(
        cx.tok(sa),
        &[
            "while", "although", "though", "when", "if", "because", "as", "since", "whereas",
            "after", "before",
        ],
    ) {
        if let Some(k) = (c..b).find(|&k| cx.tok_is(k, ",") && cx.in_region[k].is_none()) {
            return k;
        }
    }
    (c..b)
        .find(|&k| {
            cx.in_region[k].is_none()
                && (cx.tok_is(k, ";")
                    || cx.tok_is(k, ",") && k + 1 < b && writer_resumes(cx, k + 1, b))
        })
        .unwrap_or(b)
}

/// After a comma in a reported clause, words that hand back to the writer:
/// a contrast (`, but the chair said …`), a comment on the last noun (`he
/// would freeze hiring, which economists expect`), a time (`, when the
/// district closed six schools`), a new clause about the speaker (`…, and
/// she railed against the council`) or a comparison (`…, as has the deputy
/// mayor`).
fn writer_resumes(cx: &Cx, k: usize, b: usize) -> bool {
    let next = (k + 1 < b).then(|| cx.tok(k + 1));
    match cx.tok(k) {
        "but" | "while" | "whereas" | "however" | "which" | "when" => true,
        "and" => next.is_some_and(|w| lower_is(w, &["he", "she", "they"])),
        "as" => next.is_some_and(is_auxiliary_verb),
        _ => false,
    }
}

/// `was said`, `is expected to`, `to say`: the verb does not report here.
fn is_passive_or_infinitive(cx: &Cx, i: usize, a: usize) -> bool {
    if i > a {
        let prev = cx.tok(i - 1);
        if lower_is(
            prev,
            &["is", "was", "were", "are", "be", "been", "being", "to"],
        ) {
            return true;
        }
    }
    // `said to be`, `expected to …`
    if i + 1 < cx.seg.tokens.len() && cx.tok_is(i + 1, "to") && cx.class[i].cue() != Some(Cue::Tell)
    {
        return lower_is(
            cx.tok(i),
            &["said", "expected", "believed", "thought", "known"],
        );
    }
    false
}

/// The cue's end and where its content may start: after `told CNN`, `told
/// The Associated Press`, `told reporters`, `informed him`.
fn cue_with_object(cx: &Cx, i: usize, cue: Cue, b: usize) -> (usize, usize) {
    if cx.is(i, W::PHRASAL) {
        return (i + 2, i + 2);
    }
    if cue == Cue::Tell && i + 1 < b {
        if let Some(np) = forward_np(cx, i + 1, b) {
            return (np.end, np.end);
        }
        // `told him`, `told reporters`: an object pronoun or a bare noun.
        let t = cx.tok(i + 1);
        if cx.kind(i + 1) == TokenKind::Word
            && !cx.is(i + 1, W::DET)
            && !cx.is(i + 1, W::PREP)
            && !t.eq_ignore_ascii_case("that")
        {
            return (i + 2, i + 2);
        }
    }
    (i + 1, i + 1)
}

/// Skips adjuncts between a cue and its clause: `in a statement`, `on
/// Monday`, `in an interview with CNN`, `last week`, `, however,`.
fn skip_adjuncts(cx: &Cx, mut c: usize, b: usize) -> usize {
    loop {
        let start = c;
        if c < b && cx.is(c, W::PREP) && !cx.tok(c).eq_ignore_ascii_case("that") {
            // A prepositional phrase of up to six words, ending before `that`,
            // a comma or a clause opener.
            let mut j = c + 1;
            while j < b
                && j < c + 7
                && !cx.tok(j).eq_ignore_ascii_case("that")
                && !cx.tok_is(j, ",")
            {
                j += 1;
            }
            // A phrase that runs to the end (`said on Twitter.`) is skipped
            // too, and so is one that a colon or comma hands over to a quote
            // (`said in a statement: "…"`). One that runs straight into the
            // quote is part of the reported clause: `pledged to make the
            // developers "pay their share"`.
            if j >= b {
                let into_quote = cx.in_region.get(b).is_some_and(Option::is_some)
                    && !matches!(cx.tok(b - 1), "," | ":" | "—" | "–");
                if !into_quote {
                    c = b;
                }
            } else if cx.tok(j).eq_ignore_ascii_case("that") || cx.tok_is(j, ",") {
                c = j;
                if cx.tok_is(c, ",") {
                    c += 1;
                }
            }
        } else if c < b
            && (cx.is(c, W::AUX) && !is_auxiliary_verb(cx.tok(c))
                || is_time_adjunct(cx, c, b)
                || is_adverb(cx, c))
        {
            // `said Wednesday`, `said last week`, `said repeatedly`; but an
            // auxiliary verb opens the clause (`Trump, Sexton said, has
            // created …`).
            c += 1;
        } else if c < b && cx.tok_is(c, ",") {
            c += 1;
        }
        if c == start {
            return c;
        }
    }
}

/// The verbs among the [aux] words (the rest are adverbs: `also`, `later`).
fn is_auxiliary_verb(word: &str) -> bool {
    lower_is(
        word,
        &[
            "has", "have", "had", "would", "will", "did", "does", "do", "is", "was", "were", "are",
            "be", "been", "could", "should", "might", "may", "must",
        ],
    )
}

/// `say`, `said`, `told`: the verbs that take a bare clause freely (`He
/// says referees are biased`).
fn is_say(word: &str) -> bool {
    matches!(word, "say" | "says" | "said" | "tell" | "tells" | "told")
}

/// A bare noun can open the clause of `say`: any lower-case word that is
/// no preposition, auxiliary or infinitive marker.
fn opens_bare_clause(cx: &Cx, c: usize, b: usize) -> bool {
    c < b
        && cx.kind(c) == TokenKind::Word
        && !cx.is(c, W::PREP)
        && !cx.is(c, W::AUX)
        && !cx.is(c, W::TIME)
        && !cx.tok_is(c, "to")
        && !cx.tok_is(c, "so")
}

/// A time word after a cue (`said Wednesday`, `said last week`); `this`,
/// `last` and `next` only before another time word (`believe this gives …`).
fn is_time_adjunct(cx: &Cx, c: usize, b: usize) -> bool {
    cx.is(c, W::TIME)
        && (!lower_is(cx.tok(c), &["this", "last", "next"]) || c + 1 < b && cx.is(c + 1, W::TIME))
}

/// Skips time words and adverbs after a cue, but not a comma.
fn skip_adjuncts_no_comma(cx: &Cx, mut c: usize, b: usize) -> usize {
    while c < b && (is_time_adjunct(cx, c, b) || is_adverb(cx, c)) {
        c += 1;
    }
    c
}

/// Whether a reported clause can start at `c` without `that`: a subject
/// (pronoun, determiner, name, number) or a quotation.
fn opens_clause(cx: &Cx, c: usize, b: usize) -> bool {
    if c >= b {
        return false;
    }
    let t = cx.tok(c);
    // `it’s`, `they're`: a pronoun with a contraction.
    let stem = t.split(['\'', '’']).next().unwrap_or(t);
    lower_is(
        stem,
        &["it", "he", "she", "they", "we", "i", "you", "there", "that"],
    ) || cx.is(c, W::PRONOUN)
        || cx.is(c, W::DET)
        || cx.kind(c) == TokenKind::Number
        || cx.kind(c) == TokenKind::Quote
        || (t.chars().next().is_some_and(char::is_uppercase) && !cx.is(c, W::PREP))
        || lower_is(
            t,
            &["there", "if", "whether", "nobody", "everyone", "none", "no"],
        )
}

/// Skips `, a spokesman for Y,` or `, 45,` after a name (token `j` = first
/// token after the name).
fn skip_appositive(cx: &Cx, j: usize, b: usize) -> usize {
    let mut j = j;
    // `Rep. Jim Jordan (R-Ohio), an oversight committee member, said`
    if j + 1 < b && cx.tok_is(j, "(") {
        if let Some(close) = (j + 1..b.min(j + 8)).find(|&k| cx.tok_is(k, ")")) {
            j = close + 1;
        }
    }
    if j + 1 < b && cx.tok_is(j, ",") {
        let k = j + 1;
        // `Sarah Warbelow, legal director for the campaign, said`: a role
        // noun within the first words.
        let role = (k..b.min(k + 4))
            .any(|m| cx.is(m, W::PERSONN) && cx.tok(m).starts_with(|c: char| c.is_lowercase()));
        let apposition = cx.is(k, W::DET)
            || cx.is(k, W::RELATIVE)
            || cx.kind(k) == TokenKind::Number
            || cx.is(k, W::TITLE)
            || role;
        if apposition {
            if let Some(close) = (k..b.min(k + 25)).find(|&m| cx.tok_is(m, ",")) {
                return close + 1;
            }
        }
    }
    j
}

fn is_name_word(cx: &Cx, i: usize) -> bool {
    // `On Friday, "…," he said`: a day or month is no speaker.
    const NOT_A_NAME: W = W::PRONOUN
        .or(W::DET)
        .or(W::PREP)
        .or(W::STOP)
        .or(W::RELATIVE)
        .or(W::CUE)
        .or(W::AUX)
        .or(W::TIME);
    // (The classes first: one test, where the capital needs a character
    // decoded.)
    cx.kind(i) == TokenKind::Word
        && !cx.is(i, NOT_A_NAME)
        && cx.tok(i).chars().next().is_some_and(char::is_uppercase)
}

/// The mention's text, with a sentence-initial determiner lowered: `An
/// officer …` reads `an officer …` in a list of speakers.
fn lower_determiner(cx: &Cx, np: Np, mention: Span) -> String {
    let raw = mention.of(cx.text);
    let first = cx.tok(np.start);
    if cx.is(np.start, W::DET) && first.chars().next().is_some_and(char::is_uppercase) {
        // (One allocation: `to_lowercase` would make a second string.)
        let mut name = String::with_capacity(raw.len());
        name.extend(first.chars().flat_map(char::to_lowercase));
        name.push_str(raw.get(first.len()..).unwrap_or_default());
        name
    } else {
        raw.to_string()
    }
}

/// A cue of speech at token `j`: its end, after the particle of a phrasal
/// cue (`"…," Trump went on.`, `"…," Reyes shot back.`).
fn speech_cue_at(cx: &Cx, j: usize, b: usize) -> Option<usize> {
    (j < b && cx.class[j].cue().is_some_and(|c| c != Cue::Belief)).then(|| {
        if cx.is(j, W::PHRASAL) {
            j + 2
        } else {
            j + 1
        }
    })
}

/// A cue word used as a noun: after a determiner, preposition or possessive
/// (`the report`, `secretary of state`), before another cue (`a U.N. report
/// said`) or before an auxiliary (`the missile plans were fake`).
fn looks_like_noun(cx: &Cx, i: usize, a: usize, b: usize) -> bool {
    i > a && (cx.is(i - 1, W::DET) || cx.is(i - 1, W::PREP) || is_possessive(cx, i - 1))
        || i + 1 < b && cx.class[i + 1].cue().is_some_and(|c| c != Cue::Belief)
        // `the missile plans were fake`: a verb is not followed by `were`.
        || i + 1 < b
            && matches!(
                cx.tok(i + 1),
                "is" | "was" | "were" | "are" | "has" | "have" | "had" | "will" | "would"
            )
}

/// The cue right before a quote (`X said: "…"`), with only punctuation
/// between it and the quote's context end `b`.
fn adjacent_cue(cx: &Cx, (a, b): (usize, usize)) -> Option<usize> {
    let mut i = b;
    while i > a && matches!(cx.tok(i - 1), "," | ":" | "—" | "–") {
        i -= 1;
    }
    let i = i.checked_sub(1).filter(|&i| i >= a)?;
    (cx.in_region[i].is_none() && cx.class[i].cue().is_some()).then_some(i)
}

/// Content in title case (`Good Morning America`, `Failure to Adjust: How
/// Americans Got Left Behind`): every word of four letters or more
/// capitalised, at least two words, no sentence inside.
///
/// Two capitalised long words at least: short words alone prove nothing
/// (`"I'm not a big fan."`, `"Oh, God,"` are speech).
fn is_title_case(cx: &Cx, region: Region) -> bool {
    let (a, b) = region.tokens;
    let mut capitalised = 0;
    for i in a..b {
        if cx.kind(i) != TokenKind::Word || cx.in_region[i].is_none() {
            continue;
        }
        let t = cx.tok(i);
        if t.chars().count() >= 4 {
            if !t.starts_with(|c: char| c.is_uppercase()) {
                return false;
            }
            capitalised += 1;
        }
    }
    capitalised >= 2 && !region.multi_sentence
}

/// A lower-case `-ly` word: `certainly`, `simply`, `reportedly`.
fn is_adverb(cx: &Cx, i: usize) -> bool {
    let t = cx.tok(i);
    cx.kind(i) == TokenKind::Word
        && t.len() > 4
        && t.ends_with("ly")
        && t.starts_with(|c: char| c.is_lowercase())
}

fn is_possessive(cx: &Cx, i: usize) -> bool {
    let t = cx.tok(i);
    t.ends_with("'s") || t.ends_with("’s")
}

/// A speaker phrase starting at `a`: a pronoun, a name (with titles), or a
/// description (`the CNN report`, `a U.N. report`, `officials`).
fn forward_np(cx: &Cx, a: usize, b: usize) -> Option<Np> {
    if a >= b || cx.in_region[a].is_some() {
        return None;
    }
    if cx.is(a, W::PRONOUN) {
        if lower_is(cx.tok(a), &["he", "she", "they", "we", "i", "it"]) {
            return Some(Np {
                start: a,
                end: a + 1,
                form: MentionForm::Pronoun,
            });
        }
        return None;
    }
    // Titles and names: `Sen. Marco Rubio`, `NBC's Dante Chinni`, `Former
    // Florida Gov. Jeb Bush`.
    let mut a = a;
    while a + 1 < b
        && cx.is(a, W::NAMESTOP)
        && !cx.is(a, W::TITLE)
        && !cx.is(a, W::DET)
        && is_name_word(cx, a + 1)
    {
        a += 1;
    }
    let mut j = a;
    let mut names = 0;
    let upper = |k: usize| cx.tok(k).starts_with(char::is_uppercase);
    while j < b
        && cx.in_region[j].is_none()
        && (is_name_word(cx, j)
            || cx.is(j, W::TITLE) && upper(j)
            // `said former Rep. George Miller`: a lower-case title word
            // opening the phrase, before a capitalised title or name.
            || j == a
                && cx.is(j, W::TITLE)
                && j + 1 < b
                && (is_name_word(cx, j + 1) || cx.is(j + 1, W::TITLE) && upper(j + 1)))
    {
        if is_name_word(cx, j) {
            names += 1;
        }
        j += 1;
        if j < b
            && cx.in_region[j].is_none()
            && cx.tok(j).chars().all(|c| c == '-')
            && j + 1 < b
            && is_name_word(cx, j + 1)
        {
            j += 1;
        }
    }
    if names > 0 {
        let nouns = (j..b.min(j + 3)).take_while(|&k| {
            cx.in_region[k].is_none()
                && cx.kind(k) == TokenKind::Word
                && cx.tok(k).starts_with(|c: char| c.is_lowercase())
                && !cx.is(k, W::STOP)
                && !cx.is(k, W::PREP)
                && !cx.is(k, W::AUX)
                && !cx.is(k, W::DET)
                && cx.class[k].cue().is_none()
        });
        // `American military officials`: a name modifying a source noun;
        // after a possessive any noun is the head (`Marsh's office`).
        let head = if is_possessive(cx, j - 1) {
            // The first noun and the source nouns compounding it: `Trump's
            // campaign manager`, but not `Ryan's campaign shrugged off`.
            let mut nouns = nouns.peekable();
            let first = nouns.next();
            let mut last = first;
            while let Some(k) = nouns.next_if(|&k| is_head_noun(cx, k)) {
                last = Some(k);
            }
            last
        } else {
            nouns.into_iter().find(|&k| is_head_noun(cx, k))
        };
        if let Some(h) = head {
            // `Springfield University professor Paul Becker`: a role
            // between names; the person's name ends the phrase.
            let mut end = h + 1;
            if cx.is(h, W::PERSONN) {
                while end < b && cx.in_region[end].is_none() && is_name_word(cx, end) {
                    end += 1;
                }
                if end > h + 1 {
                    return Some(Np {
                        start: a,
                        end,
                        form: MentionForm::Name,
                    });
                }
            }
            return Some(Np {
                start: a,
                end,
                form: MentionForm::Description,
            });
        }
        return Some(Np {
            start: a,
            end: j,
            form: MentionForm::Name,
        });
    }
    // `one of those advisers`, `some of his aides`: a part of a group.
    if a + 2 < b
        && cx.tok_is(a + 1, "of")
        && lower_is(
            cx.tok(a),
            &[
                "one", "some", "many", "most", "several", "two", "three", "both", "all",
            ],
        )
    {
        if let Some(np) = forward_np(cx, a + 2, b).filter(|np| np.form == MentionForm::Description)
        {
            return Some(Np {
                start: a,
                end: np.end,
                form: MentionForm::Description,
            });
        }
    }
    // Descriptions: determiner (or bare plural) + modifiers + head, with
    // `of`/`with`/`for` + noun phrase after the head.
    let mut j = a;
    let det = cx.is(j, W::DET);
    if det {
        j += 1;
    }
    let mut head = None;
    while j < b && cx.in_region[j].is_none() && j < a + 8 {
        let t = cx.tok(j);
        if cx.kind(j) != TokenKind::Word && cx.kind(j) != TokenKind::Number {
            break;
        }
        let cue = cx.class[j].cue().is_some()
            && !is_head_noun(cx, j)
            && !(j > a && cx.is(j - 1, W::PREP));
        if cx.is(j, W::STOP)
            || cx.is(j, W::RELATIVE)
            || cx.is(j, W::PREP)
            || cue
            || cx.is(j, W::AUX)
            || cx.is(j, W::PRONOUN)
        {
            break;
        }
        // `the 30-year-old`: an age is a head, not a number.
        let age = t.ends_with("-old");
        if !age
            && (is_possessive(cx, j)
                || t.chars().next().is_some_and(char::is_uppercase)
                || cx.kind(j) == TokenKind::Number)
        {
            j += 1;
            continue;
        }
        head = Some(j);
        j += 1;
        if is_head_noun(cx, j - 1) {
            // Stop at the known head noun (`the CNN report`), or at the last
            // of a compound (`the court papers`).
            while j < b
                && cx.in_region[j].is_none()
                && is_head_noun(cx, j)
                && cx.tok(j).starts_with(|c: char| c.is_lowercase())
            {
                head = Some(j);
                j += 1;
            }
            break;
        }
    }
    // `the Rev. Al Sharpton`, `The New York Times`: an article before a name.
    let Some(head) = head else {
        return (det && j > a + 1 && (a + 1..j).any(|k| is_name_word(cx, k))).then_some(Np {
            start: a,
            end: j,
            form: MentionForm::Name,
        });
    };
    // A possessive stands for the determiner: `Marsh's office`.
    if !det && !is_head_noun(cx, head) && !(a..head).any(|k| is_possessive(cx, k)) {
        return None;
    }
    let mut end = head + 1;
    // `anchor Megyn Kelly`, `host Matt Boyle`: a role before a name.
    if cx.is(head, W::PERSONN) && end < b && cx.in_region[end].is_none() && is_name_word(cx, end) {
        while end < b && cx.in_region[end].is_none() && is_name_word(cx, end) {
            end += 1;
        }
        return Some(Np {
            start: a,
            end,
            form: MentionForm::Name,
        });
    }
    // `an officer with Ukraine's security service`
    if end + 1 < b
        && matches!(cx.tok(end), "with" | "for" | "of" | "at" | "from")
        && cx.in_region[end].is_none()
    {
        if let Some(pp) = forward_np(cx, end + 1, b) {
            if pp.form != MentionForm::Pronoun {
                end = pp.end;
            }
        }
    }
    Some(Np {
        start: a,
        end,
        form: MentionForm::Description,
    })
}

fn is_head_noun(cx: &Cx, i: usize) -> bool {
    cx.is(i, W::DOC) || cx.is(i, W::GROUP) || cx.is(i, W::PERSONN) || cx.is(i, W::ORGN)
}

/// The head noun token of a description: the last word before its
/// preposition, preferring a noun the lexicon knows as a source
/// (`multiple sources privy to the talks` → `sources`).
fn description_head(cx: &Cx, np: Np) -> usize {
    let mut head = np.end - 1;
    let mut known = None;
    for i in np.start..np.end {
        if i > np.start && (cx.is(i, W::PREP) || cx.is(i, W::RELATIVE)) {
            break;
        }
        if cx.kind(i) == TokenKind::Word {
            head = i;
            if is_head_noun(cx, i) {
                known = Some(i);
            }
        }
    }
    known.unwrap_or(head)
}

/// The subject of a cue at `cue`, walking back from it: `Smith said`, `the
/// officer said`, `An officer with …, who worked on …, insisted`, `Smith, a
/// spokesman for X, said`, `Ukraine has in recent weeks denied`.
fn backward_np(cx: &Cx, a: usize, cue: usize) -> Option<Np> {
    let mut j = cue;
    // `Sen. Elizabeth Warren (D-MA) said`: a bracketed aside after the name,
    // sometimes with a comma after it (`Rep. Gary Olsen (R-Texas), said`).
    if j > a + 3 && cx.tok_is(j - 1, ",") && cx.tok_is(j - 2, ")") {
        j -= 1;
    }
    if j > a + 2 && cx.tok_is(j - 1, ")") {
        if let Some(open) = (a..j - 1).rev().take(8).find(|&k| cx.tok_is(k, "(")) {
            j = open;
        }
    }
    // Auxiliaries and adverbs between subject and verb.
    while j > a && (cx.is(j - 1, W::AUX) || is_adverb(cx, j - 1)) && cx.in_region[j - 1].is_none() {
        j -= 1;
    }
    // `Ryan on Tuesday called …`, `the mayor last week said`: a time
    // phrase between subject and verb.
    if j > a + 1 && cx.is(j - 1, W::TIME) {
        let mut k = j - 1;
        while k > a && cx.is(k - 1, W::TIME) {
            k -= 1;
        }
        if k > a && matches!(cx.tok(k - 1), "on" | "in" | "early" | "late") {
            k -= 1;
        }
        if k > a && (is_name_word(cx, k - 1) || cx.kind(k - 1) == TokenKind::Word) {
            j = k;
            while j > a && (cx.is(j - 1, W::AUX) || is_adverb(cx, j - 1)) {
                j -= 1;
            }
        }
    }
    // `Ukraine has in recent weeks denied`: a short time phrase.
    if j > a + 1 && !cx.is(j - 1, W::PREP) {
        if let Some(p) = (j.saturating_sub(4).max(a)..j).find(|&p| cx.is(p, W::PREP)) {
            if p > a
                && cx.is(p - 1, W::AUX)
                && (p..j).all(|k| cx.kind(k) == TokenKind::Word && !is_name_word(cx, k))
            {
                j = p;
                while j > a && cx.is(j - 1, W::AUX) {
                    j -= 1;
                }
            }
        }
    }
    // `Barkley, who said he votes Democratic, …`: the relative pronoun's
    // antecedent.
    if j > a + 1 && lower_is(cx.tok(j - 1), &["who", "which"]) {
        let mut k = j - 1;
        if k > a && cx.tok_is(k - 1, ",") {
            k -= 1;
        }
        return backward_np_core(cx, a, k);
    }
    // `A spokesman for X defended the route and said …`, `The mayor did
    // not say whether she would run, but said …`: the subject of the
    // sentence.
    if j > a + 2 && matches!(cx.tok(j - 1), "and" | "but") {
        // (`When asked whom she supported, Ms. Sherry smiled and said`: after
        // an opening subordinate clause.)
        let opener = lower_is(
            cx.tok(a),
            &[
                "when", "asked", "after", "before", "while", "as", "if", "since",
            ],
        );
        let a = match (a..(j - 1).min(a + 12)).find(|&k| cx.tok_is(k, ",")) {
            Some(comma) if opener => comma + 1,
            _ => a,
        };
        return sentence_subject(cx, a, j - 1);
    }
    // `X, a spokesman for Y, said` / `X, who …, said`: skip back over the
    // appositive or relative clause between commas.
    if j > a + 2 && cx.tok_is(j - 1, ",") && cx.in_region[j - 1].is_none() {
        // `Mike Reed, president of the Harbor Fund, a group …, said`: the
        // name that opens the sentence, however many appositives follow.
        if let Some(np) = sentence_subject(cx, a, j - 1) {
            if np.form == MentionForm::Name && np.end < j - 1 && cx.tok_is(np.end, ",") {
                return Some(np);
            }
        }
        let close = j - 1;
        if let Some(open) = (a..close)
            .rev()
            .take(30)
            .find(|&m| cx.tok_is(m, ",") && cx.in_region[m].is_none())
        {
            let k = open + 1;
            // (`The complaint, filed in district court, alleged`: a
            // participle phrase.)
            let participle = cx.tok(k).starts_with(|c: char| c.is_lowercase())
                && (cx.tok(k).ends_with("ed") || cx.tok(k).ends_with("ing"));
            if cx.is(k, W::DET)
                || cx.is(k, W::RELATIVE)
                || cx.is(k, W::TITLE)
                || cx.kind(k) == TokenKind::Number
                || is_name_word(cx, k)
                || participle
            {
                if let Some(np) = backward_np_core(cx, a, open) {
                    return Some(np);
                }
                // `a spokesman for X, said` with no name before: the
                // description itself.
            }
        }
        return None;
    }
    backward_np_core(cx, a, j)
}

/// The noun phrase that opens the sentence (after an opening adjunct
/// `In a statement,`), if it ends before `limit`.
fn sentence_subject(cx: &Cx, a: usize, limit: usize) -> Option<Np> {
    let mut s = a;
    // A dateline (`WASHINGTON, Dec. 8 (UPI) —`) is not the subject.
    if let Some(dash) = (a..limit.min(a + 12)).find(|&k| matches!(cx.tok(k), "—" | "--" | "•"))
    {
        s = dash + 1;
    }
    while s < limit && cx.kind(s) == TokenKind::Punct {
        s += 1;
    }
    // `In a statement, …`: an opening phrase up to its comma.
    if s < limit && cx.is(s, W::PREP) {
        s = (s..limit.min(s + 12)).find(|&k| cx.tok_is(k, ","))? + 1;
    }
    let np = forward_np(cx, s, limit)?;
    (np.end <= limit && cx.class[np.start].cue().is_none()).then_some(np)
}

fn backward_np_core(cx: &Cx, a: usize, end: usize) -> Option<Np> {
    if end <= a || cx.in_region[end - 1].is_some() {
        return None;
    }
    let last = end - 1;
    if cx.is(last, W::PRONOUN) {
        return lower_is(cx.tok(last), &["he", "she", "they", "we", "i", "it"]).then_some(Np {
            start: last,
            end,
            form: MentionForm::Pronoun,
        });
    }
    if is_name_word(cx, last)
        || cx.kind(last) == TokenKind::Word
            && cx.tok(last).chars().next().is_some_and(char::is_uppercase)
            && cx.is(last, W::TITLE)
    {
        // Walk back over the name, its titles and inner connectors
        // (`Department of Health and Social Care`).
        let mut s = last;
        while s > a && cx.in_region[s - 1].is_none() {
            let p = s - 1;
            let titled =
                cx.is(p, W::TITLE) && cx.tok(p).chars().next().is_some_and(char::is_uppercase);
            let connector = p > a
                && (cx.tok_is(p, "-") || matches!(cx.tok(p), "of" | "for" | "and" | "on" | "de"))
                && is_name_word(cx, p - 1);
            if is_name_word(cx, p) || titled || connector {
                s = p;
            } else {
                break;
            }
        }
        // `Like Corker`, `Despite Smith`: an opener is no part of the name.
        while s < last && cx.is(s, W::NAMESTOP) && !cx.is(s, W::TITLE) && !cx.is(s, W::DET) {
            s += 1;
        }
        // `the Times`, `Some Republicans`: keep the determiner in the mention.
        if s > a && cx.is(s - 1, W::DET) {
            s -= 1;
        }
        // `the chair of the Senate Commerce Committee`, `a spokesman for
        // Public Health England`: the name is inside a description.
        if s > a + 1 && matches!(cx.tok(s - 1), "of" | "for" | "at" | "with" | "from") {
            if let Some(d) = backward_np_core(cx, a, s - 1) {
                // (`79 percent of Democrats` counts as well.)
                let opens = cx.is(d.start, W::DET) || cx.kind(d.start) == TokenKind::Number;
                if d.form == MentionForm::Description && opens {
                    return Some(Np {
                        start: d.start,
                        end,
                        form: MentionForm::Description,
                    });
                }
            }
        }
        return Some(Np {
            start: s,
            end,
            form: MentionForm::Name,
        });
    }
    // A description: walk back to its determiner, passing prepositional
    // phrases (`an officer with the Ukrainian security service`) and
    // restarting before a relative pronoun (`… service who worked on the case`).
    let mut end = end;
    let mut j = end;
    let mut steps = 0;
    while j > a && steps < 14 {
        let p = j - 1;
        steps += 1;
        if cx.in_region[p].is_some() {
            return None;
        }
        if cx.is(p, W::RELATIVE) && cx.tok(p).eq_ignore_ascii_case("who")
            || cx.tok(p).eq_ignore_ascii_case("which")
        {
            end = p;
            j = p;
            steps = 0;
            continue;
        }
        if cx.kind(p) != TokenKind::Word && cx.kind(p) != TokenKind::Number {
            break;
        }
        // `report`, `statement` are nouns as well as cues: as the head of the
        // phrase (`a U.N. report said`) they are nouns.
        let noun_head = p + 1 == end && is_head_noun(cx, p);
        if cx.is(p, W::STOP) || cx.class[p].cue().is_some() && !noun_head {
            break;
        }
        if cx.is(p, W::DET) {
            let before_is_prep = p > a && cx.is(p - 1, W::PREP);
            if !before_is_prep {
                j = p;
                let np = Np {
                    start: j,
                    end,
                    form: MentionForm::Description,
                };
                return description_ok(cx, np).then_some(np);
            }
        }
        j = p;
    }
    // No determiner: the words since the clause break, when they hold a
    // known source noun (`…, multiple sources privy to the talks say`).
    if end > j && end - j <= 8 {
        let np = Np {
            start: j,
            end,
            form: MentionForm::Description,
        };
        if is_head_noun(cx, description_head(cx, np)) && !cx.is(j, W::PREP) {
            return Some(np);
        }
    }
    // A bare plural or known head (`officials said`, `Court papers …
    // showed`).
    if end > a {
        let mut s = end - 1;
        while s > a
            && !cx.is(s - 1, W::STOP)
            && !cx.is(s - 1, W::PREP)
            && cx.kind(s - 1) == TokenKind::Word
            && end - s < 4
            && !cx.is(s - 1, W::AUX)
        {
            s -= 1;
        }
        let np = Np {
            start: s,
            end,
            form: MentionForm::Description,
        };
        if description_ok(cx, np) && is_head_noun(cx, description_head(cx, np)) {
            return Some(np);
        }
    }
    None
}

/// A description must have a head noun the lexicon knows as a possible
/// source, or be short enough not to be a clause fragment.
fn description_ok(cx: &Cx, np: Np) -> bool {
    // A determiner alone (`the`) is no description.
    if np.end - np.start < 2 && cx.is(np.start, W::DET) {
        return false;
    }
    let head = description_head(cx, np);
    // An unknown head must sit in a short phrase without prepositions:
    // `the country seeks to dispel (claims)` is a clause, not a source.
    is_head_noun(cx, head)
        || np.end - np.start <= 5
            && cx.kind(head) == TokenKind::Word
            && !(np.start + 1..np.end).any(|k| cx.is(k, W::PREP))
}

#[cfg(test)]
mod tests;
