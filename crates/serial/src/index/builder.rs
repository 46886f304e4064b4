//! Building the index: collect triples, sort them by maker (a counting sort) and by L3 form
//! within a maker, write the columns, then sort the other views.

use super::columns::{AttrColumn, IdColumn, KeyColumn, PackedIds, TextColumn};
use super::grams::GramFilter;
use super::key::{l3_bytes, truncate_serial};
use super::spelling;
use super::view::{
    packed, sort_entries, Branches, Directory, View, DEEP_DIRECTORY_AT, DIRECTORY_AT,
    MAKER_DIRECTORY_AT,
};
use super::{Attrs, SerialIndex};

/// Collects `(maker, serial, firearm, attrs)` entries for a [`SerialIndex`].
#[derive(Default)]
pub struct IndexBuilder {
    makers: Vec<u32>,
    firearms: Vec<u64>,
    attrs: Vec<Attrs>,
    /// The serials as added, one after another (`ends[i]` is where serial `i` ends).
    text: String,
    ends: Vec<u64>,
}

impl IndexBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one serial. Serials longer than [`crate::MAX_SERIAL_BYTES`] are kept cut to that
    /// length; entry ids beyond `u32::MAX` are not supported (4 billion serials).
    pub fn add(&mut self, maker: u32, serial: &str, firearm: u64, attrs: Attrs) {
        self.makers.push(maker);
        self.firearms.push(firearm);
        self.attrs.push(attrs);
        self.text.push_str(truncate_serial(serial));
        self.ends.push(self.text.len() as u64);
    }

    /// Number of serials added.
    pub fn len(&self) -> usize {
        self.makers.len()
    }

    /// Whether no serial was added.
    pub fn is_empty(&self) -> bool {
        self.makers.is_empty()
    }

    /// Where serial `i` lies in `text`.
    fn span(&self, i: usize) -> (usize, usize) {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        (start, self.ends[i] as usize)
    }

    fn serial(&self, i: usize) -> &str {
        let (start, end) = self.span(i);
        // Serials were pushed whole, so the ends are character boundaries.
        self.text.get(start..end).unwrap_or("")
    }

    /// Builds the index; entries are ordered by maker, then by L3 form.
    pub fn build(self) -> SerialIndex {
        let (makers, starts, mut order) = self.order_by_maker();
        let forms = self.l3_forms();
        let key_of = |e: u32, out: &mut Vec<u8>| l3_bytes(self.serial(e as usize), out);
        for w in starts.windows(2) {
            let within = &mut order[w[0] as usize..w[1] as usize];
            sort_entries(within, &forms.forward, &forms.lens, false, &key_of);
        }
        let in_order: Vec<Attrs> = order.iter().map(|&i| self.attrs[i as usize]).collect();
        let attrs = AttrColumn::build(in_order.into_iter());
        let firearms = IdColumn::build(order.iter().map(|&i| self.firearms[i as usize]).collect());
        let (l3, raw) = self.texts(&order);
        let grams = GramFilter::build(&l3);
        // The packed prefixes and lengths of the entries in their new order, for the other
        // views' sorts.
        let gather = |v: &[u64]| -> Vec<u64> { order.iter().map(|&i| v[i as usize]).collect() };
        let (forward, backward) = (gather(&forms.forward), gather(&forms.backward));
        let lens: Vec<u8> = order.iter().map(|&i| forms.lens[i as usize]).collect();
        // Free the collected entries before the views' sort arrays are made.
        drop((order, forms, self));
        let (backward_by_maker, forward_all, backward_all) =
            views(&l3, &starts, [&forward, &backward], &lens);
        let n = forward.len();
        let branches = [
            Branches::build(n, |p| p, &forward, &lens),
            Branches::build(n, |p| backward_by_maker[p] as usize, &backward, &lens),
            Branches::build(n, |p| forward_all[p] as usize, &forward, &lens),
            Branches::build(n, |p| backward_all[p] as usize, &backward, &lens),
        ];
        let samples = [
            View::sample(&forward, None),
            View::sample(&backward, Some(&backward_by_maker)),
            View::sample(&forward, Some(&forward_all)),
            View::sample(&backward, Some(&backward_all)),
        ];
        let (directories_all, directories_by_maker) = directories(
            &starts,
            [&forward, &backward],
            [&backward_by_maker, &forward_all, &backward_all],
        );
        SerialIndex {
            exact: super::exact::ExactTable::build(&l3),
            key_lengths: super::key_lengths(&l3, &starts),
            maker_pages: super::maker_pages(&starts, n),
            directories_all,
            directories_by_maker,
            makers,
            starts,
            firearms,
            attrs,
            l3,
            raw,
            grams,
            backward_by_maker: PackedIds::pack(&backward_by_maker, n),
            forward_all: PackedIds::pack(&forward_all, n),
            backward_all: PackedIds::pack(&backward_all, n),
            branches,
            samples,
        }
    }

    /// Distinct makers (ascending), their first entries, and the insertion index of each
    /// entry in maker order (a stable counting sort).
    fn order_by_maker(&self) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
        let mut makers = self.makers.clone();
        makers.sort_unstable();
        makers.dedup();
        makers.shrink_to_fit();
        let rank = |m: u32| makers.binary_search(&m).unwrap_or(0);
        let ranks: Vec<u32> = self.makers.iter().map(|&m| rank(m) as u32).collect();
        let mut starts = vec![0u32; makers.len() + 1];
        for &r in &ranks {
            starts[r as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; ranks.len()];
        for (i, &r) in ranks.iter().enumerate() {
            order[next[r as usize] as usize] = i as u32;
            next[r as usize] += 1;
        }
        (makers, starts, order)
    }

    /// What the sorts need of every serial's L3 form, in insertion order, in one pass.
    fn l3_forms(&self) -> Forms {
        let n = self.len();
        let mut forms = Forms {
            forward: Vec::with_capacity(n),
            backward: Vec::with_capacity(n),
            lens: Vec::with_capacity(n),
        };
        let mut key = Vec::new();
        for i in 0..n {
            l3_bytes(self.serial(i), &mut key);
            forms.forward.push(packed(&key, false));
            forms.backward.push(packed(&key, true));
            forms.lens.push(key.len() as u8);
        }
        forms
    }

    /// The L3 and raw columns in the final order. The serials are first copied into that
    /// order in tight loops (whose cache misses overlap), then read in sequence.
    fn texts(&self, order: &[u32]) -> (KeyColumn, TextColumn) {
        let spans: Vec<(usize, usize)> = order.iter().map(|&i| self.span(i as usize)).collect();
        let mut text = String::with_capacity(self.text.len());
        let mut ends = Vec::with_capacity(order.len());
        for &(start, end) in &spans {
            text.push_str(self.text.get(start..end).unwrap_or(""));
            ends.push(text.len());
        }
        drop(spans);
        let (mut l3, mut raw) = (KeyColumn::new(), TextColumn::new());
        let mut key = Vec::with_capacity(64);
        let mut spelled = Vec::with_capacity(64);
        let mut start = 0;
        for end in ends {
            let serial = text.get(start..end).unwrap_or("");
            start = end;
            l3_bytes(serial, &mut key);
            l3.push(&key);
            spelled.clear();
            spelling::encode(serial.as_bytes(), &key, &mut spelled);
            raw.push(&spelled);
        }
        l3.shrink();
        raw.shrink();
        (l3, raw)
    }
}

/// Of each L3 form, by insertion order: its packed prefixes (`view.rs`) and its length.
struct Forms {
    forward: Vec<u64>,
    backward: Vec<u64>,
    lens: Vec<u8>,
}

/// The sorted views besides the entries' own order: backwards within each maker, and
/// forwards and backwards over all makers.
fn views(
    l3: &KeyColumn,
    starts: &[u32],
    [forward, backward]: [&[u64]; 2],
    lens: &[u8],
) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
    let n = *starts.last().unwrap_or(&0);
    let key_of = |e: u32, out: &mut Vec<u8>| out.extend_from_slice(l3.get(e as usize));
    let mut backward_by_maker: Vec<u32> = (0..n).collect();
    for w in starts.windows(2) {
        let within = &mut backward_by_maker[w[0] as usize..w[1] as usize];
        sort_entries(within, backward, lens, true, &key_of);
    }
    let mut forward_all: Vec<u32> = (0..n).collect();
    sort_entries(&mut forward_all, forward, lens, false, &key_of);
    let mut backward_all: Vec<u32> = (0..n).collect();
    sort_entries(&mut backward_all, backward, lens, true, &key_of);
    (backward_by_maker, forward_all, backward_all)
}

/// The directories of the views over all makers, and of each big maker's range.
type Directories = (Option<[Directory; 2]>, Vec<(u32, Directory, Directory)>);

/// Directories for the views over all makers (from [`DIRECTORY_AT`] entries; 3 levels from
/// [`DEEP_DIRECTORY_AT`], else 2), and of 2 levels for each maker's range of at least
/// [`MAKER_DIRECTORY_AT`] in its two views. `[forward, backward]` are the packed prefixes by
/// entry; `orders` are `backward_by_maker`, `forward_all`, `backward_all`.
fn directories(
    starts: &[u32],
    [forward, backward]: [&[u64]; 2],
    orders: [&[u32]; 3],
) -> Directories {
    let [backward_by_maker, forward_all, backward_all] = orders;
    let n = forward.len();
    let levels = if n >= DEEP_DIRECTORY_AT { 3 } else { 2 };
    let all = (n >= DIRECTORY_AT).then(|| {
        [
            Directory::build(0, n, levels, |p| forward[forward_all[p] as usize]),
            Directory::build(0, n, levels, |p| backward[backward_all[p] as usize]),
        ]
    });
    let by_maker = starts
        .windows(2)
        .map(|w| (w[0] as usize, w[1] as usize))
        .filter(|(lo, hi)| hi - lo >= MAKER_DIRECTORY_AT)
        .map(|(lo, hi)| {
            (
                lo as u32,
                Directory::build(lo, hi, 2, |p| forward[p]),
                Directory::build(lo, hi, 2, |p| backward[backward_by_maker[p] as usize]),
            )
        })
        .collect();
    (all, by_maker)
}
