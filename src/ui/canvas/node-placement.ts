type Point = { x: number; y: number };
type Size = { width: number; height: number };
type Rect = Point & Size;

/** Clear space kept around every card when placing a new one. */
const GAP = 24;
const STEP = 40;
const REACH = 20;

/**
 * The position nearest `wanted` where a card of `size` overlaps none of `taken`, preferring
 * spots fully inside `view`; `wanted` itself when the search finds nothing.
 */
export function freeSpot(wanted: Point, size: Size, taken: readonly Rect[], view: { topLeft: Point; bottomRight: Point }): Point {
  const free = (p: Point) => !taken.some((r) =>
    p.x < r.x + r.width + GAP && p.x + size.width > r.x - GAP && p.y < r.y + r.height + GAP && p.y + size.height > r.y - GAP);
  const visible = (p: Point) =>
    p.x >= view.topLeft.x && p.y >= view.topLeft.y && p.x + size.width <= view.bottomRight.x && p.y + size.height <= view.bottomRight.y;
  const offsets: [number, number][] = [];
  for (let i = -REACH; i <= REACH; i++) for (let j = -REACH; j <= REACH; j++) offsets.push([i * STEP, j * STEP]);
  offsets.sort((a, b) => Math.hypot(...a) - Math.hypot(...b));
  const spots = offsets.map(([dx, dy]) => ({ x: wanted.x + dx, y: wanted.y + dy })).filter(free);
  return spots.find(visible) ?? spots[0] ?? wanted;
}
