//! Paging over a listing of seven items, with the tokens botocore's PageIterator prints for
//! the same listing and options (computed with botocore 1.43).

use super::*;

fn listing() -> Vec<Value> {
    (0..7).map(|i| json!(i)).collect()
}

fn run(paging: &Paging, no_paginate: bool) -> Result<Value, SsmError> {
    let items = listing();
    paging.run(no_paginate, "Items", |offset, limit| {
        Ok(slice(&items, offset, limit))
    })
}

fn paged(max_items: Option<usize>, page_size: Option<usize>, start: Option<&str>) -> Value {
    let paging = Paging {
        max_items,
        page_size,
        starting_token: start.map(str::to_string),
        ..Paging::default()
    };
    run(&paging, false).expect("pages")
}

#[test]
fn max_items_stops_inside_a_page_with_botocores_token() {
    let first = "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==";
    assert_eq!(
        paged(Some(2), None, None),
        json!({"Items": [0, 1], "NextToken": first})
    );
    assert_eq!(
        paged(Some(2), None, Some(first)),
        json!({"Items": [2, 3], "NextToken": "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiA0fQ=="})
    );
}

#[test]
fn page_size_changes_the_tokens_not_the_items() {
    assert_eq!(
        paged(Some(4), Some(2), None),
        json!({"Items": [0, 1, 2, 3], "NextToken": "eyJOZXh0VG9rZW4iOiAiNCJ9"})
    );
    let inside = "eyJOZXh0VG9rZW4iOiAiMyIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9";
    assert_eq!(
        paged(Some(4), Some(3), None),
        json!({"Items": [0, 1, 2, 3], "NextToken": inside})
    );
    assert_eq!(
        paged(Some(2), Some(3), Some(inside)),
        json!({"Items": [4, 5], "NextToken": "eyJOZXh0VG9rZW4iOiAiNiJ9"})
    );
    assert_eq!(paged(None, Some(3), None), json!({"Items": listing()}));
    assert_eq!(paged(Some(7), None, None), json!({"Items": listing()}));
}

#[test]
fn the_apis_own_options_send_one_request() {
    let paging = Paging {
        max_results: Some(3),
        ..Paging::default()
    };
    assert!(!paging.paginates(false));
    assert_eq!(
        run(&paging, false).expect("one page"),
        json!({"Items": [0, 1, 2], "NextToken": "3"})
    );
    let rest = Paging {
        next_token: Some("3".into()),
        ..Paging::default()
    };
    assert_eq!(
        run(&rest, false).expect("the rest"),
        json!({"Items": [3, 4, 5, 6]})
    );
    // A service token is also a starting token, as botocore reads it.
    assert_eq!(paged(Some(1), None, Some("3"))["Items"], json!([3]));
}

#[test]
fn no_paginate_refuses_pagination_options() {
    let paging = Paging {
        max_items: Some(2),
        starting_token: Some("x".into()),
        ..Paging::default()
    };
    let e = run(&paging, true).expect_err("refused");
    assert!(
        e.message
            .ends_with("arguments: --starting-token, --max-items"),
        "{}",
        e.message
    );
    let with_api_option = Paging {
        max_results: Some(2),
        max_items: Some(2),
        ..Paging::default()
    };
    assert!(run(&with_api_option, false).is_err());
}

#[test]
fn bad_tokens_and_page_sizes_are_refused() {
    let bad_token = Paging {
        next_token: Some("abc".into()),
        ..Paging::default()
    };
    let e = run(&bad_token, false).expect_err("bad token");
    assert_eq!(e.exception, Some("InvalidNextToken"));
    for size in [0, SERVICE_PAGE + 1] {
        let paging = Paging {
            page_size: Some(size),
            ..Paging::default()
        };
        assert!(run(&paging, false).is_err(), "{size}");
    }
}
