import type { io } from '@tensorflow/tfjs';
import { concatBuffers, sha256Hex } from './bytes';
import { storageMessages } from './messages';
import type { ModelRecord } from './schema';
import { StorageError } from './storage-error';
import { inTransaction } from './transaction';
import type { StorageContext } from './transaction';

export interface SavedModel {
  /** Lowercase hex SHA-256 of the weight bytes: the model's key, as graph files reference it. */
  readonly sha256: string;
  /** Size of the weight bytes. */
  readonly bytes: number;
  /** True when these weight bytes were already stored, so none were written. */
  readonly deduplicated: boolean;
}

export interface AddedModel {
  readonly sha256: string;
  readonly bytes: number;
  /** False when a model with this key was already stored, which was then left as it was. */
  readonly added: boolean;
}

export interface ModelSummary {
  readonly sha256: string;
  readonly name: string;
  readonly bytes: number;
  readonly savedAt: number;
  readonly format?: string;
  readonly generatedBy?: string;
  /** What the saver attached, e.g. a checkpoint's node type, step and losses. */
  readonly metadata?: { readonly [key: string]: {} };
}

/**
 * tfjs model artifacts, content-addressed by the SHA-256 of their weight bytes. The bytes are
 * stored once however many times they are saved. Two saves with byte-identical weights share
 * one key, so the later save's name and topology replace the earlier ones; likewise every
 * model without weights hashes to the SHA-256 of zero bytes and so shares one key.
 * Files from elsewhere (bundles) use {@link ModelLibrary.addModelIfAbsent}, which never replaces.
 */
export interface ModelLibrary {
  /**
   * Stores `artifacts` (weight data as one ArrayBuffer or several, concatenated in order).
   * @throws StorageError `quota-exceeded` (nothing is stored); Error if there is no weight data.
   */
  saveModel(artifacts: io.ModelArtifacts, name: string): Promise<SavedModel>;
  /**
   * Stores `artifacts` only when no model has their key yet; a stored model (its topology,
   * metadata and name) is never replaced. For files from elsewhere: a bundle carrying the bytes
   * of a model you have, with another manifest, must not rewrite that model (issue 23).
   * @throws StorageError `quota-exceeded` (nothing is stored); Error if there is no weight data.
   */
  addModelIfAbsent(artifacts: io.ModelArtifacts, name: string): Promise<AddedModel>;
  /**
   * The stored artifacts, weights as one ArrayBuffer, checked against their hash.
   * @throws StorageError `not-found`, `corrupt`.
   */
  loadModel(sha256: string): Promise<io.ModelArtifacts>;
  /** All models, most recently saved first. */
  listModels(): Promise<ModelSummary[]>;
  hasModel(sha256: string): Promise<boolean>;
  /** Deletes the model and its weight bytes. Resolves false if it did not exist. */
  deleteModel(sha256: string): Promise<boolean>;
}

const modelStores = ['models', 'weights'] as const;

/** The model library over `context`. */
export function createModelLibrary(context: StorageContext): ModelLibrary {
  return {
    async saveModel(artifacts, name) {
      const { sha256, bytes, weightsExisted } = await writeModel(context, artifacts, name, 'replace');
      return { sha256, bytes, deduplicated: weightsExisted };
    },

    async addModelIfAbsent(artifacts, name) {
      const { sha256, bytes, written } = await writeModel(context, artifacts, name, 'keep');
      return { sha256, bytes, added: written };
    },

    async loadModel(sha256) {
      const [record, weights] = await inTransaction(context, modelStores, 'readonly', async (tx) => {
        const found = await tx.objectStore('models').get(sha256);
        if (!found) throw new StorageError('not-found', storageMessages.modelNotFound(sha256));
        return [found, await tx.objectStore('weights').get(sha256)] as const;
      });
      if (!weights) throw new StorageError('corrupt', storageMessages.weightsMissing(record.name));
      if (weights.byteLength !== record.bytes || (await sha256Hex(weights)) !== sha256) {
        throw new StorageError('corrupt', storageMessages.weightsAltered(record.name));
      }
      return toArtifacts(record, weights);
    },

    async listModels() {
      const records = await inTransaction(context, ['models'], 'readonly', (tx) => tx.store.index('by-saved').getAll());
      return records.reverse().map(({ sha256, name, bytes, savedAt, format, generatedBy, userDefinedMetadata }) =>
        withoutUndefined({ sha256, name, bytes, savedAt, format, generatedBy, metadata: userDefinedMetadata }));
    },

    async hasModel(sha256) {
      return (await inTransaction(context, ['models'], 'readonly', (tx) => tx.store.count(sha256))) > 0;
    },

    deleteModel(sha256) {
      return inTransaction(context, modelStores, 'readwrite', async (tx) => {
        if ((await tx.objectStore('models').count(sha256)) === 0) return false;
        await Promise.all([tx.objectStore('models').delete(sha256), tx.objectStore('weights').delete(sha256)]);
        return true;
      }, () => storageMessages.notDeleted('the model'));
    },
  };
}

/** `keep` leaves a stored model with the same key untouched; `replace` rewrites its record. */
async function writeModel(context: StorageContext, artifacts: io.ModelArtifacts, name: string, existing: 'replace' | 'keep') {
  if (artifacts.weightData === undefined) {
    throw new Error(`Model "${name}" has no weight data to store (artifacts from a weight stream must be read first)`);
  }
  // Hash before the transaction opens: awaiting WebCrypto inside it would let it auto-commit.
  const weights = concatBuffers(artifacts.weightData);
  const sha256 = await sha256Hex(weights);
  const record = toRecord(artifacts, { sha256, name, savedAt: context.now(), bytes: weights.byteLength });
  return inTransaction(context, modelStores, 'readwrite', async (tx) => {
    const result = { sha256, bytes: weights.byteLength, weightsExisted: (await tx.objectStore('weights').count(sha256)) > 0, written: true };
    if (existing === 'keep' && (await tx.objectStore('models').count(sha256)) > 0) return { ...result, written: false };
    if (!result.weightsExisted) await tx.objectStore('weights').add(weights, sha256);
    await tx.objectStore('models').put(record);
    return result;
  }, () => storageMessages.modelNotSaved(name));
}

function toRecord(artifacts: io.ModelArtifacts, identity: Pick<ModelRecord, 'sha256' | 'name' | 'savedAt' | 'bytes'>): ModelRecord {
  const { modelTopology, weightSpecs, format, generatedBy, convertedBy, trainingConfig, userDefinedMetadata } = artifacts;
  return withoutUndefined({ ...identity, modelTopology, weightSpecs, format, generatedBy, convertedBy, trainingConfig, userDefinedMetadata });
}

function toArtifacts(record: ModelRecord, weightData: ArrayBuffer): io.ModelArtifacts {
  const { modelTopology, weightSpecs, format, generatedBy, convertedBy, trainingConfig, userDefinedMetadata } = record;
  return withoutUndefined({ modelTopology, weightSpecs, weightData, format, generatedBy, convertedBy, trainingConfig, userDefinedMetadata });
}

// Absent stays absent: tfjs tests some fields with `!= null`, and records stay small.
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
