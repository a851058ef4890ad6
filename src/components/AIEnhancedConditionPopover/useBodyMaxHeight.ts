import { useEffect, useState } from 'react';

/** PatternFly Popover's default `distance` between trigger and popover, in px. */
export const POPOVER_DISTANCE = 25;
/** Kept free between the popover and the viewport edge (--pf-t--global--spacer--md), in px. */
const VIEWPORT_MARGIN = 16;
/** Below this the body is too small to read; the CSS fallback (half the viewport) applies. */
const MIN_BODY = 120;

export const MAX_HEIGHT_PROPERTY = '--kv-ls-condition-popover--max-height';

/**
 * The tallest body that still lets the whole popover fit in the larger space above or below its
 * trigger: Popper (flip, no overflow prevention) then always finds a placement inside the viewport.
 * `undefined` when the space is too small to help; the stylesheet's fallback then applies.
 */
export const bodyMaxHeight = (
  trigger: Pick<DOMRect, 'top' | 'bottom'>,
  viewportHeight: number,
  chrome: number,
): number | undefined => {
  const space = Math.max(trigger.top, viewportHeight - trigger.bottom);
  const max = Math.floor(space - POPOVER_DISTANCE - VIEWPORT_MARGIN - chrome);
  return max >= MIN_BODY ? max : undefined;
};

/**
 * Sizes the popover body to the room around the trigger (the CSS default is only half the
 * viewport), again on resize and on any scroll that moves the trigger.
 */
export const useBodyMaxHeight = (trigger: Element | null, body: HTMLElement | null) => {
  const [max, setMax] = useState<number>();
  useEffect(() => {
    if (!trigger || !body) return undefined;
    const fit = () => {
      const dialog = body.closest('[role="dialog"]');
      if (!dialog) return;
      // header, paddings and footer: everything in the popover that is not the scrolling body
      const chrome = dialog.getBoundingClientRect().height - body.getBoundingClientRect().height;
      setMax(bodyMaxHeight(trigger.getBoundingClientRect(), window.innerHeight, chrome));
    };
    fit();
    window.addEventListener('resize', fit);
    document.addEventListener('scroll', fit, { capture: true, passive: true });
    return () => {
      window.removeEventListener('resize', fit);
      document.removeEventListener('scroll', fit, { capture: true });
    };
  }, [trigger, body]);
  return max;
};
