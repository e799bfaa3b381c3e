//! [`ServiceModel`]: one service's operations and shapes. Operations are read when the
//! service is first used; shapes are read one at a time when first asked for, from the
//! small chunk of the embedded data that holds them, so a document that uses a few
//! operations of `ec2` never parses its 4,000 shapes.

use std::sync::OnceLock;

use indexmap::IndexMap;

use super::shape::{RawShape, Shape};
use super::xform::xform_name;

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The model's name, PascalCase (`DescribeInstances`).
    pub name: String,
    /// boto3's method name (`describe_instances`).
    pub method: String,
    pub input: Option<String>,
    pub output: Option<String>,
}

/// Where a service's shapes are: each chunk's first shape name and its compressed bytes.
pub(super) struct ChunkSource {
    pub first: &'static str,
    pub packed: &'static [u8],
}

/// An inflated chunk: `Name TAB json` lines sorted by name, each shape parsed on first use.
struct Chunk {
    text: String,
    /// Byte ranges of each line's name and body in `text`.
    lines: Vec<(usize, usize, usize)>,
    parsed: Vec<OnceLock<Option<Shape>>>,
}

impl Chunk {
    fn inflate(packed: &[u8]) -> Option<Chunk> {
        let bytes = miniz_oxide::inflate::decompress_to_vec_zlib(packed).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let tab = line.find('\t')?;
            lines.push((start, start + tab, start + line.len()));
            start += line.len() + 1;
        }
        let parsed = (0..lines.len()).map(|_| OnceLock::new()).collect();
        Some(Chunk {
            text,
            lines,
            parsed,
        })
    }

    fn shape(&self, name: &str) -> Option<&Shape> {
        let index = self
            .lines
            .binary_search_by(|(start, tab, _)| self.text[*start..*tab].cmp(name))
            .ok()?;
        let (_, tab, end) = self.lines[index];
        self.parsed[index]
            .get_or_init(|| {
                serde_json::from_str::<RawShape>(&self.text[tab + 1..end])
                    .ok()
                    .map(RawShape::into_shape)
            })
            .as_ref()
    }
}

pub struct ServiceModel {
    /// boto3 client name (`ec2`).
    pub name: &'static str,
    pub api_version: String,
    pub protocol: String,
    pub service_id: String,
    operations: IndexMap<String, Operation>,
    chunks: Vec<ChunkSource>,
    inflated: Vec<OnceLock<Option<Chunk>>>,
}

impl std::fmt::Debug for ServiceModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceModel")
            .field("name", &self.name)
            .field("api_version", &self.api_version)
            .field("operations", &self.operations.len())
            .field("chunks", &self.chunks.len())
            .finish()
    }
}

impl ServiceModel {
    /// Reads the operations text `scripts/gen-models.py` writes: a header line, then one
    /// line per operation. `None` if it is not in that form.
    pub(super) fn new(
        name: &'static str,
        operations: &str,
        chunks: Vec<ChunkSource>,
    ) -> Option<ServiceModel> {
        let mut lines = operations.split('\n');
        let mut header = lines.next()?.split('\t');
        let mut field = || header.next().unwrap_or_default().to_string();
        let (api_version, protocol, service_id) = (field(), field(), field());
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let mut map = IndexMap::new();
        for line in lines {
            let mut parts = line.split('\t');
            let (op, method) = (parts.next()?, parts.next()?);
            let (input, output) = (parts.next()?, parts.next()?);
            let operation = Operation {
                name: op.to_string(),
                method: method.to_string(),
                input: optional(input),
                output: optional(output),
            };
            map.insert(op.to_string(), operation);
        }
        let inflated = (0..chunks.len()).map(|_| OnceLock::new()).collect();
        Some(ServiceModel {
            name,
            api_version,
            protocol,
            service_id,
            operations: map,
            chunks,
            inflated,
        })
    }

    /// The operation an `Api` value names, in any spelling boto3 maps to its method.
    pub fn operation(&self, api: &str) -> Option<&Operation> {
        if let Some(op) = self.operations.get(api) {
            return Some(op);
        }
        let method = xform_name(api);
        self.operations.values().find(|op| op.method == method)
    }

    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.values()
    }

    /// A shape by name: its chunk is the last one starting at or before the name.
    pub fn shape(&self, name: &str) -> Option<&Shape> {
        let after = self.chunks.partition_point(|c| c.first <= name);
        let index = after.checked_sub(1)?;
        self.inflated
            .get(index)?
            .get_or_init(|| Chunk::inflate(self.chunks[index].packed))
            .as_ref()?
            .shape(name)
    }

    /// How many shape chunks have been inflated so far: what a lookup cost, for tests.
    pub fn chunks_inflated(&self) -> usize {
        self.inflated.iter().filter(|c| c.get().is_some()).count()
    }
}
