import { MatrixError } from "@vector-im/matrix-bot-sdk";
import type { MatrixFailure } from "../bot/capabilities.ts";
import { err, type Err } from "../bot/result.ts";

/** The one place SDK and HTTP errors become Kindred's failure values. */
export function toMatrixFailure(error: unknown): Err<MatrixFailure> {
  if (error instanceof MatrixError) return classify(error.statusCode, `${error.errcode}: ${error.error}`);
  if (
    typeof error === "object" &&
    error !== null &&
    "statusCode" in error &&
    typeof error.statusCode === "number"
  ) {
    return classify(error.statusCode, `HTTP ${error.statusCode}`);
  }
  // No HTTP answer at all: connection refused, reset, DNS, timeout.
  const message = error instanceof Error ? error.message : String(error);
  return err("unavailable", message);
}

function classify(status: number, message: string): Err<MatrixFailure> {
  if (status === 429 || status >= 500) return err("unavailable", message);
  if (status === 403) return err("forbidden", message);
  if (status === 404) return err("not_found", message);
  return err("rejected", message);
}

/** Runs an SDK call and returns its outcome as a value. */
export async function attempt<T>(
  call: () => Promise<T>,
): Promise<{ ok: true; value: T } | Err<MatrixFailure>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return toMatrixFailure(error);
  }
}
