//! Alerts carried across a hot reload. Fluent Bit stops collecting from the old instances before
//! it calls their exit, so records still queued there would be lost; instead the exiting instance
//! leaves them here, and the instance that takes its place in the reloaded configuration (the
//! same position among the configuration's syssentry inputs) delivers them first.
//!
//! Place in the data flow: queue (old instance) → **hand-off** → queue front (new instance) →
//! collect callback → Fluent Bit.
//!
//! Generations: every `FLBPluginRegister` starts one. A hot reload registers the new generation
//! before the old instances exit, so their parcels carry the new generation number, which the new
//! instances match; parcels of any older generation (a reload whose configuration has fewer
//! syssentry inputs) are dropped, and reported, by the next instance that starts.

use crate::queue::Record;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The current registration generation.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// (generation, instances started in it so far).
static STARTED: Mutex<(u64, u32)> = Mutex::new((0, 0));

/// Parcels by the position of the input that left them, with the generation they are for.
static PARCELS: Mutex<BTreeMap<u32, Parcel>> = Mutex::new(BTreeMap::new());

#[derive(Debug)]
struct Parcel {
    generation: u64,
    records: Vec<Record>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A registration happened (at start, and again at each hot reload): a new generation begins.
pub fn new_generation() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

/// What a starting instance gets: its position among the syssentry inputs of its generation,
/// the records its predecessor at that position left, and how many records of older
/// generations nobody took (dropped now).
#[derive(Debug)]
pub struct Arrival {
    /// 0 for the first syssentry input of the configuration, 1 for the second, ...
    pub ordinal: u32,
    /// Records to deliver before anything else, oldest first.
    pub inherited: Vec<Record>,
    /// Records left by inputs that have no successor (dropped).
    pub orphaned: usize,
}

/// Called as an instance starts.
pub fn arrive() -> Arrival {
    let generation = GENERATION.load(Ordering::Acquire);
    let ordinal = {
        let mut s = lock(&STARTED);
        if s.0 != generation {
            *s = (generation, 0);
        }
        s.1 += 1;
        s.1 - 1
    };
    let mut parcels = lock(&PARCELS);
    let mut orphaned = 0;
    parcels.retain(|_, p| {
        let keep = p.generation == generation;
        if !keep {
            orphaned += p.records.len();
        }
        keep
    });
    let inherited = parcels.remove(&ordinal).map(|p| p.records).unwrap_or_default();
    Arrival {
        ordinal,
        inherited,
        orphaned,
    }
}

/// Called by an instance leaving because of a hot reload: keeps `records` for its successor.
pub fn leave(ordinal: u32, records: Vec<Record>) {
    if records.is_empty() {
        return;
    }
    let generation = GENERATION.load(Ordering::Acquire);
    let mut parcels = lock(&PARCELS);
    let p = parcels.entry(ordinal).or_insert_with(|| Parcel {
        generation,
        records: Vec::new(),
    });
    p.generation = generation;
    p.records.extend(records);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statics are process-wide: the steps run in one test, in order.
    #[test]
    fn records_follow_the_position_across_generations() {
        new_generation();
        let a = arrive();
        let b = arrive();
        assert_eq!((a.ordinal, b.ordinal), (0, 1));
        assert!(a.inherited.is_empty() && b.inherited.is_empty());

        // Reload: the new generation registers, then the old instances leave.
        new_generation();
        leave(a.ordinal, vec![b"a1".to_vec(), b"a2".to_vec()]);
        leave(b.ordinal, vec![b"b1".to_vec()]);
        leave(b.ordinal, Vec::new());
        let a2 = arrive();
        assert_eq!(a2.ordinal, 0);
        assert_eq!(a2.inherited, [b"a1".to_vec(), b"a2".to_vec()]);
        assert_eq!(a2.orphaned, 0);
        // The reloaded configuration has one syssentry input only: b's parcel waits...

        // ...until the next reload, whose first instance drops and reports it.
        new_generation();
        let a3 = arrive();
        assert_eq!(a3.ordinal, 0);
        assert!(a3.inherited.is_empty());
        assert_eq!(a3.orphaned, 1);
        assert!(lock(&PARCELS).is_empty());
    }
}
