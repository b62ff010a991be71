//! The sandbox's memory: configuration, credentials, sessions and submissions of every provider, armed
//! scenarios, and the recent request and callback logs. Everything is bounded ([`Bounded`], [`MAX_ITEMS`]):
//! the oldest entries are evicted, so a long-running sandbox does not grow.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use serde_json::Value;

use crate::credentials::{Credentials, RmKeys};
use crate::scenario::{Armed, Provider};

/// How many items of each kind (tokens, sessions, submissions, log lines) are kept.
pub const MAX_ITEMS: usize = 1000;

/// How ARGOS bodies (GET answers and webhooks) are encrypted, when the "project" has encryption on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgosEncryption {
    Gcm,
    Ecb,
}

/// Start-up options.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where ARGOS webhooks go (`--webhook-argos`).
    pub webhook_argos: Option<String>,
    /// Added to every API answer (`--latency-ms`).
    pub latency_ms: u64,
    /// How long scenario `slow` waits (3 s; tests shorten it).
    pub slow_ms: u64,
    /// ARGOS encryption (`--argos-encryption gcm|ecb`); off by default.
    pub argos_encryption: Option<ArgosEncryption>,
    /// Lifetime of RM access tokens, seconds.
    pub rm_token_ttl_s: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { webhook_argos: None, latency_ms: 0, slow_ms: 3000, argos_encryption: None, rm_token_ttl_s: 3600 }
    }
}

/// A map that keeps at most `cap` entries, evicting the oldest inserted.
#[derive(Debug)]
pub struct Bounded<V> {
    cap: usize,
    order: VecDeque<String>,
    map: HashMap<String, V>,
}

impl<V> Bounded<V> {
    pub fn new(cap: usize) -> Self {
        Bounded { cap: cap.max(1), order: VecDeque::new(), map: HashMap::new() }
    }

    pub fn insert(&mut self, key: String, value: V) {
        if !self.map.contains_key(&key) {
            self.order.push_back(key.clone());
        }
        self.map.insert(key, value);
        while self.order.len() > self.cap {
            if let Some(old) = self.order.pop_front() {
                self.map.remove(&old);
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.map.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.map.get_mut(key)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Values oldest first.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.order.iter().filter_map(|k| self.map.get(k))
    }
}

/// Everything the providers remember. One lock; never held across an `.await`.
pub struct Store {
    pub armed: HashMap<Provider, VecDeque<Armed>>,
    /// RM access token → expiry (Unix ms).
    pub rm_tokens: Bounded<u64>,
    /// RM refresh token → expiry (Unix ms).
    pub rm_refresh: Bounded<u64>,
    /// RM nonces seen (replay protection within the timestamp window).
    pub rm_nonces: Bounded<u64>,
    /// RM MyKad recognitions by requestID.
    pub rm_mykad: Bounded<crate::providers::revenue_monster::MyKadRecord>,
    /// ADVANCE.AI access token → expiry (Unix ms).
    pub aai_tokens: Bounded<u64>,
    /// ADVANCE.AI transactions by signatureId.
    pub aai_sessions: Bounded<crate::providers::advance_ai::Session>,
    /// MasChain sessions by token.
    pub mc_sessions: Bounded<crate::providers::maschain::Session>,
    /// ARGOS submissions by submission_id, oldest first.
    pub argos_submissions: Bounded<Value>,
}

/// One request, as logged.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRecord {
    pub at_ms: u64,
    pub method: String,
    pub route: String,
    pub provider: String,
    pub scenario: String,
    pub status: u16,
}

/// One callback the sandbox sent (the target without its query, which may carry a secret).
#[derive(Debug, Clone, Serialize)]
pub struct CallbackRecord {
    pub at_ms: u64,
    pub provider: String,
    pub kind: String,
    pub target: String,
    /// The HTTP status answered, or `None` when the target could not be reached.
    pub status: Option<u16>,
    pub error: Option<String>,
}

struct Inner {
    config: Config,
    credentials: Credentials,
    rm_keys: RmKeys,
    store: Mutex<Store>,
    requests: Mutex<VecDeque<RequestRecord>>,
    callbacks: Mutex<VecDeque<CallbackRecord>>,
    http: reqwest::Client,
}

/// The shared state of the router (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave these plain maps half-updated in a harmful way.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn push_bounded<T>(q: &mut VecDeque<T>, item: T) {
    q.push_back(item);
    while q.len() > MAX_ITEMS {
        q.pop_front();
    }
}

impl AppState {
    /// A fresh sandbox with the embedded credentials.
    pub fn new(config: Config) -> Result<AppState, String> {
        let credentials = Credentials::embedded()?;
        let rm_keys = credentials.rm_keys()?;
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        let store = Store {
            armed: HashMap::new(),
            rm_tokens: Bounded::new(MAX_ITEMS),
            rm_refresh: Bounded::new(MAX_ITEMS),
            rm_nonces: Bounded::new(MAX_ITEMS * 10),
            rm_mykad: Bounded::new(MAX_ITEMS),
            aai_tokens: Bounded::new(MAX_ITEMS),
            aai_sessions: Bounded::new(MAX_ITEMS),
            mc_sessions: Bounded::new(MAX_ITEMS),
            argos_submissions: Bounded::new(MAX_ITEMS),
        };
        Ok(AppState {
            inner: Arc::new(Inner {
                config,
                credentials,
                rm_keys,
                store: Mutex::new(store),
                requests: Mutex::new(VecDeque::new()),
                callbacks: Mutex::new(VecDeque::new()),
                http,
            }),
        })
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    pub fn rm_keys(&self) -> &RmKeys {
        &self.inner.rm_keys
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The store, locked. Keep the guard short and never across an `.await`.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.inner.store)
    }

    /// Arms `scenario` for the next `times` calls of `provider` (of `endpoint` only, when given).
    pub fn arm(&self, provider: Provider, armed: Armed) {
        self.store().armed.entry(provider).or_default().push_back(armed);
    }

    /// Forgets every armed scenario.
    pub fn disarm_all(&self) {
        self.store().armed.clear();
    }

    /// The armed scenarios, by provider id.
    pub fn armed(&self) -> Vec<(String, Armed)> {
        let store = self.store();
        Provider::ALL
            .iter()
            .flat_map(|p| store.armed.get(p).into_iter().flatten().map(|a| (p.id().to_string(), a.clone())))
            .collect()
    }

    /// Takes one use of the first armed scenario of `provider` that applies to `endpoint`.
    pub fn take_armed(&self, provider: Provider, endpoint: &str) -> Option<String> {
        let mut store = self.store();
        let queue = store.armed.get_mut(&provider)?;
        let index = queue.iter().position(|a| {
            a.endpoint.as_deref().map_or(true, |e| e == endpoint) && provider.knows(Some(endpoint), &a.scenario)
        })?;
        let entry = queue.get_mut(index)?;
        let name = entry.scenario.clone();
        entry.times = entry.times.saturating_sub(1);
        if entry.times == 0 {
            queue.remove(index);
        }
        Some(name)
    }

    /// Logs one request (stdout, `[sandbox]` prefix) and keeps it for `GET /_sandbox/requests`.
    pub fn record_request(&self, method: &str, route: &str, provider: &str, scenario: &str, status: u16) {
        println!("[sandbox] {method} {route} provider={provider} scenario={scenario} status={status}");
        let record = RequestRecord {
            at_ms: crate::common::now_ms(),
            method: method.to_string(),
            route: route.to_string(),
            provider: provider.to_string(),
            scenario: scenario.to_string(),
            status,
        };
        push_bounded(&mut lock(&self.inner.requests), record);
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.inner.requests).iter().cloned().collect()
    }

    /// Logs one callback sent and keeps it for `GET /_sandbox/callbacks`.
    pub fn record_callback(&self, record: CallbackRecord) {
        println!(
            "[sandbox] callback provider={} kind={} target={} status={}",
            record.provider,
            record.kind,
            record.target,
            record.status.map_or_else(|| "unreachable".to_string(), |s| s.to_string())
        );
        push_bounded(&mut lock(&self.inner.callbacks), record);
    }

    pub fn callbacks(&self) -> Vec<CallbackRecord> {
        lock(&self.inner.callbacks).iter().cloned().collect()
    }
}
