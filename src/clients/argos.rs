//! ARGOS ID Check: `GET /submission` with `x-api-key`, optional decryption of encrypted answers, and the
//! `nextpageKey` pagination.

use super::Transport;
use crate::error::{EkycError, Result};
use crate::model::{ProviderId, Verification};
use crate::providers::argos::{
    build_submission_request, parse_submission_response, Decryptor, PageCursor, SubmissionPage, SubmissionQuery,
    PROVIDER,
};
use crate::providers::{normalize, NormalizeOptions};

/// An ARGOS client. Holds the API key (and the decryption key): server or edge only.
pub struct ArgosClient<T> {
    base_url: String,
    api_key: String,
    decryptor: Option<Box<dyn Decryptor>>,
    transport: T,
}

impl<T: Transport> ArgosClient<T> {
    /// Fails with `invalid_input` for an empty key or a non-http(s) base URL.
    pub fn new(base_url: String, api_key: String, decryptor: Option<Box<dyn Decryptor>>, transport: T) -> Result<Self> {
        build_submission_request(&base_url, &api_key, &SubmissionQuery::by_id("check"))?;
        Ok(ArgosClient { base_url, api_key, decryptor, transport })
    }

    /// One page of submissions matching `query`.
    pub async fn page(&self, query: &SubmissionQuery) -> Result<SubmissionPage> {
        let http = build_submission_request(&self.base_url, &self.api_key, query)?;
        parse_submission_response(&self.transport.send(http).await?, self.decryptor.as_deref())
    }

    /// One submission, normalized. An id ARGOS does not know gives decision `error` with reason `not_found`.
    pub async fn get_submission(&self, submission_id: &str) -> Result<Verification> {
        let page = self.page(&SubmissionQuery::by_id(submission_id)).await?;
        normalize(ProviderId::Argos, &page.raw, &NormalizeOptions::default())
    }
}

/// Walks every page of a listing: the state behind `listSubmissions`' async iterator, so it can be driven one
/// page at a time from JS.
pub struct Pager {
    query: SubmissionQuery,
    pending: std::collections::VecDeque<serde_json::Value>,
    seen_cursors: Vec<PageCursor>,
    finished: bool,
}

impl Pager {
    pub fn new(query: SubmissionQuery) -> Self {
        Pager { query, pending: Default::default(), seen_cursors: Vec::new(), finished: false }
    }

    /// A pager that yields nothing (the state after an error ended the iteration).
    pub fn finished() -> Self {
        Pager { finished: true, ..Pager::new(SubmissionQuery::default()) }
    }

    /// The next submission, normalized, fetching the next page when needed; `None` after the last one.
    /// A cursor that repeats (a server bug that would page forever) is `malformed_response`.
    pub async fn next<T: Transport>(&mut self, client: &ArgosClient<T>) -> Result<Option<Verification>> {
        while self.pending.is_empty() && !self.finished {
            let page = client.page(&self.query).await?;
            self.pending.extend(page.items.iter().cloned());
            match page.next_page() {
                Some(cursor) if self.seen_cursors.contains(cursor) => {
                    self.finished = true;
                    return Err(
                        EkycError::malformed("ARGOS returned the same nextpageKey twice").with_provider(PROVIDER)
                    );
                }
                Some(cursor) => {
                    self.seen_cursors.push(cursor.clone());
                    self.query = self.query.with_cursor(cursor);
                }
                None => self.finished = true,
            }
        }
        match self.pending.pop_front() {
            Some(item) => normalize(ProviderId::Argos, &item, &NormalizeOptions::default()).map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::testing::{block_on, json, Scripted};
    use crate::model::Decision;
    use serde_json::json;

    fn item(id: &str, result: &str) -> serde_json::Value {
        json!({"submission_id": id, "kyc": {"result": result}})
    }

    #[test]
    fn pages_are_followed_until_the_cursor_is_gone() {
        let t = Scripted::new(vec![
            json(
                200,
                json!({"Items": [item("a", "approved"), item("b", "rejected")], "nextpageKey": {"id": "b", "created_at": "2024-01-01-00-00-00-000"}}),
            ),
            json(200, json!({"Items": [item("c", "pending")]})),
        ]);
        let c = ArgosClient::new("https://argos.test/v3".into(), "key".into(), None, &t).unwrap();
        let mut pager = Pager::new(SubmissionQuery { count: Some(2), ..Default::default() });
        let mut seen = Vec::new();
        while let Some(v) = block_on(pager.next(&c)).unwrap() {
            seen.push((v.reference.clone().unwrap_or_default(), v.decision));
        }
        assert_eq!(
            seen,
            vec![("a".into(), Decision::Approved), ("b".into(), Decision::Rejected), ("c".into(), Decision::Review)]
        );
        let sent = t.sent.borrow();
        assert!(sent[1].url.contains("nextpage_id=b"), "{}", sent[1].url);
        assert_eq!(sent[0].header_value("x-api-key"), Some("key"));
    }

    #[test]
    fn a_repeating_cursor_stops_with_an_error() {
        let page = json!({"Items": [item("a", "approved")], "nextpageKey": {"id": "a", "created_at": "x"}});
        let t = Scripted::new(vec![json(200, page.clone()), json(200, page)]);
        let c = ArgosClient::new("https://argos.test/v3".into(), "key".into(), None, &t).unwrap();
        let mut pager = Pager::new(SubmissionQuery::default());
        assert!(block_on(pager.next(&c)).unwrap().is_some());
        let err = loop {
            match block_on(pager.next(&c)) {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("must not end quietly"),
                Err(e) => break e,
            }
        };
        assert_eq!(err.code, crate::ErrorCode::MalformedResponse);
    }
}
