/** Business outcomes are values: a refusal carries a code the edges translate. */
export type Ok<T extends object = object> = { ok: true } & T;
export type Fail<C extends string = string> = { ok: false; code: C; details?: Record<string, unknown> };
export type Result<T extends object, C extends string> = Ok<T> | Fail<C>;

export function ok<T extends object>(value: T): Ok<T> {
  return { ok: true, ...value };
}

export function fail<C extends string>(code: C, details?: Record<string, unknown>): Fail<C> {
  return details ? { ok: false, code, details } : { ok: false, code };
}
