//! Rounds, medians, allocation counting and the Markdown table.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Counts allocation calls and bytes, but only while `COUNTING` is set: the timed rounds
/// run with it off so that the atomic adds do not inflate the allocation-heavy rows.
pub struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

impl CountingAlloc {
    fn note(size: usize) {
        if COUNTING.load(Relaxed) {
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(size as u64, Relaxed);
        }
    }
}

// SAFETY: every call forwards to `System` unchanged; the counters have no effect on the
// returned memory.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::note(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::note(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    /// A realloc counts as one allocation of its new size: it may move, and it is what a
    /// growing `Vec`/`String` costs.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        Self::note(new_size);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// What a row measures; rows of one group do the same work, so `peer / ours` is
/// computed between the `Side::Ours` row of a group and each `Side::Peer` row in it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Group {
    /// Input to signed request bytes and response bytes to typed output: the whole call.
    Call,
    /// Parts of the SDK call, timed alone to attribute its cost (no row of ours: our input
    /// is borrowed and there is no connector).
    Breakdown,
    /// SigV4 signing of the request.
    Sign,
    /// Request body encoding.
    Encode,
    /// Response decoding.
    Decode,
    /// The hashing floor.
    Floor,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    Peer,
    Ours,
    Floor,
}

pub struct Row {
    pub name: String,
    pub group: Group,
    pub side: Side,
    /// Runs the operation `n` times.
    run: Box<dyn FnMut(u64)>,
    iters: u64,
    ns_per_op: Vec<f64>,
    allocs_per_op: f64,
    bytes_per_op: f64,
}

impl Row {
    pub fn new(
        name: impl Into<String>,
        group: Group,
        side: Side,
        run: impl FnMut(u64) + 'static,
    ) -> Self {
        Self {
            name: name.into(),
            group,
            side,
            run: Box::new(run),
            iters: 1,
            ns_per_op: Vec::new(),
            allocs_per_op: 0.0,
            bytes_per_op: 0.0,
        }
    }

    fn median(&self) -> f64 {
        let mut v = self.ns_per_op.clone();
        v.sort_by(f64::total_cmp);
        let m = v.len() / 2;
        if v.len() % 2 == 1 {
            v[m]
        } else {
            (v[m - 1] + v[m]) / 2.0
        }
    }
}

pub struct Plan {
    pub rounds: usize,
    /// Wall time each row gets in each round.
    pub per_round: Duration,
}

/// Warms each row up and sizes its iteration count, then runs `rounds` rounds in which
/// every row runs once in turn (interleaved: a burst of noise from the other tenants of
/// the machine hits one round of many rows, not every round of one row), then one extra
/// counted pass per row for allocations.
pub fn run(rows: &mut [Row], plan: &Plan) {
    for row in rows.iter_mut() {
        let mut n = 1u64;
        let warm = plan.per_round / 4;
        loop {
            let t = Instant::now();
            (row.run)(n);
            let dt = t.elapsed();
            if dt >= warm || n >= 1 << 40 {
                let per_op = dt.as_secs_f64() / n as f64;
                row.iters = ((plan.per_round.as_secs_f64() / per_op) as u64).max(1);
                break;
            }
            n *= 2;
        }
    }
    for round in 0..plan.rounds {
        for row in rows.iter_mut() {
            let t = Instant::now();
            (row.run)(row.iters);
            let ns = t.elapsed().as_nanos() as f64 / row.iters as f64;
            row.ns_per_op.push(ns);
        }
        eprintln!("round {}/{} done", round + 1, plan.rounds);
    }
    for row in rows.iter_mut() {
        let n = row.iters.clamp(1, 100_000);
        ALLOCS.store(0, Relaxed);
        BYTES.store(0, Relaxed);
        COUNTING.store(true, Relaxed);
        (row.run)(n);
        COUNTING.store(false, Relaxed);
        row.allocs_per_op = ALLOCS.load(Relaxed) as f64 / n as f64;
        row.bytes_per_op = BYTES.load(Relaxed) as f64 / n as f64;
    }
}

pub fn table(rows: &[Row]) -> String {
    let floor = rows.iter().find(|r| r.side == Side::Floor).map(Row::median);
    let has_ours = rows.iter().any(|r| r.side == Side::Ours);
    let mut s = String::new();
    s.push_str("| name | median ns/op | min..max ns/op | allocs/op | bytes allocated/op | ratio to floor |");
    s.push_str(if has_ours { " peer / ours |\n" } else { "\n" });
    s.push_str("| --- | ---: | ---: | ---: | ---: | ---: |");
    s.push_str(if has_ours { " ---: |\n" } else { "\n" });
    for r in rows {
        let med = r.median();
        let min = r.ns_per_op.iter().copied().fold(f64::INFINITY, f64::min);
        let max = r.ns_per_op.iter().copied().fold(0.0, f64::max);
        let to_floor = floor.map_or("-".to_string(), |f| format!("{:.1}x", med / f));
        s.push_str(&format!(
            "| {} | {:.0} | {:.0}..{:.0} | {} | {} | {} |",
            r.name,
            med,
            min,
            max,
            fmt_count(r.allocs_per_op),
            fmt_count(r.bytes_per_op),
            to_floor
        ));
        if has_ours {
            let ours = rows
                .iter()
                .find(|o| o.side == Side::Ours && o.group == r.group);
            let cell = match (r.side, ours) {
                (Side::Peer, Some(o)) => format!(" {:.1}x |", med / o.median()),
                _ => " - |".to_string(),
            };
            s.push_str(&cell);
        }
        s.push('\n');
    }
    s
}

/// Whole numbers print as such; an allocation count that is not a whole number per op
/// would mean the row does something other than the same work every time.
fn fmt_count(x: f64) -> String {
    if (x - x.round()).abs() < 0.005 {
        format!("{}", x.round())
    } else {
        format!("{x:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, group: Group, side: Side, ns: &[f64]) -> Row {
        let mut r = Row::new(name, group, side, |_| {});
        r.ns_per_op = ns.to_vec();
        r
    }

    #[test]
    fn median_of_odd_and_even_rounds() {
        assert_eq!(
            row("a", Group::Sign, Side::Peer, &[5.0, 1.0, 3.0]).median(),
            3.0
        );
        assert_eq!(
            row("a", Group::Sign, Side::Peer, &[4.0, 1.0, 2.0, 9.0]).median(),
            3.0
        );
    }

    #[test]
    fn peer_over_ours_column_appears_with_an_ours_row_of_the_same_group() {
        let mut rows = vec![
            row("sdk", Group::Call, Side::Peer, &[800.0]),
            row("signer", Group::Sign, Side::Peer, &[300.0]),
            row("floor", Group::Floor, Side::Floor, &[100.0]),
        ];
        assert!(!table(&rows).contains("peer / ours"));
        rows.push(row("ours", Group::Sign, Side::Ours, &[150.0]));
        let t = table(&rows);
        assert!(t.contains("peer / ours"));
        let line = |name: &str| {
            t.lines()
                .find(|l| l.starts_with(&format!("| {name} |")))
                .unwrap()
                .to_string()
        };
        assert!(
            line("signer").ends_with("| 3.0x | 2.0x |"),
            "{}",
            line("signer")
        );
        assert!(
            line("sdk").ends_with("| 8.0x | - |"),
            "no ours row in Call: {}",
            line("sdk")
        );
        assert!(line("ours").ends_with("| 1.5x | - |"), "{}", line("ours"));
    }
}
