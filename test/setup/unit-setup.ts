// Unit tests run in node: tfjs on its cpu backend, IndexedDB from fake-indexeddb.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';

await tf.setBackend('cpu');
await tf.ready();
