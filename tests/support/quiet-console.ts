// Integration tests run matrix-js-sdk and the Rust crypto in-process; their console narration drowns the test
// output. Set KINDRED_TEST_LOGS=1 to see it (and Kindred's own logs) when debugging.
if (process.env["KINDRED_TEST_LOGS"] !== "1") {
  for (const method of ["log", "info", "debug", "trace"] as const) console[method] = () => undefined;
}
