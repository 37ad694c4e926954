//! The search's one collector: every matching post's key (the `key` fast field) with its score,
//! not the top few: the list ranks and filters them all.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentReader};

/// Collects every matching document's key and score.
pub(super) struct AllScored;

pub(super) struct SegmentScored {
    keys: Column<u64>,
    found: Vec<(u64, Score)>,
}

impl Collector for AllScored {
    type Fruit = Vec<(u64, Score)>;
    type Child = SegmentScored;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<SegmentScored> {
        Ok(SegmentScored {
            keys: segment.fast_fields().u64("key")?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u64, Score)>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentScored {
    type Fruit = Vec<(u64, Score)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(key) = self.keys.first(doc) {
            self.found.push((key, score));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.found
    }
}
