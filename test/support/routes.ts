import type { ServerBuild } from "@remix-run/node";

/** A route's full URL pattern: nested routes hold only their own segment, so walk up the parents. */
export function fullPath(build: ServerBuild, routeId: string): string {
  const segments: string[] = [];
  for (let route = build.routes[routeId]; route; route = route.parentId ? build.routes[route.parentId] : undefined) {
    if (route.path) segments.unshift(route.path);
  }
  return `/${segments.join("/")}`.replace(/\/+/g, "/");
}
