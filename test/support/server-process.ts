import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The real server in an OS process of its own, so that a test can kill it as a crash would. */
export type ServerProcess = {
  origin: string;
  pid: number;
  /** SIGKILL, as a crash would end it; resolves once it has exited. */
  kill9(): Promise<void>;
  /** A graceful stop (SIGKILL if it takes over 10 s); resolves once it has exited. */
  stop(): Promise<void>;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  /** From `at` (ms since the epoch) on, the process kills itself (SIGKILL) right after its next committed bid batch, before answering it. */
  crashAfterCommit(at: number): void;
};

/** A process that has loaded the server's modules (Node's slow part) and starts the server when told: a restart then costs the server's own start only. */
export type ServerStandby = { pid: number; start(databaseUrl: string, env?: Record<string, string>): Promise<ServerProcess>; kill9(): Promise<void> };

export type ParentMessage = { kind: "start"; databaseUrl: string; env: Record<string, string> } | { kind: "stop" } | { kind: "crash-after-commit"; at: number };
export type ChildMessage = { kind: "loaded" } | { kind: "listening"; origin: string };

const CHILD = fileURLToPath(new URL("./server-process-child.ts", import.meta.url));
const TIMEOUT_MS = 60_000;

function nextMessage<K extends ChildMessage["kind"]>(child: ChildProcess, kind: K): Promise<Extract<ChildMessage, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const done = () => (clearTimeout(timer), child.off("exit", onExit), child.off("message", onMessage));
    const timer = setTimeout(() => (done(), child.kill("SIGKILL"), reject(new Error(`the server process sent no "${kind}" within ${TIMEOUT_MS} ms`))), TIMEOUT_MS);
    const onExit = (code: number | null, signal: string | null) => (done(), reject(new Error(`the server process exited (${signal ?? code}) before "${kind}"`)));
    const onMessage = (message: ChildMessage) => {
      if (message.kind !== kind) return;
      done();
      resolve(message as Extract<ChildMessage, { kind: K }>);
    };
    child.on("exit", onExit);
    child.on("message", onMessage);
  });
}

/** Forks the server's process (`node --import tsx`); it loads the modules and waits. */
export async function serverStandby(): Promise<ServerStandby> {
  const child = fork(CHILD, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const tell = (message: ParentMessage) => child.send(message);
  const kill9 = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    return exited;
  };
  await nextMessage(child, "loaded");
  return {
    pid: child.pid!,
    kill9,
    async start(databaseUrl, env = {}) {
      const listening = nextMessage(child, "listening");
      tell({ kind: "start", databaseUrl, env });
      const { origin } = await listening;
      return {
        origin,
        pid: child.pid!,
        exited,
        kill9,
        stop() {
          if (!child.connected) return exited;
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          tell({ kind: "stop" });
          return exited.then(() => clearTimeout(timer));
        },
        crashAfterCommit(at) {
          tell({ kind: "crash-after-commit", at });
        },
      };
    },
  };
}

/** The real server (as `startServerOn` configures it) in a process of its own on the given database and a free port; resolves once it listens. */
export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return (await serverStandby()).start(databaseUrl, env);
}
