import { planCheckpointPrune, errorMessage } from '../../core';
import type { CheckpointPrunePlan, StorageUsage, StudioStorage } from '../../core';
import { formatBytes } from '../library/format';
import { storagePanelMessages } from './messages';

/** What the panel reads and deletes through: a narrow port of the studio's storage. */
export type StoragePanelPort = Pick<StudioStorage, 'storageUsage' | 'namedHashes' | 'listModels' | 'deleteModels'>;

/** The browser's own accounting for the whole origin (`navigator.storage.estimate()`). */
export interface OriginEstimate {
  readonly usage: number;
  readonly quota: number;
}

/**
 * The Storage panel's state: usage by kind, the browser's estimate, and the checkpoint prune
 * as two steps, a preview then a confirm that deletes exactly what the preview listed (never
 * a fresh plan: what the user saw is what goes).
 */
export class StoragePanel {
  usage: StorageUsage | undefined = $state.raw(undefined);
  estimate: OriginEstimate | undefined = $state.raw(undefined);
  /** The newest checkpoints kept per node. */
  keepNewest = $state(3);
  plan: CheckpointPrunePlan | undefined = $state.raw(undefined);
  busy = $state(false);
  error: string | undefined = $state.raw(undefined);
  /** What the last prune did, for the user. */
  done: string | undefined = $state.raw(undefined);
  readonly #storage: StoragePanelPort | undefined;
  readonly #estimate: (() => Promise<StorageEstimate>) | undefined;

  constructor(storage: StoragePanelPort | undefined, estimate?: () => Promise<StorageEstimate>) {
    this.#storage = storage;
    this.#estimate = estimate;
  }

  get available(): boolean {
    return this.#storage !== undefined;
  }

  async refresh(): Promise<void> {
    const storage = this.#storage;
    if (!storage) return;
    await this.#run(async () => {
      this.usage = await storage.storageUsage();
      const estimate = await this.#estimate?.().catch(() => undefined);
      this.estimate = estimate?.usage !== undefined && estimate.quota !== undefined ? { usage: estimate.usage, quota: estimate.quota } : undefined;
    });
  }

  /** Lists what a prune by the current rule would delete; deletes nothing. */
  async preview(): Promise<void> {
    const storage = this.#storage;
    if (!storage) return;
    this.done = undefined;
    await this.#run(async () => {
      const [models, named] = await Promise.all([storage.listModels(), storage.namedHashes()]);
      this.plan = planCheckpointPrune(models, { keepNewest: this.keepNewest, named });
    });
  }

  /** Deletes exactly the previewed checkpoints, in one transaction. */
  async confirm(): Promise<void> {
    const storage = this.#storage;
    const plan = this.plan;
    if (!storage || !plan) return;
    await this.#run(async () => {
      const deleted = await storage.deleteModels(plan.remove.map((m) => m.sha256));
      this.plan = undefined;
      this.done = plan.remove.length === 0 ? storagePanelMessages.nothingToPrune : storagePanelMessages.pruned(deleted, formatBytes(plan.removeBytes));
      this.usage = await storage.storageUsage();
    });
  }

  cancel(): void {
    this.plan = undefined;
  }

  async #run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = undefined;
    try {
      await work();
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }
}
