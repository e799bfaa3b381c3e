use super::temp_store;
use crate::store::{DocumentStore, StoreError, sha256_hex};

const V1: &str = "schemaVersion: '0.3'\nmainSteps: []\n";
const V2: &str = "{\"schemaVersion\": \"0.3\", \"mainSteps\": []}";

#[test]
fn create_returns_version_one_as_default_and_latest() {
    let (_dir, _path, store) = temp_store();
    let row = store
        .create_document("MyDoc", V1, "YAML", "Automation", 10.0)
        .unwrap();
    assert_eq!((row.version, row.status.as_str()), (1, "Active"));
    assert_eq!(row.hash, sha256_hex(V1.as_bytes()));
    let (got, default, latest) = store.get_document("MyDoc", None).unwrap().unwrap();
    assert_eq!((got, default, latest), (row, 1, 1));
}

#[test]
fn create_of_an_existing_name_is_a_conflict() {
    let (_dir, _path, store) = temp_store();
    store
        .create_document("MyDoc", V1, "YAML", "Automation", 1.0)
        .unwrap();
    let err = store
        .create_document("MyDoc", V2, "JSON", "Automation", 2.0)
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
}

#[test]
fn update_adds_a_version_and_keeps_the_default() {
    let (_dir, _path, store) = temp_store();
    store
        .create_document("MyDoc", V1, "YAML", "Automation", 1.0)
        .unwrap();
    let row = store.update_document("MyDoc", V2, "JSON", 2.0).unwrap();
    assert_eq!((row.version, row.format.as_str()), (2, "JSON"));
    assert_eq!(row.document_type, "Automation");
    let pick = |v| {
        store
            .get_document("MyDoc", v)
            .unwrap()
            .map(|(r, d, l)| (r.version, d, l))
    };
    assert_eq!(pick(None), Some((1, 1, 2)));
    assert_eq!(pick(Some("$DEFAULT")), Some((1, 1, 2)));
    assert_eq!(pick(Some("$LATEST")), Some((2, 1, 2)));
    assert_eq!(pick(Some("2")), Some((2, 1, 2)));
    for absent in ["3", "0", "01", "+1", "x", "$latest"] {
        assert_eq!(pick(Some(absent)), None, "{absent}");
    }
}

#[test]
fn update_errors() {
    let (_dir, _path, store) = temp_store();
    let err = store.update_document("Nope", V1, "YAML", 1.0).unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    store
        .create_document("MyDoc", V1, "YAML", "Automation", 1.0)
        .unwrap();
    let err = store.update_document("MyDoc", V1, "YAML", 2.0).unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(store.list_versions("MyDoc").unwrap().len(), 1);
}

#[test]
fn set_default_version_checks_both_names() {
    let (_dir, _path, store) = temp_store();
    store
        .create_document("MyDoc", V1, "YAML", "Automation", 1.0)
        .unwrap();
    store.update_document("MyDoc", V2, "JSON", 2.0).unwrap();
    store.set_default_version("MyDoc", 2).unwrap();
    let (row, default, latest) = store.get_document("MyDoc", None).unwrap().unwrap();
    assert_eq!((row.content.as_str(), default, latest), (V2, 2, 2));
    assert!(matches!(
        store.set_default_version("MyDoc", 7),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.set_default_version("Nope", 1),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn listing_and_deleting() {
    let (_dir, _path, store) = temp_store();
    store
        .create_document("Zeta", V1, "YAML", "Automation", 1.0)
        .unwrap();
    store
        .create_document("Alpha", V1, "YAML", "Automation", 1.0)
        .unwrap();
    store.update_document("Alpha", V2, "JSON", 2.0).unwrap();
    let listed: Vec<_> = store
        .list_documents()
        .unwrap()
        .into_iter()
        .map(|(r, d, l)| (r.name, r.version, d, l))
        .collect();
    assert_eq!(
        listed,
        [("Alpha".into(), 1, 1, 2), ("Zeta".into(), 1, 1, 1)]
    );
    let versions: Vec<u32> = store
        .list_versions("Alpha")
        .unwrap()
        .iter()
        .map(|r| r.version)
        .collect();
    assert_eq!(versions, [1, 2]);
    assert!(store.list_versions("Nope").unwrap().is_empty());

    assert!(store.delete_document("Alpha").unwrap());
    assert!(!store.delete_document("Alpha").unwrap());
    assert_eq!(store.get_document("Alpha", None).unwrap(), None);
    // A deleted name can be registered again from version 1.
    let row = store
        .create_document("Alpha", V2, "JSON", "Automation", 3.0)
        .unwrap();
    assert_eq!(row.version, 1);
}
