import { EventBus } from "../../server/services/events";
import { startServerOn } from "./test-server";

// The child half of `startServerProcess`: the test server on the database it was given, its origin told over IPC.

export type ParentMessage = "stop" | { crashAfterCommitAt: number };

let crashAfterCommitAt = Infinity;
// The worst moment to die: the bid service publishes a lot's newest bid right after its batch commits, before the answers go out.
const publish = EventBus.prototype.publish;
EventBus.prototype.publish = function (name, payload) {
  if (name === "lot:bid" && Date.now() >= crashAfterCommitAt) process.kill(process.pid, "SIGKILL");
  publish.call(this, name, payload);
};

const [databaseUrl, env] = process.argv.slice(2);
const server = await startServerOn(databaseUrl!, JSON.parse(env!) as Record<string, string>);
process.on("message", (message: ParentMessage) => {
  if (message === "stop") void server.stop().then(() => process.exit(0));
  else crashAfterCommitAt = message.crashAfterCommitAt;
});
// A test process that dies (even by SIGKILL) closes the channel: no server outlives it.
process.on("disconnect", () => process.exit(1));
process.send!({ origin: server.origin });
