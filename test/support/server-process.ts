import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ParentMessage } from "./server-process-child";

export type ServerProcess = {
  origin: string;
  pid: number;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  /** SIGKILL, as a crash would end it; resolves once it has exited. */
  kill9(): Promise<void>;
  /** A graceful stop (SIGKILL if it takes over 10 s); resolves once it has exited. */
  stop(): Promise<void>;
  /** From `at` (ms since the epoch) on, the process kills itself (SIGKILL) right after its next committed bid batch, before answering it. */
  crashAfterCommit(at: number): void;
};

const CHILD = fileURLToPath(new URL("./server-process-child.ts", import.meta.url));

/**
 * The real server (as `startServerOn` configures it) in an OS process of its own on the given database and a
 * free port, so that a test can kill it as a crash would. Resolves once it listens.
 */
export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = fork(CHILD, [databaseUrl, JSON.stringify(env)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => (child.kill("SIGKILL"), reject(new Error("the server process did not listen within 60 s"))), 60_000);
    child.once("error", reject);
    child.once("exit", (code, signal) => (clearTimeout(timer), reject(new Error(`the server process exited before it listened (${signal ?? code})`))));
    child.once("message", (message: { origin: string }) => (clearTimeout(timer), resolve(message.origin)));
  });
  const tell = (message: ParentMessage) => child.send(message);
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    origin,
    pid: child.pid!,
    exited,
    kill9() {
      if (running()) child.kill("SIGKILL");
      return exited;
    },
    stop() {
      if (!running()) return exited;
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      tell("stop");
      return exited.then(() => clearTimeout(timer));
    },
    crashAfterCommit(at) {
      tell({ crashAfterCommitAt: at });
    },
  };
}
