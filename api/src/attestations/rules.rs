//! The rules of an attestation attempt, apart from storage: when one may start, its deadline, the
//! order it freezes, and its score. Times are passed in (from the `Clock`).
use chrono::{DateTime, Duration, Utc};
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One question as the attempt shows it: the authored option indexes in display order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Shown {
    pub question: Uuid,
    pub options: Vec<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotOpenYet,
    Closed,
    NoAttemptsLeft,
}

/// The deadline of an attempt started at `started`: the time limit, or the closing time if sooner.
pub fn deadline(started: DateTime<Utc>, limit_secs: i32, closes: DateTime<Utc>) -> DateTime<Utc> {
    (started + Duration::seconds(i64::from(limit_secs))).min(closes)
}

/// Whether a new attempt may start at `now`, with `used` attempts finished already.
pub fn may_start(
    now: DateTime<Utc>,
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
    used: i64,
    max_attempts: i32,
) -> Result<(), Refusal> {
    if now < opens {
        Err(Refusal::NotOpenYet)
    } else if now >= closes {
        Err(Refusal::Closed)
    } else if used >= i64::from(max_attempts) {
        Err(Refusal::NoAttemptsLeft)
    } else {
        Ok(())
    }
}

/// A fresh order of questions and of each question's options: drawn only when an attempt starts.
pub fn shuffle(questions: &[(Uuid, usize)], rng: &mut impl rand::Rng) -> Vec<Shown> {
    let mut shown: Vec<Shown> = questions
        .iter()
        .map(|(id, options)| {
            let mut order: Vec<i32> = (0..*options as i32).collect();
            order.shuffle(rng);
            Shown {
                question: *id,
                options: order,
            }
        })
        .collect();
    shown.shuffle(rng);
    shown
}

/// Right answers out of all questions, and the score in percent (rounded down). A question is
/// right only when exactly its correct options are chosen; unanswered is wrong.
pub fn score<'a>(
    questions: impl IntoIterator<Item = (&'a [i32], Option<&'a [i32]>)>,
) -> (i32, i32, i32) {
    let (mut right, mut total) = (0, 0);
    for (correct, chosen) in questions {
        total += 1;
        let mut want = correct.to_vec();
        want.sort_unstable();
        if let Some(chosen) = chosen {
            let mut got = chosen.to_vec();
            got.sort_unstable();
            got.dedup();
            if got == want {
                right += 1;
            }
        }
    }
    let percent = if total == 0 { 0 } else { right * 100 / total };
    (right, total, percent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0)
            .single()
            .expect("time")
    }

    #[test]
    fn the_deadline_is_the_limit_or_the_closing_time_if_sooner() {
        assert_eq!(deadline(t(100), 600, t(10_000)), t(700));
        assert_eq!(deadline(t(100), 600, t(400)), t(400));
    }

    #[test]
    fn attempts_start_only_while_open_and_within_the_limit() {
        assert_eq!(
            may_start(t(0), t(10), t(100), 0, 2),
            Err(Refusal::NotOpenYet)
        );
        assert_eq!(may_start(t(100), t(10), t(100), 0, 2), Err(Refusal::Closed));
        assert_eq!(
            may_start(t(50), t(10), t(100), 2, 2),
            Err(Refusal::NoAttemptsLeft)
        );
        assert_eq!(may_start(t(50), t(10), t(100), 1, 2), Ok(()));
    }

    #[test]
    fn only_exactly_the_correct_options_score_and_unanswered_is_wrong() {
        let single: &[i32] = &[1];
        let multiple: &[i32] = &[0, 2];
        let (right, total, percent) = score([
            (single, Some(&[1][..])),
            (multiple, Some(&[2, 0][..])),
            (multiple, Some(&[0][..])),
            (single, None),
        ]);
        assert_eq!((right, total, percent), (2, 4, 50));
    }

    #[test]
    fn a_shuffle_keeps_every_question_and_option_once() {
        let questions: Vec<(Uuid, usize)> = (0..8).map(|i| (Uuid::from_u128(i), 4)).collect();
        let mut rng = rand::rng();
        let shown = shuffle(&questions, &mut rng);
        let mut ids: Vec<Uuid> = shown.iter().map(|s| s.question).collect();
        ids.sort();
        assert_eq!(ids, questions.iter().map(|q| q.0).collect::<Vec<_>>());
        for s in &shown {
            let mut o = s.options.clone();
            o.sort();
            assert_eq!(o, [0, 1, 2, 3]);
        }
    }
}
