//! Child documents of `aws:executeAutomation` for stored executions: bundled documents, the
//! registry, or `file://` paths, found as StartAutomationExecution finds its document.

use super::documents::resolve_document;
use crate::exec::{DocumentSource, LoadedDocument};
use crate::source::SourceFile;
use crate::store::DocumentStore;

pub struct RegistryDocuments<'s> {
    pub store: &'s dyn DocumentStore,
}

impl DocumentSource for RegistryDocuments<'_> {
    fn load(&self, name: &str, version: Option<&str>) -> Result<LoadedDocument, String> {
        let resolved = resolve_document(self.store, name, version).map_err(|e| e.message)?;
        let source = SourceFile::new(resolved.label.clone(), resolved.text.clone());
        let document = crate::cli::load::child_document(&source, name)?;
        Ok(LoadedDocument {
            name: resolved.name,
            version: resolved.version,
            document,
            source: Some(source),
        })
    }
}
