type Position = { x: number; y: number };

const f = (n: number) => Math.round(n * 10) / 10;

/**
 * The SVG path of a wire from an output to an input. A forward wire is one cubic curve. A
 * wire running backwards (a feedback loop, output right of its input) arcs over the top
 * of both cards instead of cutting through them: sockets sit near the top of a card, so a
 * short rise clears it and the loop reads at a glance.
 */
export function wirePath(start: Position, end: Position, arcBackwards = true): string {
  const dx = end.x - start.x;
  if (dx >= -20 || !arcBackwards) {
    const handle = dx >= 0 ? Math.max(30, dx * 0.45) : Math.min(200, 60 - dx * 0.3);
    return `M ${f(start.x)} ${f(start.y)} C ${f(start.x + handle)} ${f(start.y)} ${f(end.x - handle)} ${f(end.y)} ${f(end.x)} ${f(end.y)}`;
  }
  // Longer loops rise higher, so loops that share a stretch do not draw on top of each other.
  const top = Math.min(start.y, end.y) - 60 - Math.min(120, -dx * 0.15);
  const handle = 60;
  return [
    `M ${f(start.x)} ${f(start.y)}`,
    `C ${f(start.x + handle)} ${f(start.y)} ${f(start.x + handle)} ${f(top)} ${f(start.x)} ${f(top)}`,
    `L ${f(end.x)} ${f(top)}`,
    `C ${f(end.x - handle)} ${f(top)} ${f(end.x - handle)} ${f(end.y)} ${f(end.x)} ${f(end.y)}`,
  ].join(' ');
}
