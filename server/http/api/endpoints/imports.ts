import type { Endpoint } from "../endpoint";

/** Bulk imports over the API (being written: see issue 3). */
export const importEndpoints: Endpoint[] = [];
