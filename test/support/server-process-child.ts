import path from "node:path";
import { pathToFileURL } from "node:url";
import type { RunningServer } from "../../server/main";
import { EventBus } from "../../server/services/events";
import type { ChildMessage, ParentMessage } from "./server-process";
import { startServerOn } from "./test-server";

// The child half of `serverStandby`: loads the modules, starts the test server when told, tells its origin over IPC.

const tell = (message: ChildMessage) => process.send!(message);

let crashAfterCommitAt = Infinity;
// The worst moment to die: the bid service publishes a lot's newest bid right after its batch commits, before the answers go out.
const publish = EventBus.prototype.publish;
EventBus.prototype.publish = function (name, payload) {
  if (name === "lot:bid" && Date.now() >= crashAfterCommitAt) process.kill(process.pid, "SIGKILL");
  publish.call(this, name, payload);
};

let server: RunningServer | undefined;
process.on("message", (message: ParentMessage) => {
  if (message.kind === "start") void startServerOn(message.databaseUrl, message.env).then((s) => ((server = s), tell({ kind: "listening", origin: s.origin })));
  else if (message.kind === "stop") void (server?.stop() ?? Promise.resolve()).then(() => process.exit(0));
  else crashAfterCommitAt = message.at;
});
// A test process that dies (even by SIGKILL) closes the channel: no server outlives it.
process.on("disconnect", () => process.exit(1));

// The server imports the Remix build when it starts; loaded now, it is in the module cache then.
await import(pathToFileURL(path.resolve("build/index.js")).href);
tell({ kind: "loaded" });
