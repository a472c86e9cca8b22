//! test_texts: random but repeatable input for the unit tests that hold a
//! fast reader to the slow one it replaced (dates, publication date,
//! boilerplate). Compiled for tests only.

/// Endless texts of `len` pieces each, drawn from `pieces` by a fixed
/// linear congruential generator started at `seed`: odd but repeatable
/// input for tests that hold a fast reader to the slow one it replaced.
pub(crate) fn random_texts<'p>(
    pieces: &'p [&'p str],
    mut seed: u64,
    len: usize,
) -> impl Iterator<Item = String> + 'p {
    std::iter::repeat_with(move || {
        let mut text = String::new();
        for _ in 0..len {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        text
    })
}
