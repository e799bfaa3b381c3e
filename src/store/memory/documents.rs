//! `DocumentStore` for [`MemoryStore`](super::MemoryStore).

use std::collections::BTreeMap;

use super::MemoryStore;
use crate::store::sha256::sha256_hex;
use crate::store::{DocumentStore, DocumentVersionRow, DocumentView, StoreError, VersionSelector};

#[derive(Debug, Default)]
pub(super) struct Documents {
    by_name: BTreeMap<String, Document>,
}

#[derive(Debug)]
struct Document {
    default_version: u32,
    /// Oldest first; version `i + 1` at index `i`.
    versions: Vec<DocumentVersionRow>,
}

impl Document {
    fn latest(&self) -> u32 {
        self.versions.len() as u32
    }

    fn view(&self, version: u32) -> Option<DocumentView> {
        let index = usize::try_from(version.checked_sub(1)?).ok()?;
        let row = self.versions.get(index)?.clone();
        Some((row, self.default_version, self.latest()))
    }
}

impl DocumentStore for MemoryStore {
    fn create_document(
        &self,
        name: &str,
        content: &str,
        format: &str,
        document_type: &str,
        now: f64,
    ) -> Result<DocumentVersionRow, StoreError> {
        let mut inner = self.lock();
        let docs = &mut inner.documents.by_name;
        if docs.contains_key(name) {
            return Err(StoreError::Conflict(format!(
                "document `{name}` already exists"
            )));
        }
        let row = DocumentVersionRow::new(name, 1, content, format, document_type, now);
        docs.insert(
            name.to_string(),
            Document {
                default_version: 1,
                versions: vec![row.clone()],
            },
        );
        Ok(row)
    }

    fn update_document(
        &self,
        name: &str,
        content: &str,
        format: &str,
        now: f64,
    ) -> Result<DocumentVersionRow, StoreError> {
        let mut inner = self.lock();
        let doc = inner
            .documents
            .by_name
            .get_mut(name)
            .ok_or_else(|| StoreError::missing_document(name))?;
        let latest = doc.latest();
        let hash = sha256_hex(content.as_bytes());
        if doc.versions.last().is_some_and(|v| v.hash == hash) {
            return Err(StoreError::Conflict(format!(
                "the content is identical to version {latest} of document `{name}`"
            )));
        }
        let document_type = doc.versions[0].document_type.clone();
        let row = DocumentVersionRow::new(name, latest + 1, content, format, &document_type, now);
        doc.versions.push(row.clone());
        Ok(row)
    }

    fn set_default_version(&self, name: &str, version: u32) -> Result<(), StoreError> {
        let mut inner = self.lock();
        let doc = inner
            .documents
            .by_name
            .get_mut(name)
            .ok_or_else(|| StoreError::missing_document(name))?;
        if version == 0 || version > doc.latest() {
            return Err(StoreError::NotFound(format!(
                "document `{name}` has no version {version}"
            )));
        }
        doc.default_version = version;
        Ok(())
    }

    fn get_document(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<Option<DocumentView>, StoreError> {
        let inner = self.lock();
        let Some(doc) = inner.documents.by_name.get(name) else {
            return Ok(None);
        };
        Ok(match VersionSelector::parse(version) {
            Some(VersionSelector::Default) => doc.view(doc.default_version),
            Some(VersionSelector::Latest) => doc.view(doc.latest()),
            Some(VersionSelector::Number(n)) => doc.view(n),
            None => None,
        })
    }

    fn list_documents(&self) -> Result<Vec<DocumentView>, StoreError> {
        let inner = self.lock();
        Ok(inner
            .documents
            .by_name
            .values()
            .filter_map(|d| d.view(d.default_version))
            .collect())
    }

    fn list_versions(&self, name: &str) -> Result<Vec<DocumentVersionRow>, StoreError> {
        let inner = self.lock();
        Ok(inner
            .documents
            .by_name
            .get(name)
            .map(|d| d.versions.clone())
            .unwrap_or_default())
    }

    fn delete_document(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self.lock().documents.by_name.remove(name).is_some())
    }
}
