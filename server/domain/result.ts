/** Business outcomes are values: a refusal carries a code the edges translate. */
export type Ok<T extends object = object> = { ok: true } & T;
export type Fail<C extends string = string> = { ok: false; code: C; details?: Record<string, unknown> };
export type Result<T extends object, C extends string> = Ok<T> | Fail<C>;

export function ok<T extends object>(value: T): Ok<T> {
  return { ok: true, ...value };
}

/** The value of a success without its `ok` tag, for answers that carry it as a body. */
export function valueOf<T extends object>(result: Ok<T>): T {
  const { ok: _ok, ...value } = result;
  return value as unknown as T;
}

export function fail<C extends string>(code: C, details?: Record<string, unknown>): Fail<C> {
  return details ? { ok: false, code, details } : { ok: false, code };
}
