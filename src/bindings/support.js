// JS that the Rust side needs and cannot express: the `EkycError` class (a real `Error` subclass, so that
// `instanceof Error`, stack traces and `cause` work) and the async-iterator protocol for the pagers.
// Rust reaches these through the imports in `bindings/error.rs` and `bindings/clients.rs`; the package entry
// points re-export the class (see pkg-template/).
export class EkycError extends Error {
  constructor(code, message, retryable, details) {
    super(message, details && details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = "EkycError";
    this.code = code;
    this.retryable = retryable;
    if (details) {
      for (const key of ["provider", "httpStatus", "providerCode"]) {
        if (details[key] !== undefined && details[key] !== null) this[key] = details[key];
      }
    }
  }
}

export function ekycErrorClass() {
  return EkycError;
}

// Makes `iterator` (an object with an async `next()` resolving to `{ done, value }`) usable in `for await`.
export function asyncIterable(iterator) {
  iterator[Symbol.asyncIterator] = function () {
    return this;
  };
  return iterator;
}
