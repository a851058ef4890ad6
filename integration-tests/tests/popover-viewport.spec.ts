import type { Locator, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { open, screenshot, SEARCH_PATH, setSwitches, vmPath } from '../support/localConsole';

/**
 * Issue #11 item 7 and #12 item 7 on a small laptop screen: the condition popover stays inside the
 * viewport and scrolls its body, and AI answer tables keep cell spacing, never wrap letter by
 * letter and scroll inside their own wrapper instead of widening the page.
 */
test.use({ viewport: { width: 1024, height: 768 } });
test.beforeEach(async ({ request }) => setSwitches(request));

// A crash-looping VM whose data-disk PVC is also pending: many conditions and a long diagnosis.
const DIAGNOSTICS = vmPath('diag-oom-pending-pvc', 'etl-worker-3', 'ai-troubleshooting');

/**
 * The local shell keeps its navigation expanded over the content below 1200 px (the console would
 * collapse it), so triggers are activated from the keyboard, as a keyboard user would.
 */
const activate = async (target: Locator) => {
  await target.focus();
  await target.press('Enter');
};

/** The popover's box once Popper has placed it and the fade-in is over (two equal readings). */
const settledBox = async (body: Locator) => {
  const read = () =>
    body.evaluate((el) => {
      const popper = el.closest<HTMLElement>('[data-popper-placement]');
      const box = el.closest('[role="dialog"]')!.getBoundingClientRect();
      return {
        opacity: popper ? getComputedStyle(popper).opacity : '1',
        top: box.top,
        bottom: box.bottom,
        left: box.left,
        right: box.right,
      };
    });
  let last = await read();
  await expect
    .poll(async () => {
      const now = await read();
      const stable = now.opacity === '1' && JSON.stringify(now) === JSON.stringify(last);
      last = now;
      return stable;
    })
    .toBe(true);
  return last;
};

const expectInsideViewport = async (page: Page, body: Locator) => {
  const box = await settledBox(body);
  const { width, height } = page.viewportSize()!;
  expect(box.top).toBeGreaterThanOrEqual(0);
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.bottom).toBeLessThanOrEqual(height);
  expect(box.right).toBeLessThanOrEqual(width);
};

/** The page itself never scrolls sideways: wide content scrolls inside its own container. */
const expectNoPageOverflow = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );

/**
 * For every cell of the answer tables in `scope`: its padding, and whether its content box is
 * narrower than its longest unbreakable piece of text (which means it wrapped inside a word or
 * split a name). Only a cell holding a token longer than any Kubernetes name may break inside it.
 */
const tableCells = (scope: Locator) =>
  scope.evaluate((root) => {
    const canvas = document.createElement('canvas').getContext('2d')!;
    return [...root.querySelectorAll<HTMLElement>('[data-test="answer-table-scroll"] :is(th, td)')]
      .filter((cell) => !cell.className.includes('cell--long'))
      .map((cell) => {
        const style = getComputedStyle(cell);
        canvas.font = style.font;
        const text = cell.textContent?.trim() ?? '';
        // A single name (no spaces) must stay whole; prose may wrap between words and after hyphens.
        const pieces = /\s/.test(text) ? text.split(/\s+|(?<=-)/) : [text];
        const longest = Math.max(0, ...pieces.map((piece) => canvas.measureText(piece).width));
        const content =
          cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return {
          text,
          padding: Math.min(
            parseFloat(style.paddingLeft),
            parseFloat(style.paddingRight),
            parseFloat(style.paddingTop),
            parseFloat(style.paddingBottom),
          ),
          border: parseFloat(style.borderBottomWidth),
          brokenInsideWord: content + 1 < longest,
        };
      });
  });

test('the condition popover stays inside a 1024×768 viewport and scrolls its long body', async ({
  page,
}, testInfo) => {
  await open(page, DIAGNOSTICS);
  const triggers = page.getByRole('button', { name: /Details of condition/ });
  await expect(triggers.first()).toBeVisible();
  const body = page.getByTestId('condition-popover-body');

  // Every condition row, whatever its place on the page, gets a popover inside the viewport.
  const count = await triggers.count();
  expect(count).toBeGreaterThan(1);
  for (let i = 0; i < count; i += 1) {
    await triggers.nth(i).scrollIntoViewIfNeeded();
    await activate(triggers.nth(i));
    await expectInsideViewport(page, body);
    await page.keyboard.press('Escape');
    await expect(body).toHaveCount(0);
  }

  // The longest body: the first condition with its AI diagnosis streamed in.
  await triggers.first().scrollIntoViewIfNeeded();
  await activate(triggers.first());
  await activate(body.getByRole('button', { name: 'Get AI Diagnosis' }));
  const answer = body.getByTestId('lightspeed-answer');
  await expect(answer).toContainText('Root cause', { timeout: 30_000 });
  await expect(answer.getByRole('table').first()).toBeVisible();
  await expectInsideViewport(page, body);

  const scroll = await body.evaluate((el) => ({
    scrollHeight: el.scrollHeight,
    clientHeight: el.clientHeight,
    overflowY: getComputedStyle(el).overflowY,
  }));
  expect(scroll.overflowY).toBe('auto');
  expect(scroll.scrollHeight).toBeGreaterThan(scroll.clientHeight);
  expect(scroll.clientHeight).toBeLessThan(page.viewportSize()!.height);
  // It really scrolls: the end of the answer can be reached inside the popover.
  await body.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect.poll(() => body.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await expectInsideViewport(page, body);

  const cells = await tableCells(body);
  expect(cells.length).toBeGreaterThan(3);
  expect(cells.filter((cell) => cell.brokenInsideWord).map((cell) => cell.text)).toEqual([]);
  await expectNoPageOverflow(page);
  await screenshot(page, testInfo, 'popover-viewport-1024');
});

test('a wide AI answer table keeps cell spacing and scrolls inside the card, not the page', async ({
  page,
}, testInfo) => {
  await open(page, SEARCH_PATH);
  const search = page.getByRole('textbox', { name: 'Search VirtualMachines' });
  await search.fill('vms with errors');
  await search.press('Enter');
  await activate(page.getByRole('button', { name: 'Ask Lightspeed' }));
  const answer = page.getByTestId('lightspeed-answer');
  await expect(answer).toContainText('no LLM', { timeout: 30_000 });
  const scroller = answer.getByTestId('answer-table-scroll').first();
  await expect(scroller.getByRole('table')).toBeVisible();

  const cells = await tableCells(answer);
  expect(cells.length).toBeGreaterThan(8);
  expect(Math.min(...cells.map((cell) => cell.padding))).toBeGreaterThan(0);
  expect(Math.min(...cells.map((cell) => cell.border))).toBeGreaterThan(0);
  expect(cells.filter((cell) => cell.brokenInsideWord).map((cell) => cell.text)).toEqual([]);

  // Eight columns of names and statuses are wider than the card at this size: the wrapper
  // scrolls sideways and the page does not.
  const widths = await scroller.evaluate((el) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
    overflowX: getComputedStyle(el).overflowX,
  }));
  expect(widths.overflowX).toBe('auto');
  expect(widths.scrollWidth).toBeGreaterThan(widths.clientWidth);
  await expectNoPageOverflow(page);
  await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate(() => window.scrollX)).toBe(0);
  await screenshot(page, testInfo, 'answer-table-1024');
});
