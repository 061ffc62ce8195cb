/** Expected failures are values; exceptions are for bugs. Error codes are string literals. */
export type Result<T, E extends string = string> = Ok<T> | Err<E>;

export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

export interface Err<E extends string> {
  readonly ok: false;
  readonly error: E;
  readonly message: string;
}

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<E extends string>(error: E, message: string): Err<E> {
  return { ok: false, error, message };
}
