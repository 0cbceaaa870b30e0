import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { io } from '@tensorflow/tfjs';
import type { AssetInfo } from '../graph/assets';

/** The head of a graph: what the library lists. The JSON lives in `revisions`. */
export interface GraphRecord {
  readonly id: string;
  readonly name: string;
  /** The head revision's number; revisions count up from 1 and are never reused. */
  readonly revision: number;
  readonly createdAt: number;
  /** Last change to the graph's content or name, ms since the epoch. */
  readonly updatedAt: number;
  /** UTF-8 size of the head revision's JSON. */
  readonly bytes: number;
}

export interface RevisionRecord {
  readonly graphId: string;
  readonly revision: number;
  readonly json: string;
  readonly savedAt: number;
  readonly bytes: number;
}

export interface DraftRecord {
  /**
   * The draft slot: one per browser tab (see src/ui/library/tab-slot.ts). Records written
   * before slots existed are keyed by their graph's id, or `'unsaved'`, and have no `graphId`.
   */
  readonly key: string;
  readonly json: string;
  readonly savedAt: number;
  /** The library graph the draft edits; null for a graph never saved; absent in older records. */
  readonly graphId?: string | null;
  /** The head revision the edits started from, so a recovered draft's save can detect a conflict. */
  readonly baseRevision?: number;
}

/** A model's artifacts except its weight bytes, which live in `weights` under the same hash. */
export interface ModelRecord {
  readonly sha256: string;
  readonly name: string;
  readonly savedAt: number;
  /** Size of the weight bytes. */
  readonly bytes: number;
  readonly modelTopology?: {} | ArrayBuffer;
  readonly weightSpecs?: io.WeightsManifestEntry[];
  readonly format?: string;
  readonly generatedBy?: string;
  readonly convertedBy?: string | null;
  readonly trainingConfig?: io.TrainingConfig;
  readonly userDefinedMetadata?: { [key: string]: {} };
}

export interface DatasetRecord {
  readonly id: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** 3 for RGB, 4 for RGBA; each frame is width × height × channels bytes. */
  readonly channels: 3 | 4;
  readonly frameCount: number;
  readonly bytes: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A stored file's facts; its bytes live in `assetBlobs` under the same hash. */
export type AssetRecord = AssetInfo;

/** An accepted node plugin: its ES module code verbatim and the SHA-256 the user consented to. */
export interface PluginRecord {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
  /** A file name or URL. */
  readonly source: string;
  readonly code: string;
  /** UTF-8 size of `code`. */
  readonly bytes: number;
  readonly installedAt: number;
  /** Set by the user in the Plugins dialog: kept, but not loaded at start. Absent in records from before it existed. */
  readonly disabled?: boolean;
}

export interface StudioSchema extends DBSchema {
  graphs: { key: string; value: GraphRecord; indexes: { 'by-updated': number } };
  /** Keyed [graphId, revision] so one key range selects, or deletes, a graph's history. */
  revisions: { key: [string, number]; value: RevisionRecord };
  drafts: { key: string; value: DraftRecord };
  models: { key: string; value: ModelRecord; indexes: { 'by-saved': number } };
  /** Weight bytes keyed by their own SHA-256: identical weights are stored once. */
  weights: { key: string; value: ArrayBuffer };
  datasets: { key: string; value: DatasetRecord; indexes: { 'by-updated': number } };
  /** One frame's bytes keyed [datasetId, index]. */
  frames: { key: [string, number]; value: Uint8Array };
  settings: { key: string; value: unknown };
  assets: { key: string; value: AssetRecord; indexes: { 'by-saved': number } };
  /** File bytes keyed by their own SHA-256, kept as Blobs so large clips are not held in memory. */
  assetBlobs: { key: string; value: Blob };
  /** Accepted plugins keyed by plugin id: one version of each is installed at a time. */
  plugins: { key: string; value: PluginRecord };
}

export type StudioDb = IDBPDatabase<StudioSchema>;
export type UpgradeTransaction = IDBPTransaction<StudioSchema, ArrayLike<StoreNames<StudioSchema>>, 'versionchange'>;

type Migration = (db: StudioDb, tx: UpgradeTransaction) => void;

/**
 * One entry per database version; entry i upgrades version i to i + 1. Append to add a
 * version (a v2 creating a store or an index gets `tx` to reach existing stores); never
 * edit a released entry, since browsers out there already ran it.
 */
const migrations: readonly Migration[] = [
  (db) => {
    db.createObjectStore('graphs', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
    db.createObjectStore('revisions', { keyPath: ['graphId', 'revision'] });
    db.createObjectStore('drafts', { keyPath: 'key' });
    db.createObjectStore('models', { keyPath: 'sha256' }).createIndex('by-saved', 'savedAt');
    db.createObjectStore('weights');
    db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
    db.createObjectStore('frames');
    db.createObjectStore('settings');
  },
  (db) => {
    db.createObjectStore('assets', { keyPath: 'sha256' }).createIndex('by-saved', 'savedAt');
    db.createObjectStore('assetBlobs');
  },
  (db) => {
    db.createObjectStore('plugins', { keyPath: 'id' });
  },
];

/** The version this code opens the database at: one per migration. */
export const DB_VERSION = migrations.length;

/** Runs, in order, the migrations a database at `oldVersion` has not seen yet. */
export function upgradeStudioDb(db: StudioDb, oldVersion: number, tx: UpgradeTransaction): void {
  for (const migrate of migrations.slice(oldVersion)) migrate(db, tx);
}
