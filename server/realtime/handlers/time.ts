import { z } from "zod";
import { socketHandler } from "../handler";

export const timeHandlers = [
  socketHandler({
    event: "time:sync",
    permission: "public",
    schema: z.object({}).strict(),
    handle: (_payload, { now }) => ({ ok: true, serverTime: now().toISOString() }),
  }),
];
