//! A small index over arbitrary serials, for the property tests: three makers, and type and
//! caliber codes on some entries.

use rastro_serial::{Attrs, IndexBuilder, SerialIndex};

pub fn index_of(serials: &[String]) -> SerialIndex {
    let mut b = IndexBuilder::new();
    for (i, s) in serials.iter().enumerate() {
        let attrs = Attrs {
            firearm_type: (i % 3 == 0).then_some(1),
            caliber: (i % 4 == 0).then_some(2),
        };
        b.add(i as u32 % 3, s, i as u64, attrs);
    }
    b.build()
}
