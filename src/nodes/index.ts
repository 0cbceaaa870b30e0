import type { AnyNodeDefinition } from '../core';
import { audio } from './audio';
import { blurSharpen } from './blur-sharpen';
import { clock } from './clock';
import { colourAdjust } from './colour-adjust';
import { colourCoherence } from './colour-coherence';
import { dataset } from './dataset';
import { encoder } from './encoder';
import { feedback } from './feedback';
import { frameHistory } from './frame-history';
import { nextFrameGenerator } from './next-frame-generator';
import { imageSequenceSource } from './image-sequence-source';
import { imageSource } from './image-source';
import { keyframes } from './keyframes';
import { lfo } from './lfo';
import { loopMonitor } from './loop-monitor';
import { math } from './math';
import { mix } from './mix';
import { modelMix } from './model-mix';
import { multiscaleGenerator } from './multiscale-generator';
import { noise } from './noise';
import { preview } from './preview';
import { randomWalk } from './random-walk';
import { restoration } from './restoration';
import { shiftBlend } from './shift-blend';
import { solidColor } from './solid-color';
import { styleTransfer } from './style-transfer';
import { tfjsModel } from './tfjs-model';
import { transform2d } from './transform-2d';
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
  audio,
  lfo,
  keyframes,
  math,
  clock,
  randomWalk,
  solidColor,
  feedback,
  frameHistory,
  shiftBlend,
  transform2d,
  noise,
  blurSharpen,
  colourAdjust,
  colourCoherence,
  mix,
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
