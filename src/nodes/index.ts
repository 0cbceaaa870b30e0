import type { AnyNodeDefinition } from '../core';
import { dataset } from './dataset';
import { encoder } from './encoder';
import { feedback } from './feedback';
import { preview } from './preview';
import { shiftBlend } from './shift-blend';
import { solidColor } from './solid-color';
import { trainWindowSource } from './train-window-source';

/** Every built-in node type, registered once at the composition root (src/main.ts). */
export const builtInNodes: readonly AnyNodeDefinition[] = [
  trainWindowSource,
  solidColor,
  feedback,
  shiftBlend,
  preview,
  encoder,
  dataset,
];
