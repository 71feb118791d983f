import type { SocketHandler } from "./handler";
import { lotHandlers } from "./handlers/lots";
import { timeHandlers } from "./handlers/time";

/** Every client→server socket event; the gateway and the access tests read this list. */
export const socketHandlers: readonly SocketHandler[] = [...timeHandlers, ...lotHandlers];
