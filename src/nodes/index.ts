import type { AnyNodeDefinition } from '../core';
import { colourCoherence } from './colour-coherence';
import { dataset } from './dataset';
import { encoder } from './encoder';
import { feedback } from './feedback';
import { frameHistory } from './frame-history';
import { nextFrameGenerator } from './next-frame-generator';
import { imageSequenceSource } from './image-sequence-source';
import { imageSource } from './image-source';
import { loopMonitor } from './loop-monitor';
import { modelMix } from './model-mix';
import { multiscaleGenerator } from './multiscale-generator';
import { preview } from './preview';
import { restoration } from './restoration';
import { shiftBlend } from './shift-blend';
import { solidColor } from './solid-color';
import { styleTransfer } from './style-transfer';
import { tfjsModel } from './tfjs-model';
import { trainWindowSource } from './train-window-source';
import { upscaler } from './upscaler';
import { videoSource } from './video-source';
import { webcamSource } from './webcam-source';

/** Every built-in node type, registered once at the composition root (src/main.ts). */
export const builtInNodes: readonly AnyNodeDefinition[] = [
  trainWindowSource,
  videoSource,
  imageSource,
  imageSequenceSource,
  webcamSource,
  solidColor,
  feedback,
  frameHistory,
  shiftBlend,
  colourCoherence,
  preview,
  encoder,
  dataset,
  nextFrameGenerator,
  restoration,
  styleTransfer,
  multiscaleGenerator,
  modelMix,
  loopMonitor,
  upscaler,
  tfjsModel,
];
