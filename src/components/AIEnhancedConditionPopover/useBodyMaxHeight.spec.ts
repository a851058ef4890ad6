import { bodyMaxHeight, POPOVER_DISTANCE } from './useBodyMaxHeight';

describe('bodyMaxHeight', () => {
  const chrome = 70;

  it('uses the larger space, above a trigger low on the screen', () => {
    // 640 px above, 104 px below on a 768 px viewport
    expect(bodyMaxHeight({ top: 640, bottom: 664 }, 768, chrome)).toBe(
      640 - POPOVER_DISTANCE - 16 - chrome,
    );
  });

  it('uses the space below a trigger near the top', () => {
    expect(bodyMaxHeight({ top: 80, bottom: 104 }, 768, chrome)).toBe(
      768 - 104 - POPOVER_DISTANCE - 16 - chrome,
    );
  });

  it('leaves the stylesheet fallback in charge when the room is too small to read', () => {
    expect(bodyMaxHeight({ top: 150, bottom: 174 }, 320, chrome)).toBeUndefined();
  });

  it('the popover it allows fits in that space', () => {
    const trigger = { top: 380, bottom: 404 };
    const body = bodyMaxHeight(trigger, 768, chrome)!;
    const above = trigger.top - POPOVER_DISTANCE;
    const below = 768 - trigger.bottom - POPOVER_DISTANCE;
    expect(body + chrome).toBeLessThanOrEqual(Math.max(above, below));
  });
});
