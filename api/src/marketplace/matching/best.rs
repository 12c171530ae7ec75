//! Keeping the best `limit` of a stream of candidates without collecting them all: a bounded
//! max-heap whose top is the worst kept. A walk over a million slots then allocates `limit`
//! entries instead of one per slot, and most slots are turned away by one comparison.
use std::cmp::Ordering;
use std::collections::BinaryHeap;

use uuid::Uuid;

/// An `f64` ordered so that larger values come first (by `total_cmp`).
#[derive(Debug, Clone, Copy)]
pub struct Descending(pub f64);

impl PartialEq for Descending {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Descending {}

impl PartialOrd for Descending {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Descending {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0)
    }
}

/// The `limit` smallest `(key, id)` pairs offered; smaller is better, ties by id.
pub struct Best<K: Ord> {
    heap: BinaryHeap<(K, Uuid)>,
    limit: usize,
}

impl<K: Ord + Copy> Best<K> {
    pub fn new(limit: usize) -> Self {
        Self {
            heap: BinaryHeap::with_capacity(limit.min(1024)),
            limit,
        }
    }

    /// Offers a candidate; `id` is read only when the key alone cannot decide.
    pub fn offer(&mut self, key: K, id: impl FnOnce() -> Uuid) {
        if self.heap.len() < self.limit {
            self.heap.push((key, id()));
            return;
        }
        let Some(mut worst) = self.heap.peek_mut() else {
            return;
        };
        if key > worst.0 {
            return;
        }
        let entry = (key, id());
        if entry < *worst {
            *worst = entry;
        }
    }

    /// Best first.
    pub fn into_ids(self) -> Vec<Uuid> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|(_, id)| id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_smallest_keys_with_ties_by_id_whatever_the_order_offered() {
        let offers = [
            (3u32, 9u128),
            (1, 5),
            (2, 7),
            (1, 2),
            (5, 1),
            (2, 3),
            (1, 8),
        ];
        let mut sorted: Vec<(u32, Uuid)> = offers
            .iter()
            .map(|(k, i)| (*k, Uuid::from_u128(*i)))
            .collect();
        sorted.sort();
        for limit in 0..=offers.len() + 1 {
            for rotation in 0..offers.len() {
                let mut best = Best::new(limit);
                for (k, i) in offers.iter().cycle().skip(rotation).take(offers.len()) {
                    best.offer(*k, || Uuid::from_u128(*i));
                }
                let want: Vec<Uuid> = sorted.iter().take(limit).map(|(_, id)| *id).collect();
                assert_eq!(best.into_ids(), want, "limit {limit}, rotation {rotation}");
            }
        }
    }

    #[test]
    fn descending_puts_larger_values_first() {
        let mut values = [Descending(0.5), Descending(1.0), Descending(0.25)];
        values.sort();
        assert_eq!(values.map(|d| d.0), [1.0, 0.5, 0.25]);
    }
}
