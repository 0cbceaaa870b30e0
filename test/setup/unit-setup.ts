// Unit tests run in node: tfjs on its cpu backend, IndexedDB from fake-indexeddb.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';

// PROD silences tfjs's "install tfjs-node" banner, which tfjs-node could not honour here anyway.
tf.env().set('PROD', true);
await tf.setBackend('cpu');
await tf.ready();
