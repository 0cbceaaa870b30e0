import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PORT_TYPES } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { categoryColor, PORT_COLORS, PORT_TYPE_NAMES } from '../../../src/ui/canvas/port-style';
import type { SocketType } from '../../../src/ui/canvas/port-style';

const HEX = /^#[0-9a-f]{6}$/i;
const socketTypes: SocketType[] = [...PORT_TYPES, 'unknown'];

describe('port colours', () => {
  it('gives every port type, and unknown, a colour and a display name', () => {
    for (const type of socketTypes) {
      expect(PORT_COLORS[type]).toMatch(HEX);
      expect(PORT_TYPE_NAMES[type]).toMatch(/^[A-Z]/);
    }
  });

  it('gives each port type a colour of its own', () => {
    expect(new Set(socketTypes.map((t) => PORT_COLORS[t].toLowerCase())).size).toBe(socketTypes.length);
  });

  it('keeps the theme accent, which marks feedback edges, off every port type', () => {
    const accent = /--accent:\s*(#[0-9a-f]{6})/i.exec(readFileSync(new URL('../../../src/ui/theme.css', import.meta.url), 'utf8'))?.[1];
    expect(accent).toMatch(HEX);
    for (const type of socketTypes) expect(PORT_COLORS[type].toLowerCase()).not.toBe(accent!.toLowerCase());
  });
});

describe('categoryColor', () => {
  it('knows a category by name whatever its case', () => {
    expect(categoryColor('Sources')).toBe(categoryColor('sources'));
    expect(categoryColor('LOOP')).toBe(categoryColor('Loop'));
  });

  it('gives every built-in category a distinct colour', () => {
    const categories = [...new Set(builtInNodes.map((d) => d.category))];
    const colours = categories.map(categoryColor);
    for (const colour of colours) expect(colour).toMatch(HEX);
    expect(new Set(colours).size).toBe(categories.length);
  });

  it('gives an unknown category the same colour every time', () => {
    expect(categoryColor('My Plugin')).toBe(categoryColor('My Plugin'));
    expect(categoryColor('My Plugin')).toMatch(HEX);
  });

  it('spreads unknown categories over several colours', () => {
    const names = ['Audio', 'Noise', 'Geometry', 'Colour grading', 'Text', 'Particles', 'Physics', 'Debug', 'Δ', ''];
    const colours = new Set(names.map(categoryColor));
    for (const colour of colours) expect(colour).toMatch(HEX);
    expect(colours.size).toBeGreaterThanOrEqual(3);
  });
});
