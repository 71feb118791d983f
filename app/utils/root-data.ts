import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/root";

/** The viewer, locale and CSRF token that the root loader provides to every page. */
export function useRootData() {
  const data = useRouteLoaderData<typeof loader>("root");
  if (!data) throw new Error("root loader data missing");
  return data;
}
