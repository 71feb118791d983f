import type { AppLoadContextValue } from "../server/http/app";

declare module "@remix-run/node" {
  // Routes reach the back office only through these typed services.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppLoadContextValue {}
}

export {};
