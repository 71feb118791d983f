import type { z } from "zod";
import type { Permission } from "../../domain/permissions";
import type { Principal } from "../../services/auth/principal";
import type { RequestMeta } from "../../services/context";
import type { Services } from "../../services";

type AnyObject = z.ZodType<Record<string, unknown>>;

export type HandlerInput<P, Q, B> = {
  params: P;
  query: Q;
  body: B;
  principal: Principal | null;
  services: Services;
  request: Request;
  meta: RequestMeta;
};

/** A handler answers with a status and body, a CSV download (operations that declare `produces: "text/csv"`), or a failure code looked up in errors.ts. */
export type Reply<R> = { status: number; body?: R } | { status: number; csv: string; filename: string } | { fail: string; details?: unknown };

/**
 * One API operation: its schemas are both the validation the handler runs and the OpenAPI document, so
 * the two cannot drift. `permission: "public"` is the only way to skip the guard.
 */
export type Endpoint<P = unknown, Q = unknown, B = unknown, R = unknown> = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  permission: Permission | "public";
  params?: AnyObject;
  query?: AnyObject;
  body?: z.ZodType;
  response?: z.ZodType;
  successStatus: number;
  /** What a success answers with when not JSON. */
  produces?: "text/csv";
  /** JSON bodies are capped at 256 KB unless an operation needs more (uploads, imports). */
  maxBodyBytes?: number;
  handle: (input: HandlerInput<P, Q, B>) => Promise<Reply<R>>;
};

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type ReplyOf<S> = S extends z.ZodType ? z.input<S> : undefined;

/** Typed constructor: the handler's input and output types follow from the schemas. */
export function endpoint<
  PS extends AnyObject | undefined = undefined,
  QS extends AnyObject | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
  RS extends z.ZodType | undefined = undefined,
>(
  definition: Omit<Endpoint, "handle" | "params" | "query" | "body" | "response"> & {
    params?: PS;
    query?: QS;
    body?: BS;
    response?: RS;
    handle: (input: HandlerInput<Out<PS>, Out<QS>, Out<BS>>) => Promise<Reply<ReplyOf<RS>>>;
  },
): Endpoint {
  return definition as unknown as Endpoint;
}

export function authorised(input: { principal: Principal | null }): Principal {
  if (!input.principal) throw new Error("guarded endpoint reached without a principal");
  return input.principal;
}
