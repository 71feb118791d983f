import type { ServiceDeps } from "../../context";
import type { MonitorService } from "../monitor";

/** Bulk import of loan books and registry feeds (being written: see issue 3). */
export class ImportService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly monitor: MonitorService,
    private readonly wakeJobs: () => void,
  ) {}

  async run(importJobId: string): Promise<void> {
    throw new Error(`import ${importJobId}: not built yet (${typeof this.deps}, ${typeof this.monitor}, ${typeof this.wakeJobs})`);
  }
}
