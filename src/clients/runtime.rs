//! Where the SDK runs, from what its global scope shows: a browser (a page or any of its workers), or a server
//! runtime (Node, Deno, Bun, workerd, and test environments such as jsdom or happy-dom under Node). Secret-holding
//! clients refuse to be built in a browser (`secret_in_browser`): a worker of a page ships in the same bundle
//! and is as readable as the page.
//!
//! The observations are read at the JS boundary (`bindings/clients.rs`); the decision is here, tested natively.

/// What the global scope shows (each read without throwing; absent is `false` / `None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GlobalScope<'a> {
    /// `window` is defined.
    pub window: bool,
    /// `document` is defined.
    pub document: bool,
    /// The global object is an instance of `WorkerGlobalScope` (dedicated, shared and service workers; workerd
    /// also claims it, hence the user-agent check).
    pub worker_global_scope: bool,
    /// `navigator.userAgent`, when it is a string (`"Cloudflare-Workers"` in workerd).
    pub user_agent: Option<&'a str>,
    /// `process.versions.node` is a string (Node, Bun, and jsdom / happy-dom test environments, which run in Node).
    pub node: bool,
    /// `Deno` is defined (Deno 1 also defines `window`).
    pub deno: bool,
}

/// The kind of runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runtime {
    /// A browser page (`window` and `document`).
    BrowserPage,
    /// A browser's dedicated, shared or service worker.
    BrowserWorker,
    /// Node, Deno, Bun, workerd, or a jsdom-style test environment: a place where a secret may live.
    Server,
}

impl Runtime {
    /// Whether code here ships to, and can be read in, an end user's browser.
    pub fn is_browser(self) -> bool {
        matches!(self, Runtime::BrowserPage | Runtime::BrowserWorker)
    }
}

/// workerd's `navigator.userAgent`.
pub const WORKERD_USER_AGENT: &str = "Cloudflare-Workers";

/// Classifies `scope`. Server signs win over browser-like globals, because server runtimes imitate browsers:
/// jsdom and happy-dom define `window` and `document` inside Node, Deno 1 defines `window`, and workerd's global
/// is a `ServiceWorkerGlobalScope`.
///
/// ```
/// use ekyc_bridge::clients::runtime::{classify, GlobalScope, Runtime};
/// let workerd = GlobalScope { worker_global_scope: true, user_agent: Some("Cloudflare-Workers"), ..Default::default() };
/// assert_eq!(classify(&workerd), Runtime::Server);
/// ```
pub fn classify(scope: &GlobalScope<'_>) -> Runtime {
    let workerd = scope.user_agent.is_some_and(|ua| ua.trim() == WORKERD_USER_AGENT);
    if scope.node || scope.deno || workerd {
        Runtime::Server
    } else if scope.window && scope.document {
        Runtime::BrowserPage
    } else if scope.worker_global_scope {
        Runtime::BrowserWorker
    } else {
        Runtime::Server
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROME: &str =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    #[test]
    fn browsers_and_their_workers_are_browsers() {
        let page = GlobalScope { window: true, document: true, user_agent: Some(CHROME), ..Default::default() };
        assert_eq!(classify(&page), Runtime::BrowserPage);
        // Dedicated, shared and service workers: no window, no document, a WorkerGlobalScope.
        let worker = GlobalScope { worker_global_scope: true, user_agent: Some(CHROME), ..Default::default() };
        assert_eq!(classify(&worker), Runtime::BrowserWorker);
        assert!(classify(&page).is_browser() && classify(&worker).is_browser());
    }

    #[test]
    fn server_runtimes_and_test_environments_are_not() {
        let cases = [
            // workerd: a ServiceWorkerGlobalScope with navigator.userAgent "Cloudflare-Workers".
            GlobalScope { worker_global_scope: true, user_agent: Some(WORKERD_USER_AGENT), ..Default::default() },
            // Node 21+ has navigator.userAgent "Node.js/22".
            GlobalScope { node: true, user_agent: Some("Node.js/22"), ..Default::default() },
            // jsdom / happy-dom under Node: window and document, a browser-like user agent.
            GlobalScope {
                window: true,
                document: true,
                node: true,
                user_agent: Some("Mozilla/5.0 (linux) AppleWebKit/537.36 (KHTML, like Gecko) jsdom/25.0.1"),
                ..Default::default()
            },
            // Deno 1 defines window (no document); Deno 2 neither.
            GlobalScope { window: true, deno: true, user_agent: Some("Deno/1.46.3"), ..Default::default() },
            GlobalScope { deno: true, user_agent: Some("Deno/2.1.0"), ..Default::default() },
            // A bare JS engine.
            GlobalScope::default(),
        ];
        for scope in cases {
            assert_eq!(classify(&scope), Runtime::Server, "{scope:?}");
        }
    }
}
