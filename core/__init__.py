"""The kernel every app may use: audit trail, domain errors, form and page helpers, the API's
pagination and exception handler, after-commit job dispatch, health probes and the request
guards (CSP, NUL bytes, JSON depth). It imports no project app."""
