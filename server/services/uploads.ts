import type { UploadLimits } from "../config";
import type { FileStorage, StagedFile } from "./storage";

/**
 * What an upload form needs before a use case takes its file: the limits it is refused past, and a place to
 * stream each file to while the body arrives (decision 019). The use case keeps a staged file or not; the
 * form discards whatever is left.
 */
export class UploadService {
  constructor(
    readonly limits: UploadLimits,
    private readonly storage: FileStorage,
  ) {}

  stage(bytes: AsyncIterable<Uint8Array>, maxBytes: number) {
    return this.storage.stage(bytes, maxBytes);
  }

  discard(file: StagedFile) {
    return this.storage.discard(file);
  }
}
